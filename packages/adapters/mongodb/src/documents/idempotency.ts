/* Idempotency-Key records. */

export interface IdempotencyDoc {
  _id: string;
  fingerprint: string;
  /** The stored answer as JSON text, so any body round-trips exactly; null while in progress. */
  response: string | null;
  /** In the caller's clock: decides expiry. */
  expiresAtMs: number;
  /** Wall clock, for the TTL index only. */
  purgeAt: Date;
}

export function idempotencyId(scope: string, key: string): string {
  return JSON.stringify([scope, key]);
}
