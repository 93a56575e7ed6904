import {
  DEFAULT_QUEUE,
  DomainError,
  InvariantViolation,
  SAFE_ID,
  assertMove,
  canMove,
  demoCatalog,
  effectiveState,
  isLive,
  reservationId,
  scheduleOfReservation,
  signedAmount,
  validateSeatNumbers,
  withEffectiveState,
  type LedgerEntry,
  type QueueState,
  type ReservationPrimitives,
  type ReservationState,
} from '@boxoffice/core';
import { describe, expect, it } from 'vitest';

describe('queue token state machine: waiting → active → completed | expired, and waiting → expired', () => {
  const STATES: QueueState[] = ['waiting', 'active', 'completed', 'expired'];
  const ALLOWED = new Set(['waiting->active', 'waiting->expired', 'active->completed', 'active->expired']);

  it('the default queue is called "default"', () => {
    expect(DEFAULT_QUEUE).toBe('default');
  });

  for (const from of STATES) {
    for (const to of STATES) {
      const legal = ALLOWED.has(`${from}->${to}`);
      it(`${from} -> ${to} is ${legal ? 'allowed' : 'refused'}`, () => {
        expect(canMove(from, to)).toBe(legal);
        if (legal) {
          expect(() => assertMove(from, to)).not.toThrow();
          expect(assertMove(from, to)).toBeUndefined();
        } else {
          let caught: unknown;
          try {
            assertMove(from, to);
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(InvariantViolation);
          expect(caught).not.toBeInstanceOf(DomainError);
          expect((caught as Error).message).toBe(`queue token cannot move ${from} -> ${to}`);
        }
      });
    }
  }

  it('only waiting and active tokens are live', () => {
    expect(isLive('waiting')).toBe(true);
    expect(isLive('active')).toBe(true);
    expect(isLive('completed')).toBe(false);
    expect(isLive('expired')).toBe(false);
  });
});

describe('reservation ids: <scheduleId>.<random>', () => {
  it('reservationId joins schedule and random part with a dot', () => {
    expect(reservationId('aurora-1', 'abc123')).toBe('aurora-1.abc123');
  });

  it('scheduleOfReservation reads the schedule back', () => {
    expect(scheduleOfReservation('aurora-1.abc123')).toBe('aurora-1');
    expect(scheduleOfReservation(reservationId('s', 'r'))).toBe('s');
    expect(scheduleOfReservation('a.b')).toBe('a');
  });

  it('splits at the first dot', () => {
    expect(scheduleOfReservation('s1.r.2')).toBe('s1');
    expect(scheduleOfReservation('s1..')).toBe('s1');
  });

  it('is null for a malformed id: no dot, empty schedule or empty random part', () => {
    expect(scheduleOfReservation('')).toBeNull();
    expect(scheduleOfReservation('nodot')).toBeNull();
    expect(scheduleOfReservation('.abc')).toBeNull();
    expect(scheduleOfReservation('.')).toBeNull();
    expect(scheduleOfReservation('abc.')).toBeNull();
    expect(scheduleOfReservation('a.')).toBeNull();
  });
});

describe('reservation: effectiveState and withEffectiveState', () => {
  const reservation = (state: ReservationState, expiresAt = 1_000): ReservationPrimitives => ({
    id: 's1.r1',
    userId: 'u1',
    scheduleId: 's1',
    seats: [1, 2],
    amount: 200,
    state,
    createdAt: 0,
    expiresAt,
    paymentId: null,
  });

  it('a held reservation reads as held before its expiry', () => {
    expect(effectiveState(reservation('held'), 0)).toBe('held');
    expect(effectiveState(reservation('held'), 999)).toBe('held');
  });

  it('a held reservation reads as expired at and after its expiry', () => {
    expect(effectiveState(reservation('held'), 1_000)).toBe('expired');
    expect(effectiveState(reservation('held'), 1_001)).toBe('expired');
  });

  it('every other state reads as stored, even past the expiry', () => {
    for (const state of ['paying', 'confirmed', 'cancelled', 'expired'] as const) {
      expect(effectiveState(reservation(state), 0)).toBe(state);
      expect(effectiveState(reservation(state), 5_000)).toBe(state);
    }
  });

  it('withEffectiveState returns the same object when nothing changes', () => {
    const held = reservation('held');
    expect(withEffectiveState(held, 999)).toBe(held);
    const paying = reservation('paying');
    expect(withEffectiveState(paying, 5_000)).toBe(paying);
  });

  it('withEffectiveState returns an expired copy past the expiry and leaves the original alone', () => {
    const held = reservation('held');
    const seen = withEffectiveState(held, 1_000);
    expect(seen).not.toBe(held);
    expect(seen).toEqual({ ...held, state: 'expired' });
    expect(held.state).toBe('held');
  });
});

describe('validateSeatNumbers', () => {
  function rejection(seats: unknown, max: number): DomainError {
    try {
      validateSeatNumbers(seats, max);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('validation_failed');
      return error as DomainError;
    }
    throw new Error('expected validateSeatNumbers to throw');
  }

  it('returns the seats sorted ascending (numerically), leaving the input as it was', () => {
    const input = [10, 2, 1];
    expect(validateSeatNumbers(input, 4)).toEqual([1, 2, 10]);
    expect(input).toEqual([10, 2, 1]);
    expect(validateSeatNumbers(input, 4)).not.toBe(input);
  });

  it('accepts one seat and exactly max seats', () => {
    expect(validateSeatNumbers([7], 1)).toEqual([7]);
    expect(validateSeatNumbers([4, 3, 2, 1], 4)).toEqual([1, 2, 3, 4]);
  });

  it('rejects no seats, more than max seats, and anything not an array, with max in details', () => {
    for (const [seats, max] of [[[], 4], [[1, 2, 3, 4, 5], 4], [[1, 2], 1], [undefined, 4], [null, 4], ['1,2', 4], [{ 0: 1, length: 1 }, 4], [3, 4]] as const) {
      const error = rejection(seats, max);
      expect(error.details).toEqual({ max });
      expect(error.message).toBe(`Hold between 1 and ${max} seats.`);
    }
  });

  it('rejects seat numbers that are not positive safe integers (1 is the smallest)', () => {
    for (const bad of [0, -1, 1.5, '1', null, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      const error = rejection([1, bad], 4);
      expect(error.message).toBe('Seat numbers are positive integers.');
      expect(error.details).toEqual({});
    }
  });

  it('rejects a seat that appears twice', () => {
    const error = rejection([3, 1, 3], 4);
    expect(error.message).toBe('A seat appears twice in the request.');
    expect(error.details).toEqual({});
  });
});

describe('wallet ledger: signedAmount', () => {
  const entry = (type: LedgerEntry['type'], amount: number): LedgerEntry => ({ id: 'e1', type, amount, balanceAfter: 0, at: 0, ref: 'r' });

  it('a payment takes money out; a charge and a refund put it in', () => {
    expect(signedAmount(entry('payment', 300))).toBe(-300);
    expect(signedAmount(entry('charge', 300))).toBe(300);
    expect(signedAmount(entry('refund', 300))).toBe(300);
  });
});

describe('SAFE_ID: 1-64 letters, digits, _ and -', () => {
  it('accepts URL- and key-safe ids', () => {
    for (const id of ['a', 'Z', '0', '_', '-', 'aurora-2027_03-14', 'x'.repeat(64)]) expect(SAFE_ID.test(id)).toBe(true);
  });

  it('rejects empty, too long, and any other character', () => {
    for (const id of ['', 'x'.repeat(65), 'a b', 'a.b', 'a/b', 'a:b', 'é', 'a\n', '\nb', 'a%20']) expect(SAFE_ID.test(id)).toBe(false);
  });
});

describe('demoCatalog: two concerts, 50 seats a date', () => {
  it('has two concerts with three dates between them', () => {
    const catalog = demoCatalog();
    expect(catalog.map((c) => c.id)).toEqual(['aurora-live', 'midnight-strings']);
    expect(catalog.map((c) => c.name)).toEqual(['Aurora Live 2027', 'Midnight Strings']);
    expect(catalog.map((c) => c.venue)).toEqual(['Olympic Hall, Seoul', 'Lotte Concert Hall']);
    expect(catalog[0]!.schedules.map((s) => [s.id, s.startsAt])).toEqual([
      ['aurora-2027-03-14', '2027-03-14T10:00:00.000Z'],
      ['aurora-2027-03-15', '2027-03-15T10:00:00.000Z'],
    ]);
    expect(catalog[1]!.schedules.map((s) => [s.id, s.startsAt])).toEqual([['strings-2027-04-02', '2027-04-02T11:00:00.000Z']]);
  });

  it('every schedule points at its concert and every id is safe', () => {
    for (const concert of demoCatalog()) {
      expect(SAFE_ID.test(concert.id)).toBe(true);
      for (const s of concert.schedules) {
        expect(s.concertId).toBe(concert.id);
        expect(SAFE_ID.test(s.id)).toBe(true);
      }
    }
  });

  it('every date has seats 1-50: 1-10 VIP at 150,000, 11-30 R at 110,000, 31-50 S at 80,000', () => {
    const expected = Array.from({ length: 50 }, (_, i) => {
      const number = i + 1;
      if (number <= 10) return { number, price: 150_000, grade: 'VIP' };
      if (number <= 30) return { number, price: 110_000, grade: 'R' };
      return { number, price: 80_000, grade: 'S' };
    });
    for (const concert of demoCatalog()) {
      for (const s of concert.schedules) {
        expect(s.seats).toHaveLength(50);
        expect(s.seats).toEqual(expected);
        // The grade boundaries, spelled out.
        expect(s.seats[9]).toEqual({ number: 10, price: 150_000, grade: 'VIP' });
        expect(s.seats[10]).toEqual({ number: 11, price: 110_000, grade: 'R' });
        expect(s.seats[29]).toEqual({ number: 30, price: 110_000, grade: 'R' });
        expect(s.seats[30]).toEqual({ number: 31, price: 80_000, grade: 'S' });
      }
    }
  });

  it('returns a fresh catalog on each call', () => {
    const first = demoCatalog();
    const second = demoCatalog();
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second[0]!.schedules[0]!.seats).not.toBe(first[0]!.schedules[0]!.seats);
    expect(first[0]!.schedules[0]!.seats).not.toBe(first[0]!.schedules[1]!.seats);
  });
});
