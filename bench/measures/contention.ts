import { randomUUID } from 'node:crypto';
import { UserApi, codeOf } from '../../examples/rush/src/api.js';
import { audit } from '../../examples/rush/src/audit.js';
import { SCHEDULE_ID } from '../../examples/rush/src/catalog.js';
import { startHosts } from '../../examples/rush/src/hosts.js';
import { HttpClient } from '../../examples/rush/src/http.js';
import { DEFAULTS } from '../../examples/rush/src/options.js';
import { Tally } from '../../examples/rush/src/tally.js';
import type { HoldRecord, Ledger } from '../../examples/rush/src/user.js';
import type { BenchOptions } from '../lib/args.js';
import { bearer } from '../lib/jwt.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { noopEvalsha } from '../lib/redis-benchmark.js';
import type { PrivateRedis } from '../lib/redis-server.js';
import type { Report } from '../lib/report.js';
import { msSince, now } from '../lib/stats.js';
import { hasHost, hasRedisAdapter } from '../lib/subjects.js';

/** Runs `fn` for each index, `width` at a time. */
async function each(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, n) }, async () => {
    while (next < n) await fn(next++);
  }));
}

interface Buyer {
  readonly userId: string;
  readonly api: UserApi;
  token: string;
}

export interface ContentionResult {
  /** Wall time of each phase, ms. */
  readonly phases: Record<string, number>;
  readonly seatMapReads: number;
  /** Requests re-sent after a stale kept-alive socket (never reached a host). */
  readonly staleRetries: number;
  readonly holdRequests: number;
  readonly holdMs: number;
  readonly holds: number;
  readonly sales: number;
  readonly conflicts: number;
  readonly count5xx: number;
  readonly auditOk: boolean;
  readonly auditDetail: string;
}

/**
 * K buyers on M seats over P host processes sharing one Redis. Phases, so the
 * hold rate is measured alone: everyone enters and is admitted; then all K
 * race for seats at once (a conflict marks the seat taken, three conflicts
 * refresh the seat map); then the M holders charge and pay; then the audit.
 */
export async function contention(redisUrl: string, k: number, m: number, p: number, width = 256): Promise<ContentionResult> {
  const hosts = await startHosts({ ...DEFAULTS, users: k, seats: m, store: 'redis', processes: p, redisUrl, maxActive: k + 1, admitPerMinute: Math.max(k * 10, 1000), holdTtlSeconds: 600, maxSeconds: 600, progress: false });
  const http = new HttpClient(Math.max(16, Math.floor(width / p)));
  const tally = new Tally(Date.now());
  try {
    const run = `c${Date.now().toString(36)}`;
    const buyers: Buyer[] = [];
    for (let i = 0; i < k; i++) {
      const userId = `${run}-b${i}`;
      buyers.push({ userId, api: new UserApi(http, hosts.urls[i % p]!, await bearer(hosts.secret, userId), tally), token: '' });
    }
    const auditor = new UserApi(http, hosts.urls[0]!, await bearer(hosts.secret, `${run}-auditor`), new Tally(Date.now()));
    const a = await auditor.call<{ token: string }>('POST', '/v1/queue/tokens', {});

    const phases: Record<string, number> = {};
    let mark = now();
    const phase = (name: string): void => {
      phases[name] = Math.round(msSince(mark));
      mark = now();
    };
    // 1. Everyone enters, then waits for admission.
    await each(k, width, async (i) => {
      const r = await buyers[i]!.api.call<{ token: string }>('POST', '/v1/queue/tokens', {});
      if (r.status !== 201 && r.status !== 200) throw new Error(`enter answered ${r.status}`);
      buyers[i]!.token = r.body.token;
    });
    const waitActive = async (api: UserApi, token: string): Promise<void> => {
      for (let n = 0; n < 600; n++) {
        const r = await api.call<{ state: string }>('GET', `/v1/queue/tokens/${token}`);
        if (r.body.state === 'active') return;
        if (r.body.state !== 'waiting') throw new Error(`a buyer's token became ${r.body.state}`);
        await sleep(200);
      }
      throw new Error('a buyer was not admitted within 2 minutes');
    };
    await waitActive(auditor, a.body.token);
    phase('enterMs');
    await each(k, width, (i) => waitActive(buyers[i]!.api, buyers[i]!.token));
    phase('admitMs');

    // 2. The race: every buyer at once, one seat each.
    const won: (HoldRecord | null)[] = new Array<HoldRecord | null>(k).fill(null);
    let holdRequests = 0;
    let seatMapReads = 0;
    let conflicts = 0;
    const t0 = now();
    await each(k, width, async (i) => {
      const b = buyers[i]!;
      const q = { 'queue-token': b.token };
      const taken = new Set<number>();
      let misses = 0;
      for (;;) {
        if (misses >= 3) {
          seatMapReads += 1;
          const map = await b.api.call<{ number: number; available: boolean }[]>('GET', `/v1/schedules/${SCHEDULE_ID}/seats`, undefined, q);
          for (const s of map.body) if (!s.available) taken.add(s.number);
          misses = 0;
        }
        // This buyer's own seat map says sold out: they go home.
        if (taken.size >= m) return;
        let seat: number;
        do seat = 1 + Math.floor(Math.random() * m);
        while (taken.has(seat));
        holdRequests += 1;
        const r = await b.api.call<{ id: string; seats: number[]; amount: number; expiresAt: string }>('POST', '/v1/reservations', { scheduleId: SCHEDULE_ID, seats: [seat] }, q);
        if (r.status === 201) {
          won[i] = { userId: b.userId, id: r.body.id, seats: r.body.seats, amount: r.body.amount, expiresAt: Date.parse(r.body.expiresAt), paid: false, abandoned: false };
          return;
        }
        if (codeOf(r) !== 'seat_unavailable') throw new Error(`hold answered ${r.status} ${JSON.stringify(r.body)}`);
        conflicts += 1;
        taken.add(seat);
        misses += 1;
      }
    });
    const holdMs = msSince(t0);
    mark = now();

    // 3. The winners charge and pay.
    const ledger: Ledger = { holds: won.filter((h): h is HoldRecord => h !== null), charged: new Map(), paid: new Map(), refunded: new Map(), waitlist: [], apis: new Map(buyers.map((b) => [b.userId, b.api])) };
    const byUser = new Map(buyers.map((b) => [b.userId, b]));
    let sales = 0;
    await each(ledger.holds.length, width, async (i) => {
      const h = ledger.holds[i]!;
      const b = byUser.get(h.userId)!;
      const c = await b.api.call('POST', '/v1/wallet/charges', { amount: h.amount }, { 'idempotency-key': randomUUID() });
      if (c.status !== 201) throw new Error(`charge answered ${c.status}`);
      ledger.charged.set(h.userId, h.amount);
      const pay = await b.api.call('POST', '/v1/payments', { reservationId: h.id }, { 'queue-token': b.token, 'idempotency-key': randomUUID() });
      if (pay.status === 201) {
        h.paid = true;
        ledger.paid.set(h.userId, h.amount);
        sales += 1;
      }
    });

    phase('payMs');
    const result = await audit(ledger, auditor, a.body.token);
    phase('auditMs');
    const checks = [
      ...result.checks,
      { name: `exactly ${m} holds`, ok: ledger.holds.length === m, detail: String(ledger.holds.length) },
      { name: `exactly ${m} sales`, ok: sales === m, detail: String(sales) },
      { name: 'no 5xx or network error', ok: tally.count5xx === 0 && tally.networkErrors === 0, detail: `${tally.count5xx} 5xx, ${tally.networkErrors} network${tally.serverErrors[0] ? `: ${tally.serverErrors[0]}` : ''}` },
    ];
    return {
      phases,
      staleRetries: http.staleRetries,
      seatMapReads,
      holdRequests,
      holdMs,
      holds: ledger.holds.length,
      sales,
      conflicts,
      count5xx: tally.count5xx,
      auditOk: checks.every((c) => c.ok),
      auditDetail: checks.map((c) => `${c.ok ? 'ok' : 'FAIL'} ${c.name} (${c.detail})`).join('; '),
    };
  } finally {
    http.close();
    await hosts.stop();
  }
}

export async function measureContention(report: Report, redis: PrivateRedis, o: BenchOptions): Promise<void> {
  if (!hasHost() || !hasRedisAdapter()) {
    report.skip('contention', 'needs the HTTP host and the Redis adapter, which have not both landed');
    return;
  }
  const k = o.buyers;
  const m = o.seats;
  const p = o.processes;
  const cmd = `npm run bench -- --only contention --buyers ${k} --seats ${m} --processes ${p}`;
  const noop = await noopEvalsha(redis, o.connections, o.quick ? 20_000 : 200_000);
  const r = await contention(redis.url, k, m, p);
  report.facts.contention = r;
  const holdsPerSecond = (r.holdRequests * 1000) / r.holdMs;
  report.add({
    group: 'contention', name: `contention: hold requests/s, ${k} buyers on ${m} seats over ${p} hosts`, value: holdsPerSecond, unit: 'holds/s',
    baseline: { name: `redis-benchmark no-op EVALSHA, ${o.connections} clients`, value: noop.rps, unit: 'calls/s' }, target: { op: '>=', value: 0.3, on: 'ratio' },
    command: `${cmd}  |  ${noop.command}`,
    note: `${r.holdRequests} hold requests (${r.conflicts} conflicts) and ${r.seatMapReads} seat-map reads in ${(r.holdMs / 1000).toFixed(2)} s; phases ${JSON.stringify(r.phases)}; ${r.holds} holds, ${r.sales} sales, ${r.count5xx} 5xx. Audit: ${r.auditDetail}`,
  });
  report.add({ group: 'contention', name: 'contention: holds won / seats', value: r.holds, unit: 'holds', baseline: { name: 'seats on sale', value: m, unit: 'seats' }, target: { op: '>=', value: 1, on: 'ratio' }, command: cmd });
  report.add({ group: 'contention', name: 'contention: sales / seats', value: r.sales, unit: 'sales', baseline: { name: 'seats on sale', value: m, unit: 'seats' }, target: { op: '>=', value: 1, on: 'ratio' }, command: cmd });
  if (!r.auditOk) throw new Error(`contention audit failed: ${r.auditDetail}`);
}
