import type { LedgerEntry } from '../wallet/ledger-entry.js';
import type { RefundPrimitives } from './refund.js';

export interface CreditResult {
  readonly refund: RefundPrimitives;
  readonly balance: number;
  /** The refund's ledger entry (the one written earlier, on a repeat). */
  readonly entry: LedgerEntry;
}

/**
 * Refunds live in the payer's partition, with the payments and the wallet, so
 * the fence (one refund per payment) and the credit are each one atomic step.
 * Every step is keyed by the refund id and idempotent.
 */
export interface RefundRepository {
  /**
   * The fence: stores `refund` (state pending) if the user's payment
   * `refund.paymentId` is `completed` and has no refund yet. A payment that
   * already has one returns that one, with created false, whatever its state.
   * Throws `payment_not_found`, or `payment_not_refundable` when the payment is
   * not completed; neither changes anything.
   */
  create(refund: RefundPrimitives): Promise<{ refund: RefundPrimitives; created: boolean }>;

  get(userId: string, refundId: string): Promise<RefundPrimitives | null>;

  findByPayment(userId: string, paymentId: string): Promise<RefundPrimitives | null>;

  /**
   * pending → completed, adding the amount to the wallet and appending a
   * `refund` ledger entry (id `entryId`, ref the refund id) and the
   * `refund.completed` event, in one step. No balance limit applies: a refund
   * only rolls forward. completed: the earlier result, unchanged.
   * Throws `refund_not_found`.
   */
  credit(userId: string, refundId: string, entryId: string, now: number): Promise<CreditResult>;

  /** Up to `limit` refunds in pending whose `updatedAt <= before`, oldest first: the recovery sweep's. */
  listPending(before: number, limit: number): Promise<RefundPrimitives[]>;
}
