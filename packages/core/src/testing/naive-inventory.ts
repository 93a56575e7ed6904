import type { ReservationPrimitives, TakenSeat } from '../reservation/reservation.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import { DomainError } from '../shared/errors.js';
import type { EventSink } from '../events/event-drafts.js';
import { drafts, NO_EVENTS } from '../events/event-drafts.js';
import type { ReleaseReason } from '../events/domain-event.js';
import { decideClaim, lapseReason, takenSeat, takesSeats, waitlistRefusal } from '../reservation/seat-rules.js';
import { gap } from './intercept.js';

type Reservation = { -readonly [K in keyof ReservationPrimitives]: ReservationPrimitives[K] };

export interface NaiveInventoryBugs {
  /** hold() stores without looking at the seats: two holds may share a seat. */
  readonly noConflictCheck?: boolean;
  /** hold() checks, yields, then writes: check-then-act across a network round trip. */
  readonly racyHold?: boolean;
  /** A lapsed hold keeps its seats until the sweep runs: no lazy expiry. */
  readonly noLazyExpiry?: boolean;
  /** The sweep also expires holds that a payment has claimed. */
  readonly expireClaimed?: boolean;
  /** Seats are keyed by number alone: schedules share them (a key without its schedule). */
  readonly ignoreSchedule?: boolean;
  /** claim() of a lapsed hold does not check that its seats are still its own: paid within the grace, a seat sells twice. */
  readonly claimLostSeats?: boolean;
  /** The hold sweep ends lapsed holds without announcing their release. */
  readonly silentSweep?: boolean;
  /** refund() marks the reservation refunded but its seats stay sold. */
  readonly refundKeepsSeats?: boolean;
  /** hold() ignores the waitlist mode: an ordinary hold takes a seat kept for the waiting list. */
  readonly holdInWaitlistMode?: boolean;
}

const copy = (r: Reservation): ReservationPrimitives => ({ ...r, seats: [...r.seats] });

/** A deliberately simple SeatInventory (linear scans) for the kit's self-tests. Correct with no bugs on. */
export class NaiveSeatInventory implements SeatInventory {
  private readonly reservations = new Map<string, Reservation>();
  /** `scheduleId saleId` → the waitlist mode and its gen. */
  private readonly modes = new Map<string, { scheduleId: string; on: boolean; gen: number }>();

  constructor(
    private readonly bugs: NaiveInventoryBugs = {},
    private readonly events: EventSink = NO_EVENTS,
  ) {}

  async hold(reservation: ReservationPrimitives, now: number): Promise<void> {
    const kept = [...this.modes.values()].some((m) => m.scheduleId === reservation.scheduleId && m.on);
    if (kept && !this.bugs.holdInWaitlistMode) throw waitlistRefusal(reservation.seats);
    await this.store(reservation, now);
  }

  async offer(reservation: ReservationPrimitives, now: number): Promise<ReservationPrimitives> {
    const known = this.reservations.get(reservation.id);
    if (known) return copy(known);
    await this.store(reservation, now);
    return copy(this.reservations.get(reservation.id)!);
  }

  async setWaitlistMode(scheduleId: string, saleId: string, on: boolean, gen: number): Promise<void> {
    const key = JSON.stringify([scheduleId, saleId]);
    if (gen >= (this.modes.get(key)?.gen ?? 0)) this.modes.set(key, { scheduleId, on, gen });
  }

  private async store(reservation: ReservationPrimitives, now: number): Promise<void> {
    if (!this.bugs.noConflictCheck) {
      // Read synchronously: an await here would be the racy variant below.
      const taken = new Set(this.taken(reservation.scheduleId, now).map((t) => t.number));
      if (this.bugs.racyHold) await gap();
      const clash = reservation.seats.filter((n) => taken.has(n));
      if (clash.length > 0) throw new DomainError('seat_unavailable', `Seat ${clash.join(', ')} is not available.`, { seats: clash });
    }
    const stored: Reservation = { ...reservation, seats: [...reservation.seats], state: 'held', paymentId: null };
    this.reservations.set(reservation.id, stored);
    this.events.append(drafts.held(stored, now));
  }

  async get(reservationId: string): Promise<ReservationPrimitives | null> {
    const r = this.reservations.get(reservationId);
    return r ? copy(r) : null;
  }

  async cancel(reservationId: string, now: number): Promise<ReservationPrimitives | null> {
    const r = this.reservations.get(reservationId);
    if (!r) return null;
    if (r.state === 'held') this.end(r, 'cancelled', now);
    return copy(r);
  }

  async claim(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    const r = this.require(reservationId);
    if (decideClaim(r, paymentId, now, this.bugs.claimLostSeats || !this.lostSeat(r)) === 'unchanged') return copy(r);
    r.state = 'paying';
    r.paymentId = paymentId;
    return copy(r);
  }

  async release(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives | null> {
    const r = this.reservations.get(reservationId);
    if (!r) return null;
    if (r.state === 'paying' && r.paymentId === paymentId) {
      r.paymentId = null;
      r.state = 'held';
      if (r.expiresAt <= now) this.end(r, 'expired', now, 'dead_claim');
    }
    return copy(r);
  }

  async confirm(reservationId: string, paymentId: string): Promise<ReservationPrimitives> {
    const r = this.require(reservationId);
    if (r.paymentId === paymentId && r.state === 'confirmed') return copy(r);
    if (r.paymentId !== paymentId || r.state !== 'paying') {
      throw new DomainError('reservation_not_held', 'This reservation is not claimed by this payment.');
    }
    r.state = 'confirmed';
    return copy(r);
  }

  async refund(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    const r = this.require(reservationId);
    if (r.paymentId === paymentId && r.state === 'refunded') return copy(r);
    if (r.paymentId !== paymentId || r.state !== 'confirmed') {
      throw new DomainError('reservation_not_held', 'This reservation is not sold by this payment.');
    }
    if (this.bugs.refundKeepsSeats) this.refundedKeepingSeats.add(r.id);
    this.end(r, 'refunded', now, 'refund');
    return copy(r);
  }

  /** Refunded reservations whose seats the refundKeepsSeats bug still counts as sold. */
  private readonly refundedKeepingSeats = new Set<string>();

  async expire(scheduleId: string, now: number, limit: number): Promise<string[]> {
    const due = [...this.reservations.values()]
      .filter((r) => r.scheduleId === scheduleId && (r.state === 'held' || (this.bugs.expireClaimed && r.state === 'paying')) && r.expiresAt <= now)
      .slice(0, limit);
    for (const r of due) {
      if (this.bugs.silentSweep) r.state = 'expired';
      else this.end(r, 'expired', now, lapseReason(r));
    }
    return due.map((r) => r.id);
  }

  async listStaleClaims(scheduleId: string, expiredBefore: number, limit: number): Promise<ReservationPrimitives[]> {
    return [...this.reservations.values()]
      .filter((r) => r.scheduleId === scheduleId && r.state === 'paying' && r.expiresAt <= expiredBefore)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, limit)
      .map(copy);
  }

  async takenSeats(scheduleId: string, now: number): Promise<TakenSeat[]> {
    return this.taken(scheduleId, now);
  }

  private taken(scheduleId: string, now: number): TakenSeat[] {
    const taken: TakenSeat[] = [];
    for (const r of this.reservations.values()) {
      if ((r.scheduleId !== scheduleId && !this.bugs.ignoreSchedule) || !this.takes(r, now)) continue;
      // A refund that kept its seats (the refundKeepsSeats bug) shows them sold.
      const seatOf = (n: number) => (r.state === 'refunded' ? { number: n, state: 'sold' as const, reservationId: r.id } : takenSeat(n, r));
      for (const n of r.seats) taken.push(seatOf(n));
    }
    return taken.sort((a, b) => a.number - b.number);
  }

  /** A hold stored later shares a seat with `r`: it could only take it once `r` had lapsed, so `r` lost it. */
  private lostSeat(r: Reservation): boolean {
    const later = [...this.reservations.values()];
    return later
      .slice(later.indexOf(r) + 1)
      .some((o) => (o.scheduleId === r.scheduleId || this.bugs.ignoreSchedule) && o.seats.some((n) => r.seats.includes(n)));
  }

  private takes(r: Reservation, now: number): boolean {
    return takesSeats(r, now) || (r.state === 'held' && this.bugs.noLazyExpiry === true) || this.refundedKeepingSeats.has(r.id);
  }

  private end(r: Reservation, to: 'cancelled' | 'expired' | 'refunded', now: number, reason: ReleaseReason = to === 'refunded' ? 'refund' : to): void {
    r.state = to;
    this.events.append(drafts.released(r, reason, now));
  }

  private require(reservationId: string): Reservation {
    const r = this.reservations.get(reservationId);
    if (!r) throw new DomainError('reservation_not_found', 'No such reservation.');
    return r;
  }
}
