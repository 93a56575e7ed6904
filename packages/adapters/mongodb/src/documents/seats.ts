import type { ReservationPrimitives, ReservationState, TakenSeat } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import type { Document } from 'mongodb';

/* Reservation and seat documents, and the rule of when a seat is taken. */

export interface ReservationDoc {
  _id: string;
  userId: string;
  scheduleId: string;
  seats: number[];
  amount: number;
  state: ReservationState;
  createdAt: number;
  expiresAt: number;
  paymentId: string | null;
  /**
   * Set on a lapsed hold when another hold takes one of its seats: its payment
   * can no longer claim it. The state stays held, so the sweep still reports
   * and stores the expiry.
   */
  fenced?: true;
  /**
   * Set while a hold (without transactions) is still taking its seats. A rival
   * hold that meets one of its seats waits for the outcome instead of failing
   * against a hold that may yet give up.
   */
  pending?: true;
  /** When the hold went pending, on the server's clock: an old pending hold is dead, and rivals fence it. */
  pendingAt?: Date;
}

/**
 * One document per seat that was ever taken: it names the reservation that took
 * it last. The seat is free unless that reservation still occupies it, so no
 * reservation change ever has to touch seat documents.
 */
export interface SeatDoc {
  _id: string;
  scheduleId: string;
  number: number;
  reservationId: string;
}

export function seatId(scheduleId: string, n: number): string {
  return `${scheduleId}#${n}`;
}

export function reservationToDoc(r: ReservationPrimitives): ReservationDoc {
  return {
    _id: r.id,
    userId: r.userId,
    scheduleId: r.scheduleId,
    seats: [...r.seats],
    amount: r.amount,
    state: r.state,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    paymentId: r.paymentId,
  };
}

export function reservationFromDoc(d: ReservationDoc): ReservationPrimitives {
  return {
    id: d._id,
    userId: d.userId,
    scheduleId: d.scheduleId,
    seats: [...d.seats],
    amount: d.amount,
    state: d.state,
    createdAt: d.createdAt,
    expiresAt: d.expiresAt,
    paymentId: d.paymentId ?? null,
  };
}

/**
 * Whether reservation `r` keeps its seats from being free at `now` (the
 * SeatInventory rule). A fenced hold never does: it can no longer be claimed,
 * and a rival has taken, or may take, its seats.
 */
export function occupies(r: Pick<ReservationDoc, 'state' | 'expiresAt' | 'fenced'>, now: number): boolean {
  return r.state === 'paying' || r.state === 'confirmed' || (r.state === 'held' && r.expiresAt > now && r.fenced !== true);
}

/**
 * How long a hold may stay pending (server clock) before rivals take it for
 * dead: a process that failed between its seat writes and its clean-up. A live
 * hold takes a round trip a seat, plus up to 2 s for each pending rival it waits on.
 */
export const PENDING_DEAD_MS = 5_000;

/**
 * Inserts a hold marked pending with `pendingAt = $$NOW`, in one write: an
 * upsert whose filter no existing document matches, so an id already taken is
 * a duplicate key, as with insertOne. Every value is a $literal.
 */
export function pendingInsertPipeline(doc: ReservationDoc): Document[] {
  const { _id: _ignored, ...fields } = doc;
  const literal = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { $literal: v }]));
  return [{ $set: { ...literal, pending: { $literal: true }, pendingAt: '$$NOW' } }];
}

/** A pending hold that went pending more than `deadMs` ago on the server's clock (or never said when). */
export function deadPendingFilter(reservationId: string, deadMs: number): Document {
  return { _id: reservationId, pending: true, $expr: { $lte: ['$pendingAt', { $subtract: ['$$NOW', deadMs] }] } };
}

/** The seats that are not free at `now`, from seat documents and the reservations they name. */
export function takenSeatsFrom(seats: readonly SeatDoc[], reservations: readonly ReservationDoc[], now: number): TakenSeat[] {
  const byId = new Map(reservations.map((r) => [r._id, r]));
  const taken: TakenSeat[] = [];
  for (const seat of seats) {
    const r = byId.get(seat.reservationId);
    if (!r || !occupies(r, now)) continue;
    taken.push({ number: seat.number, state: r.state === 'confirmed' ? 'sold' : 'held', reservationId: r._id });
  }
  return taken.sort((a, b) => a.number - b.number);
}

/** Why `claim` could not move a reservation to paying by `paymentId`; null when it already is. */
export function claimFailure(d: ReservationDoc, paymentId: string, now: number): DomainError | null {
  if ((d.state === 'paying' || d.state === 'confirmed') && d.paymentId === paymentId) return null;
  if (d.state === 'paying') return new DomainError('payment_in_progress', 'This hold is being paid for.');
  if (d.state === 'expired' || (d.state === 'held' && (d.expiresAt <= now || d.fenced === true))) {
    return new DomainError('hold_expired', 'This hold has expired.');
  }
  return new DomainError('reservation_not_held', `This reservation is ${d.state}.`);
}
