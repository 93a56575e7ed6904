import type { QueueTokenPrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { tokenFromDoc, tokenToDoc } from '../src/documents/queue.js';

// The pure mapping of queue tokens: no server needed.

const token: QueueTokenPrimitives = {
  token: 'tok_abc-123',
  queueId: 'default',
  userId: 'u1',
  state: 'waiting',
  seq: 7,
  enteredAt: 1000,
  lastSeenAt: 2000,
  activatedAt: null,
  activeUntil: null,
  endedAt: null,
};


describe('queue token documents', () => {
  it('round-trip, keyed by the token, live only while waiting or active', () => {
    const doc = tokenToDoc(token);
    expect(doc._id).toBe(token.token);
    expect(doc.live).toBe(true);
    expect(tokenFromDoc(doc)).toEqual(token);
    expect(tokenToDoc({ ...token, state: 'active', activatedAt: 3, activeUntil: 4 }).live).toBe(true);
    for (const state of ['completed', 'expired'] as const) {
      const ended = tokenToDoc({ ...token, state, endedAt: 9 });
      expect(ended.live).toBeUndefined();
      expect(tokenFromDoc(ended)).toEqual({ ...token, state, endedAt: 9 });
    }
  });

  it('reads missing optional times as null', () => {
    const { activatedAt: _a, activeUntil: _b, endedAt: _c, ...rest } = tokenToDoc(token);
    expect(tokenFromDoc(rest as never)).toEqual(token);
  });
});
