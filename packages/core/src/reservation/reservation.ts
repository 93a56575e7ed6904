import { DomainError } from '../shared/errors.js';

/**
 * held → paying → confirmed, held → cancelled | expired, paying → held (a payment rolled back),
 * confirmed → refunded (its payment was refunded: the seats are free again).
 * A `paying` hold is claimed by one payment and does not expire until that payment settles.
 */
export type ReservationState = 'held' | 'paying' | 'confirmed' | 'cancelled' | 'expired' | 'refunded';

export interface ReservationPrimitives {
  /** `<scheduleId>.<random>`: a store partitioned by schedule finds it in one step. */
  readonly id: string;
  readonly userId: string;
  readonly scheduleId: string;
  readonly seats: readonly number[];
  readonly amount: number;
  readonly state: ReservationState;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The payment that claimed or confirmed this hold. */
  readonly paymentId: string | null;
  /** Set only on a waiting-list offer: the sale whose list it was offered from (paid with no queue token). */
  readonly waitlistSaleId?: string;
}

/** A seat that is not free, as the store reports it. */
export interface TakenSeat {
  readonly number: number;
  readonly state: 'held' | 'sold';
  readonly reservationId: string;
  /** Set on a seat held by a waiting-list offer: sold out counts it as sold. */
  readonly offer?: true;
}

export function reservationId(scheduleId: string, random: string): string {
  return `${scheduleId}.${random}`;
}

/** The schedule a reservation id belongs to; null when the id is malformed. */
export function scheduleOfReservation(id: string): string | null {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) return null;
  return id.slice(0, dot);
}

/** A held reservation past its expiry reads as expired, before any sweep runs. */
export function effectiveState(r: ReservationPrimitives, now: number): ReservationState {
  return r.state === 'held' && r.expiresAt <= now ? 'expired' : r.state;
}

export function withEffectiveState(r: ReservationPrimitives, now: number): ReservationPrimitives {
  const state = effectiveState(r, now);
  return state === r.state ? r : { ...r, state };
}

export function validateSeatNumbers(seats: unknown, max: number): number[] {
  if (!Array.isArray(seats) || seats.length === 0 || seats.length > max) {
    throw new DomainError('validation_failed', `Hold between 1 and ${max} seats.`, { max });
  }
  for (const n of seats) {
    if (!Number.isSafeInteger(n) || (n as number) <= 0) {
      throw new DomainError('validation_failed', 'Seat numbers are positive integers.');
    }
  }
  if (new Set(seats).size !== seats.length) {
    throw new DomainError('validation_failed', 'A seat appears twice in the request.');
  }
  return [...(seats as number[])].sort((a, b) => a - b);
}
