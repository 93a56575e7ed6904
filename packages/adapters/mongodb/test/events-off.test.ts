import { isDomainError } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { MongoEventsOff } from '../src/mongo-events.js';

describe('MongoDB events without transactions (no outbox)', () => {
  it('refuses every feed call with store_unavailable rather than serving a feed that misses events', async () => {
    const feed = new MongoEventsOff();
    for (const call of [() => feed.read(), () => feed.lease(), () => feed.commit(), () => feed.releaseLease()]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDomainError(error) && error.code).toBe('store_unavailable');
    }
  });
});

describe('MongoDB waiting list (not yet)', () => {
  it('reads as an empty inactive list and refuses every change with store_unavailable', async () => {
    const { MongoWaitlistNotYet } = await import('../src/mongo-waitlist.js');
    const list = new MongoWaitlistNotYet();
    expect(await list.meta()).toEqual({ active: false, gen: 0, waiting: 0 });
    expect(await list.get()).toBeNull();
    for (const call of [() => list.join(), () => list.leave(), () => list.activate(), () => list.claim(), () => list.open(), () => list.settle()]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDomainError(error) && error.code).toBe('store_unavailable');
    }
  });
});
