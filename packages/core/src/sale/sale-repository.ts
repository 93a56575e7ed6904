import type { AuditDraft, AuditEntry } from './audit.js';
import type { SalePrimitives } from './sale.js';

/**
 * Stored sales. Sales are few and read-mostly: hosts cache them and refresh on
 * every tick, so a change reaches every host within one tick. The audit log
 * lives in the same partition (see AuditLog).
 */
export interface SaleRepository {
  /**
   * Stores `sale` unless a sale with its id exists; true when this call stored
   * it. With `audit`, its entry is appended in the same atomic step, and only
   * when the sale was stored.
   */
  create(sale: SalePrimitives, audit?: AuditDraft): Promise<boolean>;
  get(saleId: string): Promise<SalePrimitives | null>;
  /** Every sale, ordered by id. */
  list(): Promise<SalePrimitives[]>;
  /**
   * Compare-and-set: replaces the sale `next.id` with `next` only if the stored
   * one's version is `expectedVersion` (a record without one counts as 0), and
   * appends `audit` in the same atomic step (or, where the store cannot, fenced
   * by the version so that the entry exists exactly once). Answers the entry,
   * or null when nothing was written (no such sale, or another change won).
   * `next.version` is `expectedVersion + 1`.
   */
  update(next: SalePrimitives, expectedVersion: number, audit: AuditDraft): Promise<AuditEntry | null>;
}
