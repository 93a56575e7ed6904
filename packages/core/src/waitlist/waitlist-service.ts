import type { CatalogService } from '../catalog/catalog-service.js';
import type { PurchaseLimit } from '../fair-play/purchase-limit.js';
import type { PaymentPrimitives } from '../payment/payment.js';
import type { PaymentService } from '../payment/payment-service.js';
import { assertUserId, type QueueService } from '../queue/queue-service.js';
import type { ReservationPrimitives } from '../reservation/reservation.js';
import type { ReservationService } from '../reservation/reservation-service.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import type { ActiveSale, SaleService } from '../sale/sale-service.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError, isDomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import type { WaitlistEntry, WaitlistStatus } from './waitlist.js';
import { offerReservationId, toWaitlistStatus } from './waitlist.js';
import type { WaitlistRepository } from './waitlist-repository.js';

export interface WaitlistTickReport {
  /** Whether the list is active after the tick (the sale's released seats are kept for it). */
  readonly active: boolean;
  /** Offer holds placed this tick. */
  readonly offered: readonly string[];
  /** Offers that ended this tick, paid or lapsed. */
  readonly settled: readonly string[];
  /** Set when the step failed this tick (store_unavailable): the next tick repeats it. */
  readonly failed?: string;
}

const IDLE: WaitlistTickReport = { active: false, offered: [], settled: [] };

/** A pending offer younger than this is left to the host placing it; older ones were left by a crash and are re-driven. */
export const PENDING_REDRIVE_MS = 5_000;

/**
 * The waiting list of a sold-out sale and its offers (see README.md). An offer
 * is three idempotent steps: claim the seat for the first person waiting (sale
 * partition: one live offer per seat, so two hosts never offer one seat
 * twice), hold it in their name (schedule partition: the seat's hold is the
 * arbiter), open it. The tick finishes what a crash left, settles paid and
 * lapsed offers, and offers every free seat of the sale while the list is active.
 */
export class WaitlistService {
  constructor(
    private readonly repo: WaitlistRepository,
    private readonly inventory: SeatInventory,
    private readonly catalog: CatalogService,
    private readonly sales: SaleService,
    private readonly queue: QueueService,
    private readonly reservations: ReservationService,
    private readonly payments: PaymentService,
    private readonly limit: PurchaseLimit,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
  ) {}

  /** One place per user, at the back; only once the sale is sold out (waitlist_not_open before). */
  async join(saleId: string, userId: string): Promise<{ status: WaitlistStatus; created: boolean }> {
    assertUserId(userId);
    const sale = await this.stored(saleId);
    if (sale.closed) throw new DomainError('sale_closed', 'This sale is closed.', { saleId: sale.id });
    let result = await this.repo.join(sale.id, userId, this.clock.now(), false);
    if ('refused' in result) {
      if (!(await this.sales.isSoldOut(sale.record!))) {
        throw new DomainError('waitlist_not_open', 'The waiting list opens once the sale is sold out.', { saleId: sale.id });
      }
      result = await this.repo.join(sale.id, userId, this.clock.now(), true);
      if ('refused' in result) throw new DomainError('waitlist_not_open', 'The waiting list is not open.', { saleId: sale.id });
      // From now on no released seat is free to anyone else; the tick repeats this if it fails here.
      await this.setMode(sale, true, result.gen);
    }
    return { status: toWaitlistStatus(result.place.entry, result.place.position), created: result.created };
  }

  /** The caller's place; waitlist_not_found when they never joined. */
  async status(saleId: string, userId: string): Promise<WaitlistStatus> {
    assertUserId(userId);
    const sale = await this.stored(saleId);
    const place = await this.repo.get(sale.id, userId);
    if (!place) throw notFound(sale.id);
    return toWaitlistStatus(place.entry, place.position);
  }

  /** Leaves the list; an open offer's hold is cancelled (its seat goes to the next person). Leaving twice is harmless. */
  async leave(saleId: string, userId: string): Promise<void> {
    assertUserId(userId);
    const sale = await this.stored(saleId);
    const before = await this.repo.leave(sale.id, userId, this.clock.now());
    if (!before) throw notFound(sale.id);
    if (before.offer !== null && (before.state === 'offered' || before.state === 'waiting')) {
      await this.inventory.cancel(offerReservationId(before.offer), this.clock.now());
    }
  }

  /**
   * Pays an offer with no queue token. The purchase limit applies: the offer's
   * seat is reserved in the buyer's allowance first (purchase_limit when full).
   */
  async pay(userId: string, reservationId: string, idempotencyKey: string | null = null): Promise<PaymentPrimitives> {
    const r = await this.reservations.get(userId, reservationId);
    if (r.waitlistSaleId === undefined) {
      throw new DomainError('validation_failed', 'Send the Queue-Token header: only a waiting-list offer is paid without a queue token.', { reservationId });
    }
    const sale = await this.sales.active(r.waitlistSaleId);
    if (r.state === 'held') await this.limit.reserve(sale.id, r, sale.settings.maxSeatsPerUser);
    const paid = await this.payments.payOffer(userId, reservationId, idempotencyKey);
    // Best effort: the tick settles it otherwise.
    await this.repo.settle(sale.id, offerIdOf(reservationId), 'purchased', this.clock.now()).catch(() => null);
    return paid;
  }

  /**
   * The list's share of the scheduler tick for one sale: the list becomes
   * active when the sale is sold out; then open offers are settled (paid:
   * purchased; lapsed past the pay grace: expired), pending ones a crash left
   * are finished, and every free seat of the sale is offered to the next
   * person, at most `tickBatch` a tick. With nobody waiting and a seat free,
   * the list closes and the seat is free to all (the sale reopens).
   */
  async tick(saleId: string): Promise<WaitlistTickReport> {
    const sale = await this.sales.active(saleId);
    if (sale.record === null || sale.closed) return IDLE;
    const meta = await this.repo.meta(sale.id);
    let gen = meta.gen;
    if (!meta.active) {
      const soldOut = await this.sales.isSoldOut(sale.record);
      if (gen > 0) {
        // Repeated while inactive: a crash between closing the list and freeing the seats heals here.
        await this.setMode(sale, false, gen);
        // A seat came back and nobody waited for it: the sale is on sale again, its queue takes entrants.
        if (!soldOut) await this.queue.reopen(sale.id);
      }
      if (!soldOut) return IDLE;
      gen = await this.repo.activate(sale.id, this.clock.now());
    }
    await this.setMode(sale, true, gen);
    const settled = await this.reconcile(sale);
    const { offered, active } = await this.offerFreeSeats(sale);
    return { active, offered, settled };
  }

  /** Settles open offers that were paid or lapsed, and re-drives pending ones a crash left. */
  private async reconcile(sale: ActiveSale): Promise<string[]> {
    const now = this.clock.now();
    const graceMs = this.config.payGraceSeconds * 1000;
    const settled: string[] = [];
    for (const entry of await this.repo.offers(sale.id, this.config.tickBatch)) {
      const offer = entry.offer!;
      if (offer.state === 'pending') {
        if (now - offer.createdAt >= PENDING_REDRIVE_MS) await this.place(sale, entry);
        continue;
      }
      const r = await this.inventory.get(offerReservationId(offer));
      let outcome: 'purchased' | 'expired' | null = null;
      if (r?.state === 'confirmed') outcome = 'purchased';
      // Within the pay grace the person may still pay; a claim past it is refused, so the seat can move on.
      else if (r === null || r.state === 'cancelled' || r.state === 'expired' || (r.state === 'held' && r.expiresAt + graceMs <= now)) outcome = 'expired';
      if (outcome !== null && (await this.repo.settle(sale.id, offer.id, outcome, now)) !== null) settled.push(offerReservationId(offer));
    }
    return settled;
  }

  /** Offers each free seat of the sale to the next person waiting. */
  private async offerFreeSeats(sale: ActiveSale): Promise<{ offered: string[]; active: boolean }> {
    const offered: string[] = [];
    let budget = this.config.tickBatch;
    const graceMs = this.config.payGraceSeconds * 1000;
    for (const scheduleId of sale.record!.scheduleIds) {
      const now = this.clock.now();
      const schedule = await this.catalog.schedule(scheduleId);
      const taken = new Set((await this.inventory.takenSeats(scheduleId, now)).map((t) => t.number));
      for (const seat of schedule.seats) {
        if (taken.has(seat.number)) continue;
        if (budget-- <= 0) return { offered, active: true };
        const claim = await this.repo.claim(sale.id, { id: this.ids.newId(), scheduleId, seat: seat.number }, now, now - graceMs);
        if (claim.kind === 'busy') continue;
        if (claim.kind === 'empty') {
          // Nobody waits: the list closes and the released seats are free to all. Someone joining meanwhile keeps it open.
          const closed = await this.repo.deactivate(sale.id, now);
          if (closed === null) continue;
          await this.setMode(sale, false, closed);
          return { offered, active: false };
        }
        if (await this.place(sale, claim.entry)) offered.push(offerReservationId(claim.entry.offer!));
      }
    }
    return { offered, active: true };
  }

  /** Steps 2 and 3 of an offer: the hold, then open. A seat taken meanwhile undoes it (the person keeps their place). */
  private async place(sale: ActiveSale, entry: WaitlistEntry): Promise<boolean> {
    const offer = entry.offer!;
    const now = this.clock.now();
    const schedule = await this.catalog.schedule(offer.scheduleId);
    const draft: ReservationPrimitives = {
      id: offerReservationId(offer),
      userId: entry.userId,
      scheduleId: offer.scheduleId,
      seats: [offer.seat],
      amount: schedule.seats.find((s) => s.number === offer.seat)?.price ?? 0,
      state: 'held',
      createdAt: now,
      expiresAt: now + sale.settings.offerTtlSeconds * 1000,
      paymentId: null,
      waitlistSaleId: sale.id,
    };
    let held: ReservationPrimitives;
    try {
      held = await this.inventory.offer(draft, now);
    } catch (error) {
      if (!isDomainError(error, 'seat_unavailable')) throw error;
      await this.repo.undo(sale.id, offer.id);
      return false;
    }
    if ((await this.repo.open(sale.id, offer.id, held.expiresAt, now)) === null) {
      // Undone or left meanwhile: the hold has nobody's offer behind it.
      await this.inventory.cancel(held.id, now);
      return false;
    }
    return true;
  }

  private async setMode(sale: ActiveSale, on: boolean, gen: number): Promise<void> {
    for (const scheduleId of sale.record!.scheduleIds) await this.inventory.setWaitlistMode(scheduleId, sale.id, on, gen);
  }

  /** A stored sale (the implicit one of a store with no sales has no waiting list). */
  private async stored(saleId: string): Promise<ActiveSale> {
    const sale = await this.sales.active(saleId);
    if (sale.record === null) throw new DomainError('sale_not_found', 'No such sale.', { saleId });
    return sale;
  }
}

/** The offer id inside an offer hold's reservation id (`<scheduleId>.<offerId>`). */
export function offerIdOf(reservationId: string): string {
  return reservationId.slice(reservationId.indexOf('.') + 1);
}

function notFound(saleId: string): DomainError {
  return new DomainError('waitlist_not_found', 'You have no place on this waiting list.', { saleId });
}
