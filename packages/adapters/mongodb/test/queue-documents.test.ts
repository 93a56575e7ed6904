import type { QueueTokenPrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import {
  acquireLeasePipeline,
  admissionId,
  heldLease,
  positionBoundaries,
  positionsFromBuckets,
  scanLine,
  lineKey,
  tokenFromDoc,
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

describe('FIFO without transactions: the line scan', () => {
  it('stops before a missing seq, so a token entered later is not admitted past one not yet inserted', () => {
    // seq 3 was taken by an enter whose insert has not landed; 4 is already in.
    expect(scanLine([1, 2, 4, 5], 0, 0, true)).toEqual({ settled: 2, boundary: 2, gap: 3 });
    expect(scanLine([4, 5], 2, 0, true)).toEqual({ settled: 2, boundary: 2, gap: 3 });
  });

  it('passes over a missing seq once it has had its grace, and only up to that seq', () => {
    expect(scanLine([1, 2, 4, 5], 0, 3, true)).toEqual({ settled: 5, boundary: Number.POSITIVE_INFINITY, gap: null });
    // A second, newer gap (7) gets its own grace.
    expect(scanLine([1, 2, 4, 5, 8], 0, 3, true)).toEqual({ settled: 5, boundary: 5, gap: 6 });
  });

  it('with no gap the whole line is admissible; a cut-off scan bounds it at what it read', () => {
    expect(scanLine([3, 4, 5], 2, 0, true)).toEqual({ settled: 5, boundary: Number.POSITIVE_INFINITY, gap: null });
    expect(scanLine([3, 4, 5], 2, 0, false)).toEqual({ settled: 5, boundary: 5, gap: null });
    expect(scanLine([], 7, 0, true)).toEqual({ settled: 7, boundary: Number.POSITIVE_INFINITY, gap: null });
  });
});

describe('batched positions', () => {
  it('one bucket count serves every asked seq: positions are running sums in seq order', () => {
    const seqs = [9, 3, 5, 3];
    expect(positionBoundaries(seqs)).toEqual([0, 4, 6, 10]);
    // waiting seqs 1, 3 | 4, 5 | 7, 8, 9 ($bucket leaves out empty buckets; _id is the lower bound)
    const positions = positionsFromBuckets(seqs, [
      { _id: 0, count: 2 },
      { _id: 4, count: 2 },
      { _id: 6, count: 3 },
    ]);
    expect([3, 5, 9].map((s) => positions.get(s))).toEqual([2, 4, 7]);
    expect(positionsFromBuckets([5], [{ _id: 0, count: 1 }]).get(5)).toBe(1);
    expect(positionsFromBuckets([4, 8], [{ _id: 5, count: 3 }]).get(4)).toBe(0);
  });
});

describe('the admission lease', () => {
  it('is timed by the server ($$NOW) and takes a new epoch only when free', () => {
    const pipeline = acquireLeasePipeline('me', 10_000);
    const text = JSON.stringify(pipeline);
    expect(text).toContain('"$$NOW"');
    expect(pipeline[0]).toMatchObject({
      $set: {
        epoch: { $cond: [expect.anything(), { $add: [{ $ifNull: ['$epoch', 0] }, 1] }, '$epoch'] },
        owner: { $cond: [expect.anything(), { $literal: 'me' }, '$owner'] },
        until: { $cond: [expect.anything(), { $add: ['$$NOW', { $literal: 10_000 }] }, '$until'] },
      },
    });
    // The only date in it is the epoch-zero default for a lease never taken: no client clock.
    const dates = JSON.stringify(pipeline, (_k, v: unknown) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? `DATE:${v}` : v));
    expect(new Set(dates.match(/DATE:[^"]*/g))).toEqual(new Set(['DATE:1970-01-01T00:00:00.000Z']));
  });

  it("a holder's writes are guarded on its owner, its epoch and the lease unexpired on the server's clock", () => {
    expect(heldLease('q', 'me', 7)).toEqual({ _id: admissionId('q'), owner: 'me', epoch: 7, $expr: { $gt: ['$until', '$$NOW'] } });
  });
});
