import { DomainError } from '../shared/errors.js';
import type { ReservationPrimitives } from './reservation.js';

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
