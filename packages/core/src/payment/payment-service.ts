import type { QueueService } from '../queue/queue-service.js';
import type { SaleService } from '../sale/sale-service.js';
import type { ReservationPrimitives } from '../reservation/reservation.js';
import { scheduleOfReservation } from '../reservation/reservation.js';
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

/**
 * What rides with a payment's first and last round trips (the host's Idempotency-Key record, in the
 * payer's partition): sent beside the payment's own steps, so it costs no wait of its own.
 */
export interface PayRiders {
  /**
   * Sent with the payment's first reads and its claim. When it rejects, pay frees the claim and rejects
   * with its error, having recorded nothing.
   */
  readonly before?: () => Promise<unknown>;
  /**
   * Sent with the payment's last step, given the payment as that step leaves it (completed) and `fresh`
   * true; alone, with `fresh` false, when the payment was completed already (a refund may have followed).
   * pay answers once both are done; when it rejects, pay rejects with its error, the payment still settling
   * (the recovery sweep finishes it).
   */
  readonly after?: (payment: PaymentPrimitives, fresh: boolean) => Promise<unknown>;
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

  async pay(session: SessionRef, reservationId: string, idempotencyKey: string | null = null, riders: PayRiders = {}): Promise<PaymentPrimitives> {
    const { userId } = session;
    const scheduleId = scheduleOfReservation(reservationId);
    return this.open(userId, reservationId, idempotencyKey, riders, [
      this.queue.requireActive(session.queueId, session.token, userId),
      // A session pays only for seats of its own sale (the sale is cached: usually no round trip).
      scheduleId === null ? Promise.resolve() : this.sales.requireSchedule(session.queueId, scheduleId),
    ], () => session);
  }

  /**
   * Pays a waiting-list offer: no queue token. The payment's token is the
   * reservation id itself (it marks an offer payment: no session to complete),
   * its queue the offer's sale. validation_failed for an ordinary hold, which
   * needs the session's Queue-Token.
   */
  async payOffer(userId: string, reservationId: string, idempotencyKey: string | null = null, riders: PayRiders = {}): Promise<PaymentPrimitives> {
    return this.open(userId, reservationId, idempotencyKey, riders, [], (reservation) => {
      if (reservation.waitlistSaleId === undefined) {
        throw new DomainError('validation_failed', 'Send the Queue-Token header: only a waiting-list offer is paid without a queue token.', { reservationId });
      }
      return { queueId: reservation.waitlistSaleId, token: reservationId, userId };
    });
  }

  /**
   * The first round trip of a payment: the reads (the reservation's payment, the hold, the balance, and the
   * caller's `checks`), the payment's tracking, the riders' `before` and the claim of the hold for the new
   * payment id all go out together. The claim is made before anything says it should be: when a check
   * fails, the claim is released again (a claim and its release leave the hold as it was), and a claim left
   * by a crash is freed by the recovery sweep (the tracked id lists as a pending payment never recorded).
   * Then one atomic step records the payment and moves the money (see `recordAndFinish`).
   */
  private async open(
    userId: string,
    reservationId: string,
    idempotencyKey: string | null,
    riders: PayRiders,
    checks: readonly Promise<unknown>[],
    sessionOf: (reservation: ReservationPrimitives) => SessionRef,
  ): Promise<PaymentPrimitives> {
    const id = this.ids.newId();
    const now = this.clock.now();
    const graceNow = this.graceNow();
    const claimable = scheduleOfReservation(reservationId) !== null;
    const [before, existing, held, wallet, tracked, claim, ...checked] = await Promise.all([
      settled(riders.before?.() ?? Promise.resolve()),
      settled(this.payments.findByReservation(userId, reservationId)),
      // Within the pay grace a lapsed hold may still be paid; the claim then checks that no rival took its seats.
      settled(this.reservations.get(userId, reservationId, graceNow)),
      settled(this.wallets.balance(userId)),
      // Tracked before the claim is sent: a crash after the claim leaves an entry the sweep finds.
      settled(this.payments.track(userId, id, now, reservationId)),
      claimable ? settled(this.inventory.claim(reservationId, id, graceNow)) : settled(Promise.reject(notFound(reservationId))),
      ...checks.map(settled),
    ]);
    // A claim refused for a business reason never landed; any other failure may have, store_unavailable
    // included (the script ran, then its WAIT timed out): with the tracking lost beside it, only this undo
    // frees it before its expiry.
    const mayHoldClaim = claim.ok || !isDomainError(claim.error) || isDomainError(claim.error, 'store_unavailable');
    const undo = async (): Promise<void> => {
      if (mayHoldClaim) await this.inventory.release(reservationId, id, graceNow).catch(() => undefined);
    };
    let payment: PaymentPrimitives;
    try {
      unwrap(before);
      // One payment per reservation: a second call finishes the first one.
      const found = unwrap(existing);
      if (found) {
        await undo();
        return await this.drive(found, riders);
      }
      for (const c of checked) unwrap(c);
      let reservation = unwrap(held);
      const session = sessionOf(reservation);
      unwrap(tracked);
      // The read may have run after our own claim.
      const ours = reservation.state === 'paying' && reservation.paymentId === id;
      // Claimed by another payment: one that was aborted left a dead claim, released here and claimed again below.
      const reclaim = !claim.ok && !ours && isDomainError(claim.error, 'payment_in_progress') && (await this.releaseDeadClaim(reservationId));
      if (reclaim) reservation = await this.reservations.get(userId, reservationId, graceNow);
      const state = ours ? 'held' : reservation.state;
      if (state === 'expired') throw new DomainError('hold_expired', 'This hold has expired; its seats were released.', { reservationId });
      if (state === 'paying') throw new DomainError('payment_in_progress', 'This hold is being paid for.', { reservationId });
      if (state !== 'held') throw new DomainError('reservation_not_held', `This reservation is ${state}.`, { reservationId, state });

      const balance = unwrap(wallet);
      if (balance < reservation.amount) {
        throw new DomainError('insufficient_balance', 'The wallet balance is short; charge it and pay again.', {
          balance,
          amount: reservation.amount,
          shortBy: reservation.amount - balance,
        });
      }
      // The claim refused while the hold read held (it lapsed, or a rival took a seat in the grace, or a live
      // payment claimed it meanwhile): that answer stands; a dead claim released above is claimed again.
      if (!claim.ok && !ours) {
        if (!reclaim) throw claim.error;
        await this.inventory.claim(reservationId, id, graceNow);
      }
      payment = {
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
      };
    } catch (error) {
      await undo();
      throw error;
    }
    return this.recordAndFinish(payment, graceNow, riders);
  }

  /**
   * Records the payment for the hold claimed for it and moves the money (one atomic step when the store
   * offers `record`, else `create` then `debit`), then runs the remaining steps. Before the money moved, any
   * failure frees the claim: when the step's outcome is unknown, the payment is aborted first (a tombstone,
   * if it was never stored), so that it can no longer be recorded.
   */
  private async recordAndFinish(payment: PaymentPrimitives, graceNow: number, riders: PayRiders): Promise<PaymentPrimitives> {
    const release = () => this.inventory.release(payment.reservationId, payment.id, graceNow);
    let outcome: { payment: PaymentPrimitives; created: boolean };
    try {
      outcome = this.payments.record
        ? await this.payments.record(payment, this.ids.newId(), this.clock.now())
        : await this.payments.create(payment);
    } catch (error) {
      // Refused: nothing was stored.
      if (isDomainError(error, 'insufficient_balance')) {
        await release();
        throw error;
      }
      // Unknown: fence it, then release or, if it landed and debited, go on.
      const after = await this.rollback(payment, failureCode(error), graceNow).catch(() => undefined);
      if (after?.state !== 'debited') throw error;
      return this.finish(after, riders);
    }
    const p = outcome.payment;
    if (!outcome.created && p.id !== payment.id) {
      // Another live payment of this reservation or this session: our claim is not its.
      await release();
      // One session buys once: the store keeps one live payment per session token, so of racing pays of
      // different holds in one session only the first recorded goes on; the rest debit nothing.
      if (p.reservationId !== payment.reservationId) {
        throw new DomainError('session_used', 'This session already has a payment; a session buys once.', {
          reservationId: payment.reservationId,
          paymentId: p.id,
        });
      }
      return this.drive(p, riders);
    }
    if (p.state === 'aborted') {
      // A sweep fenced this id before its record landed (a stalled request): nothing was charged.
      await release();
      throw abortedError(p);
    }
    return this.drive(p, riders);
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
        // A pending one, or a tracked id never recorded (its claim may be out): aborted, its claim freed.
        if (p.state === 'pending') p = (await this.rollback(p, 'recovered')) ?? { ...stale, state: 'aborted' };
        if (p.state === 'aborted') {
          aborted.push(p.id);
        } else {
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
        await this.releaseDeadClaim(r.id, true);
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
  private async drive(payment: PaymentPrimitives, riders: PayRiders = {}): Promise<PaymentPrimitives> {
    if (payment.state === 'completed') return this.finish(payment, riders);
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
          if (after?.state !== 'debited') throw error;
          p = after;
        } else {
          throw error;
        }
      }
    }
    return this.finish(p, riders);
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

  /**
   * Releases the claim on a hold whose claiming payment was aborted. true when one was released. A claim
   * whose payment was never recorded is dead too once `stale` (the recovery sweep's stale claims, a whole
   * recovery timeout past the hold's expiry): its id is aborted first (a tombstone), so it can no longer be
   * recorded. A payer never takes such a claim for dead: its payment may be on its way.
   */
  private async releaseDeadClaim(reservationId: string, stale = false): Promise<boolean> {
    const r = await this.inventory.get(reservationId);
    if (!r || r.state !== 'paying' || r.paymentId === null) return false;
    let claimant = await this.payments.get(r.userId, r.paymentId);
    if (!claimant && stale) claimant = await this.payments.abort(r.userId, r.paymentId, 'recovered', this.clock.now());
    if (claimant !== null && claimant.state !== 'aborted') return false;
    if (claimant === null && !stale) return false;
    await this.inventory.release(reservationId, r.paymentId, this.clock.now());
    return true;
  }

  /**
   * Steps 3 to 5, for a payment whose money has moved. The riders' `after` goes out with the last step,
   * given the payment as that step leaves it.
   */
  private async finish(p: PaymentPrimitives, riders: PayRiders = {}): Promise<PaymentPrimitives> {
    if (p.state === 'completed') {
      await riders.after?.(p, false);
      return p;
    }
    if (p.state !== 'debited') throw abortedError(p);
    // Different partitions, both idempotent and both due once the money moved: they go out together. An offer's
    // payment has no session to complete.
    await Promise.all([
      this.inventory.confirm(p.reservationId, p.id, this.clock.now()),
      isOfferPayment(p) ? Promise.resolve() : this.queue.complete(p.queueId, p.token),
    ]);
    const now = this.clock.now();
    const [done] = await Promise.all([this.payments.complete(p.userId, p.id, now), riders.after?.({ ...p, state: 'completed', updatedAt: now }, true)]);
    if (!done || done.state !== 'completed') throw new DomainError('store_unavailable', 'The payment could not be marked complete; it will be retried.');
    return done;
  }

  /**
   * Aborts a pending payment (or fences an id never recorded: a tombstone) and frees its claim. Returns the
   * payment as it stands after: aborted, debited if the debit won, or null for a tombstone. `releaseAt`: the
   * time the release judges the hold's expiry by (a payer's own rollback passes its grace time, so that a
   * hold lapsed within the pay grace stays payable).
   */
  private async rollback(p: PaymentPrimitives, failure: string, releaseAt = this.clock.now()): Promise<PaymentPrimitives | null> {
    const after = await this.payments.abort(p.userId, p.id, failure, this.clock.now());
    if (after === null || after.state === 'aborted') await this.inventory.release(p.reservationId, p.id, releaseAt);
    return after;
  }
}

/** A waiting-list offer's payment: its token is its reservation id (see payOffer), and it has no session. */
export function isOfferPayment(p: Pick<PaymentPrimitives, 'token' | 'reservationId'>): boolean {
  return p.token === p.reservationId;
}

function notFound(reservationId: string): DomainError {
  return new DomainError('reservation_not_found', 'No such reservation.', { reservationId });
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
