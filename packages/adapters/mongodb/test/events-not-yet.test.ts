import { isDomainError } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { MongoEventsNotYet } from '../src/mongo-events.js';

describe('MongoDB events (no outbox yet)', () => {
  it('refuses every feed call with store_unavailable rather than serving a feed that misses events', async () => {
    const feed = new MongoEventsNotYet();
    for (const call of [() => feed.read(), () => feed.lease(), () => feed.commit(), () => feed.releaseLease()]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDomainError(error) && error.code).toBe('store_unavailable');
    }
  });
});
