import type { CreditResult, RefundPrimitives, RefundRepository } from '@boxoffice/core';
import { DomainError, drafts, storeUnavailable } from '@boxoffice/core';
import { READ_BACK } from './concerns.js';
import type { MongoContext } from './context.js';
import { userPartition } from './documents/events.js';
import { refundFromDoc, refundToDoc } from './documents/refunds.js';
import { appendEntryPipeline, fieldKey, refundKey } from './documents/wallets.js';
import { guarded, isDuplicateKey } from './errors.js';
import type { MongoWallets } from './mongo-wallets.js';

const ATTEMPTS = 3;
const BODY = { balance: 1, n: 1, outbox: 1 } as const;

/**
 * Refunds in MongoDB. The fence is the unique index one_refund_per_payment:
 * of racing inserts for one payment exactly one lands, with or without
 * transactions (a completed payment never changes state again, so checking it
 * before the insert is safe). The credit is one guarded update of the wallet
 * on the mark `rfd.<refund>`, numbering the `refund` entry in the wallet's
 * outbox like a charge (see MongoWallets); the refund document follows it, and
 * a repeated credit finds the mark and only brings the document up to date.
 * With transactions the credit appends refund.completed in its transaction.
 */
export class MongoRefunds implements RefundRepository {
  constructor(
    private readonly ctx: MongoContext,
    private readonly wallets: MongoWallets,
  ) {}

  create(refund: RefundPrimitives): Promise<{ refund: RefundPrimitives; created: boolean }> {
    return guarded(async () => {
      const existing = await this.ctx.refunds.findOne({ userId: refund.userId, paymentId: refund.paymentId });
      if (existing) return { refund: refundFromDoc(existing), created: false };
      const payment = await this.ctx.payments.findOne({ _id: refund.paymentId, userId: refund.userId });
      if (!payment) throw new DomainError('payment_not_found', 'No such payment.');
      if (payment.state !== 'completed') throw new DomainError('payment_not_refundable', `This payment is ${payment.state}.`);
      const doc = refundToDoc({ ...refund, state: 'pending' });
      try {
        await this.ctx.refunds.insertOne(doc);
        return { refund: refundFromDoc(doc), created: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const winner = await this.ctx.refunds.findOne({ userId: refund.userId, paymentId: refund.paymentId }, READ_BACK);
      if (!winner) throw storeUnavailable(new Error('a refund insert was refused but no refund of its payment shows'));
      return { refund: refundFromDoc(winner), created: false };
    });
  }

  get(userId: string, refundId: string): Promise<RefundPrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.refunds.findOne({ _id: refundId, userId });
      return doc ? refundFromDoc(doc) : null;
    });
  }

  findByPayment(userId: string, paymentId: string): Promise<RefundPrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.refunds.findOne({ userId, paymentId });
      return doc ? refundFromDoc(doc) : null;
    });
  }

  credit(userId: string, refundId: string, entryId: string, now: number): Promise<CreditResult> {
    return guarded(async () => {
      const refund = await this.ctx.refunds.findOne({ _id: refundId, userId });
      if (!refund) throw new DomainError('refund_not_found', 'No such refund.');
      await this.wallets.ensureWallet(userId);
      const field = fieldKey(refundId);
      const mark = `rfd.${field}`;
      const key = refundKey(refundId);
      const projection = { ...BODY, [mark]: 1 };
      return this.ctx.outbox.run(userPartition(userId), async (session) => {
        for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
          const wallet =
            (await this.ctx.wallets.findOneAndUpdate(
              { _id: userId, [mark]: { $exists: false } },
              appendEntryPipeline({ id: entryId, type: 'refund', amount: refund.amount, at: now, ref: refundId, key }, { [mark]: 'credited' }),
              { session, returnDocument: 'after', projection },
            )) ?? (await this.ctx.wallets.findOne({ _id: userId }, { session, projection, ...READ_BACK }));
          // Refused and the mark does not show: read again rather than guess.
          if (wallet?.rfd?.[field] !== 'credited') continue;
          await this.wallets.flush(wallet, session);
          const completed = await this.ctx.refunds.findOneAndUpdate(
            { _id: refundId, state: 'pending' },
            { $set: { state: 'completed', updatedAt: now } },
            { session, returnDocument: 'after' },
          );
          if (completed) await this.ctx.outbox.append(session, drafts.refundCompleted(refundFromDoc(completed), now));
          const doc = completed ?? (await this.ctx.refunds.findOne({ _id: refundId }, { session }));
          return { refund: refundFromDoc(doc ?? refund), balance: wallet.balance, entry: await this.wallets.entryByKey(wallet, key, session) };
        }
        throw storeUnavailable(new Error('a refund credit was refused but its wallet shows no mark'));
      });
    });
  }

  /** Served by the recovery_sweep index (state, updatedAt). */
  listPending(before: number, limit: number): Promise<RefundPrimitives[]> {
    return guarded(async () => {
      const docs = await this.ctx.refunds.find({ state: 'pending', updatedAt: { $lte: before } }, { sort: { updatedAt: 1 }, limit }).toArray();
      return docs.map(refundFromDoc);
    });
  }
}
