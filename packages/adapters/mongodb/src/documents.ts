import type {
  ConcertPrimitives,
  EndReason,
  HistoryPage,
  LedgerEntry,
  LedgerEntryType,
  PaymentPrimitives,
  PaymentState,
  QueueState,
  QueueTokenPrimitives,
  ReservationPrimitives,
  ReservationState,
  SchedulePrimitives,
  SalePrimitives,
  SealReason,
  SeatPrimitives,
  TakenSeat,
} from '@boxoffice/core';
import { DomainError, isLive } from '@boxoffice/core';
import type { Document } from 'mongodb';

/*
 * The stored shapes and the pure mapping between them and core's primitives.
 * Nothing here talks to a server, so all of it is unit-tested without one.
 * Times are epoch ms numbers, as in core; the only BSON dates are TTL fields,
 * which the server's TTL monitor reads against its own clock.
 */

// ---------------------------------------------------------------------------------------------
// Queue

export interface TokenDoc {
  _id: string;
  queueId: string;
  userId: string;
  state: QueueState;
  seq: number;
  enteredAt: number;
  lastSeenAt: number;
  activatedAt: number | null;
  activeUntil: number | null;
  endedAt: number | null;
  /** A pre-queue token's draw key (lowercase hex); absent for one that entered after the opening. */
  drawKey?: string;
  /** Set when the token ends. */
  endReason?: EndReason;
  /**
   * Queue order as one sortable string: `0<drawKey>` for the pre-queue, `1<seq, 16 digits>` for the
   * rest, so the pre-queue comes first in draw order and a position is one indexed count.
   */
  line: string;
  /** Present (true) only while waiting or active: the unique partial index keys on it. */
  live?: true;
  /** Set when the token ends; the TTL index removes the document after it. */
  purgeAt?: Date;
}

export function tokenToDoc(t: QueueTokenPrimitives): TokenDoc {
  const doc: TokenDoc = {
    _id: t.token,
    queueId: t.queueId,
    userId: t.userId,
    state: t.state,
    seq: t.seq,
    enteredAt: t.enteredAt,
    lastSeenAt: t.lastSeenAt,
    activatedAt: t.activatedAt,
    activeUntil: t.activeUntil,
    endedAt: t.endedAt,
    line: lineKey(t.drawKey, t.seq),
  };
  if (t.drawKey !== null) doc.drawKey = t.drawKey;
  if (t.endReason !== null) doc.endReason = t.endReason;
  if (isLive(t.state)) doc.live = true;
  return doc;
}

/** The queue-order key of a token: the pre-queue by draw key, then the rest by seq. */
export function lineKey(drawKey: string | null, seq: number): string {
  return drawKey !== null ? `0${drawKey}` : `1${String(seq).padStart(16, '0')}`;
}

export function tokenFromDoc(d: TokenDoc): QueueTokenPrimitives {
  return {
    token: d._id,
    queueId: d.queueId,
    userId: d.userId,
    state: d.state,
    seq: d.seq,
    enteredAt: d.enteredAt,
    lastSeenAt: d.lastSeenAt,
    activatedAt: d.activatedAt ?? null,
    activeUntil: d.activeUntil ?? null,
    endedAt: d.endedAt ?? null,
    drawKey: d.drawKey ?? null,
    endReason: d.endReason ?? null,
  };
}

/**
 * A named counter (queue sequences, catalog order). A queue's counter also carries when the queue
 * opened and why it was sealed: an entry's $inc returns them in the same atomic step.
 */
export interface CounterDoc {
  _id: string;
  seq: number;
  openedAt?: number;
  sealed?: SealReason;
}

// ---------------------------------------------------------------------------------------------
// Sales

export type SaleDoc = Omit<SalePrimitives, 'id'> & { _id: string };

export function saleToDoc(s: SalePrimitives): SaleDoc {
  const { id, ...rest } = s;
  return { _id: id, ...rest, scheduleIds: [...rest.scheduleIds], settings: { ...rest.settings } };
}

export function saleFromDoc(d: SaleDoc): SalePrimitives {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
}

/** A lease that lets one process at a time run a queue's admission. */
export interface LockDoc {
  _id: string;
  owner: string;
  /** Wall-clock ms: a crashed holder's lease runs out by itself. */
  until: number;
}

// ---------------------------------------------------------------------------------------------
// Catalog

export interface ScheduleSub {
  id: string;
  startsAt: string;
  seats: SeatPrimitives[];
}

export interface ConcertDoc {
  _id: string;
  name: string;
  venue: string | null;
  /** Publication order: listings keep it, like the memory adapter's insertion order. */
  ord: number;
  schedules: ScheduleSub[];
}

export interface ScheduleDoc {
  _id: string;
  concertId: string;
  startsAt: string;
  seats: SeatPrimitives[];
  ord: number;
  index: number;
}

const copySeat = (s: SeatPrimitives): SeatPrimitives => ({ number: s.number, price: s.price, grade: s.grade ?? null });

export function concertToDoc(c: ConcertPrimitives, ord: number): ConcertDoc {
  return {
    _id: c.id,
    name: c.name,
    venue: c.venue ?? null,
    ord,
    schedules: c.schedules.map((s) => ({ id: s.id, startsAt: s.startsAt, seats: s.seats.map(copySeat) })),
  };
}

export function schedulesFromConcertDoc(d: ConcertDoc): SchedulePrimitives[] {
  return d.schedules.map((s) => ({ id: s.id, concertId: d._id, startsAt: s.startsAt, seats: s.seats.map(copySeat) }));
}

export function scheduleToDoc(s: SchedulePrimitives, ord: number, index: number): ScheduleDoc {
  return { _id: s.id, concertId: s.concertId, startsAt: s.startsAt, seats: s.seats.map(copySeat), ord, index };
}

export function scheduleFromDoc(d: ScheduleDoc): SchedulePrimitives {
  return { id: d._id, concertId: d.concertId, startsAt: d.startsAt, seats: d.seats.map(copySeat) };
}

// ---------------------------------------------------------------------------------------------
// Seats and reservations

export interface ReservationDoc {
  _id: string;
  userId: string;
  scheduleId: string;
  seats: number[];
  amount: number;
  state: ReservationState;
  createdAt: number;
  expiresAt: number;
  paymentId: string | null;
  /**
   * Set on a lapsed hold when another hold takes one of its seats: its payment
   * can no longer claim it. The state stays held, so the sweep still reports
   * and stores the expiry.
   */
  fenced?: true;
  /**
   * Set while a hold (without transactions) is still taking its seats. A rival
   * hold that meets one of its seats waits for the outcome instead of failing
   * against a hold that may yet give up.
   */
  pending?: true;
}

/**
 * One document per seat that was ever taken: it names the reservation that took
 * it last. The seat is free unless that reservation still occupies it, so no
 * reservation change ever has to touch seat documents.
 */
export interface SeatDoc {
  _id: string;
  scheduleId: string;
  number: number;
  reservationId: string;
}

export function seatId(scheduleId: string, n: number): string {
  return `${scheduleId}#${n}`;
}

export function reservationToDoc(r: ReservationPrimitives): ReservationDoc {
  return {
    _id: r.id,
    userId: r.userId,
    scheduleId: r.scheduleId,
    seats: [...r.seats],
    amount: r.amount,
    state: r.state,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    paymentId: r.paymentId,
  };
}

export function reservationFromDoc(d: ReservationDoc): ReservationPrimitives {
  return {
    id: d._id,
    userId: d.userId,
    scheduleId: d.scheduleId,
    seats: [...d.seats],
    amount: d.amount,
    state: d.state,
    createdAt: d.createdAt,
    expiresAt: d.expiresAt,
    paymentId: d.paymentId ?? null,
  };
}

/** Whether reservation `r` keeps its seats from being free at `now` (the SeatInventory rule). */
export function occupies(r: Pick<ReservationDoc, 'state' | 'expiresAt'>, now: number): boolean {
  return r.state === 'paying' || r.state === 'confirmed' || (r.state === 'held' && r.expiresAt > now);
}

/** The seats that are not free at `now`, from seat documents and the reservations they name. */
export function takenSeatsFrom(seats: readonly SeatDoc[], reservations: readonly ReservationDoc[], now: number): TakenSeat[] {
  const byId = new Map(reservations.map((r) => [r._id, r]));
  const taken: TakenSeat[] = [];
  for (const seat of seats) {
    const r = byId.get(seat.reservationId);
    if (!r || !occupies(r, now)) continue;
    taken.push({ number: seat.number, state: r.state === 'confirmed' ? 'sold' : 'held', reservationId: r._id });
  }
  return taken.sort((a, b) => a.number - b.number);
}

/** Why `claim` could not move a reservation to paying by `paymentId`; null when it already is. */
export function claimFailure(d: ReservationDoc, paymentId: string, now: number): DomainError | null {
  if ((d.state === 'paying' || d.state === 'confirmed') && d.paymentId === paymentId) return null;
  if (d.state === 'paying') return new DomainError('payment_in_progress', 'This hold is being paid for.');
  if (d.state === 'expired' || (d.state === 'held' && (d.expiresAt <= now || d.fenced === true))) {
    return new DomainError('hold_expired', 'This hold has expired.');
  }
  return new DomainError('reservation_not_held', `This reservation is ${d.state}.`);
}

// ---------------------------------------------------------------------------------------------
// Wallets, ledger and payments

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
}

/**
 * One user's wallet: the single document whose conditional update is the atomic
 * step for charges, debits and aborts. `n` counts ledger entries (the last seq);
 * `outbox` holds entries applied to the balance and not yet copied to the
 * ledger collection; `chg` and `pay` remember charge keys and payment outcomes
 * (field names made safe by fieldKey).
 */
export interface WalletDoc {
  _id: string;
  balance: number;
  n: number;
  outbox: OutboxEntry[];
  chg?: Record<string, ChargeMark>;
  pay?: Record<string, 'debited' | 'aborted'>;
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
export function appendEntryPipeline(entry: AppendEntry, marks: Readonly<Record<string, unknown>>): Document[] {
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
      },
    },
    { $set: { outbox: { $concatArrays: [{ $ifNull: ['$outbox', []] }, [pushed]] }, ...setMarks } },
  ];
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

export interface PaymentDoc {
  _id: string;
  userId: string;
  reservationId: string;
  queueId: string;
  token: string;
  amount: number;
  state: PaymentState;
  idempotencyKey: string | null;
  createdAt: number;
  updatedAt: number;
  failure: string | null;
  /** Present (true) unless aborted: one live payment per reservation is a unique partial index. */
  live?: true;
}

export function paymentToDoc(p: PaymentPrimitives): PaymentDoc {
  const doc: PaymentDoc = {
    _id: p.id,
    userId: p.userId,
    reservationId: p.reservationId,
    queueId: p.queueId,
    token: p.token,
    amount: p.amount,
    state: p.state,
    idempotencyKey: p.idempotencyKey,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    failure: p.failure,
  };
  if (p.state !== 'aborted') doc.live = true;
  return doc;
}

export function paymentFromDoc(d: PaymentDoc): PaymentPrimitives {
  return {
    id: d._id,
    userId: d.userId,
    reservationId: d.reservationId,
    queueId: d.queueId,
    token: d.token,
    amount: d.amount,
    state: d.state,
    idempotencyKey: d.idempotencyKey ?? null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    failure: d.failure ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Idempotency records

export interface IdempotencyDoc {
  _id: string;
  fingerprint: string;
  /** The stored answer as JSON text, so any body round-trips exactly; null while in progress. */
  response: string | null;
  /** In the caller's clock: decides expiry. */
  expiresAtMs: number;
  /** Wall clock, for the TTL index only. */
  purgeAt: Date;
}

export function idempotencyId(scope: string, key: string): string {
  return JSON.stringify([scope, key]);
}

// ---------------------------------------------------------------------------------------------
// Connection

/** The database named in a connection string's path, if any. */
export function dbNameFromUrl(url: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(url);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name === '' ? null : name;
}

export interface Topology {
  /** Replica set or mongos: multi-document transactions are available. */
  readonly transactions: boolean;
  readonly description: string;
}

/** Reads the `hello` answer: a replica set member reports setName, a mongos reports msg 'isdbgrid'. */
export function topologyFromHello(hello: Document): Topology {
  if (hello.msg === 'isdbgrid') return { transactions: true, description: 'sharded cluster (mongos)' };
  if (typeof hello.setName === 'string') return { transactions: true, description: `replica set ${hello.setName}` };
  return { transactions: false, description: 'standalone server' };
}
