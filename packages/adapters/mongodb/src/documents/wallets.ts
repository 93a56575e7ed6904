import type { HistoryPage, LedgerEntry, LedgerEntryType } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import type { Document } from 'mongodb';

/* The wallet document, its outbox, and ledger entries. */

/** A ledger entry as it sits in the wallet's outbox and, once copied, in the ledger collection. */
export interface OutboxEntry {
  id: string;
  seq: number;
  type: LedgerEntryType;
  amount: number;
  balanceAfter: number;
  at: number;
  ref: string;
  /** The wallet-scoped idempotency key of the entry; absent for keyless charges. */
  key?: string;
}

export interface ChargeMark {
  amount: number;
  entryId: string;
  /** When the charge was made (core's clock): marks older than the retention are pruned. */
  at?: number;
}

/**
 * One user's wallet: the single document whose conditional update is the atomic
 * step for charges, debits and aborts. `n` counts ledger entries (the last seq);
 * `outbox` holds entries applied to the balance and not yet copied to the
 * ledger collection; `chg` and `pay` remember charge keys and payment outcomes
 * (field names made safe by fieldKey). `chg` marks are pruned once older than
 * the retention and copied to the ledger, whose unique key then answers a
 * late retry; `pay` marks stay (one per payment).
 */
export interface WalletDoc {
  _id: string;
  balance: number;
  n: number;
  outbox: OutboxEntry[];
  chg?: Record<string, ChargeMark>;
  pay?: Record<string, 'debited' | 'aborted'>;
  /** Refunds credited (MongoRefunds), by fieldKey(refund id). */
  rfd?: Record<string, 'credited'>;
}

export interface LedgerDoc {
  _id: string;
  userId: string;
  seq: number;
  type: LedgerEntryType;
  amount: number;
  balanceAfter: number;
  at: number;
  ref: string;
  key?: string;
}

export function newWalletDoc(userId: string): WalletDoc {
  return { _id: userId, balance: 0, n: 0, outbox: [] };
}

/**
 * A string made safe as a field name: no dots, no `$`, never empty.
 * Idempotency keys come from clients, so they may hold anything.
 */
export function fieldKey(raw: string): string {
  return `k${Buffer.from(raw, 'utf8').toString('base64url')}`;
}

export function chargeKey(idempotencyKey: string): string {
  return `charge:${idempotencyKey}`;
}

export function paymentKey(paymentId: string): string {
  return `payment:${paymentId}`;
}

export function refundKey(refundId: string): string {
  return `refund:${refundId}`;
}

export interface AppendEntry {
  readonly id: string;
  readonly type: LedgerEntryType;
  /** Positive; the type gives the direction. */
  readonly amount: number;
  readonly at: number;
  readonly ref: string;
  readonly key: string | null;
}

/**
 * The update pipeline that moves the balance, numbers the entry, pushes it to
 * the outbox with its balanceAfter, and sets `marks`, all in one document
 * update. Client-supplied values go through $literal, so a `$` in them is data.
 */
export function appendEntryPipeline(
  entry: AppendEntry,
  marks: Readonly<Record<string, unknown>>,
  pruneChargeMarksBefore: number | null = null,
): Document[] {
  const delta = entry.type === 'payment' ? -entry.amount : entry.amount;
  const pushed: Document = {
    id: { $literal: entry.id },
    seq: '$n',
    type: { $literal: entry.type },
    amount: { $literal: entry.amount },
    balanceAfter: '$balance',
    at: { $literal: entry.at },
    ref: { $literal: entry.ref },
  };
  if (entry.key !== null) pushed.key = { $literal: entry.key };
  const setMarks = Object.fromEntries(Object.entries(marks).map(([field, value]) => [field, { $literal: value }]));
  return [
    {
      $set: {
        balance: { $add: [{ $ifNull: ['$balance', 0] }, delta] },
        n: { $add: [{ $ifNull: ['$n', 0] }, 1] },
        ...(pruneChargeMarksBefore === null ? {} : { chg: keptChargeMarks(pruneChargeMarksBefore) }),
      },
    },
    { $set: { outbox: { $concatArrays: [{ $ifNull: ['$outbox', []] }, [pushed]] }, ...setMarks } },
  ];
}

/**
 * The `chg` marks to keep: those made after `before`, and any whose entry is
 * still in the outbox (not yet in the ledger, whose unique key would otherwise
 * be the only record of it). O(marks) on the server, bounded by the retention.
 */
export function keptChargeMarks(before: number): Document {
  return {
    $arrayToObject: {
      $filter: {
        input: { $objectToArray: { $ifNull: ['$chg', {}] } },
        as: 'm',
        cond: {
          $or: [{ $gt: ['$$m.v.at', { $literal: before }] }, { $in: ['$$m.v.entryId', { $ifNull: ['$outbox.id', []] }] }],
        },
      },
    },
  };
}

export function ledgerDocFromOutbox(userId: string, e: OutboxEntry): LedgerDoc {
  const doc: LedgerDoc = {
    _id: e.id,
    userId,
    seq: e.seq,
    type: e.type,
    amount: e.amount,
    balanceAfter: e.balanceAfter,
    at: e.at,
    ref: e.ref,
  };
  if (e.key !== undefined) doc.key = e.key;
  return doc;
}

export function entryFromOutbox(e: OutboxEntry): LedgerEntry {
  return { id: e.id, type: e.type, amount: e.amount, balanceAfter: e.balanceAfter, at: e.at, ref: e.ref };
}

export function entryFromLedgerDoc(d: LedgerDoc): LedgerEntry {
  return { id: d._id, type: d.type, amount: d.amount, balanceAfter: d.balanceAfter, at: d.at, ref: d.ref };
}

/**
 * A history cursor is the seq of the oldest entry already shown; the next page
 * holds the entries before it. Valid cursors are 1..n.
 */
export function parseCursor(cursor: string, n: number): number {
  const value = Number(cursor);
  if (!/^\d{1,16}$/.test(cursor) || !Number.isSafeInteger(value) || value < 1 || value > n) {
    throw new DomainError('validation_failed', 'Unknown history cursor.');
  }
  return value;
}

/**
 * One history page from a wallet snapshot (balance, n, outbox) and the ledger
 * documents read after it. Every entry with seq <= n is in one of the two
 * (an entry leaves the outbox only after it is in the ledger), so the union,
 * cut to seq < before, is the exact ledger as of the snapshot.
 */
export function mergeHistory(
  wallet: Pick<WalletDoc, 'balance' | 'n' | 'outbox'>,
  ledger: readonly LedgerDoc[],
  before: number,
  limit: number,
): HistoryPage {
  const bySeq = new Map<number, LedgerEntry & { seq: number }>();
  for (const d of ledger) if (d.seq < before && d.seq <= wallet.n) bySeq.set(d.seq, { ...entryFromLedgerDoc(d), seq: d.seq });
  for (const e of wallet.outbox ?? []) if (e.seq < before && e.seq <= wallet.n) bySeq.set(e.seq, { ...entryFromOutbox(e), seq: e.seq });
  const page = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
  const last = page[page.length - 1];
  return {
    balance: wallet.balance,
    entries: page.map(({ seq: _seq, ...entry }) => entry),
    nextCursor: last !== undefined && last.seq > 1 ? String(last.seq) : null,
  };
}
