import type { EndReason, QueueState, QueueTokenPrimitives, SaleMode, SealReason } from '@boxoffice/core';
import { isLive } from '@boxoffice/core';
import type { Document } from 'mongodb';

/* Queue tokens, the per-queue counter and the line's positions. Times are epoch ms, as in core; TTL fields are BSON dates. */

/**
 * A token's key: tokens are named per queue (the port finds a token by queue
 * and token), so two queues may hold the same token name. Built only here, so
 * the field order that an embedded _id's equality depends on never varies.
 */
export interface TokenKey {
  q: string;
  t: string;
}

export function tokenKey(queueId: string, token: string): TokenKey {
  return { q: queueId, t: token };
}

export interface TokenDoc {
  _id: TokenKey;
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
    _id: tokenKey(t.queueId, t.token),
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
    token: d._id.t,
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
  /** The seq the counter stood at when the queue opened: every seq up to it was taken before the opening. */
  openSeq?: number;
  sealed?: SealReason;
  /** The operator's mode and the sale version it came from (see QueueRepository.setMode). */
  mode?: SaleMode;
  modeVersion?: number;
  /** When the running pause began. */
  pausedAt?: number;
}

/** The queue's counter document: its seq, and when it opened and why it was sealed. */
export function counterId(queueId: string): string {
  return `queue:${queueId}`;
}

/**
 * Opens the queue, applied with a filter that matches only a counter without
 * `openedAt`: in the same atomic step it records `openSeq`, the last seq taken
 * before the opening. Without transactions, admission waits until every seq up
 * to it is in (or was passed over), so a pre-queue entry whose insert lags its
 * $inc still takes its drawn place.
 */
export function openPipeline(now: number): Document[] {
  return [{ $set: { openedAt: { $literal: now }, openSeq: { $ifNull: ['$seq', 0] } } }];
}

/**
 * The positions of several waiting tokens in one pass: the waiting tokens of
 * the queue up to the farthest asked line key, in line order (the
 * `queue_order` index), numbered as they stream by, and only the asked ones
 * kept. O(farthest position) index keys and O(1) work each, whatever the
 * number asked. ($bucket would do O(asked) work per token: it is a $group
 * over a $switch of every boundary.)
 */
export function positionsPipeline(queueId: string, lines: readonly string[]): Document[] {
  const asked = [...new Set(lines)].sort();
  return [
    { $match: { queueId, state: 'waiting', line: { $lte: asked[asked.length - 1] } } },
    { $setWindowFields: { sortBy: { line: 1 }, output: { position: { $documentNumber: {} } } } },
    { $match: { line: { $in: asked } } },
    { $project: { _id: 0, line: 1, position: 1 } },
  ];
}

export interface PositionRow {
  line: string;
  position: number;
}

/**
 * Each asked line's position from the pipeline's rows. A token read as waiting
 * and admitted or ended before the count has no row: it was at most at the
 * head, so it gets 1, never 0.
 */
export function positionsFromRows(lines: readonly string[], rows: readonly PositionRow[]): number[] {
  const byLine = new Map(rows.map((r) => [r.line, r.position]));
  return lines.map((l) => Math.max(1, byLine.get(l) ?? 1));
}
