import type { QueueTokenPrimitives } from '@boxoffice/core';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { loadScripts } from '../src/scripts.js';
import type { RedisStore } from '../src/index.js';
import { inParallel } from './fixtures/system.js';
import { deletePrefix, explainSkip, REDIS_URL, REQUIRE_REDIS, redisAnswers, uniquePrefix } from './redis-env.js';

// The compact layout's own structures past the sizes the kit reaches: a line over three 4096-bit blocks (the
// Fenwick tree grows twice), holes from leaves, idle expiry and admission, and idle groups made stale by
// heartbeats and admissions. Every position and every expiry is checked against a plain model.

const available = await redisAnswers();
if (!available) explainSkip('compact-line.test.ts', `no Redis answers at ${REDIS_URL}`);
if (!available) {
  describe('adapter-redis compact line (Redis missing)', () => {
    it.runIf(REQUIRE_REDIS)('needs Redis because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    });
  });
}

const N = 9_000;
const Q = 'line';
const T0 = Date.UTC(2027, 0, 1);

/** A deterministic pseudo-random sequence, so a failure replays. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe.runIf(available)('adapter-redis: the compact line past one block', () => {
  const prefix = uniquePrefix('line');
  let store: RedisStore;
  const tokens: string[] = [];

  beforeAll(async () => {
    store = await createRedisStore({ url: REDIS_URL, prefix });
    const entered = await inParallel(N, 100, async (i) => {
      const token = `${Q}.tok${String(i).padStart(5, '0')}xxxxxxxxxxxxxxx`;
      const r = await store.queue.enter({ token, queueId: Q, userId: `u${i}`, state: 'waiting', enteredAt: T0, lastSeenAt: T0, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
      if (r.refused) throw new Error('refused');
      return r.token;
    });
    // Entry order is seq order.
    tokens.push(...[...entered].sort((a: QueueTokenPrimitives, b: QueueTokenPrimitives) => a.seq - b.seq).map((t) => t.token));
  }, 120_000);

  afterAll(async () => {
    await deletePrefix(store.client, prefix);
    await store.close();
  });

  it('answers every position as the rank among the waiting, through leaves, idle expiry and admission', async () => {
    const rand = lcg(17);
    const waiting = new Set(tokens);
    // Leaves scattered over every block.
    for (const t of tokens.filter(() => rand() < 0.2)) {
      await store.queue.leave(Q, t, T0 + 1);
      waiting.delete(t);
    }
    // Heartbeats for a third of the rest (a later lastSeenAt); the others go idle.
    const fresh = new Set([...waiting].filter(() => rand() < 0.34));
    for (const t of fresh) {
      const view = await store.queue.statusMany(Q, [{ token: t, heartbeat: { at: T0 + 60_000, userId: (await store.queue.view(Q, t))!.token.userId } }], 0);
      expect(view[0]!.token.lastSeenAt).toBe(T0 + 60_000);
    }
    // Idle expiry, 500 at a time, crosses every block and seq group.
    const idle = [...waiting].filter((t) => !fresh.has(t));
    const expired: string[] = [];
    for (;;) {
      const batch = await store.queue.expireIdle(Q, T0 + 30_000, T0 + 90_000, 500);
      if (batch.length === 0) break;
      expect(batch.length).toBeLessThanOrEqual(500);
      expired.push(...batch);
    }
    expect(expired.sort()).toEqual(idle.sort());
    for (const t of idle) waiting.delete(t);
    // Admission from the head, in seq order.
    const rule = { maxActive: 1_000, admitPerMinute: 1_000, windowMs: 60_000, sessionTtlMs: 60_000, limit: 150 };
    const admitted = await store.queue.admit(Q, rule, T0 + 90_000);
    const order = tokens.filter((t) => waiting.has(t));
    expect(admitted).toEqual(order.slice(0, 150));
    const line = order.slice(150);
    expect((await store.queue.counts(Q, T0 + 90_000)).waiting).toBe(line.length);
    // Every 7th waiting token's position, and the last: its rank.
    const sample = line.map((t, i) => [t, i + 1] as const).filter(([, p]) => p % 7 === 1 || p === line.length);
    const views = await store.queue.statusMany(Q, sample.map(([token]) => ({ token })), 0);
    expect(views.map((v) => v?.position)).toEqual(sample.map(([, p]) => p));
    // The same batch backwards and interleaved across blocks: a batch's ranks share one tree read and per-block sums.
    const mixed = sample.filter((_, i) => i % 2 === 1).reverse().concat(sample.filter((_, i) => i % 2 === 0));
    const mixedViews = await store.queue.statusMany(Q, mixed.map(([token]) => ({ token })), 0);
    expect(mixedViews.map((v) => v?.position)).toEqual(mixed.map(([, p]) => p));
    // The whole line in one batch (every block dense: one GETRANGE each), and a few tokens (each block sparse: a
    // BITCOUNT each), and both kinds in one batch: the same ranks either way.
    const all = await store.queue.statusMany(Q, line.map((token) => ({ token })), 0);
    expect(all.map((v) => v?.position)).toEqual(line.map((_, i) => i + 1));
    const few = [0, line.length >> 1, line.length - 1].map((i) => [line[i]!, i + 1] as const);
    const both = few.concat(line.slice(100, 140).map((t, i) => [t, 101 + i] as const));
    for (const batch of [few, both]) {
      const views = await store.queue.statusMany(Q, batch.map(([token]) => ({ token })), 0);
      expect(views.map((v) => v?.position)).toEqual(batch.map(([, p]) => p));
    }
    // A newcomer lands at the end, past the holes.
    const late = await store.queue.enter({ token: `${Q}.late`, queueId: Q, userId: 'late', state: 'waiting', enteredAt: T0 + 90_000, lastSeenAt: T0 + 90_000, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
    expect(late.refused ? null : late.position).toBe(line.length + 1);
  }, 120_000);
});

// Places by seq (queue-places-4.lua): a seq near the one ranked before it (at most 8 blocks on) counts from it, a seq
// farther off or out of order ranks by its block and the tree. A line wider than 8 blocks, with holes, asked both
// ways: the adapter (sorted, each seq once) and the script as a client might call it (backwards, repeats).
const WIDE = 36_000;
describe.runIf(available)(`adapter-redis: places by seq over ${WIDE} seqs`, () => {
  const prefix = uniquePrefix('places');
  const QP = 'wide';
  let store: RedisStore;
  const seqs: number[] = [];
  const tokenOf = new Map<number, string>();

  beforeAll(async () => {
    store = await createRedisStore({ url: REDIS_URL, prefix });
    const entered = await inParallel(WIDE, 200, async (i) => {
      const r = await store.queue.enter({ token: `${QP}.w${i}`, queueId: QP, userId: `w${i}`, state: 'waiting', enteredAt: T0, lastSeenAt: T0, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
      if (r.refused) throw new Error('refused');
      return r.token;
    });
    const rand = lcg(29);
    // Holes: a fifth leave, and one run of 20,000 seqs in a row (a gap wider than 8 blocks between two waiting).
    const leaving = entered.filter((t) => (t.seq >= 9_000 && t.seq < 29_000) || rand() < 0.2);
    await inParallel(leaving.length, 200, (i) => store.queue.leave(QP, leaving[i]!.token, T0 + 1));
    const left = new Set(leaving);
    for (const t of entered) {
      if (!left.has(t)) seqs.push(t.seq);
      tokenOf.set(t.seq, t.token);
    }
    seqs.sort((a, b) => a - b);
  }, 120_000);

  afterAll(async () => {
    await deletePrefix(store.client, prefix);
    await store.close();
  });

  it('answers each waiting seq its rank, near or far from the one before, in any order; a gone seq null', async () => {
    const place = new Map(seqs.map((seq, i) => [seq, i + 1]));
    const gone = [9_000, 15_000, 28_999].filter((seq) => !place.has(seq));
    // Every 37th waiting seq (near ones chain), the ends of the wide hole (far), and gone seqs in between.
    const asked = seqs.filter((_, i) => i % 37 === 0).concat(seqs.filter((seq) => seq > 8_990 && seq < 29_010), gone);
    const want = asked.map((seq) => place.get(seq) ?? null);
    expect(await store.queue.linePlaces!(QP, asked)).toEqual(want);
    const shuffled = asked.map((seq, i) => [(i * 7919) % asked.length, seq] as const).sort((a, b) => a[0] - b[0]).map(([, seq]) => seq);
    expect(await store.queue.linePlaces!(QP, shuffled)).toEqual(shuffled.map((seq) => place.get(seq) ?? null));
    // The script itself, given the seqs backwards and one twice: each ranked by its block and the tree.
    const k = store.keys.queue(QP);
    const raw = [...asked].reverse().concat(asked[3]!);
    const reply = (await store.client.eval(loadScripts().get('queue-places')!.lua, 4, k.line, k.lineTree, k.preQueue, k.meta, k.buckets, '', raw.length, ...raw.map(String))) as unknown[];
    expect(reply.map((r) => (r === '' ? null : Number(r)))).toEqual(raw.map((seq) => place.get(seq) ?? null));
    // The places are the full reads' positions.
    const some = asked.filter((_, i) => i % 5 === 0);
    const views = await store.queue.statusMany(QP, some.map((seq) => ({ token: tokenOf.get(seq)! })), 0);
    expect(views.map((v) => v?.position ?? null)).toEqual(some.map((seq) => place.get(seq) ?? null));
  }, 60_000);
});

// Heartbeats by seq (queue-places-4.lua) sit in the beats array (`b:h`, u48 by seq: the pause-free ms), not in
// the record: one read and one write of the array per call, whatever the number of beats.
describe.runIf(available)('adapter-redis: heartbeats by seq', () => {
  const prefix = uniquePrefix('beats');
  let store: RedisStore;
  const enter = async (queueId: string, n: number) => {
    const out: QueueTokenPrimitives[] = [];
    for (let i = 0; i < n; i++) {
      const r = await store.queue.enter({ token: `${queueId}.b${i}`, queueId, userId: `b${i}`, state: 'waiting', enteredAt: T0, lastSeenAt: T0, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
      if (r.refused) throw new Error('refused');
      out.push(r.token);
    }
    return out;
  };

  beforeAll(async () => {
    store = await createRedisStore({ url: REDIS_URL, prefix });
  });

  afterAll(async () => {
    await deletePrefix(store.client, prefix);
    await store.close();
  });

  it('keeps the time of each beat by seq, moves it forward only, and leaves the record as it was', async () => {
    const [a, b, c] = (await enter('beats', 3)) as [QueueTokenPrimitives, QueueTokenPrimitives, QueueTokenPrimitives];
    const k = store.keys.queue('beats');
    const slot = async (t: QueueTokenPrimitives) => ((await store.client.call('BITFIELD_RO', `${k.buckets}h`, 'GET', 'u48', `#${t.seq}`)) as number[])[0];
    expect(await store.queue.linePlaces!('beats', [a.seq, b.seq, c.seq], { at: T0 + 5_400, seqs: [a.seq, c.seq] })).toEqual([1, 2, 3]);
    expect([await slot(a), await slot(b), await slot(c)]).toEqual([T0 + 5_400, 0, T0 + 5_400]);
    await store.queue.linePlaces!('beats', [a.seq], { at: T0 + 4_000, seqs: [a.seq] });
    expect(await slot(a)).toBe(T0 + 5_400);
    // The record is not rewritten: its lastSeenAt lags (the port allows it); idle expiry does not.
    expect((await store.queue.view('beats', a.token))!.token.lastSeenAt).toBe(T0);
    expect(await store.queue.expireIdle('beats', T0 + 1, T0 + 61_000, 10)).toEqual([b.token]);
    expect(await store.queue.expireIdle('beats', T0 + 5_399, T0 + 61_000, 10)).toEqual([]);
    expect((await store.queue.expireIdle('beats', T0 + 5_400, T0 + 61_000, 10)).sort()).toEqual([a.token, c.token].sort());
    // A seq no longer in the line records nothing.
    expect(await store.queue.linePlaces!('beats', [b.seq], { at: T0 + 9_000, seqs: [b.seq] })).toEqual([null]);
    expect(await slot(b)).toBe(0);
  });

  it('a heartbeat for a seq past the array (2^26 and up) answers null unasked, so core reads the token in full', async () => {
    const k = store.keys.queue('far');
    await store.client.set(k.seq, String(2 ** 26));
    const [far] = (await enter('far', 1)) as [QueueTokenPrimitives];
    expect(far.seq).toBeGreaterThanOrEqual(2 ** 26);
    expect(await store.queue.linePlaces!('far', [far.seq])).toEqual([1]);
    expect(await store.queue.linePlaces!('far', [far.seq], { at: T0 + 9_000, seqs: [far.seq] })).toEqual([null]);
    expect(await store.client.exists(`${k.buckets}h`)).toBe(0);
  });
});

// A user's live token is found by 8 hex digits of sha1(userId) (queue-record.lua, "users"). Two users whose digits
// collide cannot be found by search (46 bits), so the collision is written in: B's hashed field names A's token.
describe.runIf(available)('adapter-redis: live records (the hashed user index, the entry time in base 36)', () => {
  const prefix = uniquePrefix('users');
  let store: RedisStore;
  const QU = 'users';
  const candidate = (token: string, userId: string, at = T0) =>
    ({ token: `${QU}.${token}`, queueId: QU, userId, state: 'waiting', enteredAt: at, lastSeenAt: at, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null }) as const;
  /** The bucket hash and field of the user's live token, as the scripts name them. */
  const slot = (userId: string): [string, string] => {
    const h = createHash('sha1').update(userId).digest('hex');
    return [`${store.keys.queue(QU).buckets}u${parseInt(h.slice(0, 4), 16) % 16384}`, h.slice(4, 12)];
  };
  const enter = async (token: string, userId: string) => {
    const r = await store.queue.enter(candidate(token, userId));
    if (r.refused) throw new Error('refused');
    return r;
  };

  beforeAll(async () => {
    store = await createRedisStore({ url: REDIS_URL, prefix });
  });
  afterAll(async () => {
    await deletePrefix(store.client, prefix);
    await store.close();
  });

  it('keeps one live token per user when two users share a hashed field, and frees the field with the token', async () => {
    const a = await enter('ta', 'alice');
    // Bob's hashed field already names Alice's live token: his lookup must not take it for his.
    const [bobKey, bobField] = slot('bob');
    await store.client.hset(bobKey, bobField, String(a.token.seq));
    const b = await enter('tb', 'bob');
    expect(b.created).toBe(true);
    expect(b.token.token).toBe(`${QU}.tb`);
    expect(await store.client.hget(bobKey, bobField)).toBe(String(a.token.seq));
    expect(await store.client.hget(bobKey, '=bob')).toBe(String(b.token.seq));
    // Both find their own again.
    expect((await enter('tb2', 'bob')).token.token).toBe(`${QU}.tb`);
    expect((await enter('ta2', 'alice')).token.token).toBe(`${QU}.ta`);
    // Bob leaves: his '=' field goes, the shared one (Alice's) stays; he enters anew.
    await store.queue.leave(QU, `${QU}.tb`, T0 + 1);
    expect(await store.client.hget(bobKey, '=bob')).toBeNull();
    expect(await store.client.hget(bobKey, bobField)).toBe(String(a.token.seq));
    const b2 = await enter('tb3', 'bob');
    expect(b2.created).toBe(true);
    expect((await enter('ta3', 'alice')).token.token).toBe(`${QU}.ta`);
  });

  it('writes over a hashed field that names no live token', async () => {
    const [key, field] = slot('carol');
    await store.client.hset(key, field, '999999');
    const c = await enter('tc', 'carol');
    expect(c.created).toBe(true);
    expect(await store.client.hget(key, field)).toBe(String(c.token.seq));
    expect(await store.client.hexists(key, '=carol')).toBe(0);
    expect((await enter('tc2', 'carol')).token.token).toBe(`${QU}.tc`);
    await store.queue.leave(QU, `${QU}.tc`, T0 + 1);
    expect(await store.client.hexists(key, field)).toBe(0);
  });

  // A live record keeps its entry time in base 36 (queue-record.lua): every time reads back as it went in.
  it('reads back 0, a negative time, the far future, and each after a heartbeat and an admission', async () => {
    const times = [0, -5_000, 35, 36, 4_102_444_800_000, Date.UTC(2027, 0, 1) + 123];
    for (const [i, at] of times.entries()) {
      const q = `b36q${i}`;
      const r = await store.queue.enter({ token: `${q}.tok${i}`, queueId: q, userId: `u${i}`, state: 'waiting', enteredAt: at, lastSeenAt: at, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
      expect(r.refused ? null : r.token).toMatchObject({ enteredAt: at, lastSeenAt: at });
      const [polled] = await store.queue.statusMany(q, [{ token: `${q}.tok${i}`, heartbeat: { at: at + 7, userId: `u${i}` } }], 0);
      expect(polled?.token).toMatchObject({ enteredAt: at, lastSeenAt: at + 7 });
      expect((await store.queue.view(q, `${q}.tok${i}`, { at: at + 9, userId: `u${i}` }))?.token).toMatchObject({ enteredAt: at, lastSeenAt: at + 9 });
      await store.queue.admit(q, { maxActive: 1, admitPerMinute: 1, windowMs: 60_000, sessionTtlMs: 1_000, limit: 1 }, at + 10);
      expect((await store.queue.view(q, `${q}.tok${i}`))?.token).toMatchObject({ state: 'active', enteredAt: at, lastSeenAt: at + 9, activatedAt: at + 10, activeUntil: at + 1_010 });
    }
  });
});
