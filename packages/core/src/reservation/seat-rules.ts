import type { ReleaseReason } from '../events/domain-event.js';
import { DomainError } from '../shared/errors.js';
import type { ReservationPrimitives, TakenSeat } from './reservation.js';

/**
 * The seat rule, once for the TypeScript stores (the Lua scripts keep their
 * own copy): a reservation keeps its seats from being free at `now` while it
 * is paying or confirmed, or held and not yet expired.
 */
export function takesSeats(r: Pick<ReservationPrimitives, 'state' | 'expiresAt'>, now: number): boolean {
  return r.state === 'paying' || r.state === 'confirmed' || (r.state === 'held' && r.expiresAt > now);
}

/**
 * The claim decision table of `SeatInventory.claim`: 'unchanged' when the same
 * payment already claimed or confirmed it, 'claim' when the store must move it
 * to paying; otherwise the refusal, thrown. `ownsSeats` is whether the hold
 * still owns every one of its seats (a rival may take the seats of a lapsed
 * hold).
 */
export function decideClaim(
  r: Pick<ReservationPrimitives, 'state' | 'expiresAt' | 'paymentId'>,
  paymentId: string,
  now: number,
  ownsSeats: boolean,
): 'unchanged' | 'claim' {
  if ((r.state === 'paying' || r.state === 'confirmed') && r.paymentId === paymentId) return 'unchanged';
  if (r.state === 'paying') throw new DomainError('payment_in_progress', 'This hold is being paid for.');
  if (r.state === 'expired' || (r.state === 'held' && (r.expiresAt <= now || !ownsSeats))) {
    throw new DomainError('hold_expired', 'This hold has expired.');
  }
  if (r.state !== 'held') throw new DomainError('reservation_not_held', `This reservation is ${r.state}.`);
  return 'claim';
}

/** Why the sweep released a lapsed hold: a waiting-list offer not paid in time is told apart. */
export function lapseReason(r: Pick<ReservationPrimitives, 'waitlistSaleId'>): ReleaseReason {
  return r.waitlistSaleId === undefined ? 'expired' : 'offer_expired';
}

/** The refusal of an ordinary hold on a schedule whose seats are kept for a waiting list. */
export function waitlistRefusal(seats: readonly number[]): DomainError {
  return new DomainError('seat_unavailable', 'These seats go to the waiting list: the sale is sold out.', { seats: [...seats], waitlist: true });
}

/** Seat `n` of `r` as takenSeats reports it (for a reservation that takes it); an offer's held seat is marked. */
export function takenSeat(n: number, r: Pick<ReservationPrimitives, 'id' | 'state' | 'waitlistSaleId'>): TakenSeat {
  const seat: TakenSeat = { number: n, state: r.state === 'confirmed' ? 'sold' : 'held', reservationId: r.id };
  return r.waitlistSaleId === undefined || r.state === 'confirmed' ? seat : { ...seat, offer: true };
}
