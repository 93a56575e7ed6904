import type { SaleMode } from '../sale/sale.js';
import { InvariantViolation } from '../shared/errors.js';

/** The default sale's waiting room: a sale's queue id is its sale id. */
export const DEFAULT_QUEUE = 'default';

/** waiting → active → completed | expired, and waiting → expired. Nothing else. */
export type QueueState = 'waiting' | 'active' | 'completed' | 'expired';

const ARROWS: Readonly<Record<QueueState, readonly QueueState[]>> = {
  waiting: ['active', 'expired'],
  active: ['completed', 'expired'],
  completed: [],
  expired: [],
};

export function canMove(from: QueueState, to: QueueState): boolean {
  return ARROWS[from].includes(to);
}

export function assertMove(from: QueueState, to: QueueState): void {
  if (!canMove(from, to)) throw new InvariantViolation(`queue token cannot move ${from} -> ${to}`);
}

export function isLive(state: QueueState): boolean {
  return state === 'waiting' || state === 'active';
}

/** Why a token ended (SPEC "Token states and end reasons"); set on every ended token. */
export type EndReason = 'paid' | 'session_ended' | 'idle' | 'left' | 'sold_out' | 'closed';

/** Why a queue stopped taking entrants and admitting: its sale sold out or was closed. */
export type SealReason = 'sold_out' | 'closed';

/**
 * What a client sees: `pre_queue` is a waiting token with a draw key in a queue
 * not yet opened (it has no position until the draw); the rest are stored states.
 */
export type QueueStatusState = 'pre_queue' | QueueState;

/** The stored shape of a queue token: plain data that every adapter persists as is. */
export interface QueueTokenPrimitives {
  /** `<saleId>.<random>`: the token names its sale, so a session is found from the token alone. */
  readonly token: string;
  /** The sale's id. */
  readonly queueId: string;
  readonly userId: string;
  readonly state: QueueState;
  /** Entry order within the queue, assigned by the store; FIFO follows it. */
  readonly seq: number;
  readonly enteredAt: number;
  /** The last heartbeat (a status poll or an open event stream). */
  readonly lastSeenAt: number;
  readonly activatedAt: number | null;
  readonly activeUntil: number | null;
  readonly endedAt: number | null;
  /**
   * Lowercase hex HMAC-SHA256(sale seed, token) for a token that entered before
   * the sale opened (a pre-queue token); null for one that entered after. The
   * store orders the pre-queue by it, ahead of every later entrant.
   */
  readonly drawKey: string | null;
  /** Set with `endedAt`; null while live. */
  readonly endReason: EndReason | null;
}

/** A queue token is `<saleId>.<random>`. */
export function saleToken(saleId: string, random: string): string {
  return `${saleId}.${random}`;
}

/** The sale a token belongs to; null for a token without a sale prefix (a first-release token: the default sale's). */
export function saleOfToken(token: string): string | null {
  const dot = token.indexOf('.');
  return dot <= 0 ? null : token.slice(0, dot);
}

/** What a client sees of its token. */
export interface QueueStatus {
  readonly token: string;
  readonly state: QueueStatusState;
  readonly saleId: string;
  readonly mode: SaleMode;
  /** The sale's opening time (ISO 8601): the countdown of a pre_queue token; null for the implicit first-release sale. */
  readonly opensAt: string | null;
  /** 1-based, waiting tokens only. */
  readonly position: number | null;
  /** A rough wait until admission, waiting tokens only. */
  readonly etaSeconds: number | null;
  /** When the session ends, active tokens only (ISO 8601). */
  readonly activeUntil: string | null;
  /** When the client should ask again. */
  readonly pollAfterMs: number;
  /** Why the token ended; null while it is live. */
  readonly endReason: EndReason | null;
}
