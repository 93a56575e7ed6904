import type { AllowanceEntry, AllowanceRepository, ReserveResult } from '../fair-play/allowance-repository.js';
import { gap } from './intercept.js';

/** Bugs the naive allowance store can switch on, one per kit check it must fail. */
export interface NaiveAllowanceBugs {
  /** reserve reads the entries, yields, then writes: parallel holds all fit. */
  readonly racyReserve?: boolean;
  /** The limit counts holds instead of seats. */
  readonly countHolds?: boolean;
  /** release answers true but keeps the entry. */
  readonly releaseKeeps?: boolean;
  /** release deletes the user's whole allowance in the sale (DEL for HDEL). */
  readonly releaseDropsAll?: boolean;
  /** A repeated reserve of one reservation id stores it again. */
  readonly reserveTwice?: boolean;
  /** list answers only the first entry (a single-field read for the whole hash). */
  readonly listFirstOnly?: boolean;
}

/** A plain-map allowance store for the kit's self-test, correct with every bug off. */
export class NaiveAllowances implements AllowanceRepository {
  private readonly entries = new Map<string, AllowanceEntry[]>();

  constructor(private readonly bugs: NaiveAllowanceBugs = {}) {}

  async reserve(userId: string, saleId: string, entry: AllowanceEntry, limit: number): Promise<ReserveResult> {
    const key = `${userId} ${saleId}`;
    let current = this.entries.get(key) ?? [];
    if (this.bugs.racyReserve) await gap();
    const known = !this.bugs.reserveTwice && current.some((e) => e.reservationId === entry.reservationId);
    const used = current.reduce((sum, e) => sum + (this.bugs.countHolds ? 1 : e.seats), 0);
    const reserved = known || used + (this.bugs.countHolds ? 1 : entry.seats) <= limit;
    if (reserved && !known) {
      if (this.bugs.racyReserve) current = this.entries.get(key) ?? current;
      current = [...current, { ...entry }];
      this.entries.set(key, current);
    }
    return { reserved, entries: current.map((e) => ({ ...e })) };
  }

  async release(userId: string, saleId: string, reservationId: string): Promise<boolean> {
    const key = `${userId} ${saleId}`;
    const current = this.entries.get(key) ?? [];
    const had = current.some((e) => e.reservationId === reservationId);
    if (this.bugs.releaseKeeps) return had;
    if (this.bugs.releaseDropsAll) this.entries.delete(key);
    else this.entries.set(key, current.filter((e) => e.reservationId !== reservationId));
    return had;
  }

  async list(userId: string, saleId: string): Promise<AllowanceEntry[]> {
    const entries = (this.entries.get(`${userId} ${saleId}`) ?? []).map((e) => ({ ...e }));
    return this.bugs.listFirstOnly ? entries.slice(0, 1) : entries;
  }
}
