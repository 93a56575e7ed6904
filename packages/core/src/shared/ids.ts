/**
 * The only source of randomness in core. Implementations must draw from a
 * cryptographically secure generator: tokens are bearer secrets.
 */
export interface IdGenerator {
  /** An opaque queue token with at least 128 random bits, URL-safe. */
  newToken(): string;
  /** A unique, URL-safe id for reservations, payments and ledger entries. */
  newId(): string;
}

/** Ids that travel in URLs and store keys: letters, digits, `_` and `-`. */
export const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
