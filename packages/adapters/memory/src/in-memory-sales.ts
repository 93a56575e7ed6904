import type { SalePrimitives, SaleRepository } from '@boxoffice/core';

/** Sales in process memory, kept as stored copies. */
export class InMemorySales implements SaleRepository {
  private readonly sales = new Map<string, SalePrimitives>();

  async create(sale: SalePrimitives): Promise<boolean> {
    if (this.sales.has(sale.id)) return false;
    this.sales.set(sale.id, structuredClone(sale));
    return true;
  }

  async get(saleId: string): Promise<SalePrimitives | null> {
    const sale = this.sales.get(saleId);
    return sale ? structuredClone(sale) : null;
  }

  async list(): Promise<SalePrimitives[]> {
    return [...this.sales.keys()].sort().map((id) => structuredClone(this.sales.get(id)!));
  }
}
