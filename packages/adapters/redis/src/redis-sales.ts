import type { SalePrimitives, SaleRepository } from '@boxoffice/core';
import type { RedisKeys } from './keys.js';
import type { Scripts } from './scripts.js';

/** Sales as JSON fields of one hash under the `{sales}` tag. Few and read-mostly: hosts cache them. */
export class RedisSales implements SaleRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
  ) {}

  async create(sale: SalePrimitives): Promise<boolean> {
    // HSETNX: the first writer of an id wins, atomically.
    return (await this.scripts.command((c) => c.hsetnx(this.keys.sales(), sale.id, JSON.stringify(sale)))) === 1;
  }

  async get(saleId: string): Promise<SalePrimitives | null> {
    const json = await this.scripts.command((c) => c.hget(this.keys.sales(), saleId));
    return json === null ? null : (JSON.parse(json) as SalePrimitives);
  }

  async list(): Promise<SalePrimitives[]> {
    const all = await this.scripts.command((c) => c.hgetall(this.keys.sales()));
    return Object.keys(all)
      .sort()
      .map((id) => JSON.parse(all[id]!) as SalePrimitives);
  }
}
