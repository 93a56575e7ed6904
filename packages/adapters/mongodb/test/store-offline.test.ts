import { isDomainError } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, createMongoStore, INDEXES } from '../src/index.js';

// What can be checked with the real driver and no server: start-up fails fast and typed,
// and the index plan holds the invariants the issue names.

describe('createMongoStore with no server', () => {
  it('fails with store_unavailable, its cause the driver\'s server selection error', async () => {
    const started = Date.now();
    const error = await createMongoStore({ url: 'mongodb://127.0.0.1:1/bo_offline?serverSelectionTimeoutMS=300', log: () => undefined }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(error, 'store_unavailable')).toBe(true);
    expect((error as { cause?: Error }).cause?.name).toBe('MongoServerSelectionError');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a retention that is not a positive integer before connecting (validation_failed)', async () => {
    for (const eventsPerPartition of [0, -1, 1.5]) {
      const error = await createMongoStore({ url: 'mongodb://127.0.0.1:1/bo_offline', eventsPerPartition, log: () => undefined }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDomainError(error, 'validation_failed'), String(eventsPerPartition)).toBe(true);
    }
  });
});

describe('the index plan', () => {
  const unique = (collection: keyof typeof COLLECTIONS) =>
    INDEXES[collection].filter((i) => i.unique === true).map((i) => ({ key: i.key, partial: i.partialFilterExpression ?? null }));

  it('one live token per user and queue', () => {
    expect(unique('tokens')).toEqual([{ key: { queueId: 1, userId: 1 }, partial: { live: true } }]);
  });

  it('one holder per seat', () => {
    expect(unique('seats')).toEqual([{ key: { scheduleId: 1, number: 1 }, partial: null }]);
  });

  it('one ledger entry per wallet idempotency key, and per ledger position', () => {
    expect(unique('ledger')).toEqual([
      { key: { userId: 1, seq: 1 }, partial: null },
      { key: { userId: 1, key: 1 }, partial: { key: { $type: 'string' } } },
    ]);
  });

  it('one live payment per reservation and per session (queue token)', () => {
    expect(unique('payments')).toEqual([
      { key: { userId: 1, reservationId: 1 }, partial: { live: true } },
      { key: { userId: 1, token: 1 }, partial: { live: true } },
    ]);
  });

  it('one event per partition place; the feed order and the unsequenced events in partition order are indexed', () => {
    expect(unique('events')).toEqual([{ key: { p: 1, s: 1 }, partial: null }]);
    expect(INDEXES.events.map((i) => i.key)).toContainEqual({ g: 1, p: 1, s: 1 });
  });

  it('ended tokens and old idempotency records expire through TTL indexes', () => {
    expect(INDEXES.tokens.find((i) => i.name === 'purge_ended')).toMatchObject({ key: { purgeAt: 1 }, expireAfterSeconds: 0 });
    expect(INDEXES.idempotency.find((i) => i.name === 'purge_expired')).toMatchObject({ key: { purgeAt: 1 }, expireAfterSeconds: 0 });
  });

  it('the queue reads it needs are indexed: line order, both sweeps, the admission window, the draw', () => {
    const keys = INDEXES.tokens.map((i) => i.key);
    // The head and the positions: waiting tokens in line order (the pre-queue by draw key, then by seq).
    expect(keys).toContainEqual({ queueId: 1, state: 1, line: 1 });
    expect(keys).toContainEqual({ queueId: 1, drawKey: 1 });
    expect(keys).toContainEqual({ queueId: 1, state: 1, lastSeenAt: 1 });
    expect(keys).toContainEqual({ queueId: 1, state: 1, activeUntil: 1 });
    expect(keys).toContainEqual({ queueId: 1, activatedAt: 1 });
    // The FIFO gap scan walks seqs in every state.
    expect(keys).toContainEqual({ queueId: 1, seq: 1 });
  });
});
