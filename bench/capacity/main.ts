/**
 * `npm run capacity` (issue 17): measures the status path's per-operation costs on a private
 * redis-server, runs --real waiters (default 10^5, library clients in this process, no HTTP) for
 * --seconds, and projects one queue of 10^6 waiters at the server's own pacing (polls/s, heartbeat
 * writes/s, Redis CPU on the queue's shard, host cores) from the costs and from how many polls the
 * real run's host sent a store call; it checks the projection for --real waiters against what they
 * measured, within 20%. Writes bench/results/capacity.{json,md}.
 *
 * --pre-queue: the waiters join a sale before it opens (the pre-queue, each with its draw key), and the costs and
 * the real run are measured after the opening, on drawn tokens: a large on-sale's early crowd. Writes
 * bench/results/capacity-pre-queue.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LONG_LINE, paceOf } from '@boxoffice/core';
import { cpuSeconds } from '../lib/cpu.js';
import { startPrivateRedis } from '../lib/redis-server.js';
import { openRedisStore } from '../lib/redis-store.js';
import { fmt } from '../lib/report.js';
import { median } from '../lib/stats.js';
import { fillLine, metered, OffsetClock, openLoop, statusBox, type Waiter } from '../lib/status-costs.js';
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
/** How long the real run's store calls are replayed for their fixed cost, and how many times (the median is taken). */
const REPLAY_SECONDS = 5;
/** Host CPU on this kind of machine swings 20-40% between runs seconds apart: each replay, and the idle runs taken off them, runs this often. */
const REPLAY_ROUNDS = 3;
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

  // Store calls and the reads they carry, counted while `tally.on` (how the coalescer batched the polls).
  const tally = { on: false, calls: 0, reads: 0 };
  const queue = store.queue as unknown as Record<string, ((queueId: string, items: readonly unknown[], ...rest: unknown[]) => Promise<unknown>) | undefined>;
  for (const name of ['statusMany', 'linePlaces']) {
    const f = queue[name];
    if (!f) continue;
    queue[name] = (queueId, items, ...rest) => {
      if (tally.on) {
        tally.calls += 1;
        tally.reads += items.length;
      }
      return f.call(store.queue, queueId, items, ...rest);
    };
  }

  // Costs per read: statusMany in calls of 50, with and without the heartbeat write (the per-call costs come after the real run).
  const batch = 50;
  const reads = (from: number, at: number) => users.slice(from, from + batch).map((u) => ({ token: u.token, heartbeat: { at, userId: u.userId } }));
  const batches = Math.floor(Math.min(REAL, 40_000) / batch);
  // A drawn token's first read after the opening also reads and keeps its rank (once): not what a poll costs after.
  if (PRE_QUEUE) await metered(redis, batches, 4, (b) => store.queue.statusMany('cap', reads(b * batch, clock.now()), 3_600_000));
  clock.offset += 1_000;
  const write = await metered(redis, batches, 4, (b) => store.queue.statusMany('cap', reads(b * batch, clock.now()), 0));
  const skip = await metered(redis, batches, 4, (b) => store.queue.statusMany('cap', reads(b * batch, clock.now()), 3_600_000));
  // The lean path's costs (a line's waiters only; drawn tokens are always read in full): places by seq in calls of
  // 50, without and with a heartbeat each, the clock moved on so that every heartbeat moves its slot.
  let lean: { skip: { redisUs: number }; write: { redisUs: number } } | undefined;
  if (!PRE_QUEUE && store.queue.linePlaces) {
    const seqs = (await Promise.all(users.slice(0, batches * batch).map((u) => store.queue.view('cap', u.token)))).map((v) => v!.token.seq);
    const part = (b: number) => seqs.slice(b * batch, (b + 1) * batch).sort((x, y) => x - y);
    const leanSkip = await metered(redis, batches, 4, (b) => store.queue.linePlaces!('cap', part(b)));
    clock.offset += 10_000;
    const leanWrite = await metered(redis, batches, 4, (b) => store.queue.linePlaces!('cap', part(b), { at: clock.now(), seqs: part(b) }));
    lean = { skip: leanSkip, write: leanWrite };
  }

  // The real run: every waiter polls at the pollAfterMs it is told, starting at a random phase of its first interval.
  console.log(`running ${REAL} waiters for ${SECONDS} s ...`);
  clock.offset = baseOffset;
  let polls = 0;
  let stop = false;
  const timers = new Set<NodeJS.Timeout>();
  const poll = async (u: Waiter): Promise<void> => {
    if (stop) return;
    const s = await box.queue.status('cap', u.token, u.userId);
    if (tally.on) polls += 1;
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
  // Past the first phases' start, and the collection of what the fill and the first reads left behind.
  await new Promise((r) => setTimeout(r, 10_000));
  tally.on = true;
  const r0 = cpuSeconds(redis.pid);
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const wall = (Date.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const measured = { pollsPerSecond: polls / wall, redisCores: (cpuSeconds(redis.pid) - r0) / wall, hostCores: (c.user + c.system) / 1e6 / wall, waiterCores: 0 };
  tally.on = false;
  stop = true;
  for (const t of timers) clearTimeout(t);

  // The simulated waiters' own CPU (their timers and callbacks, in this process), which no host spends: the same
  // timers at the same rate with nothing to do, taken off the measured host CPU.
  const waiterRuns: number[] = [];
  for (let k = 0; k < REPLAY_ROUNDS; k++) waiterRuns.push(await idleWaiters(REAL, (1000 * REAL) / measured.pollsPerSecond, 3));
  measured.waiterCores = median(waiterRuns);
  measured.hostCores = Math.max(0, measured.hostCores - measured.waiterCores);

  // The fixed part of a store call, as the real run's host sent them: calls of its mean batch at its call rate,
  // open loop, each read writing a heartbeat, for REPLAY_SECONDS; what their reads cost at batches of 50 is taken off.
  // (Redis between calls sits idle, and a call that wakes it costs more than one in a closed loop.)
  const realCalls = tally.calls;
  const readsPerCall = tally.reads / Math.max(1, realCalls);
  const callsPerSecond = realCalls / wall;
  const size = Math.max(1, Math.round(readsPerCall));
  clock.offset += 1_000;
  const redisWriteUs = write.redisUs / batch;
  // The replays' own driving (a timer each millisecond, picking waiters), which no host spends: the same loop calling nothing.
  const idle = (perSecond: number, picks: number) =>
    openLoop(redis, perSecond, 2, () => Promise.resolve(Array.from({ length: picks }, () => users[Math.floor(Math.random() * REAL)]!)));
  const replayRedis: number[] = [];
  const replayHost: number[] = [];
  const polledHost: number[] = [];
  let polledCalls = 0;
  for (let k = 0; k < REPLAY_ROUNDS; k++) {
    const replay = await openLoop(redis, callsPerSecond, REPLAY_SECONDS, () =>
      store.queue.statusMany('cap', Array.from({ length: size }, () => users[Math.floor(Math.random() * REAL)]!).map((u) => ({ token: u.token, heartbeat: { at: clock.now(), userId: u.userId } })), 0),
    );
    replayRedis.push(replay.redisUs);
    replayHost.push(replay.clientUs - (await idle(callsPerSecond, size)).clientUs);
    // A poll's own host CPU at the real run's pace: its polls replayed open loop through QueueService (random
    // waiters, no timers), less the loop's own driving. In a closed loop a poll costs less.
    tally.on = true;
    const polled = await openLoop(redis, measured.pollsPerSecond, REPLAY_SECONDS, () => {
      const u = users[Math.floor(Math.random() * REAL)]!;
      return box.queue.status('cap', u.token, u.userId);
    });
    tally.on = false;
    polledCalls += polled.calls;
    polledHost.push(polled.clientUs - (await idle(measured.pollsPerSecond, 1)).clientUs);
  }
  // The host's part of a call: the store client's CPU per read is taken from the calls of 50 (whose fixed part it carries).
  const hostCallUs = Math.max(0, median(replayHost) - (size * write.clientUs) / batch);
  // Each replayed poll less its share of the calls it went out in.
  const polledPerCall = polledCalls / Math.max(1, tally.calls - realCalls);
  const costs: Costs = {
    redisWriteUs,
    redisSkipUs: skip.redisUs / batch,
    ...(lean ? { redisLeanSkipUs: lean.skip.redisUs / batch, redisLeanWriteUs: lean.write.redisUs / batch } : {}),
    redisCallUs: Math.max(0, median(replayRedis) - size * redisWriteUs),
    hostCallUs,
    hostUs: Math.max(0, median(polledHost) - hostCallUs / polledPerCall),
    readsPerCall,
  };
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
    `Costs measured in this run: Redis CPU per status read ${fmt(costs.redisSkipUs)} µs without a heartbeat write, ${fmt(costs.redisWriteUs)} µs with one (statusMany of ${batch})${costs.redisLeanSkipUs === undefined ? '' : `, by seq ${fmt(costs.redisLeanSkipUs)} µs without a heartbeat and ${fmt(costs.redisLeanWriteUs!)} µs with one (linePlaces of ${batch}: a remembered waiter's poll on a line past ${fmt(LONG_LINE)}, which the projections for such lines take)`}; host CPU per QueueService.status ${fmt(costs.hostUs)} µs (the real run's polls replayed open loop for ${REPLAY_SECONDS} s, the median of ${REPLAY_ROUNDS} replays, less their calls' fixed part); on top, per store call, ${fmt(costs.redisCallUs)} µs of Redis and ${fmt(costs.hostCallUs)} µs of host CPU (the real run's calls replayed open loop for ${REPLAY_SECONDS} s, the median of ${REPLAY_ROUNDS}: ${fmt(callsPerSecond)} calls/s of ${size} reads, less their reads' cost in calls of ${batch}). The real run's host sent ${fmt(readsPerCall)} polls a store call: how polls gather is the host's event loop, not Redis, so the projection takes it as measured.`,
    '',
    '| | polls/s | heartbeat writes/s | Redis cores (queue shard) | host cores |',
    '|---|---|---|---|---|',
    row(`projected, 10^${Math.log10(TARGET)} waiting (poll cap ${pace.pollCapMs / 1000} s, idle ${pace.idleMs / 1000} s, slack ${pace.heartbeatSlackMs / 1000} s)`, atTarget, atTarget.heartbeatWritesPerSecond),
    row(`projected, ${fmt(REAL)} waiting`, atReal, atReal.heartbeatWritesPerSecond),
    row(`measured, ${fmt(REAL)} real waiters for ${SECONDS} s (host: less ${fmt(measured.waiterCores)} core of the waiters' own timers)`, measured),
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

/** Process CPU (cores) of `n` timers that each fire every `everyMs` (random first phase) and do nothing else, over `seconds`. */
async function idleWaiters(n: number, everyMs: number, seconds: number): Promise<number> {
  let stop = false;
  const timers = new Set<NodeJS.Timeout>();
  const arm = (ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stop) arm(everyMs);
    }, ms);
    timers.add(t);
  };
  for (let i = 0; i < n; i++) arm(Math.random() * everyMs);
  await new Promise((r) => setTimeout(r, 1_000));
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const c = process.cpuUsage(c0);
  const cores = (c.user + c.system) / 1e6 / ((Date.now() - t0) / 1000);
  stop = true;
  for (const t of timers) clearTimeout(t);
  return cores;
}
