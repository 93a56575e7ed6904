import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { BoxofficeStore } from '../shared/store.js';
import type { QueuePropertyTarget } from './properties/run-config.js';
import { queuePropertyRuns, replayParameters } from './properties/run-config.js';
import { queueSchedulerProperty } from './properties/scheduled.js';
import { queueModelProperty } from './properties/sequential.js';

export { QueueModel, type ModelTick, type ModelToken, type QueueModelRule } from './queue-model.js';
export { QueueWatch, queueOrder, type ObservedToken, type QueueLimits } from './properties/watch.js';
export { queuePropertyRuns, type QueuePropertyTarget } from './properties/run-config.js';
export { queueModelProperty } from './properties/sequential.js';
export { queueSchedulerProperty } from './properties/scheduled.js';

/**
 * Model-based property tests of the waiting queues of sales (SPEC "Invariants", "Pre-queue and the
 * fair start"), for any adapter:
 *  - sequential: random command sequences (enter, status, leave, complete, requireActive, tick, and
 *    clock steps small, large and onto the next deadline or opening) run against the real Boxoffice
 *    and a plain model (queue-model.ts) over two sales, one opening later with a pre-queue; after each
 *    command the real store must keep every invariant and agree with the model;
 *  - concurrent: several Boxoffice instances on one store, with fc.scheduler choosing the order in
 *    which their store calls run; every state observed between calls must keep the invariants.
 * Every run uses fresh sale ids, so one store serves all runs (network stores are slow to make).
 * A failure prints fast-check's seed and path; to replay it, run only that test (vitest -t) with
 * FC_SEED=<seed> FC_PATH=<path>. FC_NUM_RUNS sets the number of runs.
 * The command classes live in ./properties/, one a file.
 */

export interface QueuePropertySuiteOptions {
  readonly name: string;
  /** Called once per property (two per suite), closed after it. */
  readonly makeStore: () => Promise<BoxofficeStore>;
  readonly reset?: (store: BoxofficeStore) => Promise<void>;
  /** Defaults to FC_NUM_RUNS, else 100. */
  readonly numRuns?: number;
  /** Per property; defaults to a generous bound that grows with numRuns. */
  readonly timeoutMs?: number;
}

/** Registers the queue property tests with vitest. */
export function queuePropertySuite(options: QueuePropertySuiteOptions): void {
  const numRuns = options.numRuns ?? queuePropertyRuns();
  const timeout = options.timeoutMs ?? Math.max(120_000, numRuns * 1_000);
  const withStore = async (body: (target: QueuePropertyTarget) => Promise<void>): Promise<void> => {
    const store = await options.makeStore();
    const reset = options.reset;
    try {
      await body({ store, ...(reset ? { reset: () => reset(store) } : {}) });
    } finally {
      await store.close();
    }
  };
  describe(`queue properties: ${options.name}`, () => {
    it(
      `sequential commands over sales agree with the model and keep every queue invariant (${numRuns} runs)`,
      () => withStore((target) => fc.assert(queueModelProperty(target), { numRuns, ...replayParameters() })),
      timeout,
    );
    it(
      `concurrent instances under fc.scheduler keep capacity, queue order, the draw and the other invariants (${numRuns} runs)`,
      () => withStore((target) => fc.assert(queueSchedulerProperty(target), { numRuns, ...replayParameters() })),
      timeout,
    );
  });
}
