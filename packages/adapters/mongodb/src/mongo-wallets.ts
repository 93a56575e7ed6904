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
import { DomainError, drafts, InvariantViolation, neverRecorded, storeUnavailable, tombstone } from '@boxoffice/core';
import type { ClientSession, Filter } from 'mongodb';
import { READ_BACK } from './concerns.js';
import type { MongoContext } from './context.js';
import { userPartition } from './documents/events.js';
import type { PaymentDoc } from './documents/payments.js';
import { paymentFromDoc, paymentToDoc } from './documents/payments.js';
import type { WalletDoc } from './documents/wallets.js';
import {
  appendEntryPipeline,
  chargeKey,
  entryFromLedgerDoc,
  entryFromOutbox,
  fieldKey,
  ledgerDocFromOutbox,
  mergeHistory,
  newWalletDoc,
  parseCursor,
  paymentKey,
} from './documents/wallets.js';
import { guarded, isDuplicateKey } from './errors.js';
import { abortRefusal, chargeRefusal, debitRefusal } from './wallet-refusals.js';

export interface MongoWalletOptions {
  /**
   * How long a charge key's mark stays in the wallet document (core's clock).
   * Older marks are pruned once their entry is in the ledger, whose unique key
   * answers a later retry; this bounds the document. Default one day.
   */
  readonly markRetentionMs?: number;
}

const DAY_MS = 86_400_000;
/** Refused guarded writes whose read-back shows no reason are tried again this often, then store_unavailable. */
const ATTEMPTS = 3;
/** The fields a step needs back: never the marks, which would move the whole document. */
const BODY = { balance: 1, n: 1, outbox: 1 } as const;

/**
 * Wallets, their ledgers and payments in MongoDB.
 *
 * The wallet document is the one place where money moves: a charge, a debit
 * and an abort are each a single findOneAndUpdate on it, guarded on the
 * balance (never negative, never above maxBalance) and on a mark that says
 * whether this charge key or this payment has been decided. That update also
 * numbers the ledger entry and parks it in the wallet's outbox, so the balance
 * always equals the sum of the ledger (outbox included). The entry is then
 * copied to the ledger collection under its own id and removed from the outbox;
 * whoever writes to the wallet next finishes a copy that a crash interrupted.
 *
 * A payment's debit and its abort race on the same mark `pay.<payment>`:
 * exactly one of them sets it, so exactly one wins, with or without
 * transactions. The payment document follows the mark, and debit, abort and
 * recovery bring a lagging one up to date. When a guarded write is refused,
 * the wallet is read back with read concern `local` (the rival's write that
 * refused it is then in view) and the step settles only as the document shows;
 * a wallet that shows no reason is written again, never guessed at.
 *
 * With transactions, each of these steps (the wallet update, the copy and the
 * payment document) commits together, and the outbox is never seen non-empty.
 */
export class MongoWallets implements WalletRepository, PaymentRepository {
  private readonly markRetentionMs: number;

  constructor(
    private readonly ctx: MongoContext,
    options: MongoWalletOptions = {},
  ) {
    this.markRetentionMs = options.markRetentionMs ?? DAY_MS;
  }

  charge(command: ChargeCommand): Promise<ChargeResult> {
    return guarded(async () => {
      await this.ensureWallet(command.userId);
      const key = command.idempotencyKey;
      const field = key === null ? null : fieldKey(key);
      const mark = field === null ? null : `chg.${field}`;
      return this.ctx.outbox.run(userPartition(command.userId), async (session) => {
        if (key !== null) {
          // A pruned mark's entry is in the ledger for good: its unique key answers a late retry.
          const done = await this.ctx.ledger.findOne({ userId: command.userId, key: chargeKey(key) }, { session, ...READ_BACK });
          if (done) {
            if (done.amount !== command.amount) throw idempotencyMismatch();
            return { balance: await this.readBalance(command.userId, session), entry: entryFromLedgerDoc(done), replayed: true };
          }
        }
        const filter: Filter<WalletDoc> = { _id: command.userId, balance: { $lte: command.maxBalance - command.amount } };
        if (mark) filter[mark] = { $exists: false };
        const pipeline = appendEntryPipeline(
          {
            id: command.entryId,
            type: 'charge',
            amount: command.amount,
            at: command.now,
            ref: key ?? command.entryId,
            key: key === null ? null : chargeKey(key),
          },
          mark ? { [mark]: { amount: command.amount, entryId: command.entryId, at: command.now } } : {},
          command.now - this.markRetentionMs,
        );
        const projection = mark ? { ...BODY, [mark]: 1 } : BODY;
        for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
          const after = await this.ctx.wallets.findOneAndUpdate(filter, pipeline, { session, returnDocument: 'after', projection });
          if (after) {
            const pushed = after.outbox.find((e) => e.id === command.entryId);
            if (!pushed) throw new InvariantViolation('a charged entry is missing from the wallet outbox');
            await this.flush(after, session);
            const entry = entryFromOutbox(pushed);
            await this.ctx.outbox.append(session, drafts.charged(command.userId, entry));
            return { balance: after.balance, entry, replayed: false };
          }
          const wallet = await this.ctx.wallets.findOne({ _id: command.userId }, { session, projection, ...READ_BACK });
          const refusal = chargeRefusal(wallet, field, command.amount, command.maxBalance);
          if (refusal.kind === 'mismatch') throw idempotencyMismatch();
          if (refusal.kind === 'replay' && wallet) {
            return { balance: wallet.balance, entry: await this.entryById(wallet, refusal.mark.entryId, session), replayed: true };
          }
          if (refusal.kind === 'balance_limit') {
            throw new DomainError('balance_limit', `The balance may not exceed ${command.maxBalance}.`, {
              balance: refusal.balance,
              maxBalance: command.maxBalance,
            });
          }
        }
        throw storeUnavailable(new Error('a charge was refused but its wallet shows no reason'));
      });
    });
  }

  balance(userId: string): Promise<number> {
    return guarded(async () => {
      const wallet = await this.ctx.wallets.findOne({ _id: userId }, { projection: { balance: 1 } });
      return wallet?.balance ?? 0;
    });
  }

  history(userId: string, limit: number, cursor: string | null): Promise<HistoryPage> {
    return guarded(async () => {
      const wallet = await this.ctx.wallets.findOne({ _id: userId }, { projection: BODY });
      if (!wallet) return { balance: 0, entries: [], nextCursor: null };
      if (wallet.n === 0) {
        if (cursor !== null) parseCursor(cursor, 0);
        return { balance: wallet.balance, entries: [], nextCursor: null };
      }
      const before = cursor === null ? wallet.n + 1 : parseCursor(cursor, wallet.n);
      const ledger = await this.ctx.ledger
        .find({ userId, seq: { $lt: before, $lte: wallet.n } }, { sort: { seq: -1 }, limit })
        .toArray();
      return mergeHistory(wallet, ledger, before, limit);
    });
  }

  create(payment: PaymentPrimitives): Promise<{ payment: PaymentPrimitives; created: boolean }> {
    return guarded(async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const doc = paymentToDoc({ ...payment, state: 'pending' });
        try {
          await this.ctx.payments.insertOne(doc);
          return { payment: paymentFromDoc(doc), created: true };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        // The id is stored already (a retry, or a tombstone: see abort): as it stands.
        const same = await this.ctx.payments.findOne({ _id: payment.id, userId: payment.userId });
        if (same) return { payment: paymentFromDoc(same), created: false };
        // A unique live index refused it: the user has a live payment for this reservation, or in this session.
        const existing =
          (await this.ctx.payments.findOne({ userId: payment.userId, reservationId: payment.reservationId, live: true })) ??
          (await this.ctx.payments.findOne({ userId: payment.userId, token: payment.token, live: true }));
        if (existing) return { payment: paymentFromDoc(existing), created: false };
      }
      throw new DomainError('payment_in_progress', 'Another payment for this reservation or session is being recorded.');
    });
  }

  get(userId: string, paymentId: string): Promise<PaymentPrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.payments.findOne({ _id: paymentId, userId });
      return doc ? paymentFromDoc(doc) : null;
    });
  }

  findByReservation(userId: string, reservationId: string): Promise<PaymentPrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.payments.findOne({ userId, reservationId, live: true });
      return doc ? paymentFromDoc(doc) : null;
    });
  }

  debit(userId: string, paymentId: string, entryId: string, now: number): Promise<DebitResult> {
    return guarded(async () => {
      await this.ensureWallet(userId);
      const field = fieldKey(paymentId);
      const mark = `pay.${field}`;
      const projection = { ...BODY, [mark]: 1 };
      return this.ctx.steps.run(async (session) => {
        const payment = await this.ctx.payments.findOne({ _id: paymentId, userId }, { session });
        if (!payment) throw new DomainError('payment_not_found', 'No such payment.');
        if (payment.state === 'aborted') throw new DomainError('payment_aborted', 'This payment was rolled back.');
        for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
          let wallet: WalletDoc | null = null;
          if (payment.state === 'pending') {
            wallet = await this.ctx.wallets.findOneAndUpdate(
              { _id: userId, [mark]: { $exists: false }, balance: { $gte: payment.amount } },
              appendEntryPipeline(
                { id: entryId, type: 'payment', amount: payment.amount, at: now, ref: paymentId, key: paymentKey(paymentId) },
                { [mark]: 'debited' },
                now - this.markRetentionMs,
              ),
              { session, returnDocument: 'after', projection },
            );
          }
          wallet ??= await this.ctx.wallets.findOne({ _id: userId }, { session, projection, ...READ_BACK });
          const decided = debitRefusal(wallet, field, payment.amount);
          if (decided === 'retry') continue;
          if (decided === 'insufficient_balance' || !wallet) {
            throw new DomainError('insufficient_balance', 'The wallet balance is short.', {
              balance: wallet?.balance ?? 0,
              amount: payment.amount,
            });
          }
          if (decided === 'aborted') {
            if (!session) await this.settle(payment, 'aborted', payment.failure ?? 'payment_aborted', now, undefined);
            throw new DomainError('payment_aborted', 'This payment was rolled back.');
          }
          await this.flush(wallet, session);
          const settled = await this.settle(payment, 'debited', null, now, session);
          return { payment: settled, balance: wallet.balance, entry: await this.paymentEntry(wallet, paymentId, session) };
        }
        throw storeUnavailable(new Error('a debit was refused but its wallet shows no reason'));
      });
    });
  }

  abort(userId: string, paymentId: string, failure: string, now: number): Promise<PaymentPrimitives | null> {
    return guarded(async () => {
      const current = await this.ctx.payments.findOne({ _id: paymentId, userId });
      if (!current) {
        // Never stored: a tombstone (an aborted document, not live), so that its create is refused from now on.
        try {
          await this.ctx.payments.insertOne(paymentToDoc({ ...tombstone(userId, paymentId), createdAt: now, updatedAt: now }));
          return null;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        // Its create came first: abort it as stored.
        return this.abort(userId, paymentId, failure, now);
      }
      if (current.state !== 'pending') return paymentFromDoc(current);
      await this.ensureWallet(userId);
      const field = fieldKey(paymentId);
      const mark = `pay.${field}`;
      return this.ctx.outbox.run(userPartition(userId), async (session) => {
        const payment = (await this.ctx.payments.findOne({ _id: paymentId, userId }, { session })) ?? current;
        if (payment.state !== 'pending') return paymentFromDoc(payment);
        // The same mark as the debit's: whichever sets it first has won.
        const won = await this.ctx.wallets.findOneAndUpdate(
          { _id: userId, [mark]: { $exists: false } },
          { $set: { [mark]: 'aborted' } },
          { session, returnDocument: 'after', projection: { _id: 1 } },
        );
        if (won) return this.settle(payment, 'aborted', failure, now, session);
        // Refused: the mark is set. Read it where the rival's write is sure to show, and settle only as it says.
        const wallet = await this.ctx.wallets.findOne({ _id: userId }, { session, projection: { ...BODY, [mark]: 1 }, ...READ_BACK });
        const decided = abortRefusal(wallet, field);
        if (decided === 'retry' || !wallet) throw storeUnavailable(new Error('an abort was refused but its wallet shows no mark'));
        if (decided === 'aborted') return this.settle(payment, 'aborted', failure, now, session);
        await this.flush(wallet, session);
        return this.settle(payment, 'debited', null, now, session);
      });
    });
  }

  complete(userId: string, paymentId: string, now: number): Promise<PaymentPrimitives | null> {
    return guarded(async () => {
      return this.ctx.outbox.run(userPartition(userId), async (session) => {
        const completed = await this.ctx.payments.findOneAndUpdate(
          { _id: paymentId, userId, state: 'debited' },
          { $set: { state: 'completed', updatedAt: now } },
          { returnDocument: 'after', session },
        );
        if (completed) {
          const payment = paymentFromDoc(completed);
          await this.ctx.outbox.append(session, drafts.paymentCompleted(payment, now));
          return payment;
        }
        const doc = await this.ctx.payments.findOne({ _id: paymentId, userId }, { session });
        return doc ? paymentFromDoc(doc) : null;
      });
    });
  }

  /** Keeps the id until the sweep finds its payment stored (then listed by state) or aborts it: a claim may be out without it. */
  track(userId: string, paymentId: string, createdAt: number, reservationId: string): Promise<void> {
    return guarded(async () => {
      try {
        await this.ctx.paymentTracks.insertOne({ _id: paymentId, userId, reservationId, createdAt });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    });
  }

  listUnsettled(before: number, limit: number): Promise<PaymentPrimitives[]> {
    return guarded(async () => {
      const docs = await this.ctx.payments
        .find({ state: { $in: ['pending', 'debited'] }, updatedAt: { $lte: before } }, { sort: { updatedAt: 1 }, limit })
        .toArray();
      // Tracked ids never stored: listed as pending (the sweep aborts them); stored ones (or tombstones) are dropped.
      const tracks = await this.ctx.paymentTracks.find({ createdAt: { $lte: before } }, { sort: { createdAt: 1 }, limit }).toArray();
      const stored = new Set((await this.ctx.payments.find({ _id: { $in: tracks.map((t) => t._id) } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
      if (stored.size > 0) await this.ctx.paymentTracks.deleteMany({ _id: { $in: [...stored] } });
      const never = tracks.filter((t) => !stored.has(t._id)).map((t) => neverRecorded(t.userId, t._id, t.reservationId, t.createdAt));
      return [...docs.map(paymentFromDoc), ...never].sort((a, b) => a.updatedAt - b.updatedAt).slice(0, limit);
    });
  }

  private async readBalance(userId: string, session: ClientSession | undefined): Promise<number> {
    const wallet = await this.ctx.wallets.findOne({ _id: userId }, { session, projection: { balance: 1 } });
    return wallet?.balance ?? 0;
  }

  /** Creates an empty wallet if there is none; outside any transaction, so a racing insert is harmless. (MongoRefunds uses it too.) */
  async ensureWallet(userId: string): Promise<void> {
    try {
      // The upsert takes _id from the filter; $setOnInsert must not name it again.
      const { _id: _ignored, ...fresh } = newWalletDoc(userId);
      await this.ctx.wallets.updateOne({ _id: userId }, { $setOnInsert: fresh }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Moves a pending payment document to the state its wallet mark decided (an abort with its payment.aborted); returns it as it stands. */
  private async settle(
    payment: PaymentDoc,
    to: 'debited' | 'aborted',
    failure: string | null,
    now: number,
    session: ClientSession | undefined,
  ): Promise<PaymentPrimitives> {
    const update =
      to === 'aborted'
        ? { $set: { state: to, failure, updatedAt: now }, $unset: { live: '' as const } }
        : { $set: { state: to, updatedAt: now } };
    const moved = await this.ctx.payments.findOneAndUpdate({ _id: payment._id, state: 'pending' }, update, {
      session,
      returnDocument: 'after',
    });
    if (moved && to === 'aborted') await this.ctx.outbox.append(session, drafts.paymentAborted(paymentFromDoc(moved), failure ?? 'payment_aborted', now));
    const doc = moved ?? (await this.ctx.payments.findOne({ _id: payment._id }, { session }));
    return paymentFromDoc(doc ?? payment);
  }

  /**
   * Copies the wallet's outbox to the ledger collection, then empties it. Safe
   * to run twice and from several processes: an entry keeps its id. (MongoRefunds uses it too.)
   */
  async flush(wallet: WalletDoc, session: ClientSession | undefined): Promise<void> {
    const outbox = wallet.outbox ?? [];
    if (outbox.length === 0) return;
    const ids = outbox.map((e) => e.id);
    const present = new Set(
      (await this.ctx.ledger.find({ _id: { $in: ids } }, { session, projection: { _id: 1 } }).toArray()).map((d) => d._id),
    );
    for (const e of outbox) {
      if (present.has(e.id)) continue;
      try {
        await this.ctx.ledger.insertOne(ledgerDocFromOutbox(wallet._id, e), { session });
      } catch (error) {
        // Another process copied it first. Inside a transaction errors must propagate, and none is expected.
        if (session || !isDuplicateKey(error)) throw error;
        const copied = await this.ctx.ledger.countDocuments({ _id: e.id });
        if (copied === 0) throw new InvariantViolation(`ledger entry ${e.id} clashes with another entry of seq ${e.seq}`);
      }
    }
    await this.ctx.wallets.updateOne({ _id: wallet._id }, { $pull: { outbox: { id: { $in: ids } } } }, { session });
  }

  private async entryById(wallet: WalletDoc, entryId: string, session: ClientSession | undefined): Promise<LedgerEntry> {
    const parked = wallet.outbox.find((e) => e.id === entryId);
    if (parked) return entryFromOutbox(parked);
    const doc = await this.ctx.ledger.findOne({ _id: entryId }, { session });
    if (!doc) throw new InvariantViolation(`ledger entry ${entryId} is missing`);
    return entryFromLedgerDoc(doc);
  }

  private paymentEntry(wallet: WalletDoc, paymentId: string, session: ClientSession | undefined): Promise<LedgerEntry> {
    return this.entryByKey(wallet, paymentKey(paymentId), session);
  }

  /** The entry written under a ledger key (a payment's or a refund's), parked in the outbox or copied. */
  async entryByKey(wallet: WalletDoc, key: string, session: ClientSession | undefined): Promise<LedgerEntry> {
    const parked = wallet.outbox.find((e) => e.key === key);
    if (parked) return entryFromOutbox(parked);
    const doc = await this.ctx.ledger.findOne({ userId: wallet._id, key }, { session });
    if (!doc) throw new InvariantViolation(`the ledger entry ${key} is missing`);
    return entryFromLedgerDoc(doc);
  }
}

function idempotencyMismatch(): DomainError {
  return new DomainError('idempotency_mismatch', 'This idempotency key was used for another amount.');
}
