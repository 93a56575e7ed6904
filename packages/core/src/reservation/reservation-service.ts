import type { CatalogService } from '../catalog/catalog-service.js';
import type { SchedulePrimitives } from '../catalog/concert.js';
import type { QueueService } from '../queue/queue-service.js';
import type { SaleService } from '../sale/sale-service.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import type { SessionRef } from '../shared/session.js';
import type { ReservationPrimitives } from './reservation.js';
import { reservationId, scheduleOfReservation, validateSeatNumbers, withEffectiveState } from './reservation.js';
import type { SeatInventory } from './seat-inventory.js';

/** Seat number → price, built once per schedule object (the catalog caches those): a hold stays O(seats held), not O(seats of the date). */
const PRICES = new WeakMap<SchedulePrimitives, ReadonlyMap<number, number>>();

function priceIndex(schedule: SchedulePrimitives): ReadonlyMap<number, number> {
  let prices = PRICES.get(schedule);
  if (!prices) {
    prices = new Map(schedule.seats.map((s) => [s.number, s.price]));
    PRICES.set(schedule, prices);
  }
  return prices;
}

/** Temporary seat holds: hold, read, cancel, and the expiry sweep. */
export class ReservationService {
  constructor(
    private readonly inventory: SeatInventory,
    private readonly catalog: CatalogService,
    private readonly queue: QueueService,
    private readonly sales: SaleService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
  ) {}

  /** All or nothing: every seat is held, or none is and `seat_unavailable` names the taken ones. */
  async hold(session: SessionRef, scheduleId: string, seatNumbers: unknown): Promise<ReservationPrimitives> {
    const seats = validateSeatNumbers(seatNumbers, this.config.maxSeatsPerReservation);
    await this.queue.requireActive(session.queueId, session.token, session.userId);
    const sale = await this.sales.requireSchedule(session.queueId, scheduleId);
    const schedule = await this.catalog.schedule(scheduleId);
    const prices = priceIndex(schedule);
    const unknown = seats.filter((n) => !prices.has(n));
    if (unknown.length > 0) {
      throw new DomainError('validation_failed', `No seat ${unknown.join(', ')} in this schedule.`, { seats: unknown });
    }
    const now = this.clock.now();
    const reservation: ReservationPrimitives = {
      id: reservationId(scheduleId, this.ids.newId()),
      userId: session.userId,
      scheduleId,
      seats,
      amount: seats.reduce((sum, n) => sum + (prices.get(n) ?? 0), 0),
      state: 'held',
      createdAt: now,
      expiresAt: now + sale.settings.holdTtlSeconds * 1000,
      paymentId: null,
    };
    await this.inventory.hold(reservation, now);
    return reservation;
  }

  /** The caller's own reservation; another user's reads as not found. */
  async get(userId: string, id: string, asOf = this.clock.now()): Promise<ReservationPrimitives> {
    const found = scheduleOfReservation(id) === null ? null : await this.inventory.get(id);
    if (!found || found.userId !== userId) {
      throw new DomainError('reservation_not_found', 'No such reservation.', { reservationId: id });
    }
    return withEffectiveState(found, asOf);
  }

  /** Releases the caller's hold. Cancelling an ended hold changes nothing; a paid one cannot be cancelled. */
  async cancel(userId: string, id: string): Promise<ReservationPrimitives> {
    const current = await this.get(userId, id);
    if (current.state === 'paying') {
      throw new DomainError('payment_in_progress', 'This hold is being paid for.', { reservationId: id });
    }
    if (current.state === 'confirmed') {
      throw new DomainError('reservation_not_held', 'This reservation is paid and cannot be cancelled.', { reservationId: id });
    }
    if (current.state !== 'held') return current;
    const now = this.clock.now();
    const after = await this.inventory.cancel(id, now);
    return withEffectiveState(after ?? current, now);
  }

  /** Holds still claimed by a payment long after they would have expired, at most `tickBatch` per schedule. */
  async staleClaims(expiredBefore: number, scheduleIds?: readonly string[]): Promise<ReservationPrimitives[]> {
    const stale: ReservationPrimitives[] = [];
    for (const scheduleId of scheduleIds ?? (await this.catalog.listScheduleIds())) {
      stale.push(...(await this.inventory.listStaleClaims(scheduleId, expiredBefore, this.config.tickBatch)));
    }
    return stale;
  }

  /**
   * Ends lapsed holds in every schedule, at most `tickBatch` per schedule, once
   * their pay grace is over too. Their seats are free to others from the moment
   * they lapse; until the sweep, the owner may still pay if nobody took them.
   */
  async sweep(scheduleIds?: readonly string[]): Promise<string[]> {
    const now = this.clock.now() - this.config.payGraceSeconds * 1000;
    const expired: string[] = [];
    for (const scheduleId of scheduleIds ?? (await this.catalog.listScheduleIds())) {
      expired.push(...(await this.inventory.expire(scheduleId, now, this.config.tickBatch)));
    }
    return expired;
  }
}
