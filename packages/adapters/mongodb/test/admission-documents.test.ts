import { describe, expect, it } from 'vitest';
import {
  acquireLeasePipeline,
  combineScans,
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
    expect(settleOpening(0, 5, 5, 0)).toEqual({ settled: 5, boundary: 5, graceUpTo: null });
    expect(settleOpening(2, 5, 3, 0)).toEqual({ settled: 5, boundary: 5, graceUpTo: null });
  });

  it('holds the whole line while one may still land (it may be drawn first), then passes it after its grace', () => {
    expect(settleOpening(0, 5, 4, 0)).toEqual({ settled: 0, boundary: 0, graceUpTo: 5 });
    expect(settleOpening(0, 5, 4, 5)).toEqual({ settled: 5, boundary: 5, graceUpTo: null });
  });

  it('a watermark already past the opening, or a queue opened empty, needs no count', () => {
    expect(settleOpening(9, 5, 0, 0)).toEqual({ settled: 9, boundary: 9, graceUpTo: null });
    expect(settleOpening(0, 0, 0, 0)).toEqual({ settled: 0, boundary: 0, graceUpTo: null });
  });
});

describe('FIFO without transactions: one look at the whole line', () => {
  it('while the seqs before the opening are incomplete nothing is admissible, and the one grace also covers the later gaps', () => {
    const opening = settleOpening(0, 5, 4, 0);
    const later = scanLine([6, 8], 5, 0, true);
    expect(combineScans(opening, later)).toEqual({ settled: 0, boundary: 0, graceUpTo: 7 });
    expect(combineScans(opening, scanLine([6, 7], 5, 0, true))).toEqual({ settled: 0, boundary: 0, graceUpTo: 5 });
  });

  it('once they are settled, the later seqs decide', () => {
    const later = scanLine([6, 8], 5, 0, true);
    expect(combineScans(settleOpening(0, 5, 5, 0), later)).toEqual(later);
  });
});

describe('FIFO without transactions: the later seqs', () => {
  it('stops before a missing seq, so a token entered later is not admitted past one not yet inserted', () => {
    // seq 3 was taken by an enter whose insert has not landed; 4 is already in.
    expect(scanLine([1, 2, 4, 5], 0, 0, true)).toEqual({ settled: 2, boundary: 2, graceUpTo: 3 });
    expect(scanLine([4, 5], 2, 0, true)).toEqual({ settled: 2, boundary: 2, graceUpTo: 3 });
  });

  it('passes over a missing seq once it has had its grace, and only up to that seq', () => {
    expect(scanLine([1, 2, 4, 5], 0, 3, true)).toEqual({ settled: 5, boundary: Number.POSITIVE_INFINITY, graceUpTo: null });
    // A newer gap (6, 7), not yet seen when 3 got its grace, gets its own.
    expect(scanLine([1, 2, 4, 5, 8], 0, 3, true)).toEqual({ settled: 5, boundary: 5, graceUpTo: 7 });
    // Half of a run already had its grace: the rest of the run blocks.
    expect(scanLine([2, 6], 2, 3, true)).toEqual({ settled: 3, boundary: 3, graceUpTo: 5 });
  });

  it('one grace passes every gap seen in one look, not one grace a gap', () => {
    // Orphan seqs 2, 4 and 6 (racing enters of one user): blocked at the first, graced up to the last.
    expect(scanLine([1, 3, 5, 7], 0, 0, true)).toEqual({ settled: 1, boundary: 1, graceUpTo: 6 });
    expect(scanLine([1, 3, 5, 7], 0, 6, true)).toEqual({ settled: 7, boundary: Number.POSITIVE_INFINITY, graceUpTo: null });
  });

  it('with no gap the whole line is admissible; a cut-off scan bounds it at what it read', () => {
    expect(scanLine([3, 4, 5], 2, 0, true)).toEqual({ settled: 5, boundary: Number.POSITIVE_INFINITY, graceUpTo: null });
    expect(scanLine([3, 4, 5], 2, 0, false)).toEqual({ settled: 5, boundary: 5, graceUpTo: null });
    expect(scanLine([], 7, 0, true)).toEqual({ settled: 7, boundary: Number.POSITIVE_INFINITY, graceUpTo: null });
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
