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
export function registerSuites(name: string, makeStore: () => Promise<BoxofficeStore>, numRuns?: number): void {
  runConformance({ name, makeStore });
  queuePropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  purchaseLimitPropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  refundPropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  waitlistPropertySuite({ name, makeStore, ...(numRuns === undefined ? {} : { numRuns }) });
  // Fewer runs: every run adds five partitions, and the feed reads each listed stream per page.
  eventPropertySuite({ name, makeStore, numRuns: Math.min(numRuns ?? 30, 30) });
}
