import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { QueuePropertySuiteOptions } from './queue-properties.js';
import { propertySuiteSettings, replayParameters } from './properties/run-config.js';
import { refundModelProperty, refundSchedulerProperty } from './properties/refund.js';

export { refundModelProperty, refundSchedulerProperty } from './properties/refund.js';

/** Registers the refunds' model-based properties (sequential with faults, and fc.scheduler) with vitest, for any adapter. */
export function refundPropertySuite(options: QueuePropertySuiteOptions): void {
  const { numRuns, timeout, withStore } = propertySuiteSettings(options, 1_500);
  describe(`refund properties: ${options.name}`, () => {
    it(`buys, racing refunds with faults, sweeps and the clock past refundUntil: one refund per payment, balances equal ledgers, refunded seats free (${numRuns} runs)`, () =>
      withStore((store) => fc.assert(refundModelProperty({ store }), { numRuns, ...replayParameters() })), timeout);
    it(`refunds by payer and operator on two hosts racing a sweep under fc.scheduler: each payment refunded once (${numRuns} runs)`, () =>
      withStore((store) => fc.assert(refundSchedulerProperty({ store }), { numRuns, ...replayParameters() })), timeout);
  });
}
