import { createMemoryStore } from '@boxoffice/adapter-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoxofficeStore } from '../shared/store.js';
import { naiveAllowances, naiveStore, noSessionFence } from './broken-adapters.js';
import type { QueuePropertyTarget } from './queue-properties.js';
import { purchaseLimitModelProperty, purchaseLimitSchedulerProperty } from './purchase-limit-properties.js';

// The purchase limit's properties pass a good store and fail stores with one known allowance bug.

type Property = (target: QueuePropertyTarget) => fc.IAsyncProperty<unknown>;

async function check(property: Property, wrap: (store: BoxofficeStore) => BoxofficeStore, numRuns = 100) {
  const details = await fc.check(property({ store: wrap(createMemoryStore()) }), { numRuns });
  const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  if (details.failed) console.log(`[purchase-limit self-test] broken store caught, as expected, after ${details.numRuns} runs: ${message.split('\n')[0]}`);
  return { failed: details.failed, message };
}

describe('purchase limit properties', () => {
  it('pass the memory store and the naive control store', async () => {
    for (const wrap of [(s: BoxofficeStore) => s, naiveStore]) {
      for (const property of [purchaseLimitModelProperty, purchaseLimitSchedulerProperty] as Property[]) {
        const { failed, message } = await check(property, wrap, 50);
        expect(failed, message).toBe(false);
      }
    }
  }, 120_000);

  it('the scheduled property catches a racy allowance', async () => {
    const { failed, message } = await check(purchaseLimitSchedulerProperty as Property, naiveAllowances({ racyReserve: true }), 5_000);
    expect(failed).toBe(true);
    expect(message).toContain('[purchase-limit]');
  }, 120_000);

  it('the scheduled property catches one session paying twice (payments fenced per reservation only)', async () => {
    // Two payments must race past the fence in one schedule: found in a few hundred runs on average; the run stops at the first.
    const { failed, message } = await check(purchaseLimitSchedulerProperty as Property, noSessionFence, 5_000);
    expect(failed).toBe(true);
    expect(message).toMatch(/one session completed|debits for/);
  }, 120_000);

  it('the sequential property catches an allowance that counts holds, and one whose release drops every entry', async () => {
    for (const bug of [{ countHolds: true }, { releaseDropsAll: true }]) {
      // Stops at the first failure: the budget only matters for an unlucky seed.
      const { failed, message } = await check(purchaseLimitModelProperty, naiveAllowances(bug), 5_000);
      expect(failed, JSON.stringify(bug)).toBe(true);
      expect(message).toContain('[purchase-limit]');
    }
  }, 120_000);
});
