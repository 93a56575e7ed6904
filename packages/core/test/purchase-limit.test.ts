import { describe, expect, it } from 'vitest';
import type { ReservationPrimitives } from '../src/index.js';
import { isDeadEntry } from '../src/index.js';

const entry = { reservationId: 's.r', seats: 2, expiresAt: 10_000 };
const hold = (state: ReservationPrimitives['state']): ReservationPrimitives => ({
  id: 's.r',
  userId: 'u',
  scheduleId: 's',
  seats: [1, 2],
  amount: 2,
  state,
  createdAt: 0,
  expiresAt: 10_000,
  paymentId: state === 'held' ? null : 'p',
});

describe('isDeadEntry (which allowance entries the purchase limit gives back)', () => {
  it('gives back cancelled and expired holds at once', () => {
    expect(isDeadEntry(entry, hold('cancelled'), 0, 5_000)).toBe(true);
    expect(isDeadEntry(entry, hold('expired'), 0, 5_000)).toBe(true);
  });

  it('keeps a held hold, and one that never landed (maybe in flight), until its expiry plus the pay grace', () => {
    for (const r of [hold('held'), null]) {
      expect(isDeadEntry(entry, r, 10_000, 5_000)).toBe(false);
      expect(isDeadEntry(entry, r, 14_999, 5_000)).toBe(false);
      expect(isDeadEntry(entry, r, 15_000, 5_000)).toBe(true);
    }
  });

  it('never gives back a hold being paid for or sold', () => {
    expect(isDeadEntry(entry, hold('paying'), 1e12, 0)).toBe(false);
    expect(isDeadEntry(entry, hold('confirmed'), 1e12, 0)).toBe(false);
  });
});
