import type { QueueTokenPrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { heartbeatsOf } from '../src/status-polls.js';

// Which heartbeats a batch of status polls writes in its one bulk write.

const waiting = (token: string, userId: string, lastSeenAt: number): QueueTokenPrimitives => ({
  token,
  queueId: 'q',
  userId,
  state: 'waiting',
  seq: 1,
  enteredAt: 0,
  lastSeenAt,
  activatedAt: null,
  activeUntil: null,
  endedAt: null,
  drawKey: null,
  endReason: null,
});

describe('heartbeats of a poll batch', () => {
  const tokens = new Map([
    ['t1', waiting('t1', 'u1', 100)],
    ['t2', { ...waiting('t2', 'u2', 100), state: 'active' as const, activatedAt: 50, activeUntil: 500 }],
  ]);

  it("writes one per poll of a waiting token by its own user that moves lastSeenAt; none for another user's poll, an active token or an unknown one", () => {
    const { writes, beats } = heartbeatsOf(
      [
        { token: 't1', heartbeat: { userId: 'u1', at: 150 } },
        { token: 't1', heartbeat: { userId: 'intruder', at: 160 } },
        { token: 't2', heartbeat: { userId: 'u2', at: 170 } },
        { token: 'gone', heartbeat: { userId: 'u1', at: 180 } },
        { token: 't1', heartbeat: undefined },
        { token: 't1', heartbeat: { userId: 'u1', at: 90 } },
      ],
      tokens,
      0,
    );
    expect(writes).toEqual([{ token: 't1', userId: 'u1', at: 150 }]);
    expect(beats).toEqual([150, null, null, null, null, null]);
  });

  it('skips a heartbeat that moves lastSeenAt by no more than the slack', () => {
    const polls = [{ token: 't1', heartbeat: { userId: 'u1', at: 130 } }];
    expect(heartbeatsOf(polls, tokens, 30).writes).toEqual([]);
    expect(heartbeatsOf(polls, tokens, 29).writes).toHaveLength(1);
  });
});
