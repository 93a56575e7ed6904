import type { ReservationPrimitives, SeatInventory, TakenSeat } from '@boxoffice/core';
import { decideClaim, DomainError, drafts, lapseReason, NO_EVENTS, takenSeat, takesSeats, waitlistRefusal } from '@boxoffice/core';
import type { EventSink } from '@boxoffice/core';
import type { ReleaseReason } from '@boxoffice/core';

type Reservation = { -readonly [K in keyof ReservationPrimitives]: ReservationPrimitives[K] };

class ScheduleSeats {
  /** seat number → the reservation that last took it (free again once that one lapses). */
  readonly owners = new Map<number, string>();
  /** Holds not yet ended, for the expiry sweep. */
  readonly held = new Set<string>();
  /** Holds claimed by a payment, for the recovery of dead claims. */
  readonly paying = new Set<string>();
  /** saleId → its waitlist mode and the gen that set it. */
  readonly waitlist = new Map<string, { on: boolean; gen: number }>();

  get waitlisted(): boolean {
    return [...this.waitlist.values()].some((m) => m.on);
  }
}

const copy = (r: Reservation): ReservationPrimitives => ({ ...r, seats: [...r.seats] });

/**
 * Seats and holds in process memory; atomic because no method awaits.
 * Costs: hold O(s) for s seats, takenSeats O(t) for t taken seats,
 * expire O(h) for h live holds of the schedule.
 */
export class InMemorySeatInventory implements SeatInventory {
  private readonly reservations = new Map<string, Reservation>();
  private readonly schedules = new Map<string, ScheduleSeats>();

  /** Without a sink (a bare inventory) events go nowhere. */
  constructor(private readonly events: EventSink = NO_EVENTS) {}

  async hold(reservation: ReservationPrimitives, now: number): Promise<void> {
    if (this.seats(reservation.scheduleId).waitlisted) throw waitlistRefusal(reservation.seats);
    this.store(reservation, now);
  }

  async offer(reservation: ReservationPrimitives, now: number): Promise<ReservationPrimitives> {
    const known = this.reservations.get(reservation.id);
    if (known) return copy(known);
    return copy(this.store(reservation, now));
  }

  async setWaitlistMode(scheduleId: string, saleId: string, on: boolean, gen: number): Promise<void> {
    const modes = this.seats(scheduleId).waitlist;
    if (gen >= (modes.get(saleId)?.gen ?? 0)) modes.set(saleId, { on, gen });
  }

  /** Stores a held reservation if every seat is free at `now`; seat_unavailable otherwise. */
  private store(reservation: ReservationPrimitives, now: number): Reservation {
    const seats = this.seats(reservation.scheduleId);
    const taken = reservation.seats.filter((n) => this.holder(seats, n, now) !== null);
    if (taken.length > 0) {
      throw new DomainError('seat_unavailable', `Seat ${taken.join(', ')} is not available.`, { seats: taken });
    }
    const stored: Reservation = { ...reservation, seats: [...reservation.seats], state: 'held', paymentId: null };
    this.reservations.set(stored.id, stored);
    this.events.append(drafts.held(stored, now));
    for (const n of stored.seats) seats.owners.set(n, stored.id);
    seats.held.add(stored.id);
    return stored;
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
    const seats = this.seats(r.scheduleId);
    const owns = r.seats.every((n) => seats.owners.get(n) === r.id);
    if (decideClaim(r, paymentId, now, owns) === 'unchanged') return copy(r);
    r.state = 'paying';
    r.paymentId = paymentId;
    this.seats(r.scheduleId).held.delete(r.id);
    this.seats(r.scheduleId).paying.add(r.id);
    return copy(r);
  }

  async release(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives | null> {
    const r = this.reservations.get(reservationId);
    if (!r) return null;
    if (r.state === 'paying' && r.paymentId === paymentId) {
      r.state = 'held';
      r.paymentId = null;
      this.seats(r.scheduleId).paying.delete(r.id);
      this.seats(r.scheduleId).held.add(r.id);
      if (r.expiresAt <= now) this.end(r, 'expired', now, 'dead_claim');
    }
    return copy(r);
  }

  async confirm(reservationId: string, paymentId: string, _now: number): Promise<ReservationPrimitives> {
    const r = this.require(reservationId);
    if (r.paymentId === paymentId && r.state === 'confirmed') return copy(r);
    if (r.paymentId !== paymentId || r.state !== 'paying') {
      throw new DomainError('reservation_not_held', 'This reservation is not claimed by this payment.');
    }
    r.state = 'confirmed';
    this.seats(r.scheduleId).paying.delete(r.id);
    return copy(r);
  }

  async refund(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    const r = this.require(reservationId);
    if (r.paymentId === paymentId && r.state === 'refunded') return copy(r);
    if (r.paymentId !== paymentId || r.state !== 'confirmed') {
      throw new DomainError('reservation_not_held', 'This reservation is not sold by this payment.');
    }
    this.end(r, 'refunded', now, 'refund');
    return copy(r);
  }

  async expire(scheduleId: string, now: number, limit: number): Promise<string[]> {
    const seats = this.schedules.get(scheduleId);
    if (!seats) return [];
    const expired: string[] = [];
    for (const id of seats.held) {
      if (expired.length >= limit) break;
      const r = this.reservations.get(id)!;
      if (r.expiresAt <= now) {
        this.end(r, 'expired', now, lapseReason(r));
        expired.push(id);
      }
    }
    return expired;
  }

  async listStaleClaims(scheduleId: string, expiredBefore: number, limit: number): Promise<ReservationPrimitives[]> {
    const seats = this.schedules.get(scheduleId);
    if (!seats) return [];
    return [...seats.paying]
      .map((id) => this.reservations.get(id)!)
      .filter((r) => r.expiresAt <= expiredBefore)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, limit)
      .map(copy);
  }

  async takenSeats(scheduleId: string, now: number): Promise<TakenSeat[]> {
    const seats = this.schedules.get(scheduleId);
    if (!seats) return [];
    const taken: TakenSeat[] = [];
    for (const n of seats.owners.keys()) {
      const r = this.holder(seats, n, now);
      if (r) taken.push(takenSeat(n, r));
    }
    return taken.sort((a, b) => a.number - b.number);
  }

  /** The reservation that keeps seat `n` from being free at `now`, if any. */
  private holder(seats: ScheduleSeats, n: number, now: number): Reservation | null {
    const id = seats.owners.get(n);
    const r = id === undefined ? undefined : this.reservations.get(id);
    return r && takesSeats(r, now) ? r : null;
  }

  /** Ends a hold and appends its release; a dead claim's release is told apart from a lapsed hold's. */
  private end(r: Reservation, to: 'cancelled' | 'expired' | 'refunded', now: number, reason: ReleaseReason = to === 'refunded' ? 'refund' : to): void {
    r.state = to;
    this.events.append(drafts.released(r, reason, now));
    const seats = this.seats(r.scheduleId);
    seats.held.delete(r.id);
    for (const n of r.seats) if (seats.owners.get(n) === r.id) seats.owners.delete(n);
  }

  private require(reservationId: string): Reservation {
    const r = this.reservations.get(reservationId);
    if (!r) throw new DomainError('reservation_not_found', 'No such reservation.');
    return r;
  }

  private seats(scheduleId: string): ScheduleSeats {
    let s = this.schedules.get(scheduleId);
    if (!s) {
      s = new ScheduleSeats();
      this.schedules.set(scheduleId, s);
    }
    return s;
  }
}
