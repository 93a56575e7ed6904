import { createBoxoffice, type ReservationPrimitives, type SessionRef } from '@boxoffice/core';
import { CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import type { BenchOptions } from '../lib/args.js';
import { noopEvalsha } from '../lib/redis-benchmark.js';
import { commandCalls, type PrivateRedis } from '../lib/redis-server.js';
import { countCommands, openRedisStore } from '../lib/redis-store.js';
import type { Report } from '../lib/report.js';
import { closedLoop } from '../lib/stats.js';
import { hasRedisAdapter } from '../lib/subjects.js';

const QUEUE = 'ops';
const SCHEDULE = 'ops-night';
const PRICE = 1000;

function catalog(seats: number): unknown[] {
  return [{ id: 'ops-live', name: 'Ops', venue: null, schedules: [{ id: SCHEDULE, concertId: 'ops-live', startsAt: '2027-01-01T00:00:00.000Z', seats: Array.from({ length: seats }, (_, i) => ({ number: i + 1, price: PRICE, grade: null })) }] }];
}

const SCRIPT_COMMANDS = ['evalsha', 'eval', 'evalsha_ro', 'eval_ro', 'fcall', 'fcall_ro'];

/**
 * Adapter operations (one port call each) against a no-op EVALSHA from
 * redis-benchmark with as many clients as we keep calls in flight; then the
 * service-level operations' round trips, counted at the client and checked
 * against the INFO commandstats delta.
 */
export async function measureRedisOps(report: Report, redis: PrivateRedis, o: BenchOptions): Promise<void> {
  if (!hasRedisAdapter()) {
    report.skip('redis-ops', 'packages/adapters/redis has not landed');
    return;
  }
  const c = o.connections;
  const n = o.quick ? 2_000 : 20_000;
  const cmd = `npm run bench -- --only redis-ops --connections ${c}`;
  const noop = await noopEvalsha(redis, c, o.quick ? 20_000 : 200_000);
  const base = { name: `redis-benchmark no-op EVALSHA, ${c} clients`, value: noop.rps, unit: 'calls/s' };
  const store = await openRedisStore(redis.url, `bench-ops-${process.pid}`);
  const counter = countCommands(store);
  const ids = new CryptoIdGenerator();
  const clock = new SystemClock();
  const box = createBoxoffice({ store, clock, ids, config: { maxActive: 1_000_000, admitPerMinute: 1_000_000, tickBatch: 100_000, idleTimeout: 36_000, sessionTtl: 36_000, holdTtl: 36_000 } });
  try {
    await box.catalog.publish(catalog(2 * n));
    const tokens: string[] = new Array<string>(n);
    const at = clock.now();

    // Adapter level: one port call, one script.
    const adapter: [string, number][] = [];
    adapter.push(['enter', (await closedLoop(n, c, async (i) => {
      const r = await store.queue.enter({ token: ids.newToken(), queueId: QUEUE, userId: `a${i}`, state: 'waiting', enteredAt: at, lastSeenAt: at, activatedAt: null, activeUntil: null, endedAt: null });
      tokens[i] = r.token.token;
    })).perSecond]);
    adapter.push(['status', (await closedLoop(n, c, (i) => store.queue.view(QUEUE, tokens[(i * 7919) % n]!, clock.now()))).perSecond]);
    adapter.push(['hold', (await closedLoop(n, c, (i) => {
      const now = clock.now();
      const r: ReservationPrimitives = { id: `${SCHEDULE}.${ids.newId()}`, userId: `a${i}`, scheduleId: SCHEDULE, seats: [i + 1], amount: PRICE, state: 'held', createdAt: now, expiresAt: now + 3_600_000, paymentId: null };
      return store.inventory.hold(r, now);
    })).perSecond]);
    adapter.push(['charge', (await closedLoop(n, c, (i) => store.wallets.charge({ userId: `a${i}`, amount: PRICE, maxBalance: 100_000_000, entryId: ids.newId(), idempotencyKey: null, now: clock.now() }))).perSecond]);
    for (const [op, rate] of adapter) {
      report.add({ group: 'redis-ops', name: `Redis adapter ${op} (one port call)`, value: rate, unit: 'ops/s', baseline: base, target: { op: '>=', value: 0.5, on: 'ratio' }, command: `${cmd}  |  ${noop.command}` });
    }

    // Service level: what a host does per request, with its round trips.
    const m = Math.min(n, o.quick ? 1000 : 5000);
    const sessions: SessionRef[] = new Array<SessionRef>(m);
    const holds: string[] = new Array<string>(m);
    const services: [string, (i: number) => Promise<unknown>][] = [
      ['enter', async (i) => {
        const r = await box.queue.enter(QUEUE, `s${i}`);
        sessions[i] = { queueId: QUEUE, token: r.status.token, userId: `s${i}` };
      }],
      ['status', (i) => box.queue.status(QUEUE, sessions[i]!.token, sessions[i]!.userId)],
      ['tick (admits all)', async (i) => (i === 0 ? box.queue.tick(QUEUE) : undefined)],
      ['hold', async (i) => {
        holds[i] = (await box.reservations.hold(sessions[i]!, SCHEDULE, [n + i + 1])).id;
      }],
      ['charge', (i) => box.wallet.charge(`s${i}`, PRICE, `k${i}`)],
      ['pay', (i) => box.payments.pay(sessions[i]!, holds[i]!, `p${i}`)],
    ];
    for (const [op, fn] of services) {
      const before = commandCalls(redis);
      const sent0 = counter.sent();
      const count = op.startsWith('tick') ? 1 : m;
      const { perSecond } = await closedLoop(count, c, fn);
      const sent = counter.sent() - sent0;
      const after = commandCalls(redis);
      let all = 0;
      let scripts = 0;
      for (const [name, calls] of after) {
        if (name === 'info') continue;
        const delta = calls - (before.get(name) ?? 0);
        all += delta;
        if (SCRIPT_COMMANDS.includes(name)) scripts += delta;
      }
      report.add({
        group: 'redis-ops', name: `round trips per ${op} (service call)`, value: sent / count, unit: 'round trips', baseline: null, target: null,
        command: cmd,
        note: `${count} calls at ${Math.round(perSecond)}/s; INFO commandstats delta: ${(scripts / count).toFixed(2)} scripts and ${(all / count).toFixed(2)} Redis commands per call (commands inside scripts included)`,
      });
      report.facts[`service-${op}`] = { perSecond, roundTrips: sent / count, scriptsPerCall: scripts / count, commandsPerCall: all / count };
    }
  } finally {
    await store.close();
  }
}
