import type { HistoryPage, LedgerEntry } from './ledger-entry.js';

export interface ChargeCommand {
  readonly userId: string;
  readonly amount: number;
  readonly maxBalance: number;
  /** The id of the new ledger entry. */
  readonly entryId: string;
  /** Same key again: the first charge is returned and nothing is applied. */
  readonly idempotencyKey: string | null;
  readonly now: number;
}

export interface ChargeResult {
  readonly balance: number;
  readonly entry: LedgerEntry;
  /** true when `idempotencyKey` had been applied before. */
  readonly replayed: boolean;
}

/**
 * Wallets, partitioned by user. The balance and its ledger change together in
 * one atomic step, so the balance always equals the sum of the ledger.
 */
export interface WalletRepository {
  /**
   * Adds `amount` and appends a `charge` entry (ref: the idempotency key, or
   * the entry id). Throws `balance_limit` when the balance would pass
   * `maxBalance`, and `idempotency_mismatch` when the key was used for another
   * amount; neither changes anything.
   */
  charge(command: ChargeCommand): Promise<ChargeResult>;

  /** 0 for a wallet never charged. */
  balance(userId: string): Promise<number>;

  /** The balance with one page of the ledger, newest first, read in one step; `cursor` comes from a previous page. */
  history(userId: string, limit: number, cursor: string | null): Promise<HistoryPage>;
}
