import { describe, expect, it } from 'vitest';
import {
  acquireLeasePipeline,
  admissibleHead,
  admissionId,
  heldLease,
  scanLine,
  sealPipeline,
  settleOpening,
} from '../src/documents/admission.js';

// The admission document's pure parts: the lease, the seal, and how far the line may be admitted.

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

describe('the seal', () => {
  it("keeps the first seal's reason, as a literal", () => {
    expect(sealPipeline('sold_out')).toEqual([{ $set: { sealed: { $ifNull: ['$sealed', { $literal: 'sold_out' }] } } }]);
  });
});

describe('FIFO without transactions: the seqs taken before the opening', () => {
  it('settles the whole pre-queue at once when every seq up to openSeq is in', () => {
    expect(settleOpening(0, 5, 5, 0)).toEqual({ settled: 5, boundary: 5, gap: null });
    expect(settleOpening(2, 5, 3, 0)).toEqual({ settled: 5, boundary: 5, gap: null });
  });

  it('holds the whole line while one may still land (it may be drawn first), then passes it after its grace', () => {
    expect(settleOpening(0, 5, 4, 0)).toEqual({ settled: 0, boundary: 0, gap: 5 });
    expect(settleOpening(0, 5, 4, 5)).toEqual({ settled: 5, boundary: 5, gap: null });
  });

  it('a watermark already past the opening, or a queue opened empty, needs no count', () => {
    expect(settleOpening(9, 5, 0, 0)).toEqual({ settled: 9, boundary: 9, gap: null });
    expect(settleOpening(0, 0, 0, 0)).toEqual({ settled: 0, boundary: 0, gap: null });
  });
});

describe('FIFO without transactions: the later seqs', () => {
  it('stops before a missing seq, so a token entered later is not admitted past one not yet inserted', () => {
    // seq 3 was taken by an enter whose insert has not landed; 4 is already in.
    expect(scanLine([1, 2, 4, 5], 0, 0, true)).toEqual({ settled: 2, boundary: 2, gap: 3 });
    expect(scanLine([4, 5], 2, 0, true)).toEqual({ settled: 2, boundary: 2, gap: 3 });
  });

  it('passes over a missing seq once it has had its grace, and only up to that seq', () => {
    expect(scanLine([1, 2, 4, 5], 0, 3, true)).toEqual({ settled: 5, boundary: Number.POSITIVE_INFINITY, gap: null });
    // A second, newer gap (6) gets its own grace.
    expect(scanLine([1, 2, 4, 5, 8], 0, 3, true)).toEqual({ settled: 5, boundary: 5, gap: 6 });
  });

  it('with no gap the whole line is admissible; a cut-off scan bounds it at what it read', () => {
    expect(scanLine([3, 4, 5], 2, 0, true)).toEqual({ settled: 5, boundary: Number.POSITIVE_INFINITY, gap: null });
    expect(scanLine([3, 4, 5], 2, 0, false)).toEqual({ settled: 5, boundary: 5, gap: null });
    expect(scanLine([], 7, 0, true)).toEqual({ settled: 7, boundary: Number.POSITIVE_INFINITY, gap: null });
  });
});

describe('the admissible head, in line order', () => {
  // The pre-queue by draw key (whatever its seqs), then later entrants by seq; the queue opened at seq 4.
  const head = [
    { _id: 'drawn-first', seq: 3, drawKey: '0a' },
    { _id: 'drawn-second', seq: 1, drawKey: '7f' },
    { _id: 'late-5', seq: 5 },
    { _id: 'late-7', seq: 7 },
  ];

  it('nobody while a seq taken before the opening may still land', () => {
    expect(admissibleHead(head, 3, 4)).toEqual([]);
  });

  it('the pre-queue in draw order once it is complete, then later entrants up to the first missing seq', () => {
    expect(admissibleHead(head, 4, 4)).toEqual(['drawn-first', 'drawn-second']);
    expect(admissibleHead(head, 6, 4)).toEqual(['drawn-first', 'drawn-second', 'late-5']);
    expect(admissibleHead(head, Number.POSITIVE_INFINITY, 4)).toEqual(head.map((t) => t._id));
  });

  it('stops at the first token past the boundary, even if a later one is below it', () => {
    expect(admissibleHead([{ _id: 'a', seq: 9 }, { _id: 'b', seq: 2 }], 5, 0)).toEqual([]);
  });
});
