import type { ReleaseReason, ReservationPrimitives, SeatInventory, TakenSeat } from '@boxoffice/core';
import { DomainError, drafts, scheduleOfReservation } from '@boxoffice/core';
import type { ClientSession, Document, Filter, UpdateFilter } from 'mongodb';
import type { MongoContext } from './context.js';
import { schedulePartition } from './documents/events.js';
import type { ReservationDoc } from './documents/seats.js';
import {
  claimFailure,
  deadPendingFilter,
  occupies,
  PENDING_DEAD_MS,
  pendingInsertPipeline,
  reservationFromDoc,
  reservationToDoc,
  seatId,
  takenSeatsFrom,
} from './documents/seats.js';
import { guarded, isDuplicateKey } from './errors.js';
import { refuseWaitlist } from './mongo-waitlist.js';

/**
 * Seats and holds in MongoDB.
 *
 * A reservation document carries the state; a seat document only names the
 * reservation that took the seat last, and the seat is free unless that one
 * still occupies it (paying, confirmed, or held and not yet expired). So claim,
 * confirm, release, cancel and expiry are each one guarded update of the
 * reservation document, and only `hold` writes seat documents.
 *
 * A hold inserts its reservation first, then takes its seats in ascending
 * order, each by a compare-and-set on the seat document (or an insert, which
 * the seat's unique _id decides). Taking a seat from a lapsed hold first fences
 * that hold (a `fenced` flag the claim's guard refuses), so its payment can no
 * longer claim it. If a seat
 * is taken, the hold fails: with transactions everything rolls back; without,
 * the reservation document is deleted, which frees the seats it had taken.
 * Without transactions a hold is marked `pending` (since the server's $$NOW)
 * while it takes its seats, and a rival that meets a pending hold waits briefly
 * for its outcome, so nobody loses to a hold that itself fails; a hold pending
 * for longer than PENDING_DEAD_MS is dead, and the rival fences it and takes
 * the seat.
 */
export class MongoSeatInventory implements SeatInventory {
  constructor(private readonly ctx: MongoContext) {}

  /** Not yet: see MongoWaitlistNotYet. */
  offer(): Promise<ReservationPrimitives> {
    return refuseWaitlist();
  }

  /** Not yet: no schedule is ever in waitlist mode here, so `hold` needs no check. */
  setWaitlistMode(): Promise<void> {
    return refuseWaitlist();
  }

  hold(reservation: ReservationPrimitives, now: number): Promise<void> {
    return guarded(async () => {
      const stored: ReservationPrimitives = { ...reservation, state: 'held', paymentId: null };
      const seats = [...stored.seats].sort((a, b) => a - b);
      if (this.ctx.steps.transactions) await this.holdInTransaction(stored, seats, now);
      else await this.holdPending(stored, seats, now);
    });
  }

  /** Inside a transaction, a seat that is taken rolls back the insert and every seat taken before it. */
  private async holdInTransaction(stored: ReservationPrimitives, seats: readonly number[], now: number): Promise<void> {
    try {
      await this.ctx.outbox.run(schedulePartition(stored.scheduleId), async (session) => {
        await this.ctx.reservations.insertOne(reservationToDoc(stored), { session });
        const first = await this.takeAll(stored, seats, now, session);
        if (first === null) {
          await this.ctx.outbox.append(session, drafts.held({ ...stored, seats }, now));
          return;
        }
        // Report every seat that is taken, not only the first.
        const busy = await this.busySeats(stored.scheduleId, seats.filter((n) => n >= first), stored.id, now, session);
        throw seatUnavailable(busy.length > 0 ? busy : [first]);
      });
    } catch (error) {
      // A duplicate seat insert inside a transaction: another hold got there first.
      if (isDuplicateKey(error)) throw seatUnavailable(seats);
      throw error;
    }
  }

  /**
   * Without transactions the hold is visible while it takes its seats, so it is
   * marked pending (since $$NOW) until it has them all. Its last step clears the
   * mark only if no rival fenced it as dead meanwhile. Whatever else happens (a
   * seat taken, a fault, a crash of this step), the finally deletes the
   * reservation, which frees every seat it took; a process that dies outright
   * leaves a pending hold that rivals fence after PENDING_DEAD_MS.
   */
  private async holdPending(stored: ReservationPrimitives, seats: readonly number[], now: number): Promise<void> {
    await this.ctx.reservations.updateOne(
      { _id: stored.id, state: { $exists: false } },
      pendingInsertPipeline(reservationToDoc(stored)),
      { upsert: true },
    );
    let held = false;
    try {
      const first = await this.takeAll(stored, seats, now, undefined);
      if (first === null) {
        const finished = await this.ctx.reservations.updateOne(
          { _id: stored.id, pending: true, fenced: { $exists: false } },
          { $unset: { pending: '', pendingAt: '' } },
        );
        held = finished.matchedCount === 1;
        if (held) return;
      }
      const from = first ?? seats[0] ?? 0;
      const busy = await this.busySeats(stored.scheduleId, seats.filter((n) => n >= from), stored.id, now, undefined);
      throw seatUnavailable(busy.length > 0 ? busy : first === null ? seats : [first]);
    } finally {
      if (!held) await this.ctx.reservations.deleteOne({ _id: stored.id }).catch(() => undefined);
    }
  }

  get(reservationId: string): Promise<ReservationPrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.reservations.findOne({ _id: reservationId });
      return doc ? reservationFromDoc(doc) : null;
    });
  }

  cancel(reservationId: string, now: number): Promise<ReservationPrimitives | null> {
    return guarded(() => this.freeing(reservationId, { state: 'held' }, { $set: { state: 'cancelled' } }, 'cancelled', now));
  }

  /**
   * One guarded update of a reservation that frees its seats, with its
   * reservation.released in the same transaction when it moved `to`; else the
   * reservation as it stands.
   */
  private freeing(
    reservationId: string,
    guard: Filter<ReservationDoc>,
    update: UpdateFilter<ReservationDoc> | Document[],
    reason: ReleaseReason,
    now: number,
    to: ReservationDoc['state'] = reason === 'refund' ? 'refunded' : reason === 'cancelled' ? 'cancelled' : 'expired',
  ): Promise<ReservationPrimitives | null> {
    const schedule = scheduleOfReservation(reservationId);
    return this.ctx.outbox.run(schedule === null ? null : schedulePartition(schedule), async (session) => {
      const moved = await this.ctx.reservations.findOneAndUpdate({ ...guard, _id: reservationId }, update, { session, returnDocument: 'after' });
      if (moved) {
        const r = reservationFromDoc(moved);
        if (moved.state === to) await this.ctx.outbox.append(session, drafts.released(r, reason, now));
        return r;
      }
      const doc = await this.ctx.reservations.findOne({ _id: reservationId }, { session });
      return doc ? reservationFromDoc(doc) : null;
    });
  }

  claim(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    return guarded(async () => {
      const claimed = await this.ctx.reservations.findOneAndUpdate(
        { _id: reservationId, state: 'held', expiresAt: { $gt: now }, fenced: { $exists: false } },
        { $set: { state: 'paying', paymentId } },
        { returnDocument: 'after' },
      );
      if (claimed) return reservationFromDoc(claimed);
      const doc = await this.require(reservationId);
      const failure = claimFailure(doc, paymentId, now);
      if (failure) throw failure;
      return reservationFromDoc(doc);
    });
  }

  release(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives | null> {
    return guarded(async () => {
      // Back to held, or straight to expired if the hold lapsed meanwhile (a dead claim: its seats come free).
      return this.freeing(
        reservationId,
        { state: 'paying', paymentId },
        [{ $set: { paymentId: null, state: { $cond: [{ $lte: ['$expiresAt', now] }, 'expired', 'held'] } } }],
        'dead_claim',
        now,
        'expired',
      );
    });
  }

  confirm(reservationId: string, paymentId: string, _now: number): Promise<ReservationPrimitives> {
    return guarded(async () => {
      const confirmed = await this.ctx.reservations.findOneAndUpdate(
        { _id: reservationId, state: 'paying', paymentId },
        { $set: { state: 'confirmed' } },
        { returnDocument: 'after' },
      );
      if (confirmed) return reservationFromDoc(confirmed);
      const doc = await this.require(reservationId);
      if (doc.state === 'confirmed' && doc.paymentId === paymentId) return reservationFromDoc(doc);
      throw new DomainError('reservation_not_held', 'This reservation is not claimed by this payment.');
    });
  }

  /** A seat document names its last reservation and is free once that one no longer occupies it: no seat write. */
  refund(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    return guarded(async () => {
      const r = await this.freeing(reservationId, { state: 'confirmed', paymentId }, { $set: { state: 'refunded' } }, 'refund', now);
      if (!r) throw new DomainError('reservation_not_found', 'No such reservation.');
      if (r.state === 'refunded' && r.paymentId === paymentId) return r;
      throw new DomainError('reservation_not_held', 'This reservation is not sold by this payment.');
    });
  }

  expire(scheduleId: string, now: number, limit: number): Promise<string[]> {
    return guarded(async () => {
      const lapsed = { scheduleId, state: 'held' as const, expiresAt: { $lte: now } };
      const candidates = await this.ctx.reservations
        .find(lapsed, { sort: { expiresAt: 1 }, limit, projection: { _id: 1 } })
        .toArray();
      const expired: string[] = [];
      for (const { _id } of candidates) {
        // Each its own step, with its event; a rival's move meanwhile leaves it as it is.
        const ended = await this.ctx.outbox.run(schedulePartition(scheduleId), async (session) => {
          const doc = await this.ctx.reservations.findOneAndUpdate({ ...lapsed, _id }, { $set: { state: 'expired' } }, { session, returnDocument: 'after' });
          if (doc) await this.ctx.outbox.append(session, drafts.released(reservationFromDoc(doc), 'expired', now));
          return doc !== null;
        });
        if (ended) expired.push(_id);
      }
      return expired;
    });
  }

  /** Served by the hold_sweep index (scheduleId, state, expiresAt). */
  listStaleClaims(scheduleId: string, expiredBefore: number, limit: number): Promise<ReservationPrimitives[]> {
    return guarded(async () => {
      const docs = await this.ctx.reservations
        .find({ scheduleId, state: 'paying', expiresAt: { $lte: expiredBefore } }, { sort: { expiresAt: 1 }, limit })
        .toArray();
      return docs.map(reservationFromDoc);
    });
  }

  takenSeats(scheduleId: string, now: number): Promise<TakenSeat[]> {
    return guarded(() => this.taken(scheduleId, now));
  }

  private async taken(scheduleId: string, now: number): Promise<TakenSeat[]> {
    const seats = await this.ctx.seats.find({ scheduleId }).toArray();
    if (seats.length === 0) return [];
    const ids = [...new Set(seats.map((s) => s.reservationId))];
    const reservations = await this.ctx.reservations
      .find({ _id: { $in: ids }, state: { $in: ['held', 'paying', 'confirmed'] } })
      .toArray();
    return takenSeatsFrom(seats, reservations, now);
  }

  /** Takes the seats in order; returns the first one it could not take, or null when all are taken. */
  private async takeAll(
    r: ReservationPrimitives,
    seats: readonly number[],
    now: number,
    session: ClientSession | undefined,
  ): Promise<number | null> {
    for (const n of seats) {
      if (!(await this.takeSeat(r.scheduleId, n, r.id, now, session))) return n;
    }
    return null;
  }

  private async takeSeat(
    scheduleId: string,
    n: number,
    reservationId: string,
    now: number,
    session: ClientSession | undefined,
  ): Promise<boolean> {
    const _id = seatId(scheduleId, n);
    const waitUntil = Date.now() + IN_FLIGHT_WAIT_MS;
    let pause = 2;
    for (let races = 0; races < 4; ) {
      const seat = await this.ctx.seats.findOne({ _id }, { session });
      if (!seat) {
        if (session) {
          // In a transaction a racing insert shows as a write conflict (retried) or a duplicate key (caught outside).
          await this.ctx.seats.insertOne({ _id, scheduleId, number: n, reservationId }, { session });
          return true;
        }
        try {
          await this.ctx.seats.insertOne({ _id, scheduleId, number: n, reservationId });
          return true;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          races += 1;
          continue;
        }
      }
      if (seat.reservationId === reservationId) return true;
      const holder = await this.ctx.reservations.findOne({ _id: seat.reservationId }, { session });
      if (holder && occupies(holder, now)) {
        if (holder.pending !== true) return false;
        // A pending hold that died half-way is fenced, and its seats are free; a live one may yet give up.
        const dead = await this.ctx.reservations.updateOne(deadPendingFilter(holder._id, PENDING_DEAD_MS), { $set: { fenced: true } }, { session });
        if (dead.matchedCount === 0) {
          if (Date.now() >= waitUntil) return false;
          await sleep(pause);
          pause = Math.min(pause * 2, 25);
          continue;
        }
      } else if (holder?.state === 'held' && !(await this.fence(holder, now, session))) {
        races += 1;
        continue;
      }
      const moved = await this.ctx.seats.updateOne(
        { _id, reservationId: seat.reservationId },
        { $set: { reservationId } },
        { session },
      );
      if (moved.modifiedCount === 1) return true;
      races += 1;
    }
    // Still contended after several rounds: report the seat as taken rather than spin.
    return false;
  }

  /**
   * Fences a lapsed hold before its seat changes hands, so a late claim of it
   * (by a payment whose clock reads a little earlier) fails. The hold stays
   * `held`: expiring it is the sweep's job, and the sweep reports it.
   */
  private async fence(holder: ReservationDoc, now: number, session: ClientSession | undefined): Promise<boolean> {
    // Fenced already: no claim can take it any more, so its seats are free.
    if (holder.fenced === true) return true;
    const result = await this.ctx.reservations.updateOne(
      { _id: holder._id, state: 'held', expiresAt: { $lte: now } },
      { $set: { fenced: true } },
      { session },
    );
    return result.matchedCount === 1;
  }

  /** Which of `seats` are not free at `now` (read-only; for the error's details). */
  private async busySeats(
    scheduleId: string,
    seats: readonly number[],
    self: string,
    now: number,
    session: ClientSession | undefined,
  ): Promise<number[]> {
    const docs = await this.ctx.seats
      .find({ _id: { $in: seats.map((n) => seatId(scheduleId, n)) } }, { session })
      .toArray();
    const others = docs.filter((d) => d.reservationId !== self);
    const holders = await this.ctx.reservations
      .find({ _id: { $in: [...new Set(others.map((d) => d.reservationId))] } }, { session })
      .toArray();
    return takenSeatsFrom(others, holders, now).map((t) => t.number);
  }

  private async require(reservationId: string): Promise<ReservationDoc> {
    const doc = await this.ctx.reservations.findOne({ _id: reservationId });
    if (!doc) throw new DomainError('reservation_not_found', 'No such reservation.');
    return doc;
  }
}

/** How long a hold waits on a rival hold that is still taking its seats (wall clock). */
const IN_FLIGHT_WAIT_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function seatUnavailable(seats: readonly number[]): DomainError {
  return new DomainError('seat_unavailable', `Seat ${seats.join(', ')} is not available.`, { seats: [...seats] });
}
