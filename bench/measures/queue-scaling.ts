import { createBoxoffice, type Boxoffice, type BoxofficeStore } from '@boxoffice/core';
import { createMemoryStore, CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import type { BenchOptions } from '../lib/args.js';
import type { PrivateRedis } from '../lib/redis-server.js';
import { usedMemory } from '../lib/redis-server.js';
import type { Report } from '../lib/report.js';
import { closedLoop, median, msSince, now } from '../lib/stats.js';
import { hasRedisAdapter } from '../lib/subjects.js';
import { openRedisStore } from '../lib/redis-store.js';
import { queueMemory } from '../lib/queue-memory.js';

const ADMIT_PER_TICK = 10;
const BASE = 'scale-base';
const MAIN = 'scale-main';

/** One waiting line and the users in it, in order, for status lookups and top-ups. */
class Line {
  readonly users: { token: string; userId: string }[] = [];
  head = 0;
  entered = 0;
  constructor(
    readonly queueId: string,
    private readonly box: Boxoffice,
  ) {}

  get waiting(): number {
    return this.users.length - this.head;
  }

  /** Enters users until `size` wait. */
  async fill(size: number, concurrency: number): Promise<void> {
    const missing = size - this.waiting;
    if (missing <= 0) return;
    const from = this.users.length;
    this.users.length = from + missing;
    await closedLoop(missing, concurrency, async (i) => {
      const userId = `${this.queueId}-user${this.entered + i}`;
      const r = await this.box.queue.enter(this.queueId, userId);
      this.users[from + i] = { token: r.status.token, userId };
    });
    this.entered += missing;
  }

  /** A user from the back half of the line, so positions stay large. */
  pick(): { token: string; userId: string } {
    const n = this.waiting;
    return this.users[this.head + Math.floor(n / 2) + Math.floor(Math.random() * (n / 2))]!;
  }

  async timedStatus(): Promise<number> {
    // The bench's own record is read before the clock starts: a caller holds its token and user id.
    const { token, userId } = this.pick();
    const t0 = now();
    await this.box.queue.status(this.queueId, token, userId);
    return msSince(t0) * 1000;
  }

  async timedTick(): Promise<number> {
    const t0 = now();
    await this.box.queue.tick(this.queueId);
    return msSince(t0) * 1000;
  }
}

interface Level {
  readonly size: number;
  /** Median µs of one status call (a heartbeat and a position) at this size, and on the 10^3 line in the same rounds. */
  readonly statusUs: number;
  readonly baseStatusUs: number;
  /** Median µs of one tick admitting ADMIT_PER_TICK, at this size and on the 10^3 line. */
  readonly tickUs: number;
  readonly baseTickUs: number;
  /** Redis used_memory growth per token entered on the big line. */
  readonly bytesPerToken: number | null;
}

/**
 * Status and tick cost as the waiting line grows, each level against a line
 * of the smallest size measured in the same interleaved rounds: a baseline
 * taken minutes earlier would carry the machine's noise into the ratio.
 */
export async function levels(store: BoxofficeStore, o: BenchOptions, concurrency: number, memoryOf: (() => number) | null): Promise<Level[]> {
  const box = createBoxoffice({
    store,
    clock: new SystemClock(),
    ids: new CryptoIdGenerator(),
    config: { maxActive: 100_000_000, admitPerMinute: 100_000_000, idleTimeout: 36_000, sessionTtl: 36_000, tickBatch: ADMIT_PER_TICK },
  });
  const smallest = o.sizes[0]!;
  const base = new Line(BASE, box);
  const main = new Line(MAIN, box);
  await base.fill(smallest, concurrency);
  const rounds = o.quick ? 3 : 7;
  const samples = o.quick ? 50 : 300;
  const ticks = o.quick ? 3 : 8;
  const mem0 = memoryOf?.() ?? 0;
  const out: Level[] = [];
  for (const size of o.sizes.slice(1)) {
    await main.fill(size, concurrency);
    const bytesPerToken = memoryOf ? (memoryOf() - mem0) / main.entered : null;
    const times = { status: [[], []] as number[][], tick: [[], []] as number[][] };
    for (let r = 0; r < rounds; r++) {
      // Alternate which line goes first, so warm-up and drift fall on both.
      const order: [number, Line][] = r % 2 === 0 ? [[0, base], [1, main]] : [[1, main], [0, base]];
      for (const [k, line] of order) {
        for (let i = 0; i < samples; i++) times.status[k]!.push(await line.timedStatus());
        for (let i = 0; i < ticks; i++) times.tick[k]!.push(await line.timedTick());
      }
      // Admitted users leave the line's head; top both lines back up to their size (untimed).
      for (const line of [base, main]) {
        line.head += ticks * ADMIT_PER_TICK;
        await line.fill(line === base ? smallest : size, concurrency);
      }
    }
    out.push({ size, statusUs: median(times.status[1]!), baseStatusUs: median(times.status[0]!), tickUs: median(times.tick[1]!), baseTickUs: median(times.tick[0]!), bytesPerToken });
  }
  return out;
}

function exp(n: number): string {
  return `10^${Math.round(Math.log10(n))}`;
}

function addLevels(report: Report, label: string, list: Level[], smallest: number, cmd: string): void {
  for (const level of list) {
    const target = level.size >= 1_000_000 ? { op: '<=' as const, value: 1.3, on: 'ratio' as const } : null;
    report.add({
      group: 'scaling', name: `${label} status at ${exp(level.size)} waiting`, value: level.statusUs, unit: 'µs',
      baseline: { name: `status at ${exp(smallest)}, same rounds`, value: level.baseStatusUs, unit: 'µs' }, target, command: cmd,
    });
    report.add({
      group: 'scaling', name: `${label} tick (admit ${ADMIT_PER_TICK}) at ${exp(level.size)} waiting`, value: level.tickUs, unit: 'µs',
      baseline: { name: `tick at ${exp(smallest)}, same rounds`, value: level.baseTickUs, unit: 'µs' }, target, command: cmd,
    });
  }
}

export async function measureScaling(report: Report, redis: PrivateRedis, o: BenchOptions): Promise<void> {
  const cmd = `npm run bench -- --only scaling --sizes ${o.sizes.join(',')}`;
  const smallest = o.sizes[0]!;
  const memory = await levels(createMemoryStore(), o, 1, null);
  report.facts.scalingMemory = memory;
  addLevels(report, 'memory', memory, smallest, cmd);
  if (!hasRedisAdapter()) {
    report.skip('scaling-redis', 'packages/adapters/redis has not landed');
    return;
  }
  const prefix = `bench-scale-${process.pid}`;
  const store = await openRedisStore(redis.url, prefix);
  try {
    const list = await levels(store, o, 256, () => usedMemory(redis));
    report.facts.scalingRedis = list;
    addLevels(report, 'Redis', list, smallest, cmd);
    const last = list.at(-1)!;
    const parts = await queueMemory(store.client, `${prefix}:{q:${MAIN}}:`, last.size);
    report.facts.redisBytesPerToken = parts;
    report.add({
      group: 'scaling', name: `Redis memory per waiting token (${exp(last.size)} waiting)`, value: last.bytesPerToken ?? NaN, unit: 'B',
      baseline: null, target: { op: '<=', value: 150, on: 'value' }, command: cmd,
      note: `INFO used_memory growth / tokens entered on the line. MEMORY USAGE by key: ${Object.entries(parts).map(([k, v]) => `${k} ${v} B`).join(', ')}.`,
    });
  } finally {
    await store.close();
  }
}
