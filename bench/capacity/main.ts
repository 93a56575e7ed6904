/**
 * `npm run capacity` (issue 17): measures the status path's per-operation costs on a private
 * redis-server, projects one queue of 10^6 waiters at the server's own pacing (polls/s, heartbeat
 * writes/s, Redis CPU on the queue's shard, host cores), then runs --real waiters (default 10^5,
 * library clients in this process, no HTTP) for --seconds and checks the projection for that many
 * against what they measured, within 20%. Writes bench/results/capacity.{json,md}.
 *
 * --pre-queue: the waiters join a sale before it opens (the pre-queue, each with its draw key), and the costs and
 * the real run are measured after the opening, on drawn tokens: a large on-sale's early crowd. Writes
 * bench/results/capacity-pre-queue.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { paceOf } from '@boxoffice/core';
import { cpuSeconds } from '../lib/cpu.js';
import { startPrivateRedis } from '../lib/redis-server.js';
import { openRedisStore } from '../lib/redis-store.js';
import { fmt } from '../lib/report.js';
import { fillLine, metered, OffsetClock, statusBox, type Waiter } from '../lib/status-costs.js';
import { project, type Costs } from './model.js';

const { values } = parseArgs({
  options: { real: { type: 'string' }, seconds: { type: 'string' }, target: { type: 'string' }, 'pre-queue': { type: 'boolean' } },
});
const REAL = Number(values.real ?? 100_000);
const SECONDS = Number(values.seconds ?? 30);
const TARGET = Number(values.target ?? 1_000_000);
const ADMIT_PER_MINUTE = 600;
const IDLE_MS = 60_000;
const PRE_QUEUE = values['pre-queue'] === true;
const cmd = `npm run capacity -- --real ${REAL} --seconds ${SECONDS}${PRE_QUEUE ? ' --pre-queue' : ''}`;
/** How far ahead the pre-queue's sale opens: longer than any fill takes. */
const OPENS_IN_MS = 3_600_000;

const redis = await startPrivateRedis();
const store = await openRedisStore(redis.url, `capacity-${process.pid}`);
try {
  const clock = new OffsetClock();
  const box = statusBox(store, clock, ADMIT_PER_MINUTE);
  if (PRE_QUEUE) {
    await box.catalog.publish([{ id: 'cap-concert', name: 'Capacity', schedules: [{ id: 'cap-1', startsAt: '2030-01-01T19:00:00Z', seats: [{ number: 1, price: 10 }] }] }]);
    await box.sales.create({ id: 'cap', scheduleIds: ['cap-1'], opensAt: new Date(clock.now() + OPENS_IN_MS).toISOString() });
  }
  console.log(`filling ${PRE_QUEUE ? 'the pre-queue of a sale' : 'a line'} with ${REAL} ...`);
  const users = await fillLine(box, 'cap', REAL);
  // The opening: the clock moves past opensAt for good (the real run keeps that offset) and one tick draws.
  const baseOffset = PRE_QUEUE ? OPENS_IN_MS + 1_000 : 0;
  clock.offset = baseOffset;
  if (PRE_QUEUE) await box.tick(['cap']);

  // Costs: statusMany reads at the coalescer's batch sizes, with and without the heartbeat write; the host's CPU per status.
  const batch = 50;
  const reads = (from: number, at: number) => users.slice(from, from + batch).map((u) => ({ token: u.token, heartbeat: { at, userId: u.userId } }));
  const batches = Math.floor(Math.min(REAL, 40_000) / batch);
  // A drawn token's first read after the opening also reads and keeps its rank (once): not what a poll costs after.
  if (PRE_QUEUE) await metered(redis, batches, 4, (b) => store.queue.statusMany('cap', reads(b * batch, clock.now()), 3_600_000));
  clock.offset += 1_000;
  const write = await metered(redis, batches, 4, (b) => store.queue.statusMany('cap', reads(b * batch, clock.now()), 0));
  const skip = await metered(redis, batches, 4, (b) => store.queue.statusMany('cap', reads(b * batch, clock.now()), 3_600_000));
  const host = await metered(redis, batches * batch, 50, (i) => box.queue.status('cap', users[i]!.token, users[i]!.userId));
  // Lone polls, one at a time: the per-call part of the cost (the real run's polls mostly come alone).
  clock.offset += 1_000;
  const lone = await metered(redis, Math.min(REAL, 10_000), 1, (i) => box.queue.status('cap', users[i]!.token, users[i]!.userId));
  const costs: Costs = {
    redisWriteUs: write.redisUs / batch,
    redisSkipUs: skip.redisUs / batch,
    hostUs: host.clientUs,
    redisCallUs: Math.max(0, lone.redisUs - write.redisUs / batch),
    hostCallUs: Math.max(0, lone.clientUs - host.clientUs),
  };

  // The real run: every waiter polls at the pollAfterMs it is told, starting at a random phase of its first interval.
  console.log(`running ${REAL} waiters for ${SECONDS} s ...`);
  clock.offset = baseOffset;
  let polls = 0;
  let counting = false;
  let stop = false;
  const timers = new Set<NodeJS.Timeout>();
  const poll = async (u: Waiter): Promise<void> => {
    if (stop) return;
    const s = await box.queue.status('cap', u.token, u.userId);
    if (counting) polls += 1;
    if (!stop && s.pollAfterMs > 0) schedule(u, s.pollAfterMs);
  };
  const schedule = (u: Waiter, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      void poll(u).catch(() => undefined);
    }, ms);
    timers.add(t);
  };
  const first = await Promise.all(users.map((u) => box.queue.status('cap', u.token, u.userId)));
  users.forEach((u, i) => schedule(u, Math.random() * first[i]!.pollAfterMs));
  await new Promise((r) => setTimeout(r, 3_000)); // past the first phases' start
  counting = true;
  const r0 = cpuSeconds(redis.pid);
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const wall = (Date.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const measured = { pollsPerSecond: polls / wall, redisCores: (cpuSeconds(redis.pid) - r0) / wall, hostCores: (c.user + c.system) / 1e6 / wall };
  counting = false;
  stop = true;
  for (const t of timers) clearTimeout(t);

  const atReal = project(REAL, ADMIT_PER_MINUTE, IDLE_MS, costs);
  const atTarget = project(TARGET, ADMIT_PER_MINUTE, IDLE_MS, costs);
  const within = (a: number, b: number) => Math.abs(a - b) / b <= 0.2;
  const checks = {
    polls: within(atReal.pollsPerSecond, measured.pollsPerSecond),
    redis: within(atReal.redisCores, measured.redisCores),
    host: within(atReal.hostCores, measured.hostCores),
  };
  // What one Redis shard (one core at 70%) and one host core (at 60%) carry at this pace, by bisection on the model.
  const fits = (key: 'redisCores' | 'hostCores', budget: number): number => {
    let lo = 1_000;
    let hi = 1e9;
    for (let i = 0; i < 40 && hi / lo > 1.01; i++) {
      const mid = Math.sqrt(lo * hi);
      if (project(Math.round(mid), ADMIT_PER_MINUTE, IDLE_MS, costs)[key] <= budget) lo = mid;
      else hi = mid;
    }
    return Math.round(lo);
  };
  const perShard = fits('redisCores', 0.7);
  const perHostCore = fits('hostCores', 0.6);
  const pace = paceOf(IDLE_MS, TARGET);
  const row = (name: string, p: { pollsPerSecond: number; redisCores: number; hostCores: number }, w?: number) =>
    `| ${name} | ${fmt(p.pollsPerSecond)} | ${w === undefined ? '—' : fmt(w)} | ${fmt(p.redisCores)} | ${fmt(p.hostCores)} |`;
  const md = [
    `# Capacity of one queue at the server's pacing (\`npm run capacity\`)${PRE_QUEUE ? ': a crowd drawn from the pre-queue' : ''}`,
    '',
    `Run ${new Date().toISOString()}, \`${cmd}\`, admitPerMinute ${ADMIT_PER_MINUTE}, idle timeout ${IDLE_MS / 1000} s, Redis on a private redis-server.`,
    `Costs measured in this run: Redis CPU per status read ${fmt(costs.redisSkipUs)} µs without a heartbeat write, ${fmt(costs.redisWriteUs)} µs with one (statusMany of ${batch}); host CPU per QueueService.status ${fmt(costs.hostUs)} µs (50 in flight); on top, per statusMany call, ${fmt(costs.redisCallUs)} µs of Redis and ${fmt(costs.hostCallUs)} µs of host CPU (a lone poll's cost less a batched one's). The model sends at most 2,000 calls a second per host process (one per half millisecond); more polls share calls.`,
    '',
    '| | polls/s | heartbeat writes/s | Redis cores (queue shard) | host cores |',
    '|---|---|---|---|---|',
    row(`projected, 10^${Math.log10(TARGET)} waiting (poll cap ${pace.pollCapMs / 1000} s, idle ${pace.idleMs / 1000} s, slack ${pace.heartbeatSlackMs / 1000} s)`, atTarget, atTarget.heartbeatWritesPerSecond),
    row(`projected, ${fmt(REAL)} waiting`, atReal, atReal.heartbeatWritesPerSecond),
    row(`measured, ${fmt(REAL)} real waiters for ${SECONDS} s`, measured),
    `| projection within 20% of the measurement | ${checks.polls ? 'yes' : '**no**'} | — | ${checks.redis ? 'yes' : '**no**'} | ${checks.host ? 'yes' : '**no**'} |`,
    '',
    `One Redis shard (one core at 70%) serves about ${fmt(perShard)} waiters of one queue at this pace; one host core (at 60%) about ${fmt(perHostCore)}.`,
    `Target for 10^6: Redis CPU on the shard <= 0.3 core: ${atTarget.redisCores <= 0.3 ? 'met' : '**missed**'} (${fmt(atTarget.redisCores)}).`,
    '',
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  const out = PRE_QUEUE ? 'bench/results/capacity-pre-queue' : 'bench/results/capacity';
  writeFileSync(`${out}.md`, md);
  writeFileSync(`${out}.json`, JSON.stringify({ costs, atTarget, atReal, measured, checks, perShard, perHostCore, cmd }, null, 2) + '\n');
  console.log(md);
} finally {
  await store.close();
  await redis.stop();
}
process.exit(0);
