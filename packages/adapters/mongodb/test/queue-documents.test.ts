import type { QueueTokenPrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import {
  counterId,
  lineKey,
  openPipeline,
  positionsFromRows,
  positionsPipeline,
  tokenFromDoc,
  tokenKey,
  tokenToDoc,
} from '../src/documents/queue.js';

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
  drawKey: null,
  endReason: null,
};


describe('queue token documents', () => {
  it('keeps the draw key and the end reason, and orders the pre-queue by draw key ahead of every later entrant', () => {
    const drawn = { ...token, drawKey: 'ff'.repeat(32), seq: 9 };
    expect(tokenFromDoc(tokenToDoc(drawn))).toEqual(drawn);
    const ended = { ...token, state: 'expired' as const, endedAt: 9, endReason: 'sold_out' as const };
    expect(tokenFromDoc(tokenToDoc(ended))).toEqual(ended);
    const later = tokenToDoc({ ...token, seq: 1 }).line;
    const early = [tokenToDoc(drawn).line, tokenToDoc({ ...drawn, drawKey: '00'.repeat(32) }).line];
    expect([later, ...early].sort()).toEqual([early[1], early[0], later]);
    expect(lineKey(null, 2) < lineKey(null, 10)).toBe(true);
    expect(lineKey(null, 2 ** 53 - 1)).toHaveLength(17);
  });

  it('round-trip, keyed by queue and token (two queues may name a token alike), live only while waiting or active', () => {
    const doc = tokenToDoc(token);
    expect(doc._id).toEqual({ q: 'default', t: token.token });
    expect(Object.keys(doc._id)).toEqual(['q', 't']);
    expect(tokenToDoc({ ...token, queueId: 'other' })._id).not.toEqual(doc._id);
    expect(tokenKey('default', token.token)).toEqual(doc._id);
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

describe('the opening', () => {
  it('sets openedAt and, in the same update, openSeq from the counter as it stood: the last seq taken before the opening', () => {
    expect(openPipeline(1234)).toEqual([{ $set: { openedAt: { $literal: 1234 }, openSeq: { $ifNull: ['$seq', 0] } } }]);
    expect(counterId('sale-1')).toBe('queue:sale-1');
  });
});

describe('batched positions by line', () => {
  const pre = (hex: string) => lineKey(hex.repeat(64 / hex.length), 3);
  const later = (seq: number) => lineKey(null, seq);

  it('one pass over the waiting line up to the farthest asked key, in line order, numbered as it streams', () => {
    const asked = [later(12), pre('a'), later(3), pre('a')];
    const pipeline = positionsPipeline('q', asked);
    expect(pipeline).toEqual([
      { $match: { queueId: 'q', state: 'waiting', line: { $lte: later(12) } } },
      { $setWindowFields: { sortBy: { line: 1 }, output: { position: { $documentNumber: {} } } } },
      { $match: { line: { $in: [pre('a'), later(3), later(12)] } } },
      { $project: { _id: 0, line: 1, position: 1 } },
    ]);
    // The first stage is the queue_order index's prefix and range: the sort needs no memory.
    expect(Object.keys((pipeline[0] as { $match: object }).$match)).toEqual(['queueId', 'state', 'line']);
  });

  it('the farthest key is the largest in line order: the pre-queue (0…) sorts ahead of every later entrant (1…)', () => {
    const [first] = positionsPipeline('q', [pre('f'), later(1)]) as Array<{ $match: { line: { $lte: string } } }>;
    expect(first!.$match.line.$lte).toBe(later(1));
    const [onlyPre] = positionsPipeline('q', [pre('0'), pre('f')]) as Array<{ $match: { line: { $lte: string } } }>;
    expect(onlyPre!.$match.line.$lte).toBe(pre('f'));
  });

  it('answers each asker in order; a token that left the line before the count is at most at the head', () => {
    const rows = [
      { line: later(3), position: 4 },
      { line: pre('a'), position: 1 },
    ];
    expect(positionsFromRows([later(3), pre('a'), later(3), later(9)], rows)).toEqual([4, 1, 4, 1]);
  });
});
