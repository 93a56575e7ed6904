import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '@boxoffice/core';

interface IdempotencyRecord {
  fingerprint: string;
  response: StoredResponse | null;
  expiresAt: number;
}

/** Idempotency-Key records in process memory; expired ones are dropped when next touched. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  async begin(scope: string, key: string, fingerprint: string, now: number, ttlMs: number): Promise<IdempotencyBegin> {
    const id = JSON.stringify([scope, key]);
    const record = this.records.get(id);
    if (!record || record.expiresAt <= now) {
      this.records.set(id, { fingerprint, response: null, expiresAt: now + ttlMs });
      return { outcome: 'started' };
    }
    if (record.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    if (record.response === null) return { outcome: 'in_progress' };
    return { outcome: 'replay', response: structuredClone(record.response) };
  }

  async renew(scope: string, key: string, now: number, ttlMs: number): Promise<boolean> {
    const record = this.records.get(JSON.stringify([scope, key]));
    if (!record || record.response !== null || record.expiresAt <= now) return false;
    record.expiresAt = now + ttlMs;
    return true;
  }

  async finish(scope: string, key: string, response: StoredResponse, now: number, ttlMs: number): Promise<void> {
    const id = JSON.stringify([scope, key]);
    const record = this.records.get(id);
    if (record) this.records.set(id, { ...record, response: structuredClone(response), expiresAt: now + ttlMs });
  }

  async abandon(scope: string, key: string): Promise<void> {
    const id = JSON.stringify([scope, key]);
    if (this.records.get(id)?.response === null) this.records.delete(id);
  }
}
