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
   * (`token`); that one is returned instead, with created false. An id stored
   * before (a tombstone too: see `abort`) comes back as it stands, created
   * false, a tombstone as `payment` with state aborted. The check and the
   * write are one atomic step: it is the fence that lets a session pay once.
   * Stale ones are also findable by `listUnsettled`, once tracked.
   */
  create(payment: PaymentPrimitives): Promise<{ payment: PaymentPrimitives; created: boolean }>;

  /**
   * Optional: `create` and `debit` as one atomic step. Stores `payment`
   * already `debited`, subtracting its amount and appending its `payment`
   * ledger entry (id `entryId`), under the same fence as `create`: a live
   * payment of the reservation or the session is returned instead, with
   * created false, and an id stored before (even as a tombstone, see `abort`)
   * comes back as it stands (a tombstone as `payment` with state aborted).
   * Throws `insufficient_balance` with nothing stored. Core records with it
   * when it is there (one round trip less per payment), else with `create`
   * then `debit`.
   */
  record?(payment: PaymentPrimitives, entryId: string, now: number): Promise<{ payment: PaymentPrimitives; created: boolean }>;

  /**
   * Called before the payment's claim and its create with the id, createdAt
   * and reservation it will store: makes that payment findable by
   * `listUnsettled` should it be created and never settle, and should it never
   * be created at all while its claim on the hold landed (core claims the hold
   * beside the payment's first reads, before the payment exists). Core sends it
   * beside those reads, so it costs no round trip of its own.
   */
  track(userId: string, paymentId: string, createdAt: number, reservationId: string): Promise<void>;

  /** A tombstone (see `abort`) reads as an aborted payment with no reservation, amount 0 (see `tombstone`). */
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

  /**
   * pending → aborted with `failure`. Any other state is returned unchanged: the caller reads which won.
   * An id never stored gets a tombstone (null is returned): a later `create` or `record` of that id
   * stores nothing and answers it aborted. That is the fence for a claim whose payment was never
   * recorded: whoever aborts it may free the claim, since the payment can no longer appear.
   */
  abort(userId: string, paymentId: string, failure: string, now: number): Promise<PaymentPrimitives | null>;

  /** debited → completed. completed: unchanged. Otherwise unchanged as well; the caller checks. */
  complete(userId: string, paymentId: string, now: number): Promise<PaymentPrimitives | null>;

  /**
   * Up to `limit` payments in pending or debited whose `updatedAt <= before`, oldest first; and a tracked
   * id never stored nor aborted whose tracked `createdAt <= before`, as a `pending` payment with that id,
   * user, reservation and createdAt (amount 0, token and queueId empty): the sweep aborts it (a tombstone)
   * and frees the claim its payer may have left.
   */
  listUnsettled(before: number, limit: number): Promise<PaymentPrimitives[]>;
}
