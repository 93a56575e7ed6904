import type { SalePrimitives, SaleRepository } from '@boxoffice/core';
import type { MongoContext } from './context.js';
import { saleFromDoc, saleToDoc } from './documents/sales.js';
import { guarded, isDuplicateKey } from './errors.js';

/** Sales, one document each; the _id index makes the first create of an id win. */
export class MongoSales implements SaleRepository {
  constructor(private readonly ctx: MongoContext) {}

  create(sale: SalePrimitives): Promise<boolean> {
    return guarded(async () => {
      try {
        await this.ctx.sales.insertOne(saleToDoc(sale));
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    });
  }

  get(saleId: string): Promise<SalePrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.sales.findOne({ _id: saleId });
      return doc ? saleFromDoc(doc) : null;
    });
  }

  list(): Promise<SalePrimitives[]> {
    return guarded(async () => (await this.ctx.sales.find({}, { sort: { _id: 1 } }).toArray()).map(saleFromDoc));
  }
}
