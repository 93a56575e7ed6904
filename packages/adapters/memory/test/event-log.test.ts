import { drafts } from '@boxoffice/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryEventLog } from '../src/index.js';

// The memory store's outbox keeps its last `retention` events, like a Redis stream's MAXLEN. Once full it used to
// splice the oldest off the front on every append: a move of the whole log (100,000 entries by default) an event.

const draft = (n: number) => drafts.opened(`sale-${n}`, n);

type Op = { kind: 'append'; count: number } | { kind: 'read'; back: number; limit: number };

describe('memory event log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps exactly the last `retention` events and pages them as a model does, whatever the appends and reads', async () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 7 }) }),
      fc.record({ kind: fc.constant('read' as const), back: fc.integer({ min: 0, max: 30 }), limit: fc.integer({ min: 1, max: 9 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 60 }), async (retention, ops) => {
        const log = new InMemoryEventLog(retention);
        let appended = 0; // the model: events 1..appended, the last `retention` of them kept
        for (const o of ops) {
          if (o.kind === 'append') {
            log.append(...Array.from({ length: o.count }, (_, i) => draft(appended + i + 1)));
            appended += o.count;
            expect(log.size).toBe(Math.min(appended, retention));
            continue;
          }
          // A cursor `back` events before the newest (null when that is before the first event ever).
          const cursor = appended - o.back;
          const page = await log.read(cursor >= 0 ? String(cursor) : null, o.limit);
          const after = Math.max(cursor, 0, appended - retention);
          const want = Array.from({ length: Math.max(0, Math.min(o.limit, appended - after)) }, (_, i) => after + i + 1);
          expect(page.events.map((e) => e.id)).toEqual(want.map((seq) => `m${seq}`));
          expect(page.events.map((e) => e.at)).toEqual(want);
          expect(page.next).toBe(String(want.length > 0 ? want.at(-1)! : Math.max(cursor, 0)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('costs an append O(1) amortised once full: the array is cut once per `retention` appends, not on each', () => {
    const retention = 100;
    const log = new InMemoryEventLog(retention);
    for (let i = 1; i <= retention; i++) log.append(draft(i));
    // White-box: the moves a full log makes are its array's splice or slice calls (a count, not a timing).
    const splice = vi.spyOn(Array.prototype, 'splice');
    const slice = vi.spyOn(Array.prototype, 'slice');
    for (let i = retention + 1; i <= 11 * retention; i++) log.append(draft(i));
    const moves = splice.mock.calls.length + slice.mock.calls.length;
    vi.restoreAllMocks();
    expect(moves).toBeLessThanOrEqual(10 + 1);
    expect(log.size).toBe(retention);
  });
});
