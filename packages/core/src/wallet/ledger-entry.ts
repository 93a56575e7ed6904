export type LedgerEntryType = 'charge' | 'payment' | 'refund';

/** One move of a wallet's balance. `amount` is always positive; `type` gives the direction. */
export interface LedgerEntry {
  readonly id: string;
  readonly type: LedgerEntryType;
  readonly amount: number;
  readonly balanceAfter: number;
  /** Epoch ms. */
  readonly at: number;
  /** What caused it: the payment id for a payment, the idempotency key (or entry id) for a charge. */
  readonly ref: string;
}

/** The signed effect of an entry on the balance. */
export function signedAmount(entry: LedgerEntry): number {
  return entry.type === 'payment' ? -entry.amount : entry.amount;
}

/** A balance and one page of its ledger, read together in one step. */
export interface HistoryPage {
  readonly balance: number;
  /** Newest first. */
  readonly entries: LedgerEntry[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}
