import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeartbeatLog } from '../src/heartbeat-log.js';
import { RankIndex } from '../src/rank-index.js';

// The two indexes behind a memory queue's status, against the plain structures they replace.

describe('RankIndex', () => {
  it('ranks like a sorted set of slots, across growth and block edges', () => {
    // Slots near block (512) and word (32) edges, and far enough to grow the bitset several times.
    const slot = fc.oneof(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 500, max: 530 }), fc.integer({ min: 1, max: 5_000 }));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), slot }),
      fc.record({ kind: fc.constant('remove' as const), slot }),
      fc.record({ kind: fc.constant('rank' as const), slot: fc.integer({ min: 0, max: 6_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const index = new RankIndex();
        const model = new Set<number>();
        for (const o of ops) {
          if (o.kind === 'insert') {
            index.insert(o.slot);
            model.add(o.slot);
          } else if (o.kind === 'remove') {
            index.remove(o.slot);
            model.delete(o.slot);
          } else {
            expect(index.rank(o.slot)).toBe([...model].filter((s) => s <= o.slot).length);
          }
          expect(index.has(o.slot)).toBe(model.has(o.slot));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('ranks a dense million', () => {
    const index = new RankIndex();
    for (let s = 1; s <= 1_000_000; s++) index.insert(s);
    for (let s = 3; s <= 1_000_000; s += 3) index.remove(s);
    expect(index.rank(1_000_000)).toBe(666_667);
    expect(index.rank(512)).toBe(512 - 170);
    expect(index.rank(2_000_000)).toBe(666_667);
  });
});

describe('HeartbeatLog', () => {
  it('keeps tokens in last-touched order, like a Map re-inserted on each touch', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('touch' as const), id: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('drop' as const), id: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('pop' as const), id: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3_000 }), (ops) => {
        const tokens = Array.from({ length: 8 }, (_, id) => ({ id, hbIndex: -1, hbSeen: 0 }));
        const log = new HeartbeatLog<(typeof tokens)[number]>();
        const model = new Map<number, number>();
        let clock = 0;
        for (const o of ops) {
          const t = tokens[o.id]!;
          if (o.kind === 'touch') {
            log.touch(t, ++clock);
            model.delete(o.id);
            model.set(o.id, clock);
          } else if (o.kind === 'drop') {
            log.drop(t);
            model.delete(o.id);
          } else {
            const oldest = log.oldest();
            const first = model.entries().next().value;
            expect(oldest ? [oldest.id, oldest.hbSeen] : undefined).toEqual(first);
            if (oldest) {
              log.drop(oldest);
              model.delete(oldest.id);
            }
          }
          expect(log.size).toBe(model.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays within about twice its live tokens under endless heartbeats', () => {
    const tokens = Array.from({ length: 100 }, () => ({ hbIndex: -1, hbSeen: 0 }));
    const log = new HeartbeatLog<(typeof tokens)[number]>();
    for (let i = 0; i < 100_000; i++) log.touch(tokens[i % 100]!, i);
    const entries = (log as unknown as { entries: unknown[]; head: number }).entries.length;
    expect(entries).toBeLessThanOrEqual(2 * 100 + 1024 + 1);
  });
});
