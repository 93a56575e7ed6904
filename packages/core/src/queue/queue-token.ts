import { InvariantViolation } from '../shared/errors.js';

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

/** The stored shape of a queue token: plain data that every adapter persists as is. */
export interface QueueTokenPrimitives {
  readonly token: string;
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
}

/** What a client sees of its token. */
export interface QueueStatus {
  readonly token: string;
  readonly state: QueueState;
  /** 1-based, waiting tokens only. */
  readonly position: number | null;
  /** A rough wait until admission, waiting tokens only. */
  readonly etaSeconds: number | null;
  /** When the session ends, active tokens only (ISO 8601). */
  readonly activeUntil: string | null;
  /** When the client should ask again. */
  readonly pollAfterMs: number;
}
