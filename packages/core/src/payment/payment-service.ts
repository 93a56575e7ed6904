import type { QueueService } from '../queue/queue-service.js';
import type { SaleService } from '../sale/sale-service.js';
import type { ReservationPrimitives } from '../reservation/reservation.js';
import type { ReservationService } from '../reservation/reservation-service.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError, isDomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import type { SessionRef } from '../shared/session.js';
import type { WalletRepository } from '../wallet/wallet-repository.js';
import type { PaymentPrimitives } from './payment.js';
import type { PaymentRepository } from './payment-repository.js';
import { failureCode, RecoveryBackoff } from './recovery-backoff.js';

/** A payment the recovery sweep could not settle this time, and when it tries again. */
export interface RecoveryFailure {
  readonly paymentId: string;
  /** Set for a dead claim whose release failed. */
  readonly reservationId: string | null;
  /** The error code, or the error's name for an unexpected one. */
  readonly code: string;
  readonly attempts: number;
  readonly retryInMs: number;
}

export interface RecoveryReport {
  readonly completed: readonly string[];
  readonly aborted: readonly string[];
  readonly failed: readonly RecoveryFailure[];
}

/** Failures after which a payment rolls back instead of being retried. */
const ROLLBACK_CODES = new Set(['hold_expired', 'reservation_not_held', 'payment_in_progress', 'insufficient_balance']);

/**
 * Payment as idempotent steps keyed by the payment id, with no cross-store
 * transaction (see docs/architecture.md):
 *
 *   1. record: create the pending payment, then claim the hold for it
 *   2. debit: pending → debited with the ledger entry, one atomic step
 *   3. confirm: the claimed hold's seats become sold
 *   4. complete the queue token
 *   5. mark the payment completed
 *
 * Before step 2 a failure rolls back (abort, release the claim); from step 2
 * on it only rolls forward. A retry, or the recovery sweep, re-runs the steps.
 */
export class PaymentService {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly wallets: WalletRepository,
    private readonly inventory: SeatInventory,
    private readonly reservations: ReservationService,
    private readonly queue: QueueService,
    private readonly sales: SaleService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
  ) {}

  async pay(session: SessionRef, reservationId: string, idempotencyKey: string | null = null): Promise<PaymentPrimitives> {
    const { userId } = session;
    const id = this.ids.newId();
    const now = this.clock.now();
    // The reads are independent, so they go out together (one round trip on a pipelining store), with the
    // payment's tracking for the recovery sweep; a failed check only counts when there is no payment to finish.
    const [existing, active, held, wallet] = await Promise.all([
      this.payments.findByReservation(userId, reservationId),
      settled(this.queue.requireActive(session.queueId, session.token, userId)),
      // Within the pay grace a lapsed hold may still be paid; the claim then checks that no rival took its seats.
      settled(this.reservations.get(userId, reservationId, this.graceNow())),
      settled(this.wallets.balance(userId)),
      this.payments.track(userId, id, now),
    ]);
    // One payment per reservation: a second call finishes the first one.
    if (existing) return this.drive(existing);

    unwrap(active);
    const reservation = unwrap(held);
    // A session pays only for seats of its own sale.
    await this.sales.requireSchedule(session.queueId, reservation.scheduleId);
    return this.record(reservation, session, idempotencyKey, { id, now, balance: wallet });
  }

  /**
   * Pays a waiting-list offer: no queue token. The payment's token is the
   * reservation id itself (it marks an offer payment: no session to complete),
   * its queue the offer's sale. validation_failed for an ordinary hold, which
   * needs the session's Queue-Token.
   */
  async payOffer(userId: string, reservationId: string, idempotencyKey: string | null = null): Promise<PaymentPrimitives> {
    const id = this.ids.newId();
    const now = this.clock.now();
    // As pay: the independent reads and the payment's tracking together.
    const [existing, held, wallet] = await Promise.all([
      this.payments.findByReservation(userId, reservationId),
      settled(this.reservations.get(userId, reservationId, this.graceNow())),
      settled(this.wallets.balance(userId)),
      this.payments.track(userId, id, now),
    ]);
    if (existing) return this.drive(existing);
    const reservation = unwrap(held);
    if (reservation.waitlistSaleId === undefined) {
      throw new DomainError('validation_failed', 'Send the Queue-Token header: only a waiting-list offer is paid without a queue token.', { reservationId });
    }
    return this.record(reservation, { queueId: reservation.waitlistSaleId, token: reservationId, userId }, idempotencyKey, { id, now, balance: wallet });
  }

  /** Checks the hold and the balance, records the payment and runs its steps. */
  private async record(
    found: ReservationPrimitives,
    session: SessionRef,
    idempotencyKey: string | null,
    /** The payment's id and time (already tracked) and the balance read beside the hold. */
    pre: { readonly id: string; readonly now: number; readonly balance: Settled<number> },
  ): Promise<PaymentPrimitives> {
    const { userId } = session;
    const { id, now } = pre;
    const reservationId = found.id;
    let reservation = found;
    if (reservation.state === 'paying' && (await this.releaseDeadClaim(reservationId))) {
      reservation = await this.reservations.get(userId, reservationId, this.graceNow());
    }
    const state = reservation.state;
    if (state === 'expired') throw new DomainError('hold_expired', 'This hold has expired; its seats were released.', { reservationId });
    if (state === 'paying') throw new DomainError('payment_in_progress', 'This hold is being paid for.', { reservationId });
    if (state !== 'held') throw new DomainError('reservation_not_held', `This reservation is ${state}.`, { reservationId, state });

    const balance = unwrap(pre.balance);
    if (balance < reservation.amount) {
      throw new DomainError('insufficient_balance', 'The wallet balance is short; charge it and pay again.', {
        balance,
        amount: reservation.amount,
        shortBy: reservation.amount - balance,
      });
    }

    const { payment, created } = await this.payments.create({
      id,
      userId,
      reservationId,
      queueId: session.queueId,
      token: session.token,
      amount: reservation.amount,
      state: 'pending',
      idempotencyKey,
      createdAt: now,
      updatedAt: now,
      failure: null,
    });
    // One session buys once: the store keeps one live payment per session token, so of racing pays of
    // different holds in one session only the first recorded goes on; the rest debit nothing.
    if (!created && payment.reservationId !== reservationId) {
      throw new DomainError('session_used', 'This session already has a payment; a session buys once.', {
        reservationId,
        paymentId: payment.id,
      });
    }
    return this.drive(payment);
  }

  /** The caller's own payment; another user's reads as not found. */
  async get(userId: string, paymentId: string): Promise<PaymentPrimitives> {
    const payment = await this.payments.get(userId, paymentId);
    if (!payment) throw new DomainError('payment_not_found', 'No such payment.', { paymentId });
    return payment;
  }

  /**
   * The recovery sweep: settles payments untouched for half the recovery
   * timeout. A pending one is aborted (the payer was never told it succeeded);
   * a debited one is finished. Running it beside live requests is safe: the
   * debit/abort fence lets only one of them win.
   *
   * Each payment's recovery fails alone: the oldest come first, so one payment
   * whose step keeps failing would otherwise stop every later sweep at the same
   * place. A failed one is reported and skipped with exponential backoff (in
   * this process) while the rest of the batch goes on.
   */
  async recover(scheduleIds?: readonly string[]): Promise<RecoveryReport> {
    const now = this.clock.now();
    const before = now - (this.config.paymentRecoveryTimeout * 1000) / 2;
    const completed: string[] = [];
    const aborted: string[] = [];
    const failed: RecoveryFailure[] = [];
    const limit = this.backoff.listLimit(this.config.tickBatch);
    const listed = await this.payments.listUnsettled(before, limit);
    for (const stale of this.backoff.due(listed, limit, this.config.tickBatch, now)) {
      try {
        let p: PaymentPrimitives | null = stale;
        if (p.state === 'pending') p = await this.rollback(p, 'recovered');
        if (p?.state === 'aborted') {
          aborted.push(p.id);
        } else if (p) {
          completed.push((await this.finish(p)).id);
        }
        this.backoff.succeeded(stale.id);
      } catch (error) {
        failed.push({ paymentId: stale.id, reservationId: null, code: failureCode(error), ...this.backoff.failed(stale.id, now) });
      }
    }
    // A claim whose payment was aborted is dead (it can never be debited): a payer that died between a
    // rollback's abort and its release, or whose claim landed after the sweep aborted it, leaves one.
    // Those holds are found once they are a recovery timeout past their expiry, and released.
    for (const r of await this.reservations.staleClaims(now - this.config.paymentRecoveryTimeout * 1000, scheduleIds)) {
      try {
        await this.releaseDeadClaim(r.id);
      } catch (error) {
        failed.push({ paymentId: r.paymentId ?? '', reservationId: r.id, code: failureCode(error), attempts: 1, retryInMs: 0 });
      }
    }
    return { completed, aborted, failed };
  }

  /** How many payments this process's sweep is backing off from (each failed its last recovery here). */
  get backingOff(): number {
    return this.backoff.size;
  }

  /** Payments whose recovery failed in this process: when to try each again. */
  private readonly backoff = new RecoveryBackoff();

  /** Runs the remaining steps of a payment; every step is idempotent. */
  private async drive(payment: PaymentPrimitives): Promise<PaymentPrimitives> {
    if (payment.state === 'completed') return payment;
    if (payment.state === 'aborted') throw abortedError(payment);
    let p = payment;
    if (p.state === 'pending') {
      try {
        await this.claim(p);
        p = (await this.payments.debit(p.userId, p.id, this.ids.newId(), this.clock.now())).payment;
      } catch (error) {
        // A recovery sweep aborted this payment before our claim landed, so the claim we hold is dead (an
        // aborted payment is never debited) and nothing else would free it: release it before reporting.
        if (isDomainError(error, 'payment_aborted')) {
          await this.inventory.release(p.reservationId, p.id, this.clock.now());
          throw error;
        }
        if (isDomainError(error) && ROLLBACK_CODES.has(error.code)) {
          const after = await this.rollback(p, error.code);
          if (after?.state === 'aborted') throw error;
          if (after) p = after;
        } else {
          throw error;
        }
      }
    }
    return this.finish(p);
  }

  /**
   * Claims the hold for `p`. A rollback aborts its payment and then releases the
   * claim; a fault between the two leaves the hold claimed by an aborted
   * payment. The fence makes that claim dead (an aborted payment can never be
   * debited), so a payer who meets one releases it here and claims again; the
   * recovery sweep frees the ones no payer meets (`listStaleClaims`, in `recover`).
   */
  private async claim(p: PaymentPrimitives): Promise<void> {
    try {
      await this.inventory.claim(p.reservationId, p.id, this.graceNow());
    } catch (error) {
      if (!isDomainError(error, 'payment_in_progress') || !(await this.releaseDeadClaim(p.reservationId))) throw error;
      await this.inventory.claim(p.reservationId, p.id, this.graceNow());
    }
  }

  /** The time against which a hold's expiry is judged for its owner's payment: now, less the pay grace. */
  private graceNow(): number {
    return this.clock.now() - this.config.payGraceSeconds * 1000;
  }

  /** Releases the claim on a hold whose claiming payment was aborted. true when one was released. */
  private async releaseDeadClaim(reservationId: string): Promise<boolean> {
    const r = await this.inventory.get(reservationId);
    if (!r || r.state !== 'paying' || r.paymentId === null) return false;
    const claimant = await this.payments.get(r.userId, r.paymentId);
    if (claimant?.state !== 'aborted') return false;
    await this.inventory.release(reservationId, claimant.id, this.clock.now());
    return true;
  }

  /** Steps 3 to 5, for a payment whose money has moved. */
  private async finish(p: PaymentPrimitives): Promise<PaymentPrimitives> {
    if (p.state === 'completed') return p;
    if (p.state !== 'debited') throw abortedError(p);
    // Different partitions, both idempotent and both due once the money moved: they go out together. An offer's
    // payment has no session to complete.
    await Promise.all([
      this.inventory.confirm(p.reservationId, p.id, this.clock.now()),
      isOfferPayment(p) ? Promise.resolve() : this.queue.complete(p.queueId, p.token),
    ]);
    const done = await this.payments.complete(p.userId, p.id, this.clock.now());
    if (!done || done.state !== 'completed') throw new DomainError('store_unavailable', 'The payment could not be marked complete; it will be retried.');
    return done;
  }

  /** Aborts a pending payment and frees its claim. Returns the payment as it stands after: aborted, or debited if the debit won. */
  private async rollback(p: PaymentPrimitives, failure: string): Promise<PaymentPrimitives | null> {
    const after = await this.payments.abort(p.userId, p.id, failure, this.clock.now());
    if (after?.state === 'aborted') await this.inventory.release(p.reservationId, p.id, this.clock.now());
    return after;
  }
}

/** A waiting-list offer's payment: its token is its reservation id (see payOffer), and it has no session. */
export function isOfferPayment(p: Pick<PaymentPrimitives, 'token' | 'reservationId'>): boolean {
  return p.token === p.reservationId;
}

function abortedError(p: PaymentPrimitives): DomainError {
  return new DomainError('payment_aborted', 'This payment was rolled back; nothing was charged. Pay again.', {
    paymentId: p.id,
    failure: p.failure,
  });
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Waits for a step without failing the batch it goes out with: its error is thrown by `unwrap`, if it matters. */
function settled<T>(step: Promise<T>): Promise<Settled<T>> {
  return step.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function unwrap<T>(result: Settled<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
