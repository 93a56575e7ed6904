import type { PurchaseLimit } from '../fair-play/purchase-limit.js';
import { scheduleOfReservation } from '../reservation/reservation.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import { parseIsoTime } from '../sale/sale.js';
import type { SaleService } from '../sale/sale-service.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError, isDomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import type { PaymentRepository } from './payment-repository.js';
import type { RefundPrimitives } from './refund.js';
import type { RefundRepository } from './refund-repository.js';
import { failureCode, RecoveryBackoff } from './recovery-backoff.js';

/** Who asks for a refund: the payer, or an operator (who may refund any payment at any time). */
export interface RefundActor {
  readonly userId: string;
  readonly operator: boolean;
}

/** A refund the recovery sweep could not finish this time, and when it tries again. */
export interface RefundRecoveryFailure {
  readonly refundId: string;
  /** The error code, or the error's name for an unexpected one. */
  readonly code: string;
  readonly attempts: number;
  readonly retryInMs: number;
}

export interface RefundRecoveryReport {
  readonly completed: readonly string[];
  readonly failed: readonly RefundRecoveryFailure[];
}

/**
 * Refunds as idempotent steps keyed by the refund id, the way payments are
 * made (see docs/architecture.md):
 *
 *   1. fence: in the payer's partition, a completed payment gets its one refund (pending)
 *   2. release: the confirmed seats become free (reservation refunded), in the schedule's partition
 *   3. credit: the money goes back with a `refund` ledger entry and the refund completes, one atomic step
 *
 * From step 1 on a refund only rolls forward: a retry (any refund call on the
 * same payment) or the recovery sweep runs the remaining steps, each of which
 * changes nothing when repeated.
 */
export class RefundService {
  constructor(
    private readonly refunds: RefundRepository,
    private readonly payments: PaymentRepository,
    private readonly inventory: SeatInventory,
    private readonly sales: SaleService,
    private readonly limit: PurchaseLimit,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
  ) {}

  /**
   * Refunds `payerId`'s payment. A payer refunds only their own payments
   * (`payerId` must be theirs) and only before the sale's `refundUntil` (null:
   * never); an operator refunds any payment at any time. A payment that already
   * has a refund gets that one back, finished.
   */
  async refund(actor: RefundActor, payerId: string, paymentId: string, idempotencyKey: string | null = null): Promise<RefundPrimitives> {
    requirePayerOrOperator(actor, payerId, paymentId);
    const existing = await this.refunds.findByPayment(payerId, paymentId);
    if (existing) return this.drive(existing);
    const payment = await this.payments.get(payerId, paymentId);
    if (!payment) throw new DomainError('payment_not_found', 'No such payment.', { paymentId });
    if (payment.state !== 'completed') {
      throw new DomainError('payment_not_refundable', `This payment is ${payment.state}; only a completed payment is refunded.`, { paymentId, state: payment.state });
    }
    if (!actor.operator) await this.requireRefundWindow(payment.queueId, paymentId);
    const now = this.clock.now();
    const { refund } = await this.refunds.create({
      id: this.ids.newId(),
      paymentId,
      userId: payerId,
      saleId: payment.queueId,
      reservationId: payment.reservationId,
      amount: payment.amount,
      state: 'pending',
      idempotencyKey,
      createdAt: now,
      updatedAt: now,
    });
    return this.drive(refund);
  }

  /**
   * The refund of `payerId`'s payment, as stored (pending until it finishes),
   * for the payer or an operator; none (or another user's payment) is
   * `refund_not_found`.
   */
  async ofPayment(actor: RefundActor, payerId: string, paymentId: string): Promise<RefundPrimitives> {
    requirePayerOrOperator(actor, payerId, paymentId);
    const refund = await this.refunds.findByPayment(payerId, paymentId);
    if (!refund) throw new DomainError('refund_not_found', 'This payment has no refund.', { paymentId });
    return refund;
  }

  /** The user's payment's refund, or null: a payment read shows it. */
  async findByPayment(userId: string, paymentId: string): Promise<RefundPrimitives | null> {
    return this.refunds.findByPayment(userId, paymentId);
  }

  /** The payer's own refund; another user's reads as not found. */
  async get(userId: string, refundId: string): Promise<RefundPrimitives> {
    const refund = await this.refunds.get(userId, refundId);
    if (!refund) throw new DomainError('refund_not_found', 'No such refund.', { refundId });
    return refund;
  }

  /**
   * The recovery sweep: finishes refunds left pending for half the payment
   * recovery timeout (a crash or fault after the fence). Each fails alone and
   * is then skipped with exponential backoff (in this process), like the
   * payment sweep's: the oldest list first, so refunds that keep failing would
   * otherwise take the whole batch on every tick and starve newer ones.
   */
  async recover(): Promise<RefundRecoveryReport> {
    const now = this.clock.now();
    const before = now - (this.config.paymentRecoveryTimeout * 1000) / 2;
    const completed: string[] = [];
    const failed: RefundRecoveryFailure[] = [];
    const limit = this.backoff.listLimit(this.config.tickBatch);
    const listed = await this.refunds.listPending(before, limit);
    for (const stale of this.backoff.due(listed, limit, this.config.tickBatch, now)) {
      try {
        completed.push((await this.drive(stale)).id);
        this.backoff.succeeded(stale.id);
      } catch (error) {
        failed.push({ refundId: stale.id, code: failureCode(error), ...this.backoff.failed(stale.id, now) });
      }
    }
    return { completed, failed };
  }

  /** How many refunds this process's sweep is backing off from (each failed its last recovery here). */
  get backingOff(): number {
    return this.backoff.size;
  }

  /** Refunds whose recovery failed in this process: when to try each again. */
  private readonly backoff = new RecoveryBackoff();

  /** A payer's refund needs the sale's refundUntil set and not yet passed. */
  private async requireRefundWindow(saleId: string, paymentId: string): Promise<void> {
    let until: string | null = null;
    try {
      until = (await this.sales.active(saleId)).settings.refundUntil;
    } catch (error) {
      if (!isDomainError(error, 'sale_not_found')) throw error;
    }
    const at = until === null ? null : parseIsoTime(until);
    if (at === null || this.clock.now() >= at) {
      throw new DomainError('refund_not_allowed', until === null ? 'This sale takes no refunds from buyers.' : `Refunds closed at ${until}.`, {
        paymentId,
        refundUntil: until,
      });
    }
  }

  /** Steps 2 and 3; each is idempotent, so a retry or the sweep may run them again. */
  private async drive(r: RefundPrimitives): Promise<RefundPrimitives> {
    if (r.state === 'completed') return r;
    await this.inventory.refund(r.reservationId, r.paymentId, this.clock.now());
    // The seats are no longer bought: the allowance comes back (best effort; a missed entry is dead and reclaimed).
    const scheduleId = scheduleOfReservation(r.reservationId);
    if (scheduleId !== null) await this.limit.giveBack(r.userId, this.sales.salesOf(scheduleId), r.reservationId);
    return (await this.refunds.credit(r.userId, r.id, this.ids.newId(), this.clock.now())).refund;
  }
}

/** A buyer acts on their own payments only (the payer id must be theirs); an operator on anyone's. */
function requirePayerOrOperator(actor: RefundActor, payerId: string, paymentId: string): void {
  if (!actor.operator && payerId !== actor.userId) {
    throw new DomainError('refund_not_allowed', 'Only the payer or an operator may refund a payment or read its refund.', { paymentId });
  }
}
