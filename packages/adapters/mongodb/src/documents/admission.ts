import type { SealReason } from '@boxoffice/core';
import type { Document } from 'mongodb';

/* The admission document of a queue (in `locks`): the lease, its fence, the FIFO watermark and the seal. */

/**
 * One per queue (`admit:<queueId>`): what admission shares between processes.
 * Without transactions, a lease timed by the server's clock, its fencing epoch
 * and the batch the holder is writing; with transactions, a round every
 * admission (and the seal) bumps so that concurrent ones conflict and retry.
 * `settled` is the FIFO watermark: every seq up to it is in the collection or
 * was passed over as abandoned. `sealed` is written under the lease (or in the
 * round), so no admission batch is recorded after it.
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
  sealed?: SealReason;
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

/**
 * Seals admission, once: the first seal's reason stays. Written under the
 * lease (or, with transactions, as a write that conflicts with any admission
 * round in flight), so every batch recorded before it has landed and none is
 * recorded after it.
 */
export function sealPipeline(reason: SealReason): Document[] {
  return [{ $set: { sealed: { $ifNull: ['$sealed', { $literal: reason }] } } }];
}

export interface LineScan {
  /** The new watermark: the last seq up to which nothing is missing (or was passed over). */
  readonly settled: number;
  /** Tokens with seq above this may not be admitted yet: a lower seq is missing or unread. */
  readonly boundary: number;
  /**
   * Null when nothing blocks. Else the seq up to which one grace passes every
   * missing seq seen so far (each was taken before a seq already present, so
   * before this look): one grace a look, not one a gap.
   */
  readonly graceUpTo: number | null;
}

/**
 * The seqs taken before the opening (1..openSeq: the pre-queue, and any who
 * entered between opensAt and the first admit) are settled in one count, not
 * walked: `present` is how many of the seqs in (settled, openSeq] are in the
 * collection. All of them, or a grace already given up to openSeq, settles the
 * lot; otherwise one may still be landing, anywhere in the draw, so the whole
 * line waits. Opening so costs one count, however long the pre-queue.
 */
export function settleOpening(settled: number, openSeq: number, present: number, passUpTo: number): LineScan {
  if (settled >= openSeq || present >= openSeq - settled || passUpTo >= openSeq) {
    return { settled: Math.max(settled, openSeq), boundary: Math.max(settled, openSeq), graceUpTo: null };
  }
  return { settled, boundary: settled, graceUpTo: openSeq };
}

/**
 * Walks the seqs above the watermark `settled` (every state, ascending, as
 * read) for missing ones. Without transactions, `enter` takes its seq and
 * inserts its token in two writes, so a missing seq below a present one may be
 * a token about to appear: admission must not pass it yet. Seqs up to
 * `passUpTo` have had their grace and are passed over as abandoned (an enter
 * that crashed, or lost its insert to the same user's). `complete` says
 * whether the scan read every seq above the watermark.
 */
export function scanLine(seqs: readonly number[], settled: number, passUpTo: number, complete: boolean): LineScan {
  let last = settled;
  let boundary: number | null = null;
  let graceUpTo: number | null = null;
  for (const seq of seqs) {
    if (seq <= last) continue;
    // The missing seqs between `last` and `seq` that have not had their grace.
    const firstUngraced = Math.max(last + 1, passUpTo + 1);
    if (firstUngraced < seq) {
      boundary ??= firstUngraced - 1;
      graceUpTo = seq - 1;
    }
    last = seq;
  }
  if (boundary === null) return { settled: last, boundary: complete ? Number.POSITIVE_INFINITY : last, graceUpTo: null };
  return { settled: boundary, boundary, graceUpTo };
}

/**
 * The line as far as one look can tell: the seqs before the opening, then the
 * later ones. While the first are incomplete nothing is admissible, but the
 * later seqs' gaps are already seen, so the one grace covers both.
 */
export function combineScans(opening: LineScan, later: LineScan): LineScan {
  if (opening.graceUpTo === null) return later;
  return { ...opening, graceUpTo: Math.max(opening.graceUpTo, later.graceUpTo ?? 0) };
}

export interface HeadToken {
  readonly _id: string;
  readonly seq: number;
  readonly drawKey?: string;
}

/**
 * The head of the line (waiting, in line order) that may be admitted now: none
 * while a seq taken before the opening may still land (it may be drawn ahead of
 * everyone), then the pre-queue, then later entrants up to the first one past
 * `boundary` (a missing seq ahead of it may still land ahead of it).
 */
export function admissibleHead(head: readonly HeadToken[], boundary: number, openSeq: number): string[] {
  if (boundary < openSeq) return [];
  const ids: string[] = [];
  for (const t of head) {
    if (t.drawKey === undefined && t.seq > boundary) break;
    ids.push(t._id);
  }
  return ids;
}
