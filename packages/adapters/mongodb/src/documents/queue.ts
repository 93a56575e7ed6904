import type { QueueState, QueueTokenPrimitives } from '@boxoffice/core';
import { isLive } from '@boxoffice/core';

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
  };
  if (isLive(t.state)) doc.live = true;
  return doc;
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
  };
}

/** A named counter (queue sequences, catalog order). */
export interface CounterDoc {
  _id: string;
  seq: number;
}

/** A lease that lets one process at a time run a queue's admission. */
export interface LockDoc {
  _id: string;
  owner: string;
  /** Wall-clock ms: a crashed holder's lease runs out by itself. */
  until: number;
}
