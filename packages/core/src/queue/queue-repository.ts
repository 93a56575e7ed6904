import type { QueueTokenPrimitives, SealReason } from './queue-token.js';

export type EnterResult =
  | {
      readonly token: QueueTokenPrimitives;
      /** false when the user already held a live token, which is returned instead. */
      readonly created: boolean;
      readonly position: number | null;
      /** When the queue was opened (its first admit); null before. */
      readonly openedAt: number | null;
      readonly refused?: undefined;
    }
  /** The queue is sealed and the user held no live token: nothing was stored. */
  | { readonly refused: SealReason };

/** A status poll by `userId` at `at`: recorded only when the token is theirs and waiting. */
export interface Heartbeat {
  readonly at: number;
  readonly userId: string;
}

export interface TokenView {
  readonly token: QueueTokenPrimitives;
  /**
   * 1-based position among waiting tokens; null unless waiting. The pre-queue
   * (tokens with a draw key) comes first in draw-key order, then the others in
   * `seq` order. May be null for a pre-queue token before the queue opened.
   */
  readonly position: number | null;
  /** When the queue was opened (its first admit); null before. */
  readonly openedAt: number | null;
}

/** The admission rule core hands to the store, which applies it atomically per queue. */
export interface AdmissionRule {
  readonly maxActive: number;
  readonly admitPerMinute: number;
  /** The sliding window admitPerMinute counts over. */
  readonly windowMs: number;
  readonly sessionTtlMs: number;
  /** Most tokens to admit in this call. */
  readonly limit: number;
}

export interface QueueCounts {
  /** Waiting tokens, the pre-queue included. */
  readonly waiting: number;
  /** Of those, the ones with a draw key (the pre-queue, drawn or not yet). */
  readonly drawn: number;
  readonly active: number;
  /** Tokens admitted in the 60 seconds up to `now`: the measured admission rate. */
  readonly admittedLastMinute: number;
  /** When the queue was opened (its first admit); null before. */
  readonly openedAt: number | null;
  /** Why the queue was sealed; null while it takes entrants. */
  readonly sealed: SealReason | null;
}

/**
 * Storage of one or more named queues. Every method is one atomic step on
 * one queue: two callers in any number of processes never see a half-done
 * change. The store does not decide policy; it applies the rule it is given.
 */
export interface QueueRepository {
  /**
   * If `candidate.userId` holds a live (waiting or active) token in
   * `candidate.queueId`, returns it, recording a heartbeat when it is waiting.
   * Otherwise, if the queue is sealed, stores nothing and answers `refused`
   * with the seal's reason. Otherwise stores `candidate` (state waiting) with
   * the next `seq` of that queue and returns it: with its draw key in the
   * pre-queue if the queue has not been opened yet, else at the tail of the
   * line with `drawKey` null (a pre-queue candidate that lost the race with the
   * opening queues behind, like any later entrant).
   */
  enter(candidate: Omit<QueueTokenPrimitives, 'seq'>): Promise<EnterResult>;

  /**
   * Reads a token with its position. When `heartbeat` is given, the token is
   * waiting and it belongs to `heartbeat.userId`, `lastSeenAt` becomes
   * `max(lastSeenAt, heartbeat.at)` in the same step; another user's poll
   * changes nothing. null when the token is unknown in this queue.
   */
  view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null>;

  /** waiting|active → expired (endReason `left`); frees the place at once. An ended token is returned unchanged. */
  leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null>;

  /** active → completed (endReason `paid`). A completed or expired token is returned unchanged. */
  complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null>;

  /** Expires up to `limit` active tokens whose `activeUntil <= now` (endReason `session_ended`); returns them. */
  expireSessions(queueId: string, now: number, limit: number): Promise<string[]>;

  /** Expires up to `limit` waiting tokens whose `lastSeenAt <= idleBefore` (endReason `idle`); returns them. */
  expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]>;

  /**
   * Opens the queue if it is not open yet (`openedAt = now`, once: the draw is
   * final from then on), unless it is sealed. Then, unless sealed, admits
   * waiting tokens from the head (the pre-queue in draw-key order, then the
   * rest in `seq` order) while the active count is below `rule.maxActive` and
   * fewer than `rule.admitPerMinute` were admitted in the window ending at
   * `now`. Returns the admitted tokens.
   */
  admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]>;

  /**
   * Seals the queue for `reason` (the first seal's reason stays): from now on
   * `enter` refuses newcomers and `admit` admits nobody. Then ends up to
   * `limit` waiting tokens (the pre-queue included) with that endReason, and
   * returns them. Active sessions run on.
   */
  seal(queueId: string, reason: SealReason, now: number, limit: number): Promise<string[]>;

  /**
   * The pre-queue in its drawn order, every token that entered with a draw
   * key whatever its state now: up to `limit` tokens from place `offset + 1`.
   * Empty before the queue opened.
   */
  listDrawn(queueId: string, offset: number, limit: number): Promise<string[]>;

  counts(queueId: string, now: number): Promise<QueueCounts>;
}
