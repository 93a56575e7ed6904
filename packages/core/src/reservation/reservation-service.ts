import type { CatalogService } from '../catalog/catalog-service.js';
import type { PurchaseLimit } from '../fair-play/purchase-limit.js';
import type { SchedulePrimitives } from '../catalog/concert.js';
import type { QueueService } from '../queue/queue-service.js';
import type { SaleService } from '../sale/sale-service.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError, isDomainError } from '../shared/errors.js';
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
    private readonly limit: PurchaseLimit,
  ) {}

  /**
   * All or nothing: every seat is held, or none is and `seat_unavailable` names the taken ones.
   * The purchase limit is reserved first, in the user's partition, alongside the token check (so a hold
   * stays two round trips), and given back when the token or the hold refuses. A hold that failed
   * without an answer (store_unavailable) may have landed: its allowance stays until the hold is dead.
   */
  async hold(session: SessionRef, scheduleId: string, seatNumbers: unknown): Promise<ReservationPrimitives> {
    const seats = validateSeatNumbers(seatNumbers, this.config.maxSeatsPerReservation);
    // The token check goes out first and its refusal wins over any other, as before the limit.
    const token = this.queue.requireActive(session.queueId, session.token, session.userId);
    token.catch(() => undefined);
    let sale: Awaited<ReturnType<SaleService['requireSchedule']>>;
    let reservation: ReservationPrimitives;
    const now = this.clock.now();
    try {
      sale = await this.sales.requireSchedule(session.queueId, scheduleId);
      reservation = this.draft(session, scheduleId, seats, await this.catalog.schedule(scheduleId), sale.settings.holdTtlSeconds, now);
    } catch (error) {
      await token;
      throw error;
    }
    const [active, allowance] = await Promise.allSettled([token, this.limit.reserve(sale.id, reservation, sale.settings.maxSeatsPerUser)]);
    if (active.status === 'rejected') {
      if (allowance.status === 'fulfilled') await this.limit.giveBack(session.userId, [sale.id], reservation.id);
      throw active.reason;
    }
    if (allowance.status === 'rejected') throw allowance.reason;
    try {
      await this.inventory.hold(reservation, now);
    } catch (error) {
      if (isDomainError(error) && error.code !== 'store_unavailable') await this.limit.giveBack(session.userId, [sale.id], reservation.id);
      throw error;
    }
    return reservation;
  }

  /** The hold to store: priced, expiring after the sale's hold time; validation_failed for a seat the schedule lacks. */
  private draft(session: SessionRef, scheduleId: string, seats: number[], schedule: SchedulePrimitives, holdTtlSeconds: number, now: number): ReservationPrimitives {
    const prices = priceIndex(schedule);
    const unknown = seats.filter((n) => !prices.has(n));
    if (unknown.length > 0) {
      throw new DomainError('validation_failed', `No seat ${unknown.join(', ')} in this schedule.`, { seats: unknown });
    }
    return {
      id: reservationId(scheduleId, this.ids.newId()),
      userId: session.userId,
      scheduleId,
      seats,
      amount: seats.reduce((sum, n) => sum + (prices.get(n) ?? 0), 0),
      state: 'held',
      createdAt: now,
      expiresAt: now + holdTtlSeconds * 1000,
      paymentId: null,
    };
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
    return this.release(current);
  }

  /**
   * Cancels a hold read as held, atomically in the store (a claim that won meanwhile keeps it), and gives its
   * seats back to the allowance of the stored sales that sell it, and of `alsoSales`.
   */
  private async release(current: ReservationPrimitives, alsoSales: readonly string[] = []): Promise<ReservationPrimitives> {
    const now = this.clock.now();
    const after = await this.inventory.cancel(current.id, now);
    // Dead now, so giving the allowance back is safe; the implicit sale's entry is reclaimed when it would refuse.
    if (after?.state === 'cancelled') {
      await this.limit.giveBack(current.userId, [...new Set([...this.sales.salesOf(current.scheduleId), ...alsoSales])], current.id);
    }
    return withEffectiveState(after ?? current, now);
  }

  /**
   * Cancels every hold the user still has in the sale of this schedule (a fair-play penalty the host applies
   * to a buyer caught probing the purchase limit). Holds being paid or paid are left alone: nothing already
   * sold is undone. Answers the ids cancelled and the ids whose hold has not landed yet (the caller may retry
   * those: their allowance entry was reserved, the seat hold is still in flight).
   */
  async forfeit(session: SessionRef, scheduleId: string): Promise<{ cancelled: string[]; pending: string[] }> {
    const { userId } = session;
    const sale = await this.sales.requireSchedule(session.queueId, scheduleId);
    const ids = await this.limit.reservationIds(userId, sale.id);
    const cancelled: string[] = [];
    const pending: string[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const found = await this.inventory.get(id);
        if (found === null) return void pending.push(id);
        // Being paid, paid or ended: left alone (a claim that wins during the cancel keeps the hold too).
        if (found.userId !== userId || withEffectiveState(found, this.clock.now()).state !== 'held') return;
        // The session's sale too: it may be the implicit one, which salesOf does not list.
        if ((await this.release(found, [sale.id])).state === 'cancelled') cancelled.push(id);
      }),
    );
    return { cancelled, pending };
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
