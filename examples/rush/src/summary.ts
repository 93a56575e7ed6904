import { writeFileSync } from 'node:fs';
import { etaAccuracy, type EtaAccuracy } from './eta.js';
import type { RushResult } from './rush.js';
import type { SeriesRow } from './tally.js';

function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * The most admissions seen in any 60-second window: the quantity the host's
 * admitPerMinute bounds (a sliding window; with no ramp a fresh sale may admit
 * its whole minute's worth at once). A run shorter than a minute has one window.
 */
export function admittedPerMinute(admittedAt: readonly number[]): number {
  const sorted = [...admittedAt].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= 60_000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

const secs = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');

/** The goal (issue 12): the median relative error at most 25%. */
export const ETA_GOAL = 0.25;

/** The estimate's accuracy in two rows (the table cuts values at 100 characters). */
function etaRows(a: EtaAccuracy): [string, string][] {
  if (a.samples === 0) return [['wait estimate: median relative error', 'no admitted user was seen waiting first']];
  const met = a.medianRelativeError <= ETA_GOAL ? 'met' : 'NOT met';
  return [
    ['wait estimate: median relative error', `${pct(a.medianRelativeError)} (goal <= ${pct(ETA_GOAL)}: ${met}), over ${a.samples} admitted users`],
    ['wait estimate: p90 error / median bias', `${pct(a.p90RelativeError)} / ${a.medianBias >= 0 ? '+' : ''}${pct(a.medianBias)} (positive: the estimates ran long)`],
  ];
}

/** The rows of the summary table, label and value. */
export function summaryRows(r: RushResult): [string, string][] {
  const t = r.tally;
  const o = r.options;
  const rate = admittedPerMinute(t.admittedAt);
  const codes = [...t.codes4xx].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
  return [
    ['setup', `${o.users} users, ${o.seats} seats, ${o.store} store, ${o.processes} host process(es), ${o.arrivalRate}/s arrivals after a ${Math.round(o.burst * 100)}% opening burst, ${o.admitPerMinute}/min with a ${o.ramp} s ramp`],
    [
      'sale opening',
      o.opensIn > 0 ? `${secs(r.opensAfterMs)} after the start; ${t.preQueued} arrived before it and were placed by the draw` : 'open from the start (no pre-queue)',
    ],
    ['duration', secs(r.durationMs)],
    ['arrived / admitted', `${t.arrived} / ${t.admitted}`],
    [
      'admitted per minute (peak 60 s window)',
      `${rate} measured vs ${o.admitPerMinute} configured (${(rate / o.admitPerMinute).toFixed(2)}x)${r.durationMs < 60_000 ? `, over a ${secs(r.durationMs)} run` : ''}` +
        (rate < 0.9 * o.admitPerMinute ? `; below the rate: demand or the ${o.maxActive} active sessions were the limit` : ''),
    ],
    ['wait p50 / p95 / p99', `${secs(percentile(t.waitMs, 50))} / ${secs(percentile(t.waitMs, 95))} / ${secs(percentile(t.waitMs, 99))}`],
    ['gave up while waiting', String(t.gaveUp)],
    ['tokens expired', String(t.tokensExpired)],
    ['found no seat (sold out)', String(t.soldOut)],
    ['sold out: turned away at entry / ended while in line', `${t.soldOutAtEntry} / ${t.soldOutWhileWaiting}`],
    ...etaRows(etaAccuracy(t.etaSamples)),
    ['hold attempts / holds', `${t.holdAttempts} / ${t.holds}`],
    ['conflicts (seat_unavailable)', String(t.conflicts)],
    ['sales (seats sold)', `${t.sales} (${t.seatsSold})`],
    ['holds abandoned / expired', `${t.abandoned} / ${t.expiries}`],
    ['payments failed', String(t.paymentsFailed)],
    ['refunds requested / completed', `${t.refundsRequested} / ${t.refundsCompleted} (${pct(o.refunds)} of buyers refund after paying)`],
    ['waiting list: joined / offers / paid / let lapse', `${t.waitlistJoined} / ${t.waitlistOffers} / ${t.waitlistPaid} / ${t.waitlistLapsed} (${pct(o.waitlist)} of those turned away join)`],
    ['4xx by code', codes],
    ['5xx', String(t.count5xx) + (t.serverErrors.length ? `  e.g. ${t.serverErrors[0]}` : '')],
    ['network errors', String(t.networkErrors)],
    ...(o.bots > 0 ? botRows(r) : []),
    ...r.audit.checks.map((c): [string, string] => [`audit: ${c.name}`, `${c.ok ? 'PASS' : 'FAIL'}  ${c.detail}`]),
    ['audit', r.audit.ok ? 'PASS' : 'FAIL'],
  ];
}

/** Bots against their share of the crowd (issue 14's goal: no more seats than their share, and no person rate limited). */
export function botRows(r: RushResult): [string, string][] {
  const t = r.tally;
  const o = r.options;
  const crowdShare = t.bots / (t.bots + t.arrived);
  const sold = t.humanSeats + t.botSeats;
  const fair = crowdShare * sold;
  // One row per defence: a list of them in one cell would be cut at 100 characters.
  const refusals: [string, string][] = [...t.botRefusals].sort((a, b) => b[1] - a[1]).map(([d, n]) => [`bot requests refused by: ${d}`, String(n)]);
  return [
    ['fair play', `proof of work ${o.pow}, purchase limit ${o.maxSeatsPerUser}, rate limits on (host defaults)`],
    ['bots: in the crowd / got in', `${t.bots} (${pct(crowdShare)} of the crowd) / ${t.botsEntered}`],
    ['seats: people / bots', `${t.humanSeats} / ${t.botSeats} (bots' share of the crowd: ${fair.toFixed(1)} seats)`],
    [
      'goal: bots got no more than their share',
      sold === 0 ? 'not measured: no seat was sold' : `${t.botSeats <= fair ? 'met' : 'NOT met'}: ${pct(t.botSeats / sold)} of the seats sold vs ${pct(crowdShare)} of the crowd`,
    ],
    ['seats per one who got in: people / bots', `${(t.humanSeats / Math.max(1, t.admitted)).toFixed(2)} / ${(t.botSeats / Math.max(1, t.botsEntered)).toFixed(2)} (bots never give up, and hold from many tabs at once)`],
    ...(refusals.length > 0 ? refusals : [['bot requests refused', 'none'] as [string, string]]),
    ['goal: people rate limited (429)', `${t.human429} (${t.human429 === 0 ? 'met' : 'NOT met'})`],
  ];
}

export function formatTable(rows: readonly [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  const v = Math.min(100, Math.max(...rows.map(([, x]) => x.length)));
  const line = `+${'-'.repeat(w + 2)}+${'-'.repeat(v + 2)}+`;
  return [line, ...rows.map(([k, x]) => `| ${k.padEnd(w)} | ${x.length > v ? x.slice(0, v - 1) + '…' : x.padEnd(v)} |`), line].join('\n');
}

export function writeCsv(file: string, series: readonly SeriesRow[]): void {
  const head = Object.keys(series[0] ?? { second: 0 }) as (keyof SeriesRow)[];
  writeFileSync(file, [head.join(','), ...series.map((row) => head.map((k) => row[k]).join(','))].join('\n') + '\n');
}
