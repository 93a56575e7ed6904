import { createBoxoffice, type BoxofficeStore, type QueueRepository } from '@boxoffice/core';
import { createMemoryStore, CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import type { BenchOptions } from '../lib/args.js';
import type { PrivateRedis } from '../lib/redis-server.js';
import { usedMemory } from '../lib/redis-server.js';
import type { Report } from '../lib/report.js';
import { closedLoop, median, msSince, now } from '../lib/stats.js';
import { hasRedisAdapter } from '../lib/subjects.js';
import { openRedisStore } from '../lib/redis-store.js';

const ADMIT_PER_TICK = 10;

interface Level {
  readonly size: number;
  /** Median µs of one status call (a heartbeat with a position). */
  readonly statusUs: number;
  /** Median µs of one tick that admits ADMIT_PER_TICK tokens. */
  readonly tickUs: number;
  /** Redis used_memory growth per waiting token entered so far. */
  readonly bytesPerToken: number | null;
}

/** Fills `repo` up to `target` waiting tokens, `concurrency` enters in flight. */
async function fill(repo: QueueRepository, queueId: string, from: number, target: number, concurrency: number): Promise<void> {
  const ids = new CryptoIdGenerator();
  const at = Date.now();
  await closedLoop(target - from, concurrency, (i) => {
    const n = from + i;
    return repo.enter({ token: ids.newToken(), queueId, userId: `u${n}`, state: 'waiting', enteredAt: at, lastSeenAt: at, activatedAt: null, activeUntil: null, endedAt: null });
  });
}

/** Status and tick cost as the waiting queue grows 10^3 → 10^6, on one store. */
async function levels(store: BoxofficeStore, o: BenchOptions, concurrency: number, memoryOf: (() => number) | null): Promise<Level[]> {
  const queueId = 'scale';
  // A tick admits ADMIT_PER_TICK tokens; nobody idles out or ends a session during the run.
  const box = createBoxoffice({
    store,
    clock: new SystemClock(),
    ids: new CryptoIdGenerator(),
    config: { maxActive: 1_000_000, admitPerMinute: 1_000_000, idleTimeout: 36_000, sessionTtl: 36_000, tickBatch: ADMIT_PER_TICK },
  });
  const samples = o.quick ? 200 : 2000;
  const ticks = o.quick ? 10 : 30;
  const base = memoryOf?.() ?? 0;
  const out: Level[] = [];
  let filled = 0;
  let admitted = 0;
  for (const size of o.sizes) {
    await fill(store.queue, queueId, filled + admitted, size + admitted, concurrency);
    filled = size;
    const bytesPerToken = memoryOf ? (memoryOf() - base) / (filled + admitted) : null;
    const statusTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      // The tail half of the queue: positions stay large.
      const n = admitted + Math.floor(size / 2) + Math.floor(Math.random() * (size / 2));
      const view = await store.queue.view(queueId, await tokenOf(store.queue, queueId, n), undefined);
      const t0 = now();
      await box.queue.status(queueId, view!.token.token, view!.token.userId);
      statusTimes.push(msSince(t0) * 1000);
    }
    const tickTimes: number[] = [];
    for (let i = 0; i < ticks; i++) {
      const t0 = now();
      const r = await box.queue.tick(queueId);
      tickTimes.push(msSince(t0) * 1000);
      admitted += r.admitted.length;
      filled -= r.admitted.length;
    }
    out.push({ size, statusUs: median(statusTimes), tickUs: median(tickTimes), bytesPerToken });
  }
  return out;
}

// Tokens are random, so find one by its user: enter() of a live user returns its token.
async function tokenOf(repo: QueueRepository, queueId: string, n: number): Promise<string> {
  const at = Date.now();
  const r = await repo.enter({ token: 'unused-' + n, queueId, userId: `u${n}`, state: 'waiting', enteredAt: at, lastSeenAt: at, activatedAt: null, activeUntil: null, endedAt: null });
  return r.token.token;
}

function addLevels(report: Report, label: string, list: Level[], cmd: string): void {
  const first = list[0];
  if (!first) return;
  for (const level of list.slice(1)) {
    const exp = Math.round(Math.log10(level.size));
    const base = Math.round(Math.log10(first.size));
    report.add({
      group: 'scaling', name: `${label} status at 10^${exp} waiting`, value: level.statusUs, unit: 'µs',
      baseline: { name: `status at 10^${base}`, value: first.statusUs, unit: 'µs' }, target: level.size >= 1_000_000 ? { op: '<=', value: 1.3, on: 'ratio' } : null, command: cmd,
    });
    report.add({
      group: 'scaling', name: `${label} tick (admit ${ADMIT_PER_TICK}) at 10^${exp} waiting`, value: level.tickUs, unit: 'µs',
      baseline: { name: `tick at 10^${base}`, value: first.tickUs, unit: 'µs' }, target: level.size >= 1_000_000 ? { op: '<=', value: 1.3, on: 'ratio' } : null, command: cmd,
    });
  }
}

export async function measureScaling(report: Report, redis: PrivateRedis, o: BenchOptions): Promise<void> {
  const cmd = `npm run bench -- --only scaling --sizes ${o.sizes.join(',')}`;
  const memory = await levels(createMemoryStore(), o, 1, null);
  report.facts.scalingMemory = memory;
  addLevels(report, 'memory', memory, cmd);
  if (!hasRedisAdapter()) {
    report.skip('scaling-redis', 'packages/adapters/redis has not landed');
    return;
  }
  const store = await openRedisStore(redis.url, `bench-scale-${process.pid}`);
  try {
    const list = await levels(store, o, 256, () => usedMemory(redis));
    report.facts.scalingRedis = list;
    addLevels(report, 'Redis', list, cmd);
    const last = list.at(-1)!;
    report.add({
      group: 'scaling', name: `Redis memory per waiting token (${last.size.toLocaleString('en-US')} entered)`, value: last.bytesPerToken ?? NaN, unit: 'B',
      baseline: null, target: { op: '<=', value: 150, on: 'value' }, command: cmd,
      note: 'INFO memory used_memory growth divided by the tokens entered (waiting plus the few admitted).',
    });
  } finally {
    await store.close();
  }
}
