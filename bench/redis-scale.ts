/**
 * How the Redis queue scales to a million waiting tokens, on a private redis-server (spare port, temp folder,
 * persistence off), in one run:
 *
 *   node --conditions=source --import tsx bench/redis-scale.ts [--count 1000000] [--small 1000]
 *     [--inflight 200] [--lookups 2000] [--batch 100] [--rounds 20] [--user-id-length 36] [--out file.json]
 *
 * Two queues on the same server: `small` with --small waiting tokens and `large` with --count. It measures
 *  - enter throughput: QueueService.enter filling the large queue, --inflight calls in flight;
 *  - memory per waiting token: INFO used_memory before and after that fill, over --count, and again once every
 *    waiter has polled once by seq with a heartbeat (the lean path: each seq's slot of the beats array);
 *  - status latency: QueueService.status (heartbeat + position) of tokens at random waiting positions, one call
 *    at a time, mean and p99 over --lookups per queue;
 *  - beside each client-side time, the time Redis itself spent in the scripts (INFO commandstats, reset around
 *    each block), which a busy machine disturbs far less;
 *  - tick time: QueueService.tick when a batch of sessions has lapsed, so it expires --batch sessions, finds
 *    no idle token, and admits --batch from the head (tickBatch = maxActive = --batch). Untimed between ticks,
 *    --batch new users enter at the tail, so each queue keeps its size.
 * Status and tick rounds alternate between the two queues, so machine noise hits both alike.
 * It prints a table, then the figures as JSON (and writes them to --out when given).
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createBoxoffice } from '@boxoffice/core';
import type { Boxoffice } from '@boxoffice/core';
import { ManualClock, RandomIds } from '@boxoffice/core/testing';
import { createRedisStore } from '@boxoffice/adapter-redis';
import type { RedisStore } from '@boxoffice/adapter-redis';
import { inParallel } from '../packages/adapters/redis/test/fixtures/system.js';
import { startRedis } from '../packages/adapters/redis/test/private-server.js';
import { queueMemory } from './lib/queue-memory.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    small: { type: 'string', default: '1000' },
    inflight: { type: 'string', default: '200' },
    lookups: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '20' },
    'user-id-length': { type: 'string', default: '0' },
    out: { type: 'string' },
  },
});
const COUNT = Number(args.count);
const SMALL = Number(args.small);
const INFLIGHT = Number(args.inflight);
const LOOKUPS = Number(args.lookups);
const BATCH = Number(args.batch);
const ROUNDS = Number(args.rounds);
/** User ids padded to this many characters (36: a UUID's); 0 leaves them as `<queue>-<n>`. */
const USER_ID_LENGTH = Number(args['user-id-length']);

interface Line {
  readonly name: string;
  readonly size: number;
  /** Each queue's own time: it moves only to let a batch of sessions lapse. */
  readonly clock: ManualClock;
  readonly bo: Boxoffice;
  /** Tokens in entry order; those before `head` have been admitted. */
  readonly tokens: Array<{ token: string; userId: string }>;
  head: number;
  nextUser: number;
  readonly statusMs: number[];
  readonly tickMs: number[];
  /** Time Redis itself spent in the scripts (INFO commandstats), free of client and scheduling noise. */
  readonly server: { statusUs: number; statusCalls: number; tickUs: number; ticks: number };
}

function line(store: RedisStore, name: string, size: number): Line {
  const clock = new ManualClock(Date.UTC(2030, 0, 1));
  const bo = createBoxoffice({
    store,
    clock,
    ids: new RandomIds({ record: false }),
    // Sessions lapse after one second of this clock; nobody idles out; admission is bounded by the batch only.
    config: { maxActive: BATCH, tickBatch: BATCH, admitPerMinute: 1_000_000_000, sessionTtl: 1, idleTimeout: 10_000_000 },
  });
  return { name, size, clock, bo, tokens: [], head: 0, nextUser: 0, statusMs: [], tickMs: [], server: { statusUs: 0, statusCalls: 0, tickUs: 0, ticks: 0 } };
}

async function enter(l: Line, n: number, progress = false): Promise<void> {
  const start = l.tokens.length;
  l.tokens.length = start + n;
  let done = 0;
  await inParallel(n, INFLIGHT, async (i) => {
    const userId = `${l.name}-${l.nextUser + i}`.padEnd(USER_ID_LENGTH, '-');
    const { status } = await l.bo.queue.enter(l.name, userId);
    l.tokens[start + i] = { token: status.token, userId };
    if (progress && ++done % 100_000 === 0) process.stderr.write(`  entered ${done.toLocaleString('en')} of ${n.toLocaleString('en')}\n`);
  });
  l.nextUser += n;
}

async function usedMemory(store: RedisStore): Promise<number> {
  const info = await store.client.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)![1]);
}

/** Calls and microseconds of scripts run since the last CONFIG RESETSTAT. */
async function scriptStats(store: RedisStore): Promise<{ calls: number; usec: number }> {
  await store.client.config('RESETSTAT');
  return { calls: 0, usec: 0 };
}

async function readScriptStats(store: RedisStore): Promise<{ calls: number; usec: number }> {
  const info = await store.client.info('commandstats');
  let calls = 0;
  let usec = 0;
  for (const m of info.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+),usec=(\d+)/gm)) {
    calls += Number(m[1]);
    usec += Number(m[2]);
  }
  return { calls, usec };
}

async function statusBlock(store: RedisStore, l: Line, n: number): Promise<void> {
  await scriptStats(store);
  for (let i = 0; i < n; i++) {
    const { token, userId } = l.tokens[l.head + Math.floor(Math.random() * (l.tokens.length - l.head))]!;
    const t0 = performance.now();
    const status = await l.bo.queue.status(l.name, token, userId);
    l.statusMs.push(performance.now() - t0);
    if (status.state !== 'waiting') throw new Error(`${l.name}: looked up a ${status.state} token`);
  }
  const stats = await readScriptStats(store);
  l.server.statusUs += stats.usec;
  l.server.statusCalls += stats.calls;
}

async function tickRound(store: RedisStore, l: Line): Promise<void> {
  l.clock.advance(1_001);
  await scriptStats(store);
  const t0 = performance.now();
  const report = await l.bo.queue.tick(l.name);
  l.tickMs.push(performance.now() - t0);
  l.server.tickUs += (await readScriptStats(store)).usec;
  l.server.ticks++;
  if (report.expiredSessions.length !== BATCH || report.admitted.length !== BATCH || report.expiredIdle.length !== 0) {
    throw new Error(`${l.name}: tick did ${report.expiredSessions.length}/${report.expiredIdle.length}/${report.admitted.length}`);
  }
  l.head += BATCH;
  await enter(l, BATCH);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const server = await startRedis();
let store: RedisStore | undefined;
try {
  store = await createRedisStore({ url: server.url, prefix: 'scale' });
  const small = line(store, 'small', SMALL);
  const large = line(store, 'large', COUNT);
  await enter(small, SMALL);

  process.stderr.write(`filling ${COUNT.toLocaleString('en')} waiting tokens on redis-server :${server.port} (${INFLIGHT} in flight)\n`);
  const memBefore = await usedMemory(store);
  await scriptStats(store);
  const t0 = performance.now();
  await enter(large, COUNT, true);
  const fillSeconds = (performance.now() - t0) / 1000;
  const fillStats = await readScriptStats(store);
  const memAfter = await usedMemory(store);
  const perKey = await queueMemory(store.client, store.keys.queue('large').meta.slice(0, -'meta'.length), COUNT);
  // Then every waiter's poll once, as the lean path sends it: a place by seq with a heartbeat (calls of 1,000), which
  // gives each its slot of the beats array (b:h). Seqs the line does not hold answer null and get none.
  for (let from = 0; from <= COUNT; from += 1000) {
    const seqs = Array.from({ length: 1000 }, (_, i) => from + i);
    await store.queue.linePlaces!('large', seqs, { at: large.clock.now(), seqs });
  }
  const memBeaten = await usedMemory(store);

  // First admission of each queue, untimed: from here on every tick expires a batch and admits one.
  for (const l of [small, large]) {
    await l.bo.queue.tick(l.name);
    l.head += BATCH;
    await enter(l, BATCH);
  }
  // One untimed round each, so JIT and connection warm-up land on neither size.
  for (const l of [small, large]) {
    await statusBlock(store, l, 50);
    await tickRound(store, l);
    l.statusMs.length = 0;
    l.tickMs.length = 0;
    Object.assign(l.server, { statusUs: 0, statusCalls: 0, tickUs: 0, ticks: 0 });
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [small, large] : [large, small];
    for (const l of order) await statusBlock(store, l, Math.ceil(LOOKUPS / ROUNDS));
    for (const l of order) await tickRound(store, l);
  }
  const counts = { small: await small.bo.queue.counts('small'), large: await large.bo.queue.counts('large') };

  const figures = {
    redis: (await store.client.info('server')).match(/^redis_version:(.+)$/m)?.[1]?.trim(),
    waiting: { small: counts.small.waiting, large: counts.large.waiting },
    enter: {
      tokens: COUNT,
      inflight: INFLIGHT,
      seconds: r3(fillSeconds),
      perSecond: Math.round(COUNT / fillSeconds),
      serverUsPerEnter: r3(fillStats.usec / fillStats.calls),
    },
    memory: {
      bytesPerWaitingToken: r3((memAfter - memBefore) / COUNT),
      bytesPerWaitingTokenPolled: r3((memBeaten - memBefore) / COUNT),
      usedMemoryBefore: memBefore,
      usedMemoryAfter: memAfter,
      usedMemoryPolled: memBeaten,
      perKeyBytesPerToken: perKey,
    },
    statusMs: {
      small: { lookups: small.statusMs.length, mean: r3(mean(small.statusMs)), p50: r3(pct(small.statusMs, 50)), p99: r3(pct(small.statusMs, 99)) },
      large: { lookups: large.statusMs.length, mean: r3(mean(large.statusMs)), p50: r3(pct(large.statusMs, 50)), p99: r3(pct(large.statusMs, 99)) },
      ratioMean: r3(mean(large.statusMs) / mean(small.statusMs)),
      ratioP50: r3(pct(large.statusMs, 50) / pct(small.statusMs, 50)),
      ratioP99: r3(pct(large.statusMs, 99) / pct(small.statusMs, 99)),
      serverUs: { small: r3(small.server.statusUs / small.server.statusCalls), large: r3(large.server.statusUs / large.server.statusCalls) },
      ratioServer: r3(large.server.statusUs / large.server.statusCalls / (small.server.statusUs / small.server.statusCalls)),
    },
    tickMs: {
      batch: BATCH,
      small: { ticks: small.tickMs.length, median: r3(pct(small.tickMs, 50)), mean: r3(mean(small.tickMs)) },
      large: { ticks: large.tickMs.length, median: r3(pct(large.tickMs, 50)), mean: r3(mean(large.tickMs)) },
      ratioMedian: r3(pct(large.tickMs, 50) / pct(small.tickMs, 50)),
      serverUs: { small: r3(small.server.tickUs / small.server.ticks), large: r3(large.server.tickUs / large.server.ticks) },
      ratioServer: r3(large.server.tickUs / large.server.ticks / (small.server.tickUs / small.server.ticks)),
    },
  };

  const rows: Array<[string, string, string, string]> = [
    ['', `${SMALL.toLocaleString('en')} waiting`, `${COUNT.toLocaleString('en')} waiting`, 'ratio'],
    ['status mean (ms)', String(figures.statusMs.small.mean), String(figures.statusMs.large.mean), String(figures.statusMs.ratioMean)],
    ['status p50 (ms)', String(figures.statusMs.small.p50), String(figures.statusMs.large.p50), String(figures.statusMs.ratioP50)],
    ['status p99 (ms)', String(figures.statusMs.small.p99), String(figures.statusMs.large.p99), String(figures.statusMs.ratioP99)],
    ['status, in Redis (µs)', String(figures.statusMs.serverUs.small), String(figures.statusMs.serverUs.large), String(figures.statusMs.ratioServer)],
    [`tick median (ms, ${BATCH}+${BATCH})`, String(figures.tickMs.small.median), String(figures.tickMs.large.median), String(figures.tickMs.ratioMedian)],
    ['tick, in Redis (µs)', String(figures.tickMs.serverUs.small), String(figures.tickMs.serverUs.large), String(figures.tickMs.ratioServer)],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const fmt = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(fmt(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(fmt(r));
  console.log(
    `enter: ${figures.enter.perSecond.toLocaleString('en')} tokens/s (${COUNT.toLocaleString('en')} in ${figures.enter.seconds} s, ${INFLIGHT} in flight; ` +
      `${figures.enter.serverUsPerEnter} µs each in Redis)`,
  );
  console.log(`memory: ${figures.memory.bytesPerWaitingToken} bytes per waiting token on entry (${JSON.stringify(perKey)} by key); ${figures.memory.bytesPerWaitingTokenPolled} once each has polled (its slot of the beats array)`);
  console.log(JSON.stringify(figures, null, 2));
  if (args.out) writeFileSync(args.out, `${JSON.stringify(figures, null, 2)}\n`);
} finally {
  await store?.close();
  await server.stop();
}
