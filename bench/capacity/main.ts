/**
 * `npm run capacity` (issue 17): measures the status path's per-operation costs on a private
 * redis-server, runs --real waiters (default 10^5, library clients in this process, no HTTP) for
 * --seconds (in windows of 5 s, each followed by the replays that measure the costs), and projects
 * one queue of 10^6 waiters at the server's own pacing (polls/s, heartbeat writes/s, Redis CPU on
 * the queue's shard, host cores) from the costs and from how many polls the
 * real run's host sent a store call; it checks the projection for --real waiters against what they
 * measured, within 20%. Writes bench/results/capacity.{json,md}.
 *
 * --pre-queue: the waiters join a sale before it opens (the pre-queue, each with its draw key), and the costs and
 * the real run are measured after the opening, on drawn tokens: a large on-sale's early crowd. Writes
 * bench/results/capacity-pre-queue.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { LONG_LINE, paceOf } from '@boxoffice/core';
import { cpuSeconds } from '../lib/cpu.js';
import { startPrivateRedis } from '../lib/redis-server.js';
import { openRedisStore } from '../lib/redis-store.js';
import { fmt } from '../lib/report.js';
import { median } from '../lib/stats.js';
import { fillLine, metered, OffsetClock, openLoop, statusBox } from '../lib/status-costs.js';
import { replayOnWheel, WaiterWheel } from '../lib/waiter-wheel.js';
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
/** The real run is cut into windows this long, each followed by the replays that measure its costs (a round). */
const WINDOW_SECONDS = 5;
const ROUNDS = Math.max(1, Math.round(SECONDS / WINDOW_SECONDS));
/** How long a restarted line polls before its window opens. */
const WARM_SECONDS = 3;
/** How long a window's store calls, and its polls, are replayed for their costs. */
const REPLAY_SECONDS = 5;
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
  const tally = { on: false, calls: 0, reads: 0, polls: 0 };
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

  // The real run, side by side with the replays that measure its costs: ROUNDS rounds, each a window of the real
  // waiters (every one polling at the pollAfterMs it is told, from a random phase of its interval), then the waiters
  // stopped while their wheel's own CPU and the replays are measured, then restarted. This VM's speed drifts by
  // 20-60% within a minute: measured in turn, the drift falls on the costs and on the measurement alike, and each
  // side is the median of its rounds.
  console.log(`running ${REAL} waiters for ${ROUNDS} windows of ${WINDOW_SECONDS} s, each followed by the replays ...`);
  clock.offset = baseOffset;
  const every = new Float64Array(REAL);
  let generation = 0;
  const poll = async (i: number, gen: number): Promise<void> => {
    const u = users[i]!;
    const s = await box.queue.status('cap', u.token, u.userId);
    every[i] = s.pollAfterMs;
    if (tally.on) tally.polls += 1;
    if (gen === generation && s.pollAfterMs > 0) wheel.at(i, s.pollAfterMs);
  };
  const wheel = new WaiterWheel((i) => void poll(i, generation).catch(() => undefined));
  const startWaiters = () => {
    generation += 1;
    for (let i = 0; i < REAL; i++) wheel.at(i, Math.random() * every[i]!);
    wheel.start();
  };
  const stopWaiters = async () => {
    generation += 1;
    wheel.stop();
    await sleep(500); // the polls in flight land
  };
  (await Promise.all(users.map((u) => box.queue.status('cap', u.token, u.userId)))).forEach((s, i) => (every[i] = s.pollAfterMs));
  clock.offset += 1_000;
  const redisWriteUs = write.redisUs / batch;
  // The replays' own driving (a timer each millisecond, picking waiters), which no host spends: the same loop calling nothing.
  const idle = (perSecond: number, picks: number) =>
    openLoop(redis, perSecond, 2, () => Promise.resolve(Array.from({ length: picks }, () => users[Math.floor(Math.random() * REAL)]!)));
  const rounds: { polls: number; wall: number; calls: number; reads: number; redisCores: number; hostCores: number; waiterCores: number; size: number; replayRedis: number; replayHost: number; polledHost: number; polledPerCall: number }[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    startWaiters();
    // The first round also waits out the collection of what the fill and the first reads left behind.
    await sleep(k === 0 ? 10_000 : WARM_SECONDS * 1000);
    Object.assign(tally, { on: true, calls: 0, reads: 0, polls: 0 });
    const r0 = cpuSeconds(redis.pid);
    const c0 = process.cpuUsage();
    const t0 = Date.now();
    await sleep(WINDOW_SECONDS * 1000);
    const wall = (Date.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const redisCores = (cpuSeconds(redis.pid) - r0) / wall;
    tally.on = false;
    const window = { polls: tally.polls, wall, calls: tally.calls, reads: tally.reads, redisCores, hostCores: (c.user + c.system) / 1e6 / wall };
    await stopWaiters();
    const pollsPerSecond = window.polls / wall;
    // The simulated waiters' own CPU (their wheel and callbacks, in this process), which no host spends: the same
    // wheel at the same rate with nothing to do, taken off the window's host CPU.
    const waiterCores = await idleWaiters(REAL, (1000 * REAL) / pollsPerSecond, 3);
    // The fixed part of a store call, as this window's host sent them: calls of its mean batch at its call rate,
    // open loop, each read writing a heartbeat; what their reads cost at batches of 50 is taken off below.
    // (Redis between calls sits idle, and a call that wakes it costs more than one in a closed loop.)
    const size = Math.max(1, Math.round(window.reads / Math.max(1, window.calls)));
    const callsPerSecond = window.calls / wall;
    const replay = await openLoop(redis, callsPerSecond, REPLAY_SECONDS, () =>
      store.queue.statusMany('cap', Array.from({ length: size }, () => users[Math.floor(Math.random() * REAL)]!).map((u) => ({ token: u.token, heartbeat: { at: clock.now(), userId: u.userId } })), 0),
    );
    const replayHost = replay.clientUs - (await idle(callsPerSecond, size)).clientUs;
    // A poll's own host CPU at the window's pace: as many polls of random waiters through QueueService, at random
    // times over REPLAY_SECONDS on a wheel like the real waiters', less the wheel's own driving (the same fires
    // doing nothing). Driven by a loop of its own instead (openLoop), a poll read 10-40% cheaper than in the
    // window beside it: that loop's idle twin costs twice the wheel's, and taking it off took part of the poll.
    Object.assign(tally, { on: true, calls: 0, reads: 0 });
    const polled = await replayOnWheel(REAL, pollsPerSecond, REPLAY_SECONDS, (i) => {
      const u = users[i]!;
      void box.queue.status('cap', u.token, u.userId).catch(() => undefined);
    });
    tally.on = false;
    const polledHost = polled.clientUs - (await replayOnWheel(REAL, pollsPerSecond, 2, () => undefined)).clientUs;
    console.log(`round ${k + 1}: host ${fmt(window.hostCores)} core less ${fmt(waiterCores)} of the wheel, Redis ${fmt(redisCores)}; replayed call ${fmt(replay.redisUs)} µs Redis, ${fmt(replayHost)} µs host; poll ${fmt(polledHost)} µs host`);
    rounds.push({ ...window, hostCores: Math.max(0, window.hostCores - waiterCores), waiterCores, size, replayRedis: replay.redisUs, replayHost, polledHost, polledPerCall: polled.fires / Math.max(1, tally.calls) });
  }
  const med = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
  const totals = rounds.reduce((a, r) => ({ polls: a.polls + r.polls, wall: a.wall + r.wall, calls: a.calls + r.calls, reads: a.reads + r.reads }), { polls: 0, wall: 0, calls: 0, reads: 0 });
  const measured = { pollsPerSecond: totals.polls / totals.wall, redisCores: med((r) => r.redisCores), hostCores: med((r) => r.hostCores), waiterCores: med((r) => r.waiterCores) };
  const readsPerCall = totals.reads / Math.max(1, totals.calls);
  // Per round: a call's fixed part on each side (the store client's CPU per read taken from the calls of 50, whose
  // fixed part it carries), and a replayed poll less its share of the calls it went out in.
  const perRound = rounds.map((r) => {
    const hostCallUs = Math.max(0, r.replayHost - (r.size * write.clientUs) / batch);
    return { redisCallUs: Math.max(0, r.replayRedis - r.size * redisWriteUs), hostCallUs, hostUs: Math.max(0, r.polledHost - hostCallUs / r.polledPerCall) };
  });
  const costs: Costs = {
    redisWriteUs,
    redisSkipUs: skip.redisUs / batch,
    ...(lean ? { redisLeanSkipUs: lean.skip.redisUs / batch, redisLeanWriteUs: lean.write.redisUs / batch } : {}),
    redisCallUs: median(perRound.map((r) => r.redisCallUs)),
    hostCallUs: median(perRound.map((r) => r.hostCallUs)),
    hostUs: median(perRound.map((r) => r.hostUs)),
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
    `Costs measured in this run: Redis CPU per status read ${fmt(costs.redisSkipUs)} µs without a heartbeat write, ${fmt(costs.redisWriteUs)} µs with one (statusMany of ${batch})${costs.redisLeanSkipUs === undefined ? '' : `, by seq ${fmt(costs.redisLeanSkipUs)} µs without a heartbeat and ${fmt(costs.redisLeanWriteUs!)} µs with one (linePlaces of ${batch}: a remembered waiter's poll on a line past ${fmt(LONG_LINE)}, which the projections for such lines take)`}; host CPU per QueueService.status ${fmt(costs.hostUs)} µs (as many polls as each window's, of random waiters, replayed for ${REPLAY_SECONDS} s, less their calls' fixed part); on top, per store call, ${fmt(costs.redisCallUs)} µs of Redis and ${fmt(costs.hostCallUs)} µs of host CPU (each window's calls replayed open loop for ${REPLAY_SECONDS} s: ${fmt(med((r) => r.calls / r.wall))} calls/s of ${fmt(med((r) => r.size))} reads, less their reads' cost in calls of ${batch}). Each figure is the median of ${ROUNDS} rounds, a round being a ${WINDOW_SECONDS} s window of the real waiters and then its replays, so that the machine's drift falls on both sides. The real run's host sent ${fmt(readsPerCall)} polls a store call: how polls gather is the host's event loop, not Redis, so the projection takes it as measured.`,
    '',
    '| | polls/s | heartbeat writes/s | Redis cores (queue shard) | host cores |',
    '|---|---|---|---|---|',
    row(`projected, 10^${Math.log10(TARGET)} waiting (poll cap ${pace.pollCapMs / 1000} s, idle ${pace.idleMs / 1000} s, slack ${pace.heartbeatSlackMs / 1000} s)`, atTarget, atTarget.heartbeatWritesPerSecond),
    row(`projected, ${fmt(REAL)} waiting`, atReal, atReal.heartbeatWritesPerSecond),
    row(`measured, ${fmt(REAL)} real waiters, ${ROUNDS} windows of ${WINDOW_SECONDS} s (median; host: less ${fmt(measured.waiterCores)} core of the waiters' own wheel)`, measured),
    `| projection within 20% of the measurement | ${checks.polls ? 'yes' : '**no**'} | — | ${checks.redis ? 'yes' : '**no**'} | ${checks.host ? 'yes' : '**no**'} |`,
    '',
    `One Redis shard (one core at 70%) serves about ${fmt(perShard)} waiters of one queue at this pace; one host core (at 60%) about ${fmt(perHostCore)}.`,
    `Target for 10^6: Redis CPU on the shard <= 0.3 core: ${atTarget.redisCores <= 0.3 ? 'met' : '**missed**'} (${fmt(atTarget.redisCores)}).`,
    '',
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  const out = PRE_QUEUE ? 'bench/results/capacity-pre-queue' : 'bench/results/capacity';
  writeFileSync(`${out}.md`, md);
  writeFileSync(`${out}.json`, JSON.stringify({ costs, atTarget, atReal, measured, checks, perShard, perHostCore, rounds, cmd }, null, 2) + '\n');
  console.log(md);
} finally {
  await store.close();
  await redis.stop();
}
process.exit(0);

/** Process CPU (cores) of `n` waiters on a wheel that each fire every `everyMs` (random first phase) and do nothing else, over `seconds`. */
async function idleWaiters(n: number, everyMs: number, seconds: number): Promise<number> {
  const wheel: WaiterWheel = new WaiterWheel((i) => wheel.at(i, everyMs));
  for (let i = 0; i < n; i++) wheel.at(i, Math.random() * everyMs);
  wheel.start();
  await sleep(1_000);
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const c = process.cpuUsage(c0);
  const cores = (c.user + c.system) / 1e6 / ((Date.now() - t0) / 1000);
  wheel.stop();
  return cores;
}
