import type { QueueTokenPrimitives } from './queue-token.js';

export interface EnterResult {
  readonly token: QueueTokenPrimitives;
  /** false when the user already held a live token, which is returned instead. */
  readonly created: boolean;
  readonly position: number | null;
}

/** A status poll by `userId` at `at`: recorded only when the token is theirs and waiting. */
export interface Heartbeat {
  readonly at: number;
  readonly userId: string;
}

export interface TokenView {
  readonly token: QueueTokenPrimitives;
  /** 1-based position among waiting tokens; null unless waiting. */
  readonly position: number | null;
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
  readonly waiting: number;
  readonly active: number;
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
   * Otherwise stores `candidate` (state waiting) at the tail, with the next
   * `seq` of that queue, and returns it.
   */
  enter(candidate: Omit<QueueTokenPrimitives, 'seq'>): Promise<EnterResult>;

  /**
   * Reads a token with its position. When `heartbeat` is given, the token is
   * waiting and it belongs to `heartbeat.userId`, `lastSeenAt` becomes
   * `max(lastSeenAt, heartbeat.at)` in the same step; another user's poll
   * changes nothing. null when the token is unknown in this queue.
   */
  view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null>;

  /** waiting|active → expired; frees the place at once. An ended token is returned unchanged. */
  leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null>;

  /** active → completed. A completed or expired token is returned unchanged. */
  complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null>;

  /** Expires up to `limit` active tokens whose `activeUntil <= now`; returns them. */
  expireSessions(queueId: string, now: number, limit: number): Promise<string[]>;

  /** Expires up to `limit` waiting tokens whose `lastSeenAt <= idleBefore`; returns them. */
  expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]>;

  /**
   * Admits waiting tokens from the head, in `seq` order, while the active
   * count is below `rule.maxActive` and fewer than `rule.admitPerMinute`
   * were admitted in the window ending at `now`. Returns the admitted tokens.
   */
  admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]>;

  counts(queueId: string): Promise<QueueCounts>;
}
