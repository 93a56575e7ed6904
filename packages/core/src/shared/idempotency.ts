/** A response kept so that a retried request gets the first answer again. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type IdempotencyBegin =
  | { readonly outcome: 'started' }
  | { readonly outcome: 'in_progress' }
  | { readonly outcome: 'mismatch' }
  | { readonly outcome: 'replay'; readonly response: StoredResponse };

/**
 * Idempotency-Key records, scoped by user (keys belong to whoever sent them).
 * Stored like the rest of the data, so they hold across host processes.
 */
export interface IdempotencyStore {
  /**
   * Atomically: with no record, stores an in-progress one for `fingerprint`
   * (expiring at `now + ttlMs`) and answers started. With a finished record
   * of the same fingerprint, answers replay; an in-progress one, in_progress;
   * another fingerprint, mismatch.
   */
  begin(scope: string, key: string, fingerprint: string, now: number, ttlMs: number): Promise<IdempotencyBegin>;
  /**
   * Extends an in-progress record to `now + ttlMs`: the lease of the request
   * that runs it, renewed while it runs, so that a record whose request died
   * (or whose abandon was lost in an outage) frees its key within one lease.
   * A finished or missing record is left alone; answers whether one was renewed.
   */
  renew(scope: string, key: string, now: number, ttlMs: number): Promise<boolean>;
  /** Keeps the answer for replay. */
  finish(scope: string, key: string, response: StoredResponse, now: number, ttlMs: number): Promise<void>;
  /** Forgets an in-progress record whose request failed without effect, so a retry can run. */
  abandon(scope: string, key: string): Promise<void>;
}
