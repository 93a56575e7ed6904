import { createMemoryStore } from '@boxoffice/adapter-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoxofficeStore } from '../shared/store.js';
import { blindRefundSweep, doubleRefund, naiveStore, refundKeepsSeats, repeatCredit } from './broken-adapters.js';
import type { QueuePropertyTarget } from './queue-properties.js';
import { refundModelProperty, refundSchedulerProperty } from './refund-properties.js';

// The refund properties pass a good store and fail stores with one known refund bug.

type Property = (target: QueuePropertyTarget) => fc.IAsyncProperty<unknown>;

async function check(property: Property, wrap: (store: BoxofficeStore) => BoxofficeStore, numRuns = 100) {
  const details = await fc.check(property({ store: wrap(createMemoryStore()) }), { numRuns });
  const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  if (details.failed) console.log(`[refund self-test] broken store caught, as expected, after ${details.numRuns} runs: ${message.split('\n')[0]}`);
  return { failed: details.failed, message };
}

describe('refund properties', () => {
  it('pass the memory store and the naive control store', async () => {
    for (const wrap of [(s: BoxofficeStore) => s, naiveStore]) {
      for (const property of [refundModelProperty, refundSchedulerProperty] as Property[]) {
        const { failed, message } = await check(property, wrap, 50);
        expect(failed, message).toBe(false);
      }
    }
  }, 120_000);

  for (const [name, wrap] of [['doubleRefund', doubleRefund], ['repeatCredit', repeatCredit], ['refundKeepsSeats', refundKeepsSeats]] as const) {
    for (const [kind, property] of [['sequential', refundModelProperty], ['scheduled', refundSchedulerProperty]] as const) {
      it(`the ${kind} property catches ${name}`, async () => {
        const { failed, message } = await check(property as Property, wrap, 500);
        expect(failed, `${name} passed the ${kind} refund property`).toBe(true);
        expect(message).toMatch(/\[refund\]|refund/);
      }, 120_000);
    }
  }

  it('the sequential property catches a sweep that never finishes a fenced refund (blindRefundSweep)', async () => {
    const { failed, message } = await check(refundModelProperty, blindRefundSweep, 500);
    expect(failed, 'blindRefundSweep passed the sequential refund property').toBe(true);
    expect(message).toMatch(/refund left pending/);
  }, 120_000);
});
