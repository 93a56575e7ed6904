import type { RefundPrimitives } from '../payment/refund.js';
import type { CreditResult, RefundRepository } from '../payment/refund-repository.js';
import { DomainError } from '../shared/errors.js';
import type { LedgerEntry } from '../wallet/ledger-entry.js';
import type { EventSink } from '../events/event-drafts.js';
import { drafts, NO_EVENTS } from '../events/event-drafts.js';
import { gap } from './intercept.js';
import type { NaiveWallets } from './naive-wallets.js';

type Refund = { -readonly [K in keyof RefundPrimitives]: RefundPrimitives[K] };

export interface NaiveRefundBugs {
  /** create() looks for an earlier refund, yields, then stores: racing refunds of one payment all pass the fence. */
  readonly racyFence?: boolean;
  /** credit() of a completed refund credits it again. */
  readonly repeatCredit?: boolean;
  /** listPending() finds nothing: a refund fenced before a crash is never finished by the sweep. */
  readonly blindSweep?: boolean;
}

/** A deliberately simple RefundRepository over NaiveWallets' partitions (linear scans). Correct with no bugs on. */
export class NaiveRefunds implements RefundRepository {
  private readonly refunds: Refund[] = [];
  private readonly entries = new Map<string, LedgerEntry>();

  constructor(
    private readonly wallets: NaiveWallets,
    private readonly bugs: NaiveRefundBugs = {},
    private readonly events: EventSink = NO_EVENTS,
  ) {}

  async create(refund: RefundPrimitives): Promise<{ refund: RefundPrimitives; created: boolean }> {
    const existing = this.refunds.find((r) => r.userId === refund.userId && r.paymentId === refund.paymentId);
    if (this.bugs.racyFence) await gap();
    if (existing) return { refund: { ...existing }, created: false };
    const payment = this.wallets.account(refund.userId).payments.get(refund.paymentId);
    if (!payment) throw new DomainError('payment_not_found', 'No such payment.');
    if (payment.state !== 'completed') throw new DomainError('payment_not_refundable', `This payment is ${payment.state}.`);
    this.refunds.push({ ...refund, state: 'pending' });
    return { refund: { ...refund, state: 'pending' }, created: true };
  }

  async get(userId: string, refundId: string): Promise<RefundPrimitives | null> {
    const r = this.refunds.find((x) => x.userId === userId && x.id === refundId);
    return r ? { ...r } : null;
  }

  async findByPayment(userId: string, paymentId: string): Promise<RefundPrimitives | null> {
    const r = this.refunds.find((x) => x.userId === userId && x.paymentId === paymentId);
    return r ? { ...r } : null;
  }

  async credit(userId: string, refundId: string, entryId: string, now: number): Promise<CreditResult> {
    const r = this.refunds.find((x) => x.userId === userId && x.id === refundId);
    if (!r) throw new DomainError('refund_not_found', 'No such refund.');
    const account = this.wallets.account(userId);
    if (r.state === 'completed' && !this.bugs.repeatCredit) return { refund: { ...r }, balance: account.balance, entry: this.entries.get(r.id)! };
    account.balance += r.amount;
    const entry: LedgerEntry = { id: entryId, type: 'refund', amount: r.amount, balanceAfter: account.balance, at: now, ref: r.id };
    account.ledger.push(entry);
    this.entries.set(r.id, entry);
    if (r.state === 'pending') {
      Object.assign(r, { state: 'completed', updatedAt: now });
      this.events.append(drafts.refundCompleted(r, now));
    }
    return { refund: { ...r }, balance: account.balance, entry };
  }

  async listPending(before: number, limit: number): Promise<RefundPrimitives[]> {
    if (this.bugs.blindSweep) return [];
    return this.refunds
      .filter((r) => r.state === 'pending' && r.updatedAt <= before)
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }
}
