import type { SaleMode } from '../sale/sale.js';
import type { QueueTokenPrimitives, SealReason } from './queue-token.js';

/** Why `enter` stored nothing: the queue is sealed, or its mode is `reject`. */
export type EnterRefusal = SealReason | 'reject';

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
  /** The queue is sealed or rejecting and the user held no live token: nothing was stored. */
  | { readonly refused: EnterRefusal };

/** A status poll by `userId` at `at`: recorded only when the token is theirs and waiting. */
export interface Heartbeat {
  readonly at: number;
  readonly userId: string;
}

/** One status read of a batch: the token, and the poll's heartbeat (see `view`). */
export interface StatusRead {
  readonly token: string;
  readonly heartbeat?: Heartbeat;
}

/**
 * Heartbeats sent with places by seq (`linePlaces`): the tokens of `seqs` count as seen at `at`. Core sends a
 * seq here only for a token it read as the polling user's own, and a seq is never given twice, so no record
 * needs reading to check the owner.
 */
export interface LineHeartbeat {
  readonly at: number;
  /** Some of the seqs asked: a store may ignore any other. */
  readonly seqs: readonly number[];
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
  /** The mode the queue applies (see setMode); `queue` until one is set. */
  readonly mode: SaleMode;
  /** The sale version that mode came from; 0 until one is set. */
  readonly modeVersion: number;
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
   *
   * The queue's mode applies in the same step: under `reject` a newcomer is
   * refused with `reject` (a live token is still returned); under
   * `passthrough`, once the queue is open, a newcomer without a draw key is
   * stored active at once (`activatedAt = enteredAt`, `activeUntil = enteredAt
   * + sessionTtlMs`, counted as an admission) when `sessionTtlMs` is given.
   */
  enter(candidate: Omit<QueueTokenPrimitives, 'seq'>, sessionTtlMs?: number): Promise<EnterResult>;

  /**
   * Reads a token with its position. When `heartbeat` is given, the token is
   * waiting and it belongs to `heartbeat.userId`, `lastSeenAt` becomes
   * `max(lastSeenAt, heartbeat.at)` in the same step; another user's poll
   * changes nothing. null when the token is unknown in this queue.
   * Heartbeats and `expireIdle` count only time outside pauses (see setMode).
   */
  view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null>;

  /**
   * Many status reads of one queue as one atomic step (the batched status path):
   * `result[i]` is what `view(queueId, reads[i].token, reads[i].heartbeat)` would
   * answer, all as of one instant of the store. A heartbeat may be skipped when it
   * would move the token's `lastSeenAt` on by less than `slackMs` (a waiter's last
   * poll matters only at the granularity of the idle timeout, and core makes the
   * idle timeout that much longer); with `slackMs` 0 every heartbeat is recorded,
   * exactly as `view` does. A read of another user's token records nothing.
   */
  statusMany(queueId: string, reads: readonly StatusRead[], slackMs: number): Promise<Array<TokenView | null>>;

  /**
   * Optional (issue 17's lean status path): the places of tokens waiting in the line, named by their `seq`.
   * `result[i]` is the position `view` would answer for the token whose seq is `seqs[i]` while that token
   * waits in the line (not the pre-queue), all as of one instant; null once it no longer does (admitted, left,
   * expired, sealed) or when no token of this queue has that seq. A seq is never given to two tokens of one
   * queue, so a caller that read a token's seq may ask by seq alone; core does so for the polls of tokens it
   * read waiting in the line (queue-service.ts). A store without it gets full status reads.
   *
   * Without `heartbeat` it records nothing. With it, each token of `heartbeat.seqs` that waits in the line
   * counts as seen at `heartbeat.at` (pause-free, as a `view` heartbeat) in the same step, for `expireIdle`;
   * a seq that waits nowhere, or in the pre-queue, records nothing. The `lastSeenAt` a later read shows may
   * lag such a heartbeat (a store may keep it apart from the record, as the Redis one does); idle expiry may
   * not. A store that cannot keep a seq's heartbeat by seq answers that seq null, and the caller reads the
   * token in full.
   */
  linePlaces?(queueId: string, seqs: readonly number[], heartbeat?: LineHeartbeat): Promise<Array<number | null>>;

  /** waiting|active → expired (endReason `left`); frees the place at once. An ended token is returned unchanged. */
  leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null>;

  /** active → completed (endReason `paid`). A completed or expired token is returned unchanged. */
  complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null>;

  /** Expires up to `limit` active tokens whose `activeUntil <= now` (endReason `session_ended`); returns them. */
  expireSessions(queueId: string, now: number, limit: number): Promise<string[]>;

  /**
   * Expires up to `limit` waiting tokens idle since `idleBefore` or longer
   * (endReason `idle`); returns them. Idle time is counted on the queue's
   * pause-free clock: time spent `paused` never counts, so a token last seen
   * at `L` expires once `now - L` minus the paused time since `L` reaches
   * `now - idleBefore`; while paused nobody expires.
   */
  expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]>;

  /**
   * Opens the queue if it is not open yet (`openedAt = now`, once: the draw is
   * final from then on), unless it is sealed. Then, unless sealed, admits
   * waiting tokens from the head (the pre-queue in draw-key order, then the
   * rest in `seq` order) while the active count is below `rule.maxActive` and
   * fewer than `rule.admitPerMinute` were admitted in the window ending at
   * `now`. Returns the admitted tokens. A `paused` queue neither opens nor
   * admits.
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
   * A queue sealed as `sold_out` takes entrants and admits again (a seat came
   * back and nobody on the waiting list wants it), with a `sale.opened` event;
   * the tokens the seal ended stay ended. Sealed as `closed`, or not sealed:
   * nothing changes. true when it unsealed.
   */
  unseal(queueId: string, now: number): Promise<boolean>;

  /**
   * The pre-queue in its drawn order, every token that entered with a draw
   * key whatever its state now: up to `limit` tokens from place `offset + 1`.
   * Empty before the queue opened.
   */
  listDrawn(queueId: string, offset: number, limit: number): Promise<string[]>;

  counts(queueId: string, now: number): Promise<QueueCounts>;

  /**
   * The sale's mode reaches its queue (another partition) through this step:
   * applied only when `version` is above the version of the mode the queue
   * holds, so a host with an older copy of the sale never undoes a newer
   * change. Entering `paused` stops the idle clocks at `now`; leaving it starts
   * them again, the pause not counted. True when applied.
   */
  setMode(queueId: string, mode: SaleMode, version: number, now: number): Promise<boolean>;
}
