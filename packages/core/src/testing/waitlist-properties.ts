import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { QueuePropertySuiteOptions } from './queue-properties.js';
import { queuePropertyRuns, replayParameters } from './properties/run-config.js';
import { waitlistModelProperty } from './properties/waitlist.js';

export { waitlistInvariants, waitlistModelProperty } from './properties/waitlist.js';

/** Registers the waiting list's model-based property with vitest, for any adapter with a waiting list. */
export function waitlistPropertySuite(options: QueuePropertySuiteOptions): void {
  const numRuns = options.numRuns ?? queuePropertyRuns();
  const timeout = options.timeoutMs ?? Math.max(120_000, numRuns * 1_000);
  describe(`waiting list properties: ${options.name}`, () => {
    it(`joins, leaves, releases, payments, offer expiries and two-host ticks keep FIFO offers, one per seat and person, no seat free to outsiders (${numRuns} runs)`, async () => {
      const store = await options.makeStore();
      try {
        await fc.assert(waitlistModelProperty({ store }), { numRuns, ...replayParameters() });
      } finally {
        await store.close();
      }
    }, timeout);
  });
}
