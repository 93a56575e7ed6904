import type { AllowanceEntry, AllowanceRepository, ReserveResult } from '@boxoffice/core';

/** The purchase limit's allowances in process memory; atomic because no method awaits. */
export class InMemoryAllowances implements AllowanceRepository {
  /** `userId saleId` → reservation id → entry. */
  private readonly byUserSale = new Map<string, Map<string, AllowanceEntry>>();

  async reserve(userId: string, saleId: string, entry: AllowanceEntry, limit: number): Promise<ReserveResult> {
    const entries = this.entries(userId, saleId, true)!;
    const used = [...entries.values()].reduce((sum, e) => sum + e.seats, 0);
    const reserved = entries.has(entry.reservationId) || used + entry.seats <= limit;
    if (reserved && !entries.has(entry.reservationId)) entries.set(entry.reservationId, { ...entry });
    return { reserved, entries: [...entries.values()].map((e) => ({ ...e })) };
  }

  async release(userId: string, saleId: string, reservationId: string): Promise<boolean> {
    const entries = this.entries(userId, saleId, false);
    const had = entries?.delete(reservationId) ?? false;
    if (entries?.size === 0) this.byUserSale.delete(JSON.stringify([userId, saleId]));
    return had;
  }

  async list(userId: string, saleId: string): Promise<AllowanceEntry[]> {
    return [...(this.entries(userId, saleId, false)?.values() ?? [])].map((e) => ({ ...e }));
  }

  private entries(userId: string, saleId: string, create: boolean): Map<string, AllowanceEntry> | undefined {
    const key = JSON.stringify([userId, saleId]);
    let found = this.byUserSale.get(key);
    if (!found && create) this.byUserSale.set(key, (found = new Map()));
    return found;
  }
}
