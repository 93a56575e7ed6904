import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { QueuePropertySuiteOptions } from './queue-properties.js';
import { propertySuiteSettings, replayParameters } from './properties/run-config.js';
import { purchaseLimitModelProperty, purchaseLimitSchedulerProperty } from './properties/purchase-limit.js';

export { purchaseLimitModelProperty, purchaseLimitSchedulerProperty } from './properties/purchase-limit.js';

/** Registers the purchase limit's model-based properties (sequential and fc.scheduler) with vitest, for any adapter. */
export function purchaseLimitPropertySuite(options: QueuePropertySuiteOptions): void {
  const { numRuns, timeout, withStore } = propertySuiteSettings(options);
  describe(`purchase limit properties: ${options.name}`, () => {
    it(`sequential holds, cancels, payments, clock steps and ticks refuse exactly past the limit (${numRuns} runs)`, () =>
      withStore((store) => fc.assert(purchaseLimitModelProperty({ store }), { numRuns, ...replayParameters() })), timeout);
    it(`parallel holds of one buyer on two hosts under fc.scheduler never pass the limit (${numRuns} runs)`, () =>
      withStore((store) => fc.assert(purchaseLimitSchedulerProperty({ store }), { numRuns, ...replayParameters() })), timeout);
  });
}
