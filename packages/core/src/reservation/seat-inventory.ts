import type { ReservationPrimitives, TakenSeat } from './reservation.js';

/**
 * Seats and holds, partitioned by schedule. Each method is one atomic step on
 * one schedule. Seat `n` is free at `now` unless a reservation is `paying` or
 * `confirmed` on it, or `held` with `expiresAt > now`.
 */
export interface SeatInventory {
  /**
   * Stores `reservation` (state held) if every one of its seats is free at
   * `now`; otherwise changes nothing and throws `seat_unavailable` with
   * `details.seats` listing the taken ones.
   */
  hold(reservation: ReservationPrimitives, now: number): Promise<void>;

  /**
   * Stores a waiting-list offer hold (held, `waitlistSaleId` set) if its seats
   * are free at `now`, whatever the waitlist mode. Idempotent by id: a stored
   * reservation of that id is returned unchanged. Otherwise seat_unavailable.
   */
  offer(reservation: ReservationPrimitives, now: number): Promise<ReservationPrimitives>;

  /**
   * The schedule's waitlist mode for `saleId`, applied only if `gen` is at
   * least the gen stored for that sale (a stale host never undoes a newer
   * switch). While on for any sale, `hold` refuses every seat
   * (seat_unavailable, details.waitlist): a released seat is kept for offers.
   */
  setWaitlistMode(scheduleId: string, saleId: string, on: boolean, gen: number): Promise<void>;

  /** The stored reservation, as stored (callers apply lazy expiry). */
  get(reservationId: string): Promise<ReservationPrimitives | null>;

  /**
   * held → cancelled, releasing its seats. A reservation in any other state is
   * returned unchanged. null when unknown.
   */
  cancel(reservationId: string, now: number): Promise<ReservationPrimitives | null>;

  /**
   * held (with `expiresAt > now`, and still the owner of every one of its
   * seats) → paying by `paymentId`. Core passes a `now` less the pay grace, so
   * a hold that lapsed a moment ago can be paid if no rival took a seat of it
   * (rivals may from the moment it lapses). Already paying or confirmed by the
   * same payment: returned unchanged. Otherwise throws `hold_expired` (held
   * past its expiry, expired, or a seat taken by another hold), `payment_in_progress`
   * (paying by another payment) or `reservation_not_held` (cancelled, or
   * confirmed by another payment); `reservation_not_found` when unknown.
   */
  claim(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives>;

  /** paying by `paymentId` → held, when a payment rolls back. Otherwise unchanged. */
  release(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives | null>;

  /**
   * paying by `paymentId` → confirmed: its seats are sold. Already confirmed by
   * the same payment: unchanged. Otherwise throws `reservation_not_held`
   * (`reservation_not_found` when unknown).
   */
  confirm(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives>;

  /**
   * confirmed by `paymentId` → refunded: its seats are free again, with a
   * `reservation.released` event (reason refund). Already refunded: unchanged.
   * Otherwise throws `reservation_not_held` (`reservation_not_found` when unknown).
   */
  refund(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives>;

  /** held with `expiresAt <= now` → expired, releasing seats (reason offer_expired for an offer); at most `limit`. Returns their ids. */
  expire(scheduleId: string, now: number, limit: number): Promise<string[]>;

  /**
   * Up to `limit` reservations in `paying` whose `expiresAt <= expiredBefore`,
   * oldest expiry first: claims the payment recovery checks for a dead payer.
   */
  listStaleClaims(scheduleId: string, expiredBefore: number, limit: number): Promise<ReservationPrimitives[]>;

  /** Seats that are not free at `now`. */
  takenSeats(scheduleId: string, now: number): Promise<TakenSeat[]>;
}
