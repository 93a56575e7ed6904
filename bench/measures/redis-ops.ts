import { createBoxoffice, type ReservationPrimitives, type SessionRef } from '@boxoffice/core';
import { CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import type { BenchOptions } from '../lib/args.js';
import { noopEvalsha, redisBenchmark } from '../lib/redis-benchmark.js';
import { commandStats, type PrivateRedis } from '../lib/redis-server.js';
import { captureCommands, countCommands, openRedisStore, type BenchRedisStore } from '../lib/redis-store.js';
import type { Report } from '../lib/report.js';
import { closedLoop } from '../lib/stats.js';
import { hasRedisAdapter } from '../lib/subjects.js';

const QUEUE = 'ops';
/** The service-level calls use their own line, so the tick admits exactly their users. */
const SVC = 'svc';
const SCHEDULE = 'ops-night';
/** A date holds at most 10,000 seats (the catalog's limit): the adapter-level holds, one seat each, spread over dates. */
const SEATS_PER_DATE = 10_000;
const opsDate = (k: number) => ({ scheduleId: `${SCHEDULE}-${Math.floor((k - 1) / SEATS_PER_DATE)}`, seat: ((k - 1) % SEATS_PER_DATE) + 1 });
/** Service-level holds use a venue-sized date: core builds a price map of the date's seats on every hold. */
const SVC_SCHEDULE = 'svc-night';
const PRICE = 1000;

function catalog(seats: number, svcSeats: number): unknown[] {
  const schedule = (id: string, n: number) => ({ id, concertId: 'ops-live', startsAt: '2027-01-01T00:00:00.000Z', seats: Array.from({ length: n }, (_, i) => ({ number: i + 1, price: PRICE, grade: null })) });
  const dates = Array.from({ length: Math.ceil(seats / SEATS_PER_DATE) }, (_, d) => schedule(`${SCHEDULE}-${d}`, Math.min(SEATS_PER_DATE, seats - d * SEATS_PER_DATE)));
  return [{ id: 'ops-live', name: 'Ops', venue: null, schedules: [...dates, schedule(SVC_SCHEDULE, svcSeats)] }];
}

const SCRIPT_COMMANDS = ['evalsha', 'eval', 'evalsha_ro', 'eval_ro', 'fcall', 'fcall_ro'];

/**
 * Adapter operations (one port call each) against a no-op EVALSHA from
 * redis-benchmark with as many clients as we keep calls in flight; then the
 * service-level operations' commands, counted at the client and checked
 * against the INFO commandstats delta.
 */
export async function measureRedisOps(report: Report, redis: PrivateRedis, o: BenchOptions): Promise<void> {
  if (!hasRedisAdapter()) {
    report.skip('redis-ops', 'packages/adapters/redis has not landed');
    return;
  }
  const c = o.connections;
  const n = o.quick ? 1_000 : 20_000;
  const cmd = `npm run bench -- --only redis-ops --connections ${c}`;
  const noop = await noopEvalsha(redis, c, o.quick ? 20_000 : 100_000);
  const store = await openRedisStore(redis.url, `bench-ops-${process.pid}`);
  const counter = countCommands(store);
  const ids = new CryptoIdGenerator();
  const clock = new SystemClock();
  const box = createBoxoffice({ store, clock, ids, config: { maxActive: 1_000_000, admitPerMinute: 1_000_000, tickBatch: 100_000, idleTimeout: 36_000, sessionTtl: 36_000, holdTtl: 36_000 } });
  try {
    await box.catalog.publish(catalog((o.quick ? 2 : 4) * n + 1000, o.quick ? 500 : 5000));
    const tokens: string[] = new Array<string>(n);
    const at = clock.now();

    // Adapter level: one port call, one script. Rounds interleave each op with the no-op EVALSHA; each keeps its best.
    const rounds = o.quick ? 1 : 3;
    const noops = [noop.rps];
    let noopCommand = noop.command;
    const rates = new Map<string, number>();
    let user = 0;
    let seat = 0;
    const ops: [string, (i: number) => Promise<unknown>][] = [
      ['enter', async () => {
        const k = user++;
        const r = await store.queue.enter({ token: ids.newToken(), queueId: QUEUE, userId: `a${k}`, state: 'waiting', enteredAt: at, lastSeenAt: at, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
        if (k < n && r.refused === undefined) tokens[k] = r.token.token;
      }],
      ['status', (i) => { const k = (i * 7919) % Math.min(user, n); return store.queue.view(QUEUE, tokens[k]!, { at: clock.now(), userId: `a${k}` }); }],
      ['hold', () => {
        const now = clock.now();
        const k = ++seat;
        const { scheduleId, seat: number } = opsDate(k);
        const r: ReservationPrimitives = { id: `${scheduleId}.${ids.newId()}`, userId: `a${k}`, scheduleId, seats: [number], amount: PRICE, state: 'held', createdAt: now, expiresAt: now + 3_600_000, paymentId: null };
        return store.inventory.hold(r, now);
      }],
      ['charge', (i) => store.wallets.charge({ userId: `a${i}`, amount: 1, maxBalance: 100_000_000, entryId: ids.newId(), idempotencyKey: null, now: clock.now() })],
    ];
    // Warm-up: the first call of each script on a connection is an EVAL, and the JIT needs a moment.
    for (const [, fn] of ops) await closedLoop(200, c, fn);
    const replays = await sameScriptReplays(store, tokens[0]!, clock.now());
    const same = new Map<string, { rps: number; command: string }>();
    for (let r = 0; r < rounds; r++) {
      for (const [op, fn] of ops) {
        const b = await noopEvalsha(redis, c, o.quick ? 20_000 : 100_000);
        noops.push(b.rps);
        noopCommand = b.command;
        const replay = replays.get(op);
        if (replay) {
          const sr = await redisBenchmark(redis, c, o.quick ? 10_000 : 50_000, ['-r', '100000000', ...replay]);
          if (sr.rps > (same.get(op)?.rps ?? 0)) same.set(op, { rps: sr.rps, command: sr.command });
        }
        const rate = (await closedLoop(n, c, fn)).perSecond;
        rates.set(op, Math.max(rates.get(op) ?? 0, rate));
      }
    }
    const base = { name: `redis-benchmark no-op EVALSHA, ${c} clients, best of ${noops.length}`, value: Math.max(...noops), unit: 'calls/s' };
    report.facts.noopEvalsha = noops;
    report.facts.adapterOpsPerSecond = Object.fromEntries(rates);
    report.facts.sameScriptPerSecond = Object.fromEntries([...same].map(([op, v]) => [op, v.rps]));
    for (const [op, rate] of rates) {
      // No target here: issue 7's 0.5 is against the same script replayed (the next row). This row is the distance
      // from the physical limit of one script a call, and a script that does real work (enter's: 0.18 of the no-op on a
      // quiet machine) cannot reach 0.5 of it through any client.
      report.add({ group: 'redis-ops', name: `Redis adapter ${op} (one port call, ${c} in flight) vs no-op EVALSHA`, value: rate, unit: 'ops/s', baseline: base, target: null, command: `${cmd}  |  ${noopCommand}` });
      const sr = same.get(op);
      if (sr) {
        report.add({
          group: 'redis-ops', name: `Redis adapter ${op} vs the same script in redis-benchmark`, value: rate, unit: 'ops/s',
          baseline: { name: `redis-benchmark replaying the ${op} EVALSHA, ${c} clients`, value: sr.rps, unit: 'calls/s' }, target: { op: '>=', value: 0.5, on: 'ratio' },
          command: `${cmd}  |  ${sr.command.replace(/ \{"id".*\}"? /, ' <reservation json> ')}`,
          note: `the script alone runs at ${(sr.rps / base.value).toFixed(2)} of the no-op EVALSHA rate`,
        });
      }
    }

    // Service level: what a host does per request, with the commands it sends.
    const m = Math.min(n, o.quick ? 500 : 5000);
    const sessions: SessionRef[] = new Array<SessionRef>(m);
    const holds: string[] = new Array<string>(m);
    const services: [string, (i: number) => Promise<unknown>][] = [
      ['enter', async (i) => {
        const r = await box.queue.enter(SVC, `s${i}`);
        sessions[i] = { queueId: SVC, token: r.status.token, userId: `s${i}` };
      }],
      ['status', (i) => box.queue.status(SVC, sessions[i]!.token, sessions[i]!.userId)],
      [`tick admitting ${m}`, async (i) => (i === 0 ? box.queue.tick(SVC) : undefined)],
      ['hold', async (i) => {
        holds[i] = (await box.reservations.hold(sessions[i]!, SVC_SCHEDULE, [i + 1])).id;
      }],
      ['charge', (i) => box.wallet.charge(`s${i}`, PRICE, `k${i}`)],
      ['pay', (i) => box.payments.pay(sessions[i]!, holds[i]!, `p${i}`)],
    ];
    for (const [op, fn] of services) {
      const before = commandStats(redis);
      const sent0 = counter.sent();
      const count = op.startsWith('tick') ? 1 : m;
      const { perSecond } = await closedLoop(count, c, fn);
      const sent = counter.sent() - sent0;
      const after = commandStats(redis);
      let all = 0;
      let scripts = 0;
      let usec = 0;
      for (const [name, stat] of after) {
        if (name === 'info') continue;
        const delta = stat.calls - (before.get(name)?.calls ?? 0);
        all += delta;
        if (SCRIPT_COMMANDS.includes(name)) {
          scripts += delta;
          usec += stat.usec - (before.get(name)?.usec ?? 0);
        }
      }
      report.add({
        // Commands the client sent, pipelined and coalesced ones each counted: sequential waits are round-trips.test.ts's.
        group: 'redis-ops', name: `Redis commands sent per ${op} (service call, ${c} in flight)`, value: sent / count, unit: 'commands', baseline: null, target: null,
        command: cmd,
        note: `${count} calls at ${Math.round(perSecond)}/s; INFO commandstats delta: ${(scripts / count).toFixed(2)} scripts and ${(all / count).toFixed(2)} Redis commands per call (commands inside scripts included), ${(usec / count).toFixed(1)} µs of Redis time in scripts per call`,
      });
      report.facts[`service-${op}`] = { perSecond, commandsSent: sent / count, scriptsPerCall: scripts / count, commandsPerCall: all / count, redisScriptUsPerCall: usec / count };
    }
  } finally {
    await store.close();
  }
}

/**
 * Each adapter operation's own EVALSHA, captured from one real call, with its
 * unique parts (user, token, reservation, seat, entry) made `__rand_int__` so
 * redis-benchmark -r runs the same script on fresh data each time.
 */
async function sameScriptReplays(store: BenchRedisStore, liveToken: string, now: number): Promise<Map<string, string[]>> {
  const marks = { user: 'benchuserx', token: 'benchtokenx', res: 'benchresx', seat: '987654321', entry: 'benchentryx' };
  const out = new Map<string, string[]>();
  const take = async (op: string, fn: () => Promise<unknown>, randomize: string[]): Promise<void> => {
    const sent = (await captureCommands(store, fn)).filter((x) => x.name === 'evalsha' || x.name === 'eval');
    const one = sent[0];
    if (sent.length !== 1 || !one || one.name !== 'evalsha') return;
    out.set(op, ['EVALSHA', ...one.args.map((a) => randomize.reduce((acc, m) => acc.split(m).join('__rand_int__'), a))]);
  };
  await take('enter', () => store.queue.enter({ token: marks.token, queueId: QUEUE, userId: marks.user, state: 'waiting', enteredAt: now, lastSeenAt: now, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null }), [marks.token, marks.user]);
  await take('status', () => store.queue.view(QUEUE, liveToken, { at: now, userId: marks.user }), []);
  await take('hold', () => store.inventory.hold({ id: `${SCHEDULE}-0.${marks.res}`, userId: marks.user, scheduleId: `${SCHEDULE}-0`, seats: [Number(marks.seat)], amount: PRICE, state: 'held', createdAt: now, expiresAt: now + 3_600_000, paymentId: null }, now), [marks.res, marks.seat]);
  await take('charge', () => store.wallets.charge({ userId: marks.user, amount: 1, maxBalance: 100_000_000, entryId: marks.entry, idempotencyKey: null, now }), [marks.user, marks.entry]);
  return out;
}
