import type { ReservationPrimitives, ReservationState, SeatInventory, TakenSeat } from '@boxoffice/core';
import { DomainError, scheduleOfReservation } from '@boxoffice/core';
import type { RedisKeys, ScheduleKeys } from './keys.js';
import type { RedisOutbox } from './redis-events.js';
import type { Scripts } from './scripts.js';

/** The part of a reservation that never changes, stored as JSON written here (Lua never re-encodes numbers). */
interface StoredReservation {
  readonly id: string;
  readonly userId: string;
  readonly scheduleId: string;
  readonly seats: readonly number[];
  readonly amount: number;
  readonly createdAt: number;
  /** Only on a waiting-list offer. */
  readonly waitlistSaleId?: string;
}

/**
 * Seats and holds in Redis, one hash tag per schedule. A reservation id starts
 * with its schedule id, so get/cancel/claim find the tag from the id alone.
 * The mutable part of a reservation is one string 'state|expiresAt|paymentId'.
 */
export class RedisSeatInventory implements SeatInventory {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly outbox: RedisOutbox,
  ) {}

  async hold(reservation: ReservationPrimitives, now: number): Promise<void> {
    // Throws seat_unavailable with details.seats (see checkReply) when any seat is taken or kept for a waiting list.
    await this.store('hold', reservation, now);
  }

  async offer(reservation: ReservationPrimitives, now: number): Promise<ReservationPrimitives> {
    const reply = await this.store('offer', reservation, now);
    return decode(reply[1], reply[2]);
  }

  async setWaitlistMode(scheduleId: string, saleId: string, on: boolean, gen: number): Promise<void> {
    await this.scripts.raw('seat-waitlist', [this.keys.schedule(scheduleId).waitlistModes], [saleId, on ? '1' : '0', gen]);
  }

  private async store(mode: 'hold' | 'offer', reservation: ReservationPrimitives, now: number) {
    const k = this.keys.schedule(reservation.scheduleId);
    const stored: StoredReservation = {
      id: reservation.id,
      userId: reservation.userId,
      scheduleId: reservation.scheduleId,
      seats: reservation.seats,
      amount: reservation.amount,
      createdAt: reservation.createdAt,
      ...(reservation.waitlistSaleId === undefined ? {} : { waitlistSaleId: reservation.waitlistSaleId }),
    };
    return this.scripts.call('seat-hold', [...scheduleKeys(k), k.waitlistModes], [
      mode,
      now,
      reservation.id,
      JSON.stringify(stored),
      reservation.expiresAt,
      ...reservation.seats,
      ...(await this.outbox.args(k.events, reservation.scheduleId)),
    ]);
  }

  async get(reservationId: string): Promise<ReservationPrimitives | null> {
    const k = this.keysOf(reservationId);
    if (!k) return null;
    const reply = await this.scripts.call('seat-get', [k.reservations, k.states], [reservationId]);
    return reply[0] === 'none' ? null : decode(reply[1], reply[2]);
  }

  cancel(reservationId: string, now: number): Promise<ReservationPrimitives | null> {
    return this.change('cancel', reservationId, '', now);
  }

  async claim(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    return (await this.change('claim', reservationId, paymentId, now))!;
  }

  release(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives | null> {
    return this.change('release', reservationId, paymentId, now);
  }

  async confirm(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    return (await this.change('confirm', reservationId, paymentId, now))!;
  }

  /** Its own script (seat-refund), apart from seat-change's steps of a live hold. */
  async refund(reservationId: string, paymentId: string, now: number): Promise<ReservationPrimitives> {
    const scheduleId = scheduleOfReservation(reservationId);
    if (scheduleId === null) throw new DomainError('reservation_not_found', 'No such reservation.');
    const k = this.keys.schedule(scheduleId);
    const reply = await this.scripts.call('seat-refund', [k.owners, k.reservations, k.states], [
      reservationId,
      paymentId,
      now,
      ...(await this.outbox.args(k.events, scheduleId)),
    ]);
    return decode(reply[1], reply[2]);
  }

  async expire(scheduleId: string, now: number, limit: number): Promise<string[]> {
    const k = this.keys.schedule(scheduleId);
    return (await this.scripts.raw('seat-expire', scheduleKeys(k), [now, limit, ...(await this.outbox.args(k.events, scheduleId))])) as string[];
  }

  async listStaleClaims(scheduleId: string, expiredBefore: number, limit: number): Promise<ReservationPrimitives[]> {
    const k = this.keys.schedule(scheduleId);
    const flat = (await this.scripts.raw('seat-claims', [k.claims, k.reservations, k.states], [expiredBefore, limit])) as string[];
    const claims: ReservationPrimitives[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) claims.push(decode(flat[i], flat[i + 1]));
    return claims;
  }

  async takenSeats(scheduleId: string, now: number): Promise<TakenSeat[]> {
    const k = this.keys.schedule(scheduleId);
    const flat = (await this.scripts.raw('seat-taken', [k.owners, k.states, k.reservations], [now])) as string[];
    const taken: TakenSeat[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const seat: TakenSeat = { number: Number(flat[i]), state: flat[i + 1] === 'sold' ? 'sold' : 'held', reservationId: flat[i + 2]! };
      taken.push(flat[i + 1] === 'offer' ? { ...seat, offer: true } : seat);
    }
    return taken.sort((a, b) => a.number - b.number);
  }

  private async change(
    op: 'cancel' | 'claim' | 'release' | 'confirm',
    reservationId: string,
    paymentId: string,
    now: number,
  ): Promise<ReservationPrimitives | null> {
    const scheduleId = scheduleOfReservation(reservationId);
    if (scheduleId === null) {
      if (op === 'claim' || op === 'confirm') throw new DomainError('reservation_not_found', 'No such reservation.');
      return null;
    }
    const k = this.keys.schedule(scheduleId);
    const reply = await this.scripts.call('seat-change', [...scheduleKeys(k), k.claims], [
      op,
      reservationId,
      paymentId,
      now,
      ...(await this.outbox.args(k.events, scheduleId)),
    ]);
    return reply[0] === 'none' ? null : decode(reply[1], reply[2]);
  }

  private keysOf(reservationId: string): ScheduleKeys | null {
    const scheduleId = scheduleOfReservation(reservationId);
    return scheduleId === null ? null : this.keys.schedule(scheduleId);
  }
}

function scheduleKeys(k: ScheduleKeys): string[] {
  return [k.owners, k.reservations, k.states, k.holds];
}

function decode(json: unknown, state: unknown): ReservationPrimitives {
  const r = JSON.parse(String(json)) as StoredReservation;
  const [st, expiresAt, paymentId] = splitState(String(state));
  return {
    id: r.id,
    userId: r.userId,
    scheduleId: r.scheduleId,
    seats: [...r.seats],
    amount: r.amount,
    state: st as ReservationState,
    createdAt: r.createdAt,
    expiresAt: Number(expiresAt),
    paymentId: paymentId === '' ? null : paymentId,
    ...(r.waitlistSaleId === undefined ? {} : { waitlistSaleId: r.waitlistSaleId }),
  };
}

/** 'state|expiresAt|paymentId': the payment id is last (ids hold no '|'). */
function splitState(value: string): [string, string, string] {
  const a = value.indexOf('|');
  const b = value.indexOf('|', a + 1);
  return [value.slice(0, a), value.slice(a + 1, b), value.slice(b + 1)];
}
