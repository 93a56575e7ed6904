import type { ReservationPrimitives } from '@boxoffice/core';
import { isDomainError } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import type { ReservationDoc, SeatDoc } from '../src/documents/seats.js';
import {
  claimFailure,
  deadPendingFilter,
  occupies,
  PENDING_DEAD_MS,
  pendingInsertPipeline,
  reservationFromDoc,
  reservationToDoc,
  takenSeatsFrom,
} from '../src/documents/seats.js';

const reservation: ReservationPrimitives = {
  id: 's1.abc',
  userId: 'u1',
  scheduleId: 's1',
  seats: [3, 4],
  amount: 2007,
  state: 'held',
  createdAt: 1000,
  expiresAt: 301_000,
  paymentId: null,
};


describe('reservation and seat documents', () => {
  it('a reservation round-trips', () => {
    const doc = reservationToDoc(reservation);
    expect(doc._id).toBe(reservation.id);
    expect(reservationFromDoc(doc)).toEqual(reservation);
    expect(reservationFromDoc(reservationToDoc({ ...reservation, state: 'paying', paymentId: 'p1' }))).toMatchObject({ paymentId: 'p1' });
  });

  it('occupies: paying and confirmed always, held until it lapses, nothing else', () => {
    expect(occupies({ state: 'held', expiresAt: 10 }, 9)).toBe(true);
    expect(occupies({ state: 'held', expiresAt: 10 }, 10)).toBe(false);
    expect(occupies({ state: 'paying', expiresAt: 10 }, 99)).toBe(true);
    expect(occupies({ state: 'confirmed', expiresAt: 10 }, 99)).toBe(true);
    expect(occupies({ state: 'cancelled', expiresAt: 99 }, 1)).toBe(false);
    expect(occupies({ state: 'expired', expiresAt: 99 }, 1)).toBe(false);
  });

  it('taken seats follow the reservation each seat names; a missing one frees the seat', () => {
    const r = (id: string, state: ReservationDoc['state'], expiresAt = 100): ReservationDoc => ({
      ...reservationToDoc(reservation),
      _id: id,
      state,
      expiresAt,
    });
    const seat = (n: number, reservationId: string): SeatDoc => ({ _id: `s1#${n}`, scheduleId: 's1', number: n, reservationId });
    const seats = [seat(5, 'a'), seat(1, 'b'), seat(2, 'c'), seat(3, 'd'), seat(4, 'gone'), seat(6, 'e')];
    const reservations = [r('a', 'held'), r('b', 'confirmed'), r('c', 'held', 50), r('d', 'paying'), r('e', 'cancelled')];
    expect(takenSeatsFrom(seats, reservations, 60)).toEqual([
      { number: 1, state: 'sold', reservationId: 'b' },
      { number: 3, state: 'held', reservationId: 'd' },
      { number: 5, state: 'held', reservationId: 'a' },
    ]);
  });

  it('claimFailure gives the port\'s codes, and null when already claimed by the same payment', () => {
    const d = reservationToDoc(reservation);
    expect(claimFailure({ ...d, state: 'paying', paymentId: 'p' }, 'p', 0)).toBeNull();
    expect(claimFailure({ ...d, state: 'confirmed', paymentId: 'p' }, 'p', 0)).toBeNull();
    const code = (e: unknown) => (isDomainError(e) ? e.code : e);
    expect(code(claimFailure({ ...d, state: 'paying', paymentId: 'q' }, 'p', 0))).toBe('payment_in_progress');
    expect(code(claimFailure({ ...d, state: 'held' }, 'p', d.expiresAt))).toBe('hold_expired');
    expect(code(claimFailure({ ...d, state: 'expired' }, 'p', 0))).toBe('hold_expired');
    expect(code(claimFailure({ ...d, state: 'held', fenced: true }, 'p', 0))).toBe('hold_expired');
    expect(code(claimFailure({ ...d, state: 'cancelled' }, 'p', 0))).toBe('reservation_not_held');
    expect(code(claimFailure({ ...d, state: 'confirmed', paymentId: 'q' }, 'p', 0))).toBe('reservation_not_held');
  });

  it('a fenced hold occupies nothing: no claim can take it, and a rival has its seats', () => {
    expect(occupies({ state: 'held', expiresAt: 10, fenced: true }, 1)).toBe(false);
  });
});

describe('holds without transactions: pending, and dead when old', () => {
  it('a hold goes pending with the server time in the same write, every value a literal', () => {
    const doc = { ...reservationToDoc(reservation), userId: '$where' };
    const [stage] = pendingInsertPipeline(doc);
    expect(stage).toEqual({
      $set: {
        userId: { $literal: '$where' },
        scheduleId: { $literal: 's1' },
        seats: { $literal: [3, 4] },
        amount: { $literal: 2007 },
        state: { $literal: 'held' },
        createdAt: { $literal: 1000 },
        expiresAt: { $literal: 301_000 },
        paymentId: { $literal: null },
        pending: { $literal: true },
        pendingAt: '$$NOW',
      },
    });
  });

  it('a rival fences a pending hold only when it went pending PENDING_DEAD_MS ago on the server clock', () => {
    expect(deadPendingFilter('s1.abc', PENDING_DEAD_MS)).toEqual({
      _id: 's1.abc',
      pending: true,
      $expr: { $lte: ['$pendingAt', { $subtract: ['$$NOW', PENDING_DEAD_MS] }] },
    });
    // Longer than a rival's own 2 s wait, so a live hold that waits on one rival is not taken for dead.
    expect(PENDING_DEAD_MS).toBeGreaterThan(2_000);
  });
});
