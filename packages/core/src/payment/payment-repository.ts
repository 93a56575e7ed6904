import type { LedgerEntry } from '../wallet/ledger-entry.js';
import type { PaymentPrimitives } from './payment.js';

export interface DebitResult {
  readonly payment: PaymentPrimitives;
  readonly balance: number;
  /** The ledger entry of this payment (the one written earlier, on a repeat). */
  readonly entry: LedgerEntry;
}

/**
 * Payments live with their payer's wallet (the same partition), so that the
 * debit and the payment's move to `debited` are one atomic step. That step is
 * the fence between a request that finishes a payment and a recovery sweep
 * that aborts it: exactly one of `debit` and `abort` wins.
 */
export interface PaymentRepository {
  /**
   * Stores `payment` (state pending) unless the user already has a payment
   * that is not aborted for the same reservation, or for the same session
   * (`token`); that one is returned instead, with created false. The check
   * and the write are one atomic step: it is the fence that lets a session
   * pay once. Stale ones are also findable by `listUnsettled`, once tracked.
   */
  create(payment: PaymentPrimitives): Promise<{ payment: PaymentPrimitives; created: boolean }>;

  /**
   * Called before `create` with the id and createdAt it will store: makes that
   * payment findable by `listUnsettled` should it be created and never settle.
   * Core sends it beside the payment's first reads, so it costs no round trip
   * of its own. A tracked id that is never created changes nothing anyone can
   * read. An adapter whose `listUnsettled` reads the payments themselves has
   * nothing to do here; one that keeps an index across partitions writes its
   * entry here, where no crash can come between it and the payment it covers.
   */
  track(userId: string, paymentId: string, createdAt: number): Promise<void>;

  get(userId: string, paymentId: string): Promise<PaymentPrimitives | null>;

  /** The user's payment for the reservation that is not aborted, if any. */
  findByReservation(userId: string, reservationId: string): Promise<PaymentPrimitives | null>;

  /**
   * pending → debited, subtracting `amount` from the wallet and appending a
   * `payment` ledger entry (id `entryId`, ref the payment id) in the same step.
   * debited or completed: returns the earlier result, changes nothing.
   * Throws `insufficient_balance` (nothing changes), `payment_aborted`, or
   * `payment_not_found`.
   */
  debit(userId: string, paymentId: string, entryId: string, now: number): Promise<DebitResult>;

  /** pending → aborted with `failure`. Any other state is returned unchanged: the caller reads which won. */
  abort(userId: string, paymentId: string, failure: string, now: number): Promise<PaymentPrimitives | null>;

  /** debited → completed. completed: unchanged. Otherwise unchanged as well; the caller checks. */
  complete(userId: string, paymentId: string, now: number): Promise<PaymentPrimitives | null>;

  /** Up to `limit` payments in pending or debited whose `updatedAt <= before`, oldest first. */
  listUnsettled(before: number, limit: number): Promise<PaymentPrimitives[]>;
}
