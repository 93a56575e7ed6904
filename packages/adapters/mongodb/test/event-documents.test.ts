import type { EventDraft, PaymentPrimitives, ReservationPrimitives } from '@boxoffice/core';
import { drafts, isDomainError } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import {
  byPartition,
  decodeCursor,
  encodeCursor,
  eventDocs,
  eventFromDoc,
  heldBy,
  partitionHead,
  partitionOf,
  sequencePlan,
  takeableLease,
  TRIM_EVERY,
  trimUpTo,
} from '../src/documents/events.js';

const reservation: ReservationPrimitives = {
  id: 'sch1.r1',
  scheduleId: 'sch1',
  userId: 'alice',
  seats: [1, 2],
  amount: 200,
  state: 'held',
  paymentId: null,
  createdAt: 1,
  expiresAt: 61,
} as ReservationPrimitives;

const payment = {
  id: 'p1',
  userId: 'alice',
  reservationId: 'sch1.r1',
  queueId: 'sale1',
  token: 'sale1.t1',
  amount: 200,
} as PaymentPrimitives;

const refuses = (cursor: string) => {
  try {
    decodeCursor(cursor);
    return null;
  } catch (error) {
    return isDomainError(error) ? error.code : error;
  }
};

describe('event partitions', () => {
  it('follow the Redis hash tags: the queue and sale events in the sale, seats in the schedule, money in the user, sale.changed in the sales', () => {
    expect(partitionOf(drafts.admitted({ queueId: 'sale1', token: 't', userId: 'alice' }, 9, 1))).toBe('q:sale1');
    expect(partitionOf(drafts.ended({ queueId: 'sale1', token: 't', userId: 'alice' }, 'left', 1))).toBe('q:sale1');
    expect(partitionOf(drafts.opened('sale1', 1))).toBe('q:sale1');
    expect(partitionOf(drafts.soldOut('sale1', 1))).toBe('q:sale1');
    expect(partitionOf(drafts.held(reservation, 1))).toBe('s:sch1');
    expect(partitionOf(drafts.released(reservation, 'cancelled', 1))).toBe('s:sch1');
    expect(partitionOf(drafts.paymentCompleted(payment as PaymentPrimitives, 1))).toBe('u:alice');
    expect(partitionOf(drafts.paymentAborted(payment as PaymentPrimitives, 'hold_expired', 1))).toBe('u:alice');
    expect(partitionOf(drafts.charged('alice', { id: 'e1', type: 'charge', amount: 5, balanceAfter: 5, at: 1, ref: 'e1' }))).toBe('u:alice');
    expect(partitionOf(drafts.saleChanged('sale1', { mode: 'paused' }, 1))).toBe('sales');
    expect(partitionHead('u:alice')).toBe('ev|u:alice');
  });

  it('refuse an event without the id of its partition (a bug, never stored under a wrong partition)', () => {
    const orphan = { ...drafts.opened('sale1', 1), saleId: null } as EventDraft;
    expect(() => partitionOf(orphan)).toThrow(/needs the id of its partition/);
  });

  it('group a step’s drafts by partition, each in the order the step appended them', () => {
    const a = drafts.opened('sale1', 1);
    const b = drafts.held(reservation, 1);
    const c = drafts.admitted({ queueId: 'sale1', token: 't', userId: 'alice' }, 9, 1);
    expect([...byPartition([a, b, c])]).toEqual([
      ['q:sale1', [a, c]],
      ['s:sch1', [b]],
    ]);
  });
});

describe('event documents', () => {
  it('number a step’s events from the partition head, unsequenced, and read back as the event with its id', () => {
    const held = drafts.held(reservation, 7);
    const released = drafts.released(reservation, 'expired', 8);
    const docs = eventDocs('s:sch1', 41, [held, released]);
    expect(docs.map((d) => [d._id, d.p, d.s, d.g])).toEqual([
      ['s:sch1/41', 's:sch1', 41, null],
      ['s:sch1/42', 's:sch1', 42, null],
    ]);
    expect(eventFromDoc(docs[0]!)).toEqual({ id: 's:sch1/41', ...held });
    expect(eventFromDoc({ ...docs[1]!, g: 3 })).toEqual({ id: 's:sch1/42', ...released });
  });

  it('give a sequencing run consecutive feed places ending at the head, in the order given', () => {
    expect(sequencePlan(['u:a/1', 'u:a/2', 'u:b/1'], 10)).toEqual([
      { _id: 'u:a/1', g: 8 },
      { _id: 'u:a/2', g: 9 },
      { _id: 'u:b/1', g: 10 },
    ]);
    expect(sequencePlan([], 10)).toEqual([]);
  });
});

describe('event retention', () => {
  it('trims a partition to its last `keep` events when an append crosses a multiple of TRIM_EVERY', () => {
    expect(TRIM_EVERY).toBe(100);
    expect(trimUpTo(99, 1, 50)).toBeNull();
    expect(trimUpTo(100, 1, 50)).toBe(50);
    expect(trimUpTo(101, 1, 50)).toBeNull();
    // A step of several events that jumps over the multiple trims too.
    expect(trimUpTo(201, 3, 50)).toBe(151);
    // Nothing to trim while the partition is within its retention.
    expect(trimUpTo(100, 1, 10_000)).toBeNull();
    expect(trimUpTo(10_100, 1, 10_000)).toBe(100);
  });
});

describe('the feed cursor', () => {
  it('is URL-safe and round-trips the feed place', () => {
    for (const g of [0, 1, 7, 123_456_789, Number.MAX_SAFE_INTEGER]) {
      const cursor = encodeCursor(g);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toBe(g);
    }
  });

  it('does not grow with the partitions read: one number', () => {
    expect(encodeCursor(Number.MAX_SAFE_INTEGER).length).toBeLessThan(40);
  });

  it('refuses with validation_failed a cursor this store did not make', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of [
      'not a cursor',
      '%%%',
      'Zm9v', // "foo"
      '',
      'm12', // a memory cursor
      b64('{"g":-1}'),
      b64('{"g":1.5}'),
      b64('{"g":"1"}'),
      b64('{"g":1,"x":2}'),
      b64('[1]'),
      b64('null'),
      b64('{ "g": 1 }'), // not the canonical spelling
      encodeCursor(1) + '=',
      'A'.repeat(65),
    ]) {
      expect(refuses(bad), bad).toBe('validation_failed');
    }
  });
});

describe('delivery lease filters', () => {
  it('take a lease that is the owner’s own or lapsed (a released one has until 0), and hold it only before until', () => {
    expect(takeableLease('hooks', 'h1', 50)).toEqual({ _id: 'hooks', $or: [{ owner: 'h1' }, { until: { $lte: 50 } }] });
    expect(heldBy('hooks', 'h1', 50)).toEqual({ _id: 'hooks', owner: 'h1', until: { $gt: 50 } });
  });
});
