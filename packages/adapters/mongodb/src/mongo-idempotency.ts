import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '@boxoffice/core';
import type { MongoContext } from './context.js';
import type { IdempotencyDoc } from './documents/idempotency.js';
import { idempotencyId } from './documents/idempotency.js';
import { guarded, isDuplicateKey } from './errors.js';

/**
 * Idempotency-Key records in MongoDB, one document per (user, key). `begin` is
 * an insert that the _id decides; an expired record is replaced by a
 * compare-and-set on its expiry. The TTL index clears old records (wall clock);
 * expiry itself is judged on the caller's clock.
 */
export class MongoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly ctx: MongoContext) {}

  begin(scope: string, key: string, fingerprint: string, now: number, ttlMs: number): Promise<IdempotencyBegin> {
    return guarded(async () => {
      const _id = idempotencyId(scope, key);
      const fresh: IdempotencyDoc = { _id, fingerprint, response: null, expiresAtMs: now + ttlMs, purgeAt: purgeAt(ttlMs) };
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await this.ctx.idempotency.insertOne({ ...fresh });
          return { outcome: 'started' };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        const record = await this.ctx.idempotency.findOne({ _id });
        if (!record) continue;
        if (record.expiresAtMs <= now) {
          const replaced = await this.ctx.idempotency.replaceOne({ _id, expiresAtMs: record.expiresAtMs }, fresh);
          if (replaced.modifiedCount === 1) return { outcome: 'started' };
          continue;
        }
        if (record.fingerprint !== fingerprint) return { outcome: 'mismatch' };
        if (record.response === null) return { outcome: 'in_progress' };
        return { outcome: 'replay', response: JSON.parse(record.response) as StoredResponse };
      }
      return { outcome: 'in_progress' };
    });
  }

  renew(scope: string, key: string, now: number, ttlMs: number): Promise<boolean> {
    return guarded(async () => {
      const renewed = await this.ctx.idempotency.updateOne(
        { _id: idempotencyId(scope, key), response: null, expiresAtMs: { $gt: now } },
        { $set: { expiresAtMs: now + ttlMs, purgeAt: purgeAt(ttlMs) } },
      );
      return renewed.modifiedCount === 1;
    });
  }

  finish(scope: string, key: string, response: StoredResponse, now: number, ttlMs: number): Promise<void> {
    return guarded(async () => {
      await this.ctx.idempotency.updateOne(
        { _id: idempotencyId(scope, key) },
        { $set: { response: JSON.stringify(response), expiresAtMs: now + ttlMs, purgeAt: purgeAt(ttlMs) } },
      );
    });
  }

  abandon(scope: string, key: string): Promise<void> {
    return guarded(async () => {
      await this.ctx.idempotency.deleteOne({ _id: idempotencyId(scope, key), response: null });
    });
  }
}

/** Wall clock plus the record's life: the TTL monitor runs on server time. */
function purgeAt(ttlMs: number): Date {
  return new Date(Date.now() + ttlMs);
}
