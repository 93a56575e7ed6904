/**
 * Pacing by the length of the line (issue 17): how often a waiter polls, how
 * long it may stay silent, and how coarse its heartbeats may be. Up to
 * LONG_LINE waiting nothing changes (polls at most every 10 s and never rarer
 * than a third of the idle timeout; every poll is a heartbeat). Past it, the
 * longest poll interval grows with the line so that the line's tail polls
 * about TAIL_POLLS_PER_SECOND times a second whatever its length, the idle
 * timeout grows to four intervals, and a heartbeat is written at most once an
 * interval: the total poll rate of a queue stays bounded as it grows.
 */

/** Lines up to this long keep the first release's pace exactly. */
export const LONG_LINE = 100_000;
/** What the tail of a long line polls, in total, a second. */
export const TAIL_POLLS_PER_SECOND = 10_000;
const BASE_POLL_CAP_MS = 10_000;
/** No waiter is told to wait longer than this between polls, however long the line. */
const MAX_POLL_CAP_MS = 600_000;

export interface Pace {
  /** The longest pollAfterMs a waiter is told. */
  readonly pollCapMs: number;
  /** A waiting token silent this long (outside pauses) expires. */
  readonly idleMs: number;
  /** A heartbeat may lag the last poll by this much (the store skips writes that move lastSeenAt less). */
  readonly heartbeatSlackMs: number;
}

/** The pace of a line of `waiting` tokens, for a sale whose configured idle timeout is `idleTimeoutMs`. */
export function paceOf(idleTimeoutMs: number, waiting: number): Pace {
  if (waiting <= LONG_LINE) {
    return { pollCapMs: Math.min(BASE_POLL_CAP_MS, Math.floor(idleTimeoutMs / 3)), idleMs: idleTimeoutMs, heartbeatSlackMs: 0 };
  }
  const cap = Math.min(MAX_POLL_CAP_MS, Math.max(BASE_POLL_CAP_MS, Math.ceil((waiting * 1000) / TAIL_POLLS_PER_SECOND)));
  // Heartbeats lag by up to three intervals; two more cover a missed poll and hosts that know the line's length a little differently.
  return { pollCapMs: cap, idleMs: Math.max(idleTimeoutMs, 5 * cap), heartbeatSlackMs: 3 * cap };
}

/** When a waiter at an expected wait of `etaSeconds` should poll again: sooner near the head, at most the pace's cap. */
export function pollAfterMs(etaSeconds: number, pace: Pace): number {
  return Math.min(Math.max(1000, etaSeconds * 100), pace.pollCapMs);
}

/** Whether a store may skip a read's heartbeat: it would move the token's lastSeenAt on by less than `slackMs`. */
export function skipsHeartbeat(token: { readonly lastSeenAt: number } | undefined, read: { readonly heartbeat?: { readonly at: number } }, slackMs: number): boolean {
  return read.heartbeat !== undefined && token !== undefined && read.heartbeat.at - token.lastSeenAt < slackMs;
}
