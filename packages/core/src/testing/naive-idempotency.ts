import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../shared/idempotency.js';
import { gap } from './intercept.js';

export interface NaiveIdempotencyBugs {
  /** begin() reads, yields, then writes: two requests with one key both start. */
  readonly racyBegin?: boolean;
  /** renew() revives a lapsed lease: a request that lost its key keeps it from the retry that took over. */
  readonly renewLapsed?: boolean;
  /** An in-progress record lives for the replay time, not its lease: a dead request locks its key out. */
  readonly ignoreLease?: boolean;
}

interface Entry {
  fingerprint: string;
  response: StoredResponse | null;
  expiresAt: number;
}

/** A deliberately simple IdempotencyStore for the kit's self-tests. Correct with no bugs on. */
export class NaiveIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, Entry>();

  constructor(private readonly bugs: NaiveIdempotencyBugs = {}) {}

  async begin(scope: string, key: string, fingerprint: string, now: number, ttlMs: number): Promise<IdempotencyBegin> {
    const id = `${scope}\u0000${key}`;
    const record = this.records.get(id);
    if (this.bugs.racyBegin) await gap();
    if (!record || record.expiresAt <= now) {
      this.records.set(id, { fingerprint, response: null, expiresAt: now + (this.bugs.ignoreLease ? 24 * 3_600_000 : ttlMs) });
      return { outcome: 'started' };
    }
    if (record.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    if (record.response === null) return { outcome: 'in_progress' };
    return { outcome: 'replay', response: structuredClone(record.response) };
  }

  async renew(scope: string, key: string, now: number, ttlMs: number): Promise<boolean> {
    const record = this.records.get(`${scope}\u0000${key}`);
    if (!record || record.response !== null || (record.expiresAt <= now && !this.bugs.renewLapsed)) return false;
    record.expiresAt = this.bugs.ignoreLease ? Math.max(record.expiresAt, now + ttlMs) : now + ttlMs;
    return true;
  }

  async finish(scope: string, key: string, response: StoredResponse, now: number, ttlMs: number): Promise<void> {
    const record = this.records.get(`${scope}\u0000${key}`);
    if (record) Object.assign(record, { response: structuredClone(response), expiresAt: now + ttlMs });
  }

  async abandon(scope: string, key: string): Promise<void> {
    const id = `${scope}\u0000${key}`;
    if (this.records.get(id)?.response === null) this.records.delete(id);
  }
}
