import type { Heartbeat, QueueTokenPrimitives } from '@boxoffice/core';

/* The pure part of a batch of status polls: which heartbeats to write, and what each poller sees. */

/** A status poll: the token, and the heartbeat to record if it is the poller's and waiting. */
export interface Poll {
  readonly token: string;
  readonly heartbeat: Heartbeat | undefined;
}

export interface Beat {
  readonly token: string;
  readonly userId: string;
  readonly at: number;
}

/**
 * The heartbeats a batch writes: a poll of a waiting token by its own user
 * that moves `lastSeenAt` on by more than `slackMs`. Another user's poll, or
 * one of a token no longer waiting, writes nothing. `beats[i]` is what poll i
 * made the token's `lastSeenAt` (null: unchanged).
 */
export function heartbeatsOf(
  polls: readonly Poll[],
  tokens: ReadonlyMap<string, QueueTokenPrimitives>,
  slackMs: number,
): { writes: Beat[]; beats: Array<number | null> } {
  const writes: Beat[] = [];
  const beats = polls.map((p) => {
    const t = tokens.get(p.token);
    const hb = p.heartbeat;
    if (!t || !hb || t.state !== 'waiting' || t.userId !== hb.userId || hb.at - t.lastSeenAt <= slackMs) return null;
    writes.push({ token: p.token, userId: hb.userId, at: hb.at });
    return hb.at;
  });
  return { writes, beats };
}
