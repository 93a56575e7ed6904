import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeartbeatLog } from '../src/heartbeat-log.js';
import { RankIndex } from '../src/rank-index.js';
import { seededHash, TokenIndex } from '../src/token-index.js';

// The indexes behind a memory queue's status, against the plain structures they replace.

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

describe('TokenIndex', () => {
  type Rec = { token: string; v: number };
  // Hashes that collide on purpose: every key in a few homes, so runs wrap the table's end and deletions shift them.
  const hashes: Array<[string, (key: string) => number]> = [
    ['seeded', seededHash(7)],
    ['four homes', (key) => key.length % 4],
    ['one home near the end', () => 63],
  ];

  for (const [name, hash] of hashes) {
    it(`finds, replaces and deletes like a Map (${name})`, () => {
      const key = fc.oneof(fc.constantFrom('a', 'b', 'c', 'ab', 'abc', 'abcd'), fc.string({ maxLength: 6 }));
      const op = fc.oneof(
        fc.record({ kind: fc.constant('set' as const), key, v: fc.integer() }),
        fc.record({ kind: fc.constant('delete' as const), key }),
        fc.record({ kind: fc.constant('get' as const), key }),
      );
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
          // A small first table, so the runs grow it too.
          const index = new TokenIndex<Rec>(hash, 4);
          const model = new Map<string, Rec>();
          for (const o of ops) {
            if (o.kind === 'set') {
              const rec = { token: o.key, v: o.v };
              index.set(rec);
              model.set(o.key, rec);
            } else if (o.kind === 'delete') {
              expect(index.delete(o.key)).toBe(model.delete(o.key));
            }
            expect(index.get(o.key)).toBe(model.get(o.key));
            expect(index.size).toBe(model.size);
          }
          // Every key still present is found after all the shifts; every deleted one is gone.
          for (const [k, rec] of model) expect(index.get(k)).toBe(rec);
          for (const o of ops) if (!model.has(o.key)) expect(index.get(o.key)).toBeUndefined();
        }),
        { numRuns: 300 },
      );
    });
  }

  it('holds 200,000 tokens and forgets half of them', () => {
    const index = new TokenIndex<Rec>();
    const recs = Array.from({ length: 200_000 }, (_, v) => ({ token: `t${v}`, v }));
    for (const rec of recs) index.set(rec);
    let deleted = 0;
    for (let v = 0; v < recs.length; v += 2) deleted += index.delete(`t${v}`) ? 1 : 0;
    expect([deleted, index.size]).toEqual([100_000, 100_000]);
    for (let v = 0; v < recs.length; v += 997) expect(index.get(`t${v}`)).toBe(v % 2 === 0 ? undefined : recs[v]);
    // Drained, it gives the memory back.
    for (let v = 1; v < recs.length; v += 2) index.delete(`t${v}`);
    expect(index.size).toBe(0);
    expect((index as unknown as { slots: unknown[] }).slots.length).toBe(2 * 64);
  });
});
