import type { AllowanceEntry, AllowanceRepository, ReserveResult } from '@boxoffice/core';
import type { Collection } from 'mongodb';
import type { MongoContext } from './context.js';
import type { AllowanceDoc } from './documents/allowances.js';
import { ALLOWANCES, allowanceId, entriesFromDoc, releaseUpdate, reserveUpdate } from './documents/allowances.js';
import { guarded, isDuplicateKey } from './errors.js';

/**
 * The purchase limit's allowances in MongoDB: one document per user and sale,
 * so reserve is one conditional single-document update (atomic without
 * transactions) and release one pipeline update of the same document.
 */
export class MongoAllowances implements AllowanceRepository {
  private readonly docs: Collection<AllowanceDoc>;

  constructor(ctx: MongoContext) {
    this.docs = ctx.db.collection<AllowanceDoc>(ALLOWANCES);
  }

  reserve(userId: string, saleId: string, entry: AllowanceEntry, limit: number): Promise<ReserveResult> {
    return guarded(async () => {
      const _id = allowanceId(userId, saleId);
      const { filter, update } = reserveUpdate(_id, entry, limit);
      // A duplicate _id means the document exists and did not match (the entry is there, or it is over the
      // limit), or a racing first reserve created it a moment ago: the second try tells them apart.
      for (let attempt = 0; attempt < 2 && entry.seats <= limit; attempt++) {
        try {
          const after = await this.docs.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after' });
          if (after) return { reserved: true, entries: entriesFromDoc(after) };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      const entries = entriesFromDoc(await this.docs.findOne({ _id }));
      return { reserved: entries.some((e) => e.reservationId === entry.reservationId), entries };
    });
  }

  release(userId: string, saleId: string, reservationId: string): Promise<boolean> {
    return guarded(async () => {
      const filter = { _id: allowanceId(userId, saleId), 'entries.r': reservationId };
      const result = await this.docs.updateOne(filter, releaseUpdate(reservationId));
      return result.modifiedCount === 1;
    });
  }

  list(userId: string, saleId: string): Promise<AllowanceEntry[]> {
    return guarded(async () => entriesFromDoc(await this.docs.findOne({ _id: allowanceId(userId, saleId) })));
  }
}
