import type { ReservationPrimitives } from '../reservation/reservation.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import type { AllowanceEntry, AllowanceRepository, ReserveResult } from './allowance-repository.js';

const used = (entries: readonly AllowanceEntry[]) => entries.reduce((sum, e) => sum + e.seats, 0);

/**
 * Whether an allowance entry no longer counts: its hold was cancelled,
 * expired or refunded, or is held (or never landed) past its expiry plus the pay grace,
 * after which nobody can claim it (a claim needs `expiresAt > now - grace`).
 * A hold whose request is still in flight lands already lapsed by then, so
 * giving its entry back can never let a user pay for more than the limit.
 * Dead is final: no later step makes such a hold count again.
 */
export function isDeadEntry(entry: AllowanceEntry, r: ReservationPrimitives | null, now: number, payGraceMs: number): boolean {
  if (r === null) return now >= entry.expiresAt + payGraceMs;
  if (r.state === 'cancelled' || r.state === 'expired' || r.state === 'refunded') return true;
  if (r.state === 'held') return now >= r.expiresAt + payGraceMs;
  return false;
}

/**
 * The purchase limit (SPEC "Fair play"): the seats one user holds plus has
 * bought in one sale never exceed the sale's `maxSeatsPerUser`. The allowance
 * (user partition) is reserved before the seats (schedule partition) are
 * held and given back when the hold fails or is cancelled. Entries a crash
 * or fault stranded, and those of lapsed holds, are given back when they
 * would refuse a reservation (`reclaim`), so the allowance never refuses on
 * account of a hold that no longer counts, and costs no sweep or index.
 */
export class PurchaseLimit {
  constructor(
    private readonly allowances: AllowanceRepository,
    private readonly inventory: SeatInventory,
    private readonly clock: Clock,
    private readonly config: BoxofficeConfig,
  ) {}

  /** Reserves the hold's seats in the user's allowance; purchase_limit (nothing stored) when they would pass `limit`. */
  async reserve(saleId: string, reservation: ReservationPrimitives, limit: number): Promise<void> {
    const { userId } = reservation;
    const entry: AllowanceEntry = { reservationId: reservation.id, seats: reservation.seats.length, expiresAt: reservation.expiresAt };
    let result = await this.tryReserve(userId, saleId, entry, limit);
    if (!result.reserved && (await this.reclaim(userId, saleId, result.entries)) > 0) {
      result = await this.tryReserve(userId, saleId, entry, limit);
    }
    if (!result.reserved) {
      const held = used(result.entries);
      throw new DomainError('purchase_limit', `At most ${limit} seats per buyer in this sale; you hold or bought ${held}.`, {
        limit,
        used: held,
        requested: entry.seats,
      });
    }
  }

  /** Gives a hold's seats back to the allowance. Best effort: an entry left behind is reclaimed once its hold is dead. */
  async giveBack(userId: string, saleIds: readonly string[], reservationId: string): Promise<void> {
    await Promise.all(saleIds.map((saleId) => this.allowances.release(userId, saleId, reservationId).catch(() => false)));
  }

  /**
   * The tick's part: the holds the sweep just expired give their seats back, in every stored sale that
   * sells their schedule (`salesOf`). Best effort; what it misses (the implicit sale, a hold that never
   * landed) is reclaimed when it would refuse a reserve.
   */
  async returnExpired(reservationIds: readonly string[], salesOf: (scheduleId: string) => string[]): Promise<void> {
    await Promise.all(
      reservationIds.map(async (id) => {
        const r = await this.inventory.get(id).catch(() => null);
        if (r?.state === 'expired') await this.giveBack(r.userId, salesOf(r.scheduleId), id);
      }),
    );
  }

  /** The reservation ids of the user's entries in the sale (landed or not, dead or not). */
  async reservationIds(userId: string, saleId: string): Promise<string[]> {
    return (await this.allowances.list(userId, saleId)).map((e) => e.reservationId);
  }

  /** Gives back the user's dead entries in the sale; returns the seats that still count. */
  async settle(userId: string, saleId: string): Promise<number> {
    const entries = await this.allowances.list(userId, saleId);
    await this.reclaim(userId, saleId, entries);
    return used(await this.allowances.list(userId, saleId));
  }

  /** Releases the entries whose holds no longer count (see isDeadEntry); returns how many. */
  private async reclaim(userId: string, saleId: string, entries: readonly AllowanceEntry[]): Promise<number> {
    const now = this.clock.now();
    const graceMs = this.config.payGraceSeconds * 1000;
    const dead = await Promise.all(
      entries.map(async (e) => isDeadEntry(e, await this.inventory.get(e.reservationId), now, graceMs)),
    );
    const gone = entries.filter((_, i) => dead[i]);
    await Promise.all(gone.map((e) => this.allowances.release(userId, saleId, e.reservationId)));
    return gone.length;
  }

  /** One reserve step. If it fails it may still have run (the answer was lost): release, idempotent, undoes it. */
  private async tryReserve(userId: string, saleId: string, entry: AllowanceEntry, limit: number): Promise<ReserveResult> {
    try {
      return await this.allowances.reserve(userId, saleId, entry, limit);
    } catch (error) {
      await this.allowances.release(userId, saleId, entry.reservationId).catch(() => false);
      throw error;
    }
  }
}
