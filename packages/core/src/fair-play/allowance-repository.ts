/** One hold's share of a user's allowance in a sale. */
export interface AllowanceEntry {
  readonly reservationId: string;
  readonly seats: number;
  /** The hold's expiry: an entry whose hold never landed is dead once the hold would have lapsed (see purchase-limit.ts). */
  readonly expiresAt: number;
}

export interface ReserveResult {
  /** true when the entry is stored (now, or already by an earlier call with the same reservation id). */
  readonly reserved: boolean;
  /** The user's entries in the sale after the step (on a refusal, the ones that refused it). */
  readonly entries: readonly AllowanceEntry[];
}

/**
 * The purchase limit's ledger: per user and sale, the seats of each hold that
 * counts against `maxSeatsPerUser`. It lives in the user's partition (on
 * Redis Cluster, the user's hash tag), apart from the seats, so core reserves
 * here first, holds the seats second, and gives the entry back if the hold fails.
 * Each method is one atomic step; the adapter decides nothing (core passes the limit).
 */
export interface AllowanceRepository {
  /**
   * Stores `entry` if the seats of the user's entries in the sale plus
   * `entry.seats` stay within `limit`; otherwise changes nothing and answers
   * reserved false. Idempotent by reservation id: an entry already stored
   * answers reserved true and changes nothing, whatever the limit.
   */
  reserve(userId: string, saleId: string, entry: AllowanceEntry, limit: number): Promise<ReserveResult>;

  /** Removes the reservation's entry. Idempotent: false when there was none. */
  release(userId: string, saleId: string, reservationId: string): Promise<boolean>;

  /** The user's entries in the sale. */
  list(userId: string, saleId: string): Promise<AllowanceEntry[]>;
}
