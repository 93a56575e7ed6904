import type { PaymentPrimitives } from '../payment/payment.js';
import { neverRecorded, tombstone, tombstoned } from '../payment/payment.js';
import type { DebitResult, PaymentRepository } from '../payment/payment-repository.js';
import { DomainError } from '../shared/errors.js';
import type { HistoryPage, LedgerEntry } from '../wallet/ledger-entry.js';
import type { ChargeCommand, ChargeResult, WalletRepository } from '../wallet/wallet-repository.js';
import { gap } from './intercept.js';
import type { EventSink } from '../events/event-drafts.js';
import { drafts, NO_EVENTS } from '../events/event-drafts.js';

type Payment = { -readonly [K in keyof PaymentPrimitives]: PaymentPrimitives[K] };

export interface NaiveWalletBugs {
  /** charge() reads the balance, yields, then writes it back: concurrent charges lose updates. */
  readonly lostUpdate?: boolean;
  /** debit() does not check that the payment was aborted: the debit/abort fence is gone. */
  readonly unfencedDebit?: boolean;
  /** debit() of an already debited payment debits again. */
  readonly repeatDebit?: boolean;
  /** debit() does not check the balance: it may go negative. */
  readonly noBalanceCheck?: boolean;
  /** charge() ignores idempotency keys. */
  readonly ignoreChargeKeys?: boolean;
  /** A history cursor points one entry too far back: pages overlap. */
  readonly overlappingCursor?: boolean;
  /** create() keeps one live payment per reservation but not per session: racing pays of one session all go through. */
  readonly noSessionFence?: boolean;
  /** complete() announces payment.completed on every call, not only on the change. */
  readonly repeatCompleted?: boolean;
  /** listUnsettled reads an index of tracked ids, as a store with a cross-partition index does, and track() forgets to write it. */
  readonly untracked?: boolean;
  /** abort() of an id never stored leaves no tombstone: a create that lands after the sweep freed its claim goes through. */
  readonly noTombstone?: boolean;
}

export interface Account {
  balance: number;
  readonly ledger: LedgerEntry[];
  readonly chargeKeys: Map<string, { amount: number; entry: LedgerEntry }>;
  readonly payments: Map<string, Payment>;
  readonly paymentEntries: Map<string, LedgerEntry>;
  /** Ids aborted before they were ever stored: never stored afterwards. */
  readonly tombstones: Set<string>;
}

/** A deliberately simple wallet and payment store for the kit's self-tests. Correct with no bugs on. */
export class NaiveWallets implements WalletRepository, PaymentRepository {
  private readonly accounts = new Map<string, Account>();

  constructor(
    private readonly bugs: NaiveWalletBugs = {},
    private readonly events: EventSink = NO_EVENTS,
  ) {}

  async charge(command: ChargeCommand): Promise<ChargeResult> {
    const account = this.account(command.userId);
    const key = this.bugs.ignoreChargeKeys ? null : command.idempotencyKey;
    if (key !== null) {
      const seen = account.chargeKeys.get(key);
      if (seen && seen.amount !== command.amount) throw new DomainError('idempotency_mismatch', 'Key used for another amount.');
      if (seen) return { balance: account.balance, entry: seen.entry, replayed: true };
    }
    const before = account.balance;
    if (before + command.amount > command.maxBalance) {
      throw new DomainError('balance_limit', `The balance may not exceed ${command.maxBalance}.`);
    }
    if (this.bugs.lostUpdate) await gap();
    account.balance = before + command.amount;
    const entry: LedgerEntry = {
      id: command.entryId,
      type: 'charge',
      amount: command.amount,
      balanceAfter: account.balance,
      at: command.now,
      ref: command.idempotencyKey ?? command.entryId,
    };
    account.ledger.push(entry);
    if (key !== null) account.chargeKeys.set(key, { amount: command.amount, entry });
    this.events.append(drafts.charged(command.userId, entry));
    return { balance: account.balance, entry, replayed: false };
  }

  async balance(userId: string): Promise<number> {
    return this.accounts.get(userId)?.balance ?? 0;
  }

  async history(userId: string, limit: number, cursor: string | null): Promise<HistoryPage> {
    const account = this.accounts.get(userId);
    if (!account) return { balance: 0, entries: [], nextCursor: null };
    const start = cursor === null ? account.ledger.length : Number(cursor);
    if (cursor !== null && (!/^\d+$/.test(cursor) || start > account.ledger.length)) {
      throw new DomainError('validation_failed', 'Unknown history cursor.');
    }
    const from = Math.max(0, start - limit);
    return { balance: account.balance, entries: account.ledger.slice(from, start).reverse(), nextCursor: from > 0 ? String(this.bugs.overlappingCursor ? from + 1 : from) : null };
  }

  async create(payment: PaymentPrimitives): Promise<{ payment: PaymentPrimitives; created: boolean }> {
    const account = this.account(payment.userId);
    const same = account.payments.get(payment.id);
    if (same) return { payment: { ...same }, created: false };
    if (account.tombstones.has(payment.id)) return { payment: tombstoned(payment), created: false };
    const sameSession = (p: Payment) => !this.bugs.noSessionFence && p.token === payment.token;
    const existing = [...account.payments.values()].find((p) => (p.reservationId === payment.reservationId || sameSession(p)) && p.state !== 'aborted');
    if (existing) return { payment: { ...existing }, created: false };
    account.payments.set(payment.id, { ...payment, state: 'pending' });
    return { payment: { ...payment, state: 'pending' }, created: true };
  }

  async get(userId: string, paymentId: string): Promise<PaymentPrimitives | null> {
    const account = this.accounts.get(userId);
    const p = account?.payments.get(paymentId);
    if (!p && account?.tombstones.has(paymentId)) return tombstone(userId, paymentId);
    return p ? { ...p } : null;
  }

  async findByReservation(userId: string, reservationId: string): Promise<PaymentPrimitives | null> {
    const payments = [...(this.accounts.get(userId)?.payments.values() ?? [])];
    const p = payments.find((x) => x.reservationId === reservationId && x.state !== 'aborted');
    return p ? { ...p } : null;
  }

  async debit(userId: string, paymentId: string, entryId: string, now: number): Promise<DebitResult> {
    const account = this.accounts.get(userId);
    const p = account?.payments.get(paymentId);
    if (!account || !p) throw new DomainError('payment_not_found', 'No such payment.');
    if (p.state === 'aborted' && !this.bugs.unfencedDebit) throw new DomainError('payment_aborted', 'This payment was rolled back.');
    if ((p.state === 'debited' || p.state === 'completed') && !this.bugs.repeatDebit) {
      return { payment: { ...p }, balance: account.balance, entry: account.paymentEntries.get(p.id)! };
    }
    if (account.balance < p.amount && !this.bugs.noBalanceCheck) {
      throw new DomainError('insufficient_balance', 'The wallet balance is short.');
    }
    account.balance -= p.amount;
    const entry: LedgerEntry = { id: entryId, type: 'payment', amount: p.amount, balanceAfter: account.balance, at: now, ref: p.id };
    account.ledger.push(entry);
    account.paymentEntries.set(p.id, entry);
    if (p.state !== 'completed') p.state = 'debited';
    p.updatedAt = now;
    return { payment: { ...p }, balance: account.balance, entry };
  }

  async abort(userId: string, paymentId: string, failure: string, now: number): Promise<PaymentPrimitives | null> {
    const p = this.accounts.get(userId)?.payments.get(paymentId);
    if (!p) {
      if (!this.bugs.noTombstone) this.account(userId).tombstones.add(paymentId);
      return null;
    }
    if (p.state === 'pending') {
      Object.assign(p, { state: 'aborted', failure, updatedAt: now });
      this.events.append(drafts.paymentAborted(p, failure, now));
    }
    return { ...p };
  }

  async complete(userId: string, paymentId: string, now: number): Promise<PaymentPrimitives | null> {
    const p = this.accounts.get(userId)?.payments.get(paymentId);
    if (!p) return null;
    if (p.state === 'debited' || (this.bugs.repeatCompleted && p.state === 'completed')) {
      Object.assign(p, { state: 'completed', updatedAt: now });
      this.events.append(drafts.paymentCompleted(p, now));
    }
    return { ...p };
  }

  /** Ids passed to track(), with what it was told. */
  private readonly tracked = new Map<string, { userId: string; reservationId: string; createdAt: number }>();

  async track(userId: string, paymentId: string, createdAt: number, reservationId: string): Promise<void> {
    if (!this.bugs.untracked) this.tracked.set(paymentId, { userId, reservationId, createdAt });
  }

  async listUnsettled(before: number, limit: number): Promise<PaymentPrimitives[]> {
    const all = [...this.accounts.values()].flatMap((a) => [...a.payments.values()]);
    const never = [...this.tracked]
      .filter(([id, t]) => t.createdAt <= before && !this.accounts.get(t.userId)?.payments.has(id) && !this.accounts.get(t.userId)?.tombstones.has(id))
      .map(([id, t]) => neverRecorded(t.userId, id, t.reservationId, t.createdAt));
    return [...all, ...never]
      .filter((p) => (p.state === 'pending' || p.state === 'debited') && p.updatedAt <= before)
      .filter((p) => !this.bugs.untracked || this.tracked.has(p.id))
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .slice(0, limit)
      .map((p) => ({ ...p }));
  }

  /** The user's partition; NaiveRefunds works on the same one. */
  account(userId: string): Account {
    let a = this.accounts.get(userId);
    if (!a) {
      a = { balance: 0, ledger: [], chargeKeys: new Map(), payments: new Map(), paymentEntries: new Map(), tombstones: new Set() };
      this.accounts.set(userId, a);
    }
    return a;
  }
}
