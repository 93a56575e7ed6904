import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { QueuePropertySuiteOptions } from './queue-properties.js';
import { propertySuiteSettings, replayParameters } from './properties/run-config.js';
import { waitlistModelProperty } from './properties/waitlist.js';
import { waitlistSchedulerProperty } from './properties/waitlist-scheduled.js';

export { waitlistInvariants, waitlistModelProperty } from './properties/waitlist.js';
export { waitlistSchedulerProperty } from './properties/waitlist-scheduled.js';

/** Registers the waiting list's model-based properties (sequential, and fc.scheduler) with vitest, for any adapter with a waiting list. */
export function waitlistPropertySuite(options: QueuePropertySuiteOptions): void {
  const { numRuns, timeout, withStore } = propertySuiteSettings(options);
  describe(`waiting list properties: ${options.name}`, () => {
    it(`joins, leaves, releases, refunds, payments, offer expiries and two-host ticks keep FIFO offers, one per seat and person, no seat free to outsiders (${numRuns} runs)`, () =>
      withStore((store) => fc.assert(waitlistModelProperty({ store }), { numRuns, ...replayParameters() })), timeout);
    it(`two hosts ticking, refunding, paying and racing outsider holds under fc.scheduler: every seat that came back offered once, in list order, never to an outsider (${numRuns} runs)`, () =>
      withStore((store) => fc.assert(waitlistSchedulerProperty({ store }), { numRuns, ...replayParameters() })), timeout);
  });
}
