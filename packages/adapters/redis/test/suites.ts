import type { BoxofficeStore } from '@boxoffice/core';
import { eventPropertySuite, purchaseLimitPropertySuite, queuePropertySuite, refundPropertySuite, runConformance, waitlistPropertySuite } from '@boxoffice/core/testing';
import type { RedisStoreOptions } from '../src/index.js';
import { createRedisStore } from '../src/index.js';
import { deletePrefix, uniquePrefix } from './redis-env.js';

/**
 * A makeStore for the kits: every store gets its own key prefix, and its
 * close() first deletes the keys under that prefix (and nothing else).
 */
export function storeFactory(tag: string, connect: () => RedisStoreOptions): () => Promise<BoxofficeStore> {
  return async () => {
    const prefix = uniquePrefix(tag);
    const store = await createRedisStore({ ...connect(), prefix });
    return {
      ...store,
      close: async () => {
        try {
          await deletePrefix(store.client, prefix);
        } finally {
          await store.close();
        }
      },
    };
  };
}

/** The shared suites every Redis deployment must pass. */
export function registerSuites(name: string, makeStore: () => Promise<BoxofficeStore>, numRuns?: number, skip?: Readonly<Record<string, string>>): void {
  runConformance({ name, makeStore, ...(skip === undefined ? {} : { skip }) });
  queuePropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  purchaseLimitPropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  refundPropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  waitlistPropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  // Fewer runs: every run adds five partitions, and the feed reads each listed stream per page.
  eventPropertySuite({ name, makeStore, numRuns: Math.min(numRuns ?? 30, 30) });
}

/**
 * Checks a deployment variant leaves to conformance.test.ts (one Redis): `sale/draw-uniform` tests core's
 * HMAC order kept by the pre-queue's sorted set, the same script on every variant, in 2.2 x 10^5 calls
 * (35-40 s each on a replica or a cluster). The draw's order itself is checked on every variant
 * (`sale/draw-verifiable`, `sale/draw-once-across-hosts`).
 */
export const LEFT_TO_SINGLE: Readonly<Record<string, string>> = {
  'sale/draw-uniform': 'the same sorted set and script as on one Redis (conformance.test.ts), where it runs',
};
