import fc from 'fast-check';
import type { Boxoffice } from '../../boxoffice.js';
import type { BoxofficeConfig } from '../../shared/config.js';
import type { BoxofficeStore } from '../../shared/store.js';
import type { QueueLimits } from './watch.js';

export interface QueuePropertyTarget {
  readonly store: BoxofficeStore;
  /** Runs before every run, e.g. to clear a store; runs use fresh ids, so most stores need none. */
  readonly reset?: () => Promise<void>;
}

/** Small pools, so commands collide. */
export const WINDOW_MS = 60_000;
export const USERS = ['u0', 'u1', 'u2', 'u3'] as const;
export const QUEUES_PER_RUN = 2;

export interface RunConfig {
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly sessionTtl: number;
  readonly idleTimeout: number;
  /** The most tokens one tick step touches; small values make ticks leave work for the next one. */
  readonly tickBatch: number;
  /** How long after the run starts the first sale opens (the second is open from the start). */
  readonly opensInMs: number;
}

export const runConfigArb: fc.Arbitrary<RunConfig> = fc.record({
  maxActive: fc.integer({ min: 1, max: 3 }),
  // Small enough next to maxActive that the 60-second window, not only capacity, holds admission back.
  admitPerMinute: fc.integer({ min: 2, max: 4 }),
  sessionTtl: fc.constantFrom(15, 40, 90),
  idleTimeout: fc.constantFrom(5, 12, 30),
  tickBatch: fc.oneof({ weight: 2, arbitrary: fc.constant(1_000) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
  opensInMs: fc.constantFrom(0, 3_000, 30_000, 90_000),
});

export function boxofficeConfig(c: RunConfig): Partial<BoxofficeConfig> {
  return { maxActive: c.maxActive, admitPerMinute: c.admitPerMinute, sessionTtl: c.sessionTtl, idleTimeout: c.idleTimeout, tickBatch: c.tickBatch };
}

export function limitsOf(c: RunConfig, opensAt: number): QueueLimits {
  return { maxActive: c.maxActive, admitPerMinute: c.admitPerMinute, windowMs: WINDOW_MS, opensAt };
}

export interface RunSales {
  readonly queueIds: readonly string[];
  readonly opensAt: readonly number[];
  /** Each sale's seed, read from the store (the model draws with it). */
  readonly seeds: readonly string[];
}

/**
 * The run's sales, one queue each: the first opens `opensInMs` from now (its
 * early entrants form a pre-queue), the others at once. One small concert
 * gives each its own schedule.
 */
export async function createRunSales(bo: Boxoffice, tag: string, config: RunConfig): Promise<RunSales> {
  const now = bo.options.clock.now();
  const scheduleIds = Array.from({ length: QUEUES_PER_RUN }, (_, i) => `${tag}s${i}`);
  await bo.catalog.publish([
    {
      id: `${tag}c`,
      name: 'Property concert',
      schedules: scheduleIds.map((id) => ({ id, startsAt: '2027-06-01T19:00:00Z', seats: [{ number: 1, price: 1 }] })),
    },
  ]);
  const queueIds = scheduleIds.map((_, i) => `${tag}q${i}`);
  const opensAt = queueIds.map((_, i) => (i === 0 ? now + config.opensInMs : now));
  const seeds: string[] = [];
  for (const [i, id] of queueIds.entries()) {
    await bo.sales.create({ id, scheduleIds: [scheduleIds[i]!], opensAt: new Date(opensAt[i]!).toISOString() });
    seeds.push((await bo.store.sales.get(id))!.seed);
  }
  return { queueIds, opensAt, seeds };
}

// Every run gets a tag unique in this process and across processes, so runs never meet on a
// shared store: queue ids and tokens (which a store may key globally) both carry it.
let runCounter = 0;
const processTag = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;

export function freshRunTag(): string {
  runCounter += 1;
  return `qp${processTag}r${runCounter}`;
}

/** FC_NUM_RUNS (the root `npm run test:deep` sets 1000), else 100. */
export function queuePropertyRuns(): number {
  const raw = process.env.FC_NUM_RUNS;
  const n = raw === undefined ? NaN : Number.parseInt(raw, 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 100;
}

/** FC_SEED and FC_PATH replay a reported failure: fast-check prints both. */
export function replayParameters(): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return {
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : {}),
    ...(path !== undefined && path !== '' ? { path } : {}),
  };
}

/** A property suite's runs, its per-test timeout (`perRunMs` each, two minutes at least) and a fresh store per test, closed after it. */
export function propertySuiteSettings(options: { numRuns?: number; timeoutMs?: number; makeStore: () => Promise<BoxofficeStore> }, perRunMs = 1_000) {
  const numRuns = options.numRuns ?? queuePropertyRuns();
  const timeout = options.timeoutMs ?? Math.max(120_000, numRuns * perRunMs);
  const withStore = async (body: (store: BoxofficeStore) => Promise<void>): Promise<void> => {
    const store = await options.makeStore();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  };
  return { numRuns, timeout, withStore };
}
