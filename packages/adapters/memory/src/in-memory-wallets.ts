import type {
  ChargeCommand,
  ChargeResult,
  DebitResult,
  HistoryPage,
  LedgerEntry,
  PaymentPrimitives,
  PaymentRepository,
  WalletRepository,
} from '@boxoffice/core';
import { DomainError, drafts, neverRecorded, NO_EVENTS, tombstone, tombstoned } from '@boxoffice/core';
import type { EventSink } from '@boxoffice/core';

type Payment = { -readonly [K in keyof PaymentPrimitives]: PaymentPrimitives[K] };

/** One user's partition: the balance, its ledger, charge keys and payments change together (refunds too: InMemoryRefunds). */
export class Account {
  balance = 0;
  /** Oldest first; a cursor is an index into it. */
  readonly ledger: LedgerEntry[] = [];
  readonly chargeKeys = new Map<string, { amount: number; entry: LedgerEntry }>();
  readonly payments = new Map<string, Payment>();
  readonly paymentByReservation = new Map<string, string>();
  /** Session token -> its latest payment: a session pays once. */
  readonly paymentBySession = new Map<string, string>();
  readonly paymentEntries = new Map<string, LedgerEntry>();
  /** Ids aborted before they were ever stored (their claim's payer died, or stalled): never stored afterwards. */
  readonly tombstones = new Set<string>();
}

/**
 * Wallets and payments in process memory, sharing one partition per user as the
 * PaymentRepository port asks. Costs: charge, debit and state changes O(1);
 * a history page O(limit); listUnsettled O(u) for u unsettled payments.
 */
export class InMemoryWallets implements WalletRepository, PaymentRepository {
  private readonly accounts = new Map<string, Account>();
  /** Payments in pending or debited, across users, for the recovery sweep. */
  private readonly unsettled = new Map<string, string>();
  /** Tracked ids not stored yet, for the recovery sweep: a payer may have died between its claim and its record. */
  private readonly tracked = new Map<string, { userId: string; reservationId: string; createdAt: number }>();

  constructor(private readonly events: EventSink = NO_EVENTS) {}

  async charge(command: ChargeCommand): Promise<ChargeResult> {
    const account = this.account(command.userId);
    if (command.idempotencyKey !== null) {
      const seen = account.chargeKeys.get(command.idempotencyKey);
      if (seen) {
        if (seen.amount !== command.amount) {
          throw new DomainError('idempotency_mismatch', 'This idempotency key was used for another amount.');
        }
        return { balance: account.balance, entry: seen.entry, replayed: true };
      }
    }
    if (account.balance + command.amount > command.maxBalance) {
      throw new DomainError('balance_limit', `The balance may not exceed ${command.maxBalance}.`, {
        balance: account.balance,
        maxBalance: command.maxBalance,
      });
    }
    account.balance += command.amount;
    const entry: LedgerEntry = {
      id: command.entryId,
      type: 'charge',
      amount: command.amount,
      balanceAfter: account.balance,
      at: command.now,
      ref: command.idempotencyKey ?? command.entryId,
    };
    account.ledger.push(entry);
    if (command.idempotencyKey !== null) account.chargeKeys.set(command.idempotencyKey, { amount: command.amount, entry });
    this.events.append(drafts.charged(command.userId, entry));
    return { balance: account.balance, entry, replayed: false };
  }

  async balance(userId: string): Promise<number> {
    return this.accounts.get(userId)?.balance ?? 0;
  }

  async history(userId: string, limit: number, cursor: string | null): Promise<HistoryPage> {
    const account = this.accounts.get(userId);
    if (!account) return { balance: 0, entries: [], nextCursor: null };
    const start = cursor === null ? account.ledger.length : parseCursor(cursor, account.ledger.length);
    const from = Math.max(0, start - limit);
    const entries = account.ledger.slice(from, start).reverse();
    return { balance: account.balance, entries, nextCursor: from > 0 ? String(from) : null };
  }

  async create(payment: PaymentPrimitives): Promise<{ payment: PaymentPrimitives; created: boolean }> {
    const found = this.existing(payment);
    if (found) return { payment: found, created: false };
    return { payment: { ...this.store(payment, 'pending') }, created: true };
  }

  /** create and debit in one step: nothing is stored when the balance is short. */
  async record(payment: PaymentPrimitives, entryId: string, now: number): Promise<{ payment: PaymentPrimitives; created: boolean }> {
    const found = this.existing(payment);
    if (found) return { payment: found, created: false };
    const account = this.account(payment.userId);
    if (account.balance < payment.amount) {
      throw new DomainError('insufficient_balance', 'The wallet balance is short.', { balance: account.balance, amount: payment.amount });
    }
    const stored = this.store({ ...payment, updatedAt: now }, 'debited');
    this.debitFor(account, stored, entryId, now);
    return { payment: { ...stored }, created: true };
  }

  /** What create and record answer instead of storing: the same id (or its tombstone), or the live payment of the reservation or session. */
  private existing(payment: PaymentPrimitives): PaymentPrimitives | null {
    const account = this.account(payment.userId);
    const same = account.payments.get(payment.id);
    if (same) return { ...same };
    if (account.tombstones.has(payment.id)) return tombstoned(payment);
    for (const id of [account.paymentByReservation.get(payment.reservationId), account.paymentBySession.get(payment.token)]) {
      const live = id === undefined ? undefined : account.payments.get(id);
      if (live && live.state !== 'aborted') return { ...live };
    }
    return null;
  }

  private store(payment: PaymentPrimitives, state: 'pending' | 'debited'): Payment {
    const account = this.account(payment.userId);
    const stored: Payment = { ...payment, state };
    account.payments.set(stored.id, stored);
    account.paymentByReservation.set(stored.reservationId, stored.id);
    account.paymentBySession.set(stored.token, stored.id);
    this.unsettled.set(stored.id, stored.userId);
    this.tracked.delete(stored.id);
    return stored;
  }

  /** Subtracts the payment's amount and appends its ledger entry. */
  private debitFor(account: Account, p: Payment, entryId: string, now: number): LedgerEntry {
    account.balance -= p.amount;
    const entry: LedgerEntry = { id: entryId, type: 'payment', amount: p.amount, balanceAfter: account.balance, at: now, ref: p.id };
    account.ledger.push(entry);
    account.paymentEntries.set(p.id, entry);
    return entry;
  }

  async get(userId: string, paymentId: string): Promise<PaymentPrimitives | null> {
    const account = this.accounts.get(userId);
    const p = account?.payments.get(paymentId);
    if (!p && account?.tombstones.has(paymentId)) return tombstone(userId, paymentId);
    return p ? { ...p } : null;
  }

  async findByReservation(userId: string, reservationId: string): Promise<PaymentPrimitives | null> {
    const account = this.accounts.get(userId);
    const id = account?.paymentByReservation.get(reservationId);
    const p = id === undefined ? undefined : account?.payments.get(id);
    return p && p.state !== 'aborted' ? { ...p } : null;
  }

  async debit(userId: string, paymentId: string, entryId: string, now: number): Promise<DebitResult> {
    const account = this.accounts.get(userId);
    const p = account?.payments.get(paymentId);
    if (!account || !p) throw new DomainError('payment_not_found', 'No such payment.');
    if (p.state === 'aborted') throw new DomainError('payment_aborted', 'This payment was rolled back.');
    if (p.state !== 'pending') {
      return { payment: { ...p }, balance: account.balance, entry: account.paymentEntries.get(p.id)! };
    }
    if (account.balance < p.amount) {
      throw new DomainError('insufficient_balance', 'The wallet balance is short.', { balance: account.balance, amount: p.amount });
    }
    const entry = this.debitFor(account, p, entryId, now);
    p.state = 'debited';
    p.updatedAt = now;
    return { payment: { ...p }, balance: account.balance, entry };
  }

  async abort(userId: string, paymentId: string, failure: string, now: number): Promise<PaymentPrimitives | null> {
    const p = this.accounts.get(userId)?.payments.get(paymentId);
    if (!p) {
      this.account(userId).tombstones.add(paymentId);
      this.tracked.delete(paymentId);
      return null;
    }
    if (p.state === 'pending') {
      p.state = 'aborted';
      p.failure = failure;
      p.updatedAt = now;
      this.unsettled.delete(p.id);
      this.events.append(drafts.paymentAborted(p, failure, now));
    }
    return { ...p };
  }

  async complete(userId: string, paymentId: string, now: number): Promise<PaymentPrimitives | null> {
    const p = this.accounts.get(userId)?.payments.get(paymentId);
    if (!p) return null;
    if (p.state === 'debited') {
      p.state = 'completed';
      p.updatedAt = now;
      this.unsettled.delete(p.id);
      this.events.append(drafts.paymentCompleted(p, now));
    }
    return { ...p };
  }

  /** `unsettled` is written with the payment itself; this keeps the id until then, should only its claim land. */
  async track(userId: string, paymentId: string, createdAt: number, reservationId: string): Promise<void> {
    const account = this.accounts.get(userId);
    if (account?.payments.has(paymentId) || account?.tombstones.has(paymentId)) return;
    this.tracked.set(paymentId, { userId, reservationId, createdAt });
  }

  async listUnsettled(before: number, limit: number): Promise<PaymentPrimitives[]> {
    const stale: PaymentPrimitives[] = [];
    for (const [paymentId, t] of this.tracked) {
      if (t.createdAt <= before) stale.push(neverRecorded(t.userId, paymentId, t.reservationId, t.createdAt));
    }
    for (const [paymentId, userId] of this.unsettled) {
      const p = this.accounts.get(userId)?.payments.get(paymentId);
      if (p && p.updatedAt <= before) stale.push({ ...p });
    }
    return stale.sort((a, b) => a.updatedAt - b.updatedAt).slice(0, limit);
  }

  /** The user's partition, created on first use; InMemoryRefunds works on the same one. */
  account(userId: string): Account {
    let account = this.accounts.get(userId);
    if (!account) {
      account = new Account();
      this.accounts.set(userId, account);
    }
    return account;
  }
}

function parseCursor(cursor: string, length: number): number {
  const n = Number(cursor);
  if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(n) || n > length) {
    throw new DomainError('validation_failed', 'Unknown history cursor.');
  }
  return n;
}
