import type { SalePrimitives } from './sale.js';

/**
 * Stored sales. Sales are few and read-mostly: hosts cache them and refresh on
 * every tick, so a change reaches every host within one tick.
 */
export interface SaleRepository {
  /** Stores `sale` unless a sale with its id exists; true when this call stored it. Atomic. */
  create(sale: SalePrimitives): Promise<boolean>;
  get(saleId: string): Promise<SalePrimitives | null>;
  /** Every sale, ordered by id. */
  list(): Promise<SalePrimitives[]>;
}
