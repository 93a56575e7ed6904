import type { EndReason, QueueState, QueueTokenPrimitives, SaleMode, SealReason } from '@boxoffice/core';
import { isLive } from '@boxoffice/core';
import type { Document } from 'mongodb';

/* Queue tokens, the per-queue counter and the admission lease. Times are epoch ms, as in core; TTL fields are BSON dates. */

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
  /** The operator's mode and the sale version it came from (see QueueRepository.setMode). */
  mode?: SaleMode;
  modeVersion?: number;
  /** When the running pause began. */
  pausedAt?: number;
}

/**
 * The simple admission lease that the sales-aware queue repository uses for now (wall-clock timed).
 * TODO(issue 20, item 2): move that repository onto AdmissionDoc (server-timed lease, fencing epoch).
 */
export interface LockDoc {
  _id: string;
  owner: string;
  /** Wall-clock ms: a crashed holder's lease runs out by itself. */
  until: number;
}

/**
 * One per queue (`admit:<queueId>`, in `locks`): what admission shares between
 * processes. Without transactions, a lease timed by the server's clock, its
 * fencing epoch and the batch the holder is writing; with transactions, a
 * round every admission bumps so that concurrent ones conflict and retry.
 * `settled` is the FIFO watermark: every seq up to it is in the collection or
 * was passed over as abandoned.
 */
export interface AdmissionDoc {
  _id: string;
  owner?: string;
  /** Server time ($$NOW): a crashed or stalled holder's lease runs out on the server's clock alone. */
  until?: Date;
  /** +1 at every takeover; the holder's writes to this document are guarded on it. */
  epoch?: number;
  round?: number;
  /** The batch being admitted, recorded before its tokens are written; a successor finishes it first. */
  inflight?: Inflight;
  settled?: number;
}

export interface Inflight {
  tokens: string[];
  activatedAt: number;
  activeUntil: number;
}

export function admissionId(queueId: string): string {
  return `admit:${queueId}`;
}

/**
 * Takes the lease if it is free on the server's clock, in one update: a new
 * owner, a new epoch and `until = $$NOW + leaseMs`; a held lease is left as it
 * is. Every expression reads the document as it was before the update, so the
 * three fields agree. No client clock is involved.
 */
export function acquireLeasePipeline(owner: string, leaseMs: number): Document[] {
  const free = { $lte: [{ $ifNull: ['$until', new Date(0)] }, '$$NOW'] };
  return [
    {
      $set: {
        epoch: { $cond: [free, { $add: [{ $ifNull: ['$epoch', 0] }, 1] }, '$epoch'] },
        owner: { $cond: [free, { $literal: owner }, '$owner'] },
        until: { $cond: [free, { $add: ['$$NOW', { $literal: leaseMs }] }, '$until'] },
      },
    },
  ];
}

/** The lease as this holder took it, still unexpired on the server's clock. */
export function heldLease(queueId: string, owner: string, epoch: number): Document {
  return { _id: admissionId(queueId), owner, epoch, $expr: { $gt: ['$until', '$$NOW'] } };
}

export interface LineScan {
  /** The new watermark: the last seq up to which nothing is missing (or was passed over). */
  readonly settled: number;
  /** Tokens with seq above this may not be admitted yet: a lower seq is missing or unread. */
  readonly boundary: number;
  /** The first missing seq, if the scan found one below a present one. */
  readonly gap: number | null;
}

/**
 * Walks the seqs above the watermark `settled` (every state, ascending, as
 * read) and finds the first missing one. Without transactions, `enter` takes
 * its seq and inserts its token in two writes, so a missing seq below a present
 * one may be a token about to appear: admission must not pass it yet. Seqs up
 * to `passUpTo` have been given their grace period and are passed over as
 * abandoned (an enter that crashed, or lost its insert to the same user's).
 * `complete` says whether the scan read every seq above the watermark.
 */
export function scanLine(seqs: readonly number[], settled: number, passUpTo: number, complete: boolean): LineScan {
  let last = settled;
  for (const seq of seqs) {
    if (seq <= last) continue;
    if (seq > last + 1 && last + 1 > passUpTo) return { settled: last, boundary: last, gap: last + 1 };
    last = seq;
  }
  return { settled: last, boundary: complete ? Number.POSITIVE_INFINITY : last, gap: null };
}

/**
 * The $bucket boundaries that count, in one pass over the line, the waiting
 * tokens at or ahead of each of `seqs`: bucket i holds seqs in (s[i-1], s[i]].
 */
export function positionBoundaries(seqs: readonly number[]): number[] {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  return [0, ...sorted.map((s) => s + 1)];
}

/** Positions from the bucket counts ($bucket omits empty buckets): a running sum in seq order. */
export function positionsFromBuckets(seqs: readonly number[], buckets: ReadonlyArray<{ _id: number; count: number }>): Map<number, number> {
  const counts = new Map(buckets.map((b) => [b._id, b.count]));
  const positions = new Map<number, number>();
  let sum = 0;
  const bounds = positionBoundaries(seqs);
  for (let i = 1; i < bounds.length; i++) {
    sum += counts.get(bounds[i - 1]!) ?? 0;
    positions.set(bounds[i]! - 1, sum);
  }
  return positions;
}
