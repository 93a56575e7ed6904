import { createBoxoffice } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, InMemoryQueueRepository } from '../src/index.js';

// Issue 11: the memory store kept every ended token for the life of the process, so enter/leave churn
// (a probe ran 459 a second) grew memory for ever. Ended tokens now read for a retention, then go.

/** The token records one queue repository holds (a white-box count: the store has no other way to say). */
function records(repo: InMemoryQueueRepository): number {
  const lines = (repo as unknown as { lines: Map<string, { tokens: Map<string, unknown> }> }).lines;
  return [...lines.values()].reduce((n, line) => n + line.tokens.size, 0);
}

describe('memory store: enter/leave churn', () => {
  it('forgets ended tokens after their retention, so churn does not grow memory', async () => {
    const clock = new ManualClock();
    const store = createMemoryStore({ endedTokenRetentionMs: 60_000 });
    const bo = createBoxoffice({ store, clock, ids: new SequenceIds('ch') });
    const churn = async (round: number) => {
      for (let i = 0; i < 500; i++) {
        const { status } = await bo.queue.enter('default', `u${i}`);
        await bo.queue.leave('default', status.token, `u${i}`);
      }
      clock.advanceSeconds(30);
      return round;
    };
    const first = await bo.queue.enter('default', 'early');
    await bo.queue.leave('default', first.status.token, 'early');
    expect((await bo.queue.status('default', first.status.token, 'early')).endReason).toBe('left');
    for (let round = 0; round < 20; round++) await churn(round);
    // 10,000 tokens entered and left; only those of the last minute are kept.
    expect(records(store.queue as InMemoryQueueRepository)).toBeLessThanOrEqual(1_000);
    await expect(bo.queue.status('default', first.status.token, 'early')).rejects.toMatchObject({ code: 'token_not_found' });
    // The line still works: a newcomer is first in line and is admitted.
    const { status } = await bo.queue.enter('default', 'late');
    expect(status.position).toBe(1);
    await bo.tick(['default']);
    expect((await bo.queue.status('default', status.token, 'late')).state).toBe('active');
  });
});
