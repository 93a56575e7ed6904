import type { DebitResult, PaymentPrimitives, PaymentRepository, PaymentState } from '@boxoffice/core';
import { neverRecorded, tombstone, tombstoned } from '@boxoffice/core';
import type { RedisKeys, UserKeys } from './keys.js';
import type { RedisOutbox } from './redis-events.js';
import type { Scripts } from './scripts.js';
import { decodeEntry } from './redis-wallets.js';

/** The part of a payment that never changes, as JSON written here. */
type StoredPayment = Omit<PaymentPrimitives, 'state' | 'updatedAt' | 'failure'>;

/** How many index entries listUnsettled reads per page, as a multiple of its limit, and how many pages at most. */
const SCAN_PAGES = 4;

/**
 * Payments in Redis, in their payer's hash tag beside the wallet (RedisWallets),
 * so that the debit, the balance and the ledger change in one script and debit
 * and abort fence each other.
 *
 * The recovery sweep needs payments across users: a sorted set under its own
 * tag, scored by createdAt, whose members name the user, the payment and its
 * reservation. track() writes the entry before the payment exists (core sends
 * it with the payment's first reads and its claim, so it costs no round trip).
 * An entry whose payment was never stored lists as a pending payment never
 * recorded (the sweep aborts it, leaving a tombstone, and frees the claim its
 * payer may have left), and is dropped once its tombstone is there. Nothing on
 * the payment path removes an entry: listUnsettled drops settled ones when it
 * meets them, a batch at a time, so a payment costs no round trip after its last step.
 *
 * record() is create and debit in one script (payment-create in 'record' mode).
 */
export class RedisPayments implements PaymentRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly outbox: RedisOutbox,
  ) {}

  async track(userId: string, paymentId: string, createdAt: number, reservationId: string): Promise<void> {
    await this.scripts.command((c) => c.zadd(this.keys.unsettledPayments(), createdAt, indexMember(userId, paymentId, reservationId)));
  }

  create(payment: PaymentPrimitives): Promise<{ payment: PaymentPrimitives; created: boolean }> {
    return this.store(payment, ['create']);
  }

  record(payment: PaymentPrimitives, entryId: string, now: number): Promise<{ payment: PaymentPrimitives; created: boolean }> {
    return this.store(payment, ['record', entryId, now, payment.amount]);
  }

  private async store(payment: PaymentPrimitives, mode: ReadonlyArray<string | number>): Promise<{ payment: PaymentPrimitives; created: boolean }> {
    const k = this.keys.user(payment.userId);
    const stored: StoredPayment = {
      id: payment.id,
      userId: payment.userId,
      reservationId: payment.reservationId,
      queueId: payment.queueId,
      token: payment.token,
      amount: payment.amount,
      idempotencyKey: payment.idempotencyKey,
      createdAt: payment.createdAt,
    };
    const state = ['pending', payment.updatedAt, payment.amount, '', ''].join('|');
    const reply = await this.scripts.call('payment-create', [...paymentKeys(k), k.paymentTombstone(payment.id), k.balance, k.ledger], [
      payment.id,
      payment.reservationId,
      JSON.stringify(stored),
      state,
      payment.token,
      ...mode,
    ]);
    if (reply[1] === 'tombstone') return { payment: tombstoned(payment), created: false };
    const [, created, json, st] = reply;
    return { payment: decodePayment(json, st), created: created === 1 };
  }

  async get(userId: string, paymentId: string): Promise<PaymentPrimitives | null> {
    return this.read(userId, 'id', paymentId);
  }

  async findByReservation(userId: string, reservationId: string): Promise<PaymentPrimitives | null> {
    return this.read(userId, 'reservation', reservationId);
  }

  async debit(userId: string, paymentId: string, entryId: string, now: number): Promise<DebitResult> {
    const k = this.keys.user(userId);
    const reply = await this.scripts.call(
      'payment-debit',
      [k.balance, k.ledger, k.payments, k.paymentStates],
      [paymentId, entryId, now],
    );
    const [, json, st, balance, entry] = reply;
    return { payment: decodePayment(json, st), balance: Number(balance), entry: decodeEntry(entry) };
  }

  abort(userId: string, paymentId: string, failure: string, now: number): Promise<PaymentPrimitives | null> {
    return this.settle('abort', userId, paymentId, now, failure);
  }

  complete(userId: string, paymentId: string, now: number): Promise<PaymentPrimitives | null> {
    return this.settle('complete', userId, paymentId, now, '');
  }

  /**
   * Reads the index oldest-created first. createdAt <= updatedAt, so every
   * payment with updatedAt <= before is among the entries scored <= before;
   * each is read from its user's partition and kept if still unsettled.
   */
  async listUnsettled(before: number, limit: number): Promise<PaymentPrimitives[]> {
    const index = this.keys.unsettledPayments();
    const found: PaymentPrimitives[] = [];
    // Entries kept: where the next page starts, as the dropped ones leave the set.
    let kept = 0;
    for (let page = 0; page < SCAN_PAGES && found.length < limit; page++) {
      const scored = await this.scripts.command((c) => c.zrangebyscore(index, '-inf', before, 'WITHSCORES', 'LIMIT', kept, limit));
      const members = scored.filter((_, i) => i % 2 === 0);
      const payments = await Promise.all(
        members.map(async (member, i) => {
          const [userId, paymentId, reservationId] = JSON.parse(member) as [string, string, string?];
          const payment = await this.get(userId, paymentId);
          if (payment || reservationId === undefined) return { member, payment };
          // Never stored nor aborted (that leaves a tombstone, read as aborted): a claim's payer may have died.
          return { member, payment: neverRecorded(userId, paymentId, reservationId, Number(scored[2 * i + 1])) };
        }),
      );
      const settled: string[] = [];
      for (const { member, payment } of payments) {
        if (!payment || payment.state === 'completed' || payment.state === 'aborted') {
          // Settled, or an entry whose payment was never stored and is fenced now (or an old entry naming no reservation).
          settled.push(member);
        } else {
          kept += 1;
          if (payment.updatedAt <= before) found.push(payment);
        }
      }
      // Best effort: an entry missed here is dropped by a later sweep.
      if (settled.length > 0) await this.scripts.command((c) => c.zrem(index, ...settled)).catch(() => undefined);
      if (members.length < limit) break;
    }
    return found.sort((a, b) => a.updatedAt - b.updatedAt).slice(0, limit);
  }

  private async read(userId: string, by: 'id' | 'reservation', id: string): Promise<PaymentPrimitives | null> {
    const k = this.keys.user(userId);
    const reply = await this.scripts.call('payment-read', [...paymentKeys(k), k.paymentTombstone(by === 'id' ? id : '')], [by, id]);
    if (reply[1] === 'tombstone') return tombstone(userId, id);
    return reply[0] === 'none' ? null : decodePayment(reply[1], reply[2]);
  }

  private async settle(
    op: 'abort' | 'complete',
    userId: string,
    paymentId: string,
    now: number,
    failure: string,
  ): Promise<PaymentPrimitives | null> {
    const k = this.keys.user(userId);
    const reply = await this.scripts.call('payment-settle', [k.payments, k.paymentStates, k.paymentTombstone(paymentId)], [
      op,
      paymentId,
      now,
      failure,
      ...(await this.outbox.args(k.events, userId)),
    ]);
    return reply[0] === 'none' ? null : decodePayment(reply[1], reply[2]);
  }
}

function paymentKeys(k: UserKeys): string[] {
  return [k.payments, k.paymentStates, k.paymentByReservation];
}

function indexMember(userId: string, paymentId: string, reservationId: string): string {
  return JSON.stringify([userId, paymentId, reservationId]);
}

/** Immutable JSON plus 'state|updatedAt|amount|entryIndex|failure' (failure last). */
function decodePayment(json: unknown, state: unknown): PaymentPrimitives {
  const p = JSON.parse(String(json)) as StoredPayment;
  const parts = String(state).split('|');
  return {
    id: p.id,
    userId: p.userId,
    reservationId: p.reservationId,
    queueId: p.queueId,
    token: p.token,
    amount: p.amount,
    state: parts[0] as PaymentState,
    idempotencyKey: p.idempotencyKey,
    createdAt: p.createdAt,
    updatedAt: Number(parts[1]),
    failure: parts.slice(4).join('|') || null,
  };
}
