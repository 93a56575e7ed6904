import type { CreditResult, LedgerEntry, RefundPrimitives, RefundRepository } from '@boxoffice/core';
import { DomainError, drafts, NO_EVENTS } from '@boxoffice/core';
import type { EventSink } from '@boxoffice/core';
import type { InMemoryWallets } from './in-memory-wallets.js';

type Refund = { -readonly [K in keyof RefundPrimitives]: RefundPrimitives[K] };

/**
 * Refunds in process memory, in the payer's partition of `wallets` (no method
 * awaits, so each is one atomic step with the payment and the balance).
 * Costs: O(1) per step; listPending O(p) for p pending refunds.
 */
export class InMemoryRefunds implements RefundRepository {
  private readonly refunds = new Map<string, Refund>();
  /** userId + paymentId → refund id: the fence, one refund per payment. */
  private readonly byPayment = new Map<string, string>();
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly wallets: InMemoryWallets,
    private readonly events: EventSink = NO_EVENTS,
  ) {}

  async create(refund: RefundPrimitives): Promise<{ refund: RefundPrimitives; created: boolean }> {
    const key = paymentKey(refund.userId, refund.paymentId);
    const existing = this.byPayment.get(key);
    if (existing !== undefined) return { refund: { ...this.refunds.get(existing)! }, created: false };
    const payment = this.wallets.account(refund.userId).payments.get(refund.paymentId);
    if (!payment) throw new DomainError('payment_not_found', 'No such payment.');
    if (payment.state !== 'completed') throw new DomainError('payment_not_refundable', `This payment is ${payment.state}.`);
    const stored: Refund = { ...refund, state: 'pending' };
    this.refunds.set(stored.id, stored);
    this.byPayment.set(key, stored.id);
    this.pending.add(stored.id);
    return { refund: { ...stored }, created: true };
  }

  async get(userId: string, refundId: string): Promise<RefundPrimitives | null> {
    const r = this.refunds.get(refundId);
    return r && r.userId === userId ? { ...r } : null;
  }

  async findByPayment(userId: string, paymentId: string): Promise<RefundPrimitives | null> {
    const id = this.byPayment.get(paymentKey(userId, paymentId));
    return id === undefined ? null : { ...this.refunds.get(id)! };
  }

  async credit(userId: string, refundId: string, entryId: string, now: number): Promise<CreditResult> {
    const r = this.refunds.get(refundId);
    if (!r || r.userId !== userId) throw new DomainError('refund_not_found', 'No such refund.');
    const account = this.wallets.account(userId);
    if (r.state === 'completed') return { refund: { ...r }, balance: account.balance, entry: this.entries.get(r.id)! };
    account.balance += r.amount;
    const entry: LedgerEntry = { id: entryId, type: 'refund', amount: r.amount, balanceAfter: account.balance, at: now, ref: r.id };
    account.ledger.push(entry);
    this.entries.set(r.id, entry);
    r.state = 'completed';
    r.updatedAt = now;
    this.pending.delete(r.id);
    this.events.append(drafts.refundCompleted(r, now));
    return { refund: { ...r }, balance: account.balance, entry };
  }

  async listPending(before: number, limit: number): Promise<RefundPrimitives[]> {
    const stale = [...this.pending].map((id) => this.refunds.get(id)!).filter((r) => r.updatedAt <= before);
    return stale.sort((a, b) => a.updatedAt - b.updatedAt).slice(0, limit).map((r) => ({ ...r }));
  }
}

/** JSON keeps any user id and payment id apart. */
function paymentKey(userId: string, paymentId: string): string {
  return JSON.stringify([userId, paymentId]);
}
