import { setMaxListeners } from 'node:events';
import { signToken } from '@boxoffice/http';
import { bearer } from '../../../bench/lib/jwt.js';
import { UserApi } from './api.js';
import { audit, type AuditResult } from './audit.js';
import { AUDIT_SALE_ID, SALE_ID } from './catalog.js';
import { announceOpening, startHosts } from './hosts.js';
import { HttpClient } from './http.js';
import type { RushOptions } from './options.js';
import { arrivals, seeded } from './random.js';
import { snapshot, Tally, type SeriesRow } from './tally.js';
import { botJourney, botKind } from './bots.js';
import { journey, type Crowd, type Ledger } from './user.js';

export interface RushResult {
  readonly options: RushOptions;
  readonly tally: Tally;
  readonly series: SeriesRow[];
  readonly audit: AuditResult;
  readonly durationMs: number;
  /** The hosts' addresses, for the summary. */
  readonly urls: string[];
  /** When the sale opened, in ms after the crowd's start (negative: before it). */
  readonly opensAfterMs: number;
}

export interface RushHooks {
  /** Called once a second with the latest row. */
  onSecond?(row: SeriesRow, tally: Tally): void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts the hosts, lets the crowd in on its arrival schedule, waits for it to finish (or the time cap), audits, stops. */
export async function runRush(o: RushOptions, hooks: RushHooks = {}): Promise<RushResult> {
  const hosts = await startHosts(o);
  const http = new HttpClient(o.sockets);
  try {
    const random = seeded(o.seed);
    const run = `r${Date.now().toString(36)}`;
    // The auditor enters first, so the first tick admits it; it only reads the seat map at the end.
    const auditor = new UserApi(http, hosts.urls[0]!, await bearer(hosts.secret, `${run}-auditor`), new Tally(Date.now()));
    const auditorToken = await admitAuditor(auditor);
    // The hosts are up: the opening is announced `opensIn` from now, and the crowd starts at once.
    const opensAt = o.opensIn > 0 ? await announceOpening(hosts, o.opensIn, SALE_ID) : hosts.opensAt;

    const start = Date.now();
    const tally = new Tally(start);
    const ledger: Ledger = { holds: [], charged: new Map(), paid: new Map(), refunded: new Map(), waitlist: [], apis: new Map() };
    const stop = new AbortController();
    // Every waiting user listens for the stop.
    setMaxListeners(0, stop.signal);
    let joinedList = (): void => undefined;
    const listOpen = new Promise<void>((resolve) => (joinedList = resolve));
    const crowd: Crowd = { options: o, tally, ledger, random, stop: stop.signal, sessionTtlMs: hosts.sessionTtlMs, listOpen, joinedList };
    const series: SeriesRow[] = [];
    const ticker = setInterval(() => {
      const row = snapshot(tally, Math.round(tally.elapsed() / 1000));
      series.push(row);
      hooks.onSecond?.(row, tally);
    }, 1000);
    const cap = setTimeout(() => stop.abort(), o.maxSeconds * 1000);

    // Bots arrive spread evenly through the crowd, from a farm of a few addresses; each person has their own.
    const total = o.users + o.bots;
    const schedule = arrivals(random, total, o.burst, o.arrivalRate);
    const journeys: Promise<void>[] = [];
    let bots = 0;
    for (let i = 0; i < total; i++) {
      const wait = schedule[i]! - (Date.now() - start);
      if (wait > 0) await sleep(wait);
      if (stop.signal.aborted) break;
      const isBot = Math.floor(((i + 1) * o.bots) / total) > Math.floor((i * o.bots) / total);
      const userId = `${run}-${isBot ? 'b' : 'u'}${i}`;
      const identity = o.bots === 0 ? undefined : isBot ? { cohort: 'bot' as const, address: `203.0.113.${bots % 8}` } : { cohort: 'human' as const, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` };
      const api = new UserApi(http, hosts.urls[i % hosts.urls.length]!, await bearer(hosts.secret, userId), tally, identity);
      ledger.apis.set(userId, api);
      journeys.push(
        (isBot ? botJourney(userId, api, botKind(bots++), crowd) : journey(userId, api, crowd))
          .catch(() => undefined)
          .finally(() => {
            tally.finished += 1;
          }),
      );
    }
    await Promise.all(journeys);
    clearTimeout(cap);
    clearInterval(ticker);
    const durationMs = Date.now() - start;
    series.push(snapshot(tally, Math.ceil(durationMs / 1000)));

    // Let unpaid holds run out, so the seat map should show exactly the sales.
    const lastExpiry = Math.max(0, ...ledger.holds.filter((h) => !h.paid).map((h) => h.expiresAt));
    const wait = lastExpiry - Date.now();
    if (wait > 0 && wait <= (o.holdTtlSeconds + 2) * 1000) await sleep(wait + 250);
    // An operator reads the domain events back: the audit replays them.
    const operator = new UserApi(http, hosts.urls[hosts.urls.length - 1]!, await signToken(hosts.secret, `${run}-operator`, 3600, Date.now(), ['operator']), new Tally(Date.now()));
    const result = await audit(ledger, auditor, auditorToken, operator);
    tally.expiries = Math.max(tally.expiries, result.expiredHolds);
    return { options: o, tally, series, audit: result, durationMs, urls: hosts.urls, opensAfterMs: opensAt - start };
  } finally {
    http.close();
    await hosts.stop();
  }
}

/** The auditor waits in a sale of its own, open from the start, so it is in before the crowd's sale opens. */
async function admitAuditor(auditor: UserApi): Promise<string> {
  const tokens = `/v1/sales/${AUDIT_SALE_ID}/queue/tokens`;
  const entered = await auditor.call<{ token: string; state: string }>('POST', tokens, {});
  if (entered.status !== 201 && entered.status !== 200) throw new Error(`the auditor could not enter the queue: ${entered.status}`);
  let state = entered.body.state;
  // At the pace of the status limit (30 per 10 s), which the auditor, like anyone, keeps to.
  for (let i = 0; state === 'waiting' && i < 100; i++) {
    await sleep(400);
    const r = await auditor.call<{ state: string }>('GET', `${tokens}/${entered.body.token}`);
    state = r.body.state;
  }
  if (state !== 'active') throw new Error(`the auditor was not admitted (state ${state})`);
  return entered.body.token;
}
