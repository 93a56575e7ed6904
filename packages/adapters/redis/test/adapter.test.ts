import { createHash } from 'node:crypto';
import { createBoxoffice, DomainError, isDomainError } from '@boxoffice/core';
import type { BoxofficeStore, ConcertPrimitives } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, DEFAULT_ENDED_TOKEN_TTL_MS } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { deletePrefix, explainSkip, REDIS_URL, REQUIRE_REDIS, redisAnswers, uniquePrefix } from './redis-env.js';

// Focused checks of the adapter's own choices (codes, keys, TTLs, exact integers) on the local Redis.
// The port contracts themselves are covered by the conformance kit in conformance.test.ts.

const available = await redisAnswers();
if (!available) explainSkip('adapter.test.ts', `no Redis answers at ${REDIS_URL}`);

// Without Redis: skipped (with the line above), or a failure when BOXOFFICE_REQUIRE_REDIS=1.
if (!available) {
  describe('adapter-redis (Redis missing)', () => {
    it.runIf(REQUIRE_REDIS)('needs Redis because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    });
  });
}

const ids = new SequenceIds('adapter');

const concert: ConcertPrimitives = {
  id: 'c1',
  name: 'Test',
  venue: null,
  schedules: [{ id: 'sch1', concertId: 'c1', startsAt: '2027-03-01T10:00:00.000Z', seats: [1, 2, 3, 4, 5].map((n) => ({ number: n, price: 1000 * n, grade: null })) }],
};

describe.runIf(available)('adapter-redis on a real Redis', () => {
  const prefix = uniquePrefix('adapter');
  let store: RedisStore;
  const clock = new ManualClock(Date.UTC(2027, 0, 1));
  const bo = () => createBoxoffice({ store, clock, ids, config: { maxActive: 2, admitPerMinute: 100 } });

  beforeAll(async () => {
    store = await createRedisStore({ url: REDIS_URL, prefix });
  });
  afterAll(async () => {
    if (!store) return;
    await deletePrefix(store.client, prefix);
    await store.close();
  });

  it('runs the seed flow: enter, admit, hold, charge, pay', async () => {
    const b = bo();
    await b.catalog.publish([concert]);
    const { status } = await b.queue.enter('q1', 'alice');
    expect(status.state).toBe('waiting');
    expect(status.position).toBe(1);
    expect((await b.queue.enter('q1', 'alice')).created).toBe(false);
    await b.tick(['q1']);
    expect((await b.queue.status('q1', status.token, 'alice')).state).toBe('active');
    const session = { queueId: 'q1', token: status.token, userId: 'alice' };
    const hold = await b.reservations.hold(session, 'sch1', [1, 2]);
    expect(hold.amount).toBe(3000);
    await expect(b.reservations.hold(session, 'sch1', [2, 3])).rejects.toMatchObject({ code: 'seat_unavailable', details: { seats: [2] } });
    await expect(b.payments.pay(session, hold.id)).rejects.toMatchObject({ code: 'insufficient_balance' });
    await b.wallet.charge('alice', 5000, 'k1');
    const payment = await b.payments.pay(session, hold.id, 'pay-1');
    expect(payment.state).toBe('completed');
    const page = await b.wallet.balance('alice');
    expect(page.balance).toBe(2000);
    expect(page.entries.map((e) => e.type)).toEqual(['payment', 'charge']);
    expect((await b.reservations.get('alice', hold.id)).state).toBe('confirmed');
    expect((await b.queue.status('q1', status.token, 'alice')).state).toBe('completed');
    expect((await store.inventory.takenSeats('sch1', clock.now())).map((t) => t.state)).toEqual(['sold', 'sold']);
  });

  it('keeps balances exact up to Number.MAX_SAFE_INTEGER', async () => {
    const max = Number.MAX_SAFE_INTEGER;
    const a = await store.wallets.charge({ userId: 'rich', amount: max - 1, maxBalance: max, entryId: 'e1', idempotencyKey: null, now: 1 });
    const b = await store.wallets.charge({ userId: 'rich', amount: 1, maxBalance: max, entryId: 'e2', idempotencyKey: 'tab\tkey|x', now: 2 });
    expect(a.balance).toBe(max - 1);
    expect(b.balance).toBe(max);
    expect(b.entry).toEqual({ id: 'e2', type: 'charge', amount: 1, balanceAfter: max, at: 2, ref: 'tab\tkey|x' });
    await expect(
      store.wallets.charge({ userId: 'rich', amount: 1, maxBalance: max, entryId: 'e3', idempotencyKey: null, now: 3 }),
    ).rejects.toMatchObject({ code: 'balance_limit' });
    const replay = await store.wallets.charge({ userId: 'rich', amount: 1, maxBalance: max, entryId: 'e4', idempotencyKey: 'tab\tkey|x', now: 4 });
    expect(replay).toMatchObject({ replayed: true, balance: max, entry: { id: 'e2' } });
    await expect(
      store.wallets.charge({ userId: 'rich', amount: 2, maxBalance: max, entryId: 'e5', idempotencyKey: 'tab\tkey|x', now: 5 }),
    ).rejects.toMatchObject({ code: 'idempotency_mismatch' });
  });

  it('pages history with a cursor and rejects a bad one', async () => {
    for (let i = 1; i <= 5; i++) {
      await store.wallets.charge({ userId: 'pager', amount: i, maxBalance: 1000, entryId: `p${i}`, idempotencyKey: null, now: i });
    }
    const first = await store.wallets.history('pager', 2, null);
    expect(first.entries.map((e) => e.id)).toEqual(['p5', 'p4']);
    const second = await store.wallets.history('pager', 2, first.nextCursor);
    expect(second.entries.map((e) => e.id)).toEqual(['p3', 'p2']);
    const last = await store.wallets.history('pager', 2, second.nextCursor);
    expect(last).toMatchObject({ balance: 15, nextCursor: null });
    expect(last.entries.map((e) => e.id)).toEqual(['p1']);
    await expect(store.wallets.history('pager', 2, '99')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(store.wallets.history('pager', 2, 'abc')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('puts every key of one queue, schedule and user under one hash tag, users with odd ids encoded', async () => {
    const user = store.keys.user('we{ird}:user');
    const tags = new Set(Object.values(user).filter((v): v is string => typeof v === 'string').map((k) => /\{([^}]*)\}/.exec(k)?.[1]));
    expect(tags.size).toBe(1);
    expect([...tags][0]).toMatch(/^u:~/);
    expect(store.keys.user('a').balance).not.toBe(store.keys.user('~YQ').balance);
    const q = store.keys.queue('q1');
    expect(new Set([q.seq, q.line, q.lineTree, q.idle, q.active, q.admissions, q.buckets, q.ended('x')].map((k) => /\{([^}]*)\}/.exec(k)?.[1]))).toEqual(new Set(['q:q1']));
  });

  it('gives ended queue tokens a TTL, and keeps live ones', async () => {
    const b = bo();
    const { status } = await b.queue.enter('ttlq', 'bob');
    const k = store.keys.queue('ttlq');
    const key = k.ended(status.token);
    const records = liveRecordKey(k, status.token.slice('ttlq.'.length));
    expect(await store.client.hexists(records, status.token.slice('ttlq.'.length))).toBe(1);
    expect(await store.client.exists(key)).toBe(0);
    await b.queue.leave('ttlq', status.token, 'bob');
    expect(await store.client.hexists(records, status.token.slice('ttlq.'.length))).toBe(0);
    const ttl = await store.client.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(DEFAULT_ENDED_TOKEN_TTL_MS);
  });

  it('expires idle waiting tokens and lapsed sessions in bounded steps', async () => {
    const q = 'boundq';
    const now = clock.now();
    for (let i = 0; i < 5; i++) {
      await store.queue.enter({ token: `b${i}tokenaaaaaaaaaaaaaaa`, queueId: q, userId: `u${i}`, state: 'waiting', enteredAt: now + i, lastSeenAt: now + i, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
    }
    expect(await store.queue.expireIdle(q, now + 10, now + 10, 2)).toEqual(['b0tokenaaaaaaaaaaaaaaa', 'b1tokenaaaaaaaaaaaaaaa']);
    const rule = { maxActive: 10, admitPerMinute: 10, windowMs: 60_000, sessionTtlMs: 1000, limit: 2 };
    expect(await store.queue.admit(q, rule, now + 10)).toEqual(['b2tokenaaaaaaaaaaaaaaa', 'b3tokenaaaaaaaaaaaaaaa']);
    expect(await store.queue.counts(q, now + 10)).toMatchObject({ waiting: 1, active: 2 });
    expect(await store.queue.expireSessions(q, now + 2000, 1)).toEqual(['b2tokenaaaaaaaaaaaaaaa']);
    expect((await store.queue.view(q, 'b4tokenaaaaaaaaaaaaaaa'))?.position).toBe(1);
  });

  it('keeps a waiting token in a few bytes: no key, no sorted-set entry, listpack buckets and one bit of the line', async () => {
    const q = 'compactq';
    const k = store.keys.queue(q);
    const b = bo();
    const tokens = [];
    for (let i = 0; i < 70; i++) tokens.push((await b.queue.enter(q, `compact-${i}`)).status.token);
    const keys = await store.client.keys(`${k.buckets}*`);
    // 70 tokens: up to 70 record buckets, two seq groups, up to 70 user buckets; every one of them a listpack.
    for (const key of keys) expect(await store.client.object('ENCODING', key)).toBe('listpack');
    expect(await store.client.zcard(k.idle)).toBe(2);
    expect(await store.client.bitcount(k.line)).toBe(70);
    expect(await store.client.exists(k.ended(tokens[0]!))).toBe(0);
    // A waiting record is small enough for a listpack value (64 bytes) with a 10-character user id.
    const s = tokens[0]!.slice(`${q}.`.length);
    const raw = (await store.client.hget(liveRecordKey(k, s), s))!;
    expect(raw.length).toBeLessThanOrEqual(64 - 22);
    // Admitted, it moves to the active records' own hash: its bucket keeps only waiting records.
    await b.queue.tick(q);
    expect(await store.client.hexists(liveRecordKey(k, s), s)).toBe(0);
    const active = (await store.client.hget(`${k.buckets}a`, s))!;
    expect(active.startsWith('a|')).toBe(true);
    expect((await b.queue.status(q, tokens[0]!, 'compact-0')).state).toBe('active');
  });

  it('keeps the buckets listpacks with UUID user ids, waiting, polled and admitted after a long wait', async () => {
    // A record of the line with a seven-digit seq and a UUID (36 characters) fits a listpack value (64 bytes) in six
    // fields with the seq and entry time in base 36 (the nine-field v2 record passed 64 from 32 characters, 28 with a
    // decimal entry time). The active record carries the admission and session times and passes 64 bytes: written
    // into the waiting bucket (as it was), it turned the bucket into a hashtable for good.
    const q = 'longidq';
    const k = store.keys.queue(q);
    const t0 = Date.UTC(2027, 0, 1);
    const candidate = (i: number) =>
      ({ token: `${q}.t${String(i).padStart(3, '0')}xxxxxxxxxxxxxxxxxx`, queueId: q, userId: `${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`, state: 'waiting', enteredAt: t0, lastSeenAt: t0, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null }) as const;
    // As far into a sale as a line of 10^6: seqs of seven digits.
    await store.client.set(k.seq, '1000000');
    for (let i = 0; i < 20; i++) await store.queue.enter(candidate(i));
    for (const key of await store.client.keys(`${k.buckets}k*`)) expect(await store.client.object('ENCODING', key)).toBe('listpack');
    const s0 = candidate(0).token.slice(`${q}.`.length);
    expect(await store.client.hget(liveRecordKey(k, s0), s0)).toMatch(/^l\|lflt\|/);
    // Polled after 55 minutes (a batch and a lone view): the heartbeat is written, and still fits.
    const polled = await store.queue.statusMany(q, [...Array(10).keys()].map((i) => ({ token: candidate(i).token, heartbeat: { at: t0 + 3_300_000, userId: candidate(i).userId } })), 0);
    expect(polled.map((v) => v?.token.lastSeenAt)).toEqual(polled.map(() => t0 + 3_300_000));
    await store.queue.view(q, candidate(15).token, { at: t0 + 3_300_000, userId: candidate(15).userId });
    for (const key of await store.client.keys(`${k.buckets}k*`)) expect(await store.client.object('ENCODING', key)).toBe('listpack');
    const admitted = await store.queue.admit(q, { maxActive: 100, admitPerMinute: 100, windowMs: 60_000, sessionTtlMs: 600_000, limit: 10 }, t0 + 3_600_000);
    expect(admitted).toHaveLength(10);
    for (const key of await store.client.keys(`${k.buckets}k*`)) expect(await store.client.object('ENCODING', key)).toBe('listpack');
    expect(await store.client.hlen(`${k.buckets}a`)).toBe(10);
    const view = await store.queue.view(q, admitted[0]!);
    expect(view?.token).toMatchObject({ state: 'active', activatedAt: t0 + 3_600_000, activeUntil: t0 + 4_200_000, userId: candidate(0).userId });
    // Ended, it leaves the active records too.
    await store.queue.complete(q, admitted[0]!, t0 + 3_700_000);
    expect(await store.client.hlen(`${k.buckets}a`)).toBe(9);
  });

  it('reads a line record written before the six-field layout (v2), beats it and admits it', async () => {
    const q = 'v2recq';
    const k = store.keys.queue(q);
    const t0 = Date.UTC(2027, 0, 1);
    const candidate = (i: number) =>
      ({ token: `${q}.v${i}xxxxxxxxxxxxxxxxxxxx`, queueId: q, userId: `v2-user-${i}`, state: 'waiting', enteredAt: t0, lastSeenAt: t0, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null }) as const;
    for (let i = 0; i < 3; i++) await store.queue.enter(candidate(i));
    // The second token's record as an older version wrote it: nine fields, the seq in decimal.
    const s1 = candidate(1).token.slice(`${q}.`.length);
    const v3 = (await store.client.hget(liveRecordKey(k, s1), s1))!;
    const [, seq36, ea36] = v3.split('|');
    await store.client.hset(liveRecordKey(k, s1), s1, `w|${parseInt(seq36!, 36)}|${ea36}|0|0||||v2-user-1`);
    expect(await store.queue.view(q, candidate(1).token)).toMatchObject({ position: 2, token: { state: 'waiting', seq: parseInt(seq36!, 36), enteredAt: t0, lastSeenAt: t0, userId: 'v2-user-1' } });
    // A heartbeat rewrites it in place, in its own layout; a place by seq and a batch read agree.
    const [read] = await store.queue.statusMany(q, [{ token: candidate(1).token, heartbeat: { at: t0 + 5_000, userId: 'v2-user-1' } }], 0);
    expect(read).toMatchObject({ position: 2, token: { lastSeenAt: t0 + 5_000 } });
    expect(await store.client.hget(liveRecordKey(k, s1), s1)).toMatch(/^w\|\d+\|/);
    expect(await store.queue.linePlaces!(q, [parseInt(seq36!, 36)])).toEqual([2]);
    // Left by its neighbour in front and admitted, it moves on as any record does.
    await store.queue.leave(q, candidate(0).token, t0 + 6_000);
    expect((await store.queue.view(q, candidate(1).token))?.position).toBe(1);
    expect(await store.queue.admit(q, { maxActive: 10, admitPerMinute: 10, windowMs: 60_000, sessionTtlMs: 600_000, limit: 1 }, t0 + 7_000)).toEqual([candidate(1).token]);
    expect((await store.queue.view(q, candidate(1).token))?.token).toMatchObject({ state: 'active', lastSeenAt: t0 + 5_000, userId: 'v2-user-1' });
  });

  it('keeps the buckets of the line listpacks after a pre-queue: a record with a draw key sits apart', async () => {
    // A pre-queue record carries its 64-digit draw key and passes 64 bytes. In the line's buckets (as it was) it
    // turned them into hashtables for good, and every later entrant of the line paid for it.
    const q = 'preq';
    const k = store.keys.queue(q);
    const t0 = Date.UTC(2027, 0, 1);
    const candidate = (i: number, drawKey: string | null) =>
      ({ token: `${q}.t${String(i).padStart(3, '0')}xxxxxxxxxxxxxxxxxx`, queueId: q, userId: `user-${i}`.padEnd(21, '-'), state: 'waiting', enteredAt: t0 + i, lastSeenAt: t0 + i, activatedAt: null, activeUntil: null, endedAt: null, drawKey, endReason: null }) as const;
    const drawKey = (i: number) => createHash('sha256').update(String(i)).digest('hex');
    for (let i = 0; i < 20; i++) await store.queue.enter(candidate(i, drawKey(i)));
    // The opening (no room: nobody admitted), then the line.
    await store.queue.admit(q, { maxActive: 100, admitPerMinute: 100, windowMs: 60_000, sessionTtlMs: 600_000, limit: 0 }, t0 + 1_000);
    for (let i = 20; i < 40; i++) await store.queue.enter(candidate(i, null));
    const lineBuckets = await store.client.keys(`${k.buckets}k*`);
    expect(lineBuckets.length).toBeGreaterThan(0);
    for (const key of lineBuckets) expect(await store.client.object('ENCODING', key)).toBe('listpack');
    // The pre-queue reads as before: places 1-20 in draw-key order, the line behind, each heartbeat kept.
    const byKey = [...Array(20).keys()].sort((a, b) => (drawKey(a) < drawKey(b) ? -1 : 1));
    const reads = [...byKey, 25].map((i) => ({ token: candidate(i, null).token, heartbeat: { at: t0 + 5_000, userId: candidate(i, null).userId } }));
    const views = await store.queue.statusMany(q, reads, 0);
    expect(views.map((v) => v?.position)).toEqual([...byKey.map((_, n) => n + 1), 26]);
    expect(views.map((v) => v?.token.lastSeenAt)).toEqual(reads.map(() => t0 + 5_000));
    expect(views[0]?.token.drawKey).toBe(drawKey(byKey[0]!));
    // Admitted in draw order; ended, the pre-queue record is gone.
    const admitted = await store.queue.admit(q, { maxActive: 100, admitPerMinute: 100, windowMs: 60_000, sessionTtlMs: 600_000, limit: 2 }, t0 + 6_000);
    expect(admitted).toEqual(byKey.slice(0, 2).map((i) => candidate(i, null).token));
    expect((await store.queue.view(q, admitted[0]!))?.token).toMatchObject({ state: 'active', drawKey: drawKey(byKey[0]!) });
    const third = candidate(byKey[2]!, null);
    await store.queue.leave(q, third.token, t0 + 7_000);
    expect((await store.queue.view(q, third.token))?.token.state).toBe('expired');
    expect((await store.queue.view(q, candidate(byKey[3]!, null).token))?.position).toBe(1);
    // From the opening the pre-queue's set is frozen: the three gone are bits of their ranks, the 17 still waiting
    // (each read above) keep their rank beside their record, and the gone keep none.
    expect(await store.client.zcard(k.preQueue)).toBe(20);
    expect(await store.client.bitcount(`${k.preQueue}:gone`)).toBe(3);
    let kept = 0;
    for (const key of await store.client.keys(`${k.buckets}r*`)) kept += await store.client.hlen(key);
    expect(kept).toBe(17);
    expect((await store.queue.counts(q, t0 + 8_000)).drawn).toBe(17);
  });

  describe('once the last drawn token is gone', () => {
    // After the opening the pre-queue's sorted set (182 B a drawn token) only ranks the drawn still waiting. It was kept
    // when nobody was left: a sale of 10^6 early fans held about 180 MB of it in Redis for good.
    const t0 = Date.UTC(2027, 0, 1);
    const rule = (limit: number) => ({ maxActive: 100, admitPerMinute: 100, windowMs: 60_000, sessionTtlMs: 600_000, limit });
    const fan = (q: string, i: number, drawKey: string | null) =>
      ({ token: `${q}.f${String(i).padStart(3, '0')}zzzzzzzzzzzzzzzzzz`, queueId: q, userId: `fan-${i}`, state: 'waiting', enteredAt: t0 + i, lastSeenAt: t0 + i, activatedAt: null, activeUntil: null, endedAt: null, drawKey, endReason: null }) as const;
    const drawKey = (i: number) => createHash('sha256').update(`done-${i}`).digest('hex');
    const preKeys = (q: string) => {
      const pre = store.keys.queue(q).preQueue;
      return [pre, `${pre}:gone`, `${pre}:gonetree`];
    };
    const place = async (q: string, token: string) => (await store.queue.view(q, token))?.position;

    it('unlinks it when the last one leaves, and the line, the counts and the draw read on', async () => {
      const q = 'predone';
      const n = 12;
      for (let i = 0; i < n; i++) await store.queue.enter(fan(q, i, drawKey(i)));
      const drawn = [...Array(n).keys()].sort((a, b) => (drawKey(a) < drawKey(b) ? -1 : 1));
      const order = drawn.map((i) => fan(q, i, null).token);
      await store.queue.leave(q, order[0]!, t0 + 500); // before the opening: out of the set at once
      await store.queue.admit(q, rule(0), t0 + 1_000); // the opening
      for (let i = n; i < n + 3; i++) await store.queue.enter(fan(q, i, null));
      const line = [n, n + 1, n + 2].map((i) => fan(q, i, null).token);
      expect(await place(q, line[0]!)).toBe(n - 1 + 1);
      expect(await store.queue.admit(q, rule(4), t0 + 2_000)).toEqual(order.slice(1, 5));
      await store.queue.leave(q, order[5]!, t0 + 3_000);
      expect(await store.queue.admit(q, rule(5), t0 + 4_000)).toEqual(order.slice(6, 11));
      // One drawn token still waits: the set stays, it is first, the line behind it.
      expect(await store.client.exists(...preKeys(q))).toBe(3);
      expect(await place(q, order[11]!)).toBe(1);
      expect(await place(q, line[2]!)).toBe(4);
      await store.queue.leave(q, order[11]!, t0 + 5_000);
      expect(await store.client.exists(...preKeys(q))).toBe(0);
      expect(await store.client.hexists(store.keys.queue(q).meta, 'dhead')).toBe(0);
      expect(await Promise.all(line.map((t) => place(q, t)))).toEqual([1, 2, 3]);
      expect((await store.queue.counts(q, t0 + 6_000)).drawn).toBe(0);
      // The draw stays whole for the order check, the drawn keep their records, and a second leave changes nothing.
      expect(await store.queue.listDrawn(q, 0, n)).toEqual(order);
      expect((await store.queue.view(q, order[1]!))?.token).toMatchObject({ state: 'active', drawKey: drawKey(drawn[1]!) });
      await store.queue.leave(q, order[11]!, t0 + 6_500);
      expect(await store.queue.admit(q, rule(10), t0 + 7_000)).toEqual(line);
      expect(await store.client.exists(...preKeys(q))).toBe(0);
    });

    it('unlinks it when the last one is admitted, and the same tick goes on into the line', async () => {
      const q = 'predone2';
      for (let i = 0; i < 5; i++) await store.queue.enter(fan(q, i, drawKey(100 + i)));
      const order = [...Array(5).keys()].sort((a, b) => (drawKey(100 + a) < drawKey(100 + b) ? -1 : 1)).map((i) => fan(q, i, null).token);
      await store.queue.admit(q, rule(0), t0 + 1_000);
      for (let i = 5; i < 7; i++) await store.queue.enter(fan(q, i, null));
      await store.queue.admit(q, rule(2), t0 + 2_000);
      expect(await store.client.hget(store.keys.queue(q).meta, 'dhead')).not.toBeNull();
      expect(await store.queue.admit(q, rule(4), t0 + 3_000)).toEqual([...order.slice(2), fan(q, 5, null).token]);
      expect(await store.client.exists(...preKeys(q))).toBe(0);
      expect(await store.client.hexists(store.keys.queue(q).meta, 'dhead')).toBe(0);
      expect(await place(q, fan(q, 6, null).token)).toBe(1);
      await store.queue.enter(fan(q, 7, null));
      expect(await place(q, fan(q, 7, null).token)).toBe(2);
      expect(await store.queue.admit(q, rule(10), t0 + 4_000)).toEqual([6, 7].map((i) => fan(q, i, null).token));
      expect(await store.queue.listDrawn(q, 0, 10)).toEqual(order);
    });
  });

  it('keeps the whole draw in listpack buckets and pages it in draw order from any offset, whatever became of its tokens', async () => {
    const q = 'drawpages';
    const k = store.keys.queue(q);
    const t0 = Date.UTC(2027, 0, 1);
    const token = (i: number) => `${q}.d${String(i).padStart(4, '0')}yyyyyyyyyyyyyyyyy`;
    const drawKey = (i: number) => createHash('sha256').update(`draw-${i}`).digest('hex');
    const n = 300;
    for (let i = 0; i < n; i++) {
      await store.queue.enter({ token: token(i), queueId: q, userId: `fan-${i}`, state: 'waiting', enteredAt: t0 + i, lastSeenAt: t0 + i, activatedAt: null, activeUntil: null, endedAt: null, drawKey: drawKey(i), endReason: null });
    }
    const order = [...Array(n).keys()].sort((a, b) => (drawKey(a) < drawKey(b) ? -1 : 1)).map(token);
    // One who leaves before the opening, ten admitted at it, one who leaves after: all stay in the draw.
    await store.queue.leave(q, order[7]!, t0 + 500);
    expect(await store.queue.listDrawn(q, 0, n)).toEqual([]); // nothing before the opening
    await store.queue.admit(q, { maxActive: 10, admitPerMinute: 100, windowMs: 60_000, sessionTtlMs: 600_000, limit: 10 }, t0 + 1_000);
    await store.queue.leave(q, order[200]!, t0 + 2_000);
    expect(await store.queue.listDrawn(q, 0, n + 5)).toEqual(order);
    for (const [offset, limit] of [[0, 1], [1, 7], [37, 100], [299, 1], [299, 10], [150, 150], [300, 5], [0, 0]] as const) {
      expect(await store.queue.listDrawn(q, offset, limit), `offset ${offset}, limit ${limit}`).toEqual(order.slice(offset, offset + limit));
    }
    // 300 keys spread over 16,384 buckets: each a small listpack, and the tree counts them all.
    const buckets = await store.client.keys(`${k.buckets}d*`);
    expect(buckets.length).toBeGreaterThan(250);
    for (const key of buckets.slice(0, 20)) expect(await store.client.object('ENCODING', key)).toBe('listpack');
    expect(await store.client.call('BITFIELD_RO', k.drawTree, 'GET', 'u32', '#16384')).toEqual([n]);
  });

  it('keeps the unsettled-payment index clean: track writes the entry, the sweep drops stray and settled ones when it sees them', async () => {
    const index = store.keys.unsettledPayments();
    await store.client.zadd(index, 1, JSON.stringify(['ghost', 'never-created']));
    const base = { userId: 'payer', reservationId: 'sch1.r1', queueId: 'q', token: 't', amount: 0, idempotencyKey: null, failure: null };
    await store.payments.track('payer', 'pay1', 2, 'sch1.r1');
    const member = JSON.stringify(['payer', 'pay1', 'sch1.r1']);
    expect(await store.client.zscore(index, member)).toBe('2');
    const { payment } = await store.payments.create({ ...base, id: 'pay1', state: 'pending', createdAt: 2, updatedAt: 2 });
    expect((await store.payments.listUnsettled(10, 10)).map((p) => p.id)).toEqual(['pay1']);
    expect(await store.client.zscore(index, JSON.stringify(['ghost', 'never-created']))).toBeNull();
    await store.payments.debit('payer', payment.id, 'pe1', 3);
    expect((await store.payments.listUnsettled(2, 10)).map((p) => p.id)).toEqual([]);
    expect((await store.payments.listUnsettled(3, 10)).map((p) => p.state)).toEqual(['debited']);
    await store.payments.complete('payer', payment.id, 4);
    // complete leaves the entry (no round trip after the payment's last step); the next sweep that meets it drops it.
    expect(await store.client.zscore(index, member)).toBe('2');
    expect(await store.payments.listUnsettled(10, 10)).toEqual([]);
    expect(await store.client.zscore(index, member)).toBeNull();
  });

  it('lists a tracked id never stored as a pending payment until an abort leaves its tombstone, which create then refuses', async () => {
    const index = store.keys.unsettledPayments();
    await store.payments.track('lost', 'never1', 5, 'sch1.r9');
    expect(await store.payments.listUnsettled(4, 10)).toEqual([]);
    const [listed] = (await store.payments.listUnsettled(5, 10)).filter((p) => p.userId === 'lost');
    expect(listed).toMatchObject({ id: 'never1', reservationId: 'sch1.r9', state: 'pending', amount: 0, createdAt: 5 });
    expect(await store.payments.abort('lost', 'never1', 'recovered', 6)).toBeNull();
    expect((await store.payments.listUnsettled(10, 10)).filter((p) => p.userId === 'lost')).toEqual([]);
    expect(await store.client.zscore(index, JSON.stringify(['lost', 'never1', 'sch1.r9']))).toBeNull();
    const late = { id: 'never1', userId: 'lost', reservationId: 'sch1.r9', queueId: 'q', token: 't9', amount: 5, state: 'pending' as const, idempotencyKey: null, createdAt: 5, updatedAt: 5, failure: null };
    await store.wallets.charge({ userId: 'lost', amount: 10, maxBalance: 100, entryId: 'lc1', idempotencyKey: null, now: 5 });
    expect(await store.payments.record!(late, 'le1', 7)).toEqual({ payment: { ...late, state: 'aborted', failure: 'recovered' }, created: false });
    expect(await store.payments.create(late)).toMatchObject({ created: false, payment: { state: 'aborted' } });
    expect(await store.wallets.balance('lost')).toBe(10);
    expect(await store.client.pttl(store.keys.user('lost').paymentTombstone('never1'))).toBeGreaterThan(0);
  });

  it('pages past unsettled entries while dropping settled ones: the dropped leave no gap', async () => {
    const index = store.keys.unsettledPayments();
    const base = { reservationId: 'sch1.r', queueId: 'q', amount: 0, idempotencyKey: null, failure: null, state: 'pending' as const };
    // Six payments of six users, created at 1..6: the odd ones completed, the even ones left pending.
    for (let i = 1; i <= 6; i++) {
      const userId = `pager${i}`;
      await store.payments.track(userId, `pg${i}`, i, 'sch1.r');
      await store.payments.create({ ...base, userId, id: `pg${i}`, token: `t${i}`, createdAt: i, updatedAt: i });
      if (i % 2 === 1) {
        await store.wallets.charge({ userId, amount: 1, maxBalance: 10, entryId: `pc${i}`, idempotencyKey: null, now: i });
        await store.payments.debit(userId, `pg${i}`, `pe${i}`, i);
        await store.payments.complete(userId, `pg${i}`, i);
      }
    }
    // A limit of 2 reads pages of 2: every pending one is still found across the pages.
    expect((await store.payments.listUnsettled(10, 2)).map((p) => p.id)).toEqual(['pg2', 'pg4']);
    expect((await store.payments.listUnsettled(10, 3)).map((p) => p.id)).toEqual(['pg2', 'pg4', 'pg6']);
    const left = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => store.client.zscore(index, JSON.stringify([`pager${i}`, `pg${i}`, 'sch1.r']))));
    expect(left).toEqual([null, '2', null, '4', null, '6']);
  });

  it('sets ioredis so that one request never becomes two writes', () => {
    const options = (store.client as import('ioredis').Redis).options;
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.maxRetriesPerRequest).toBe(0);
    expect(options.autoResendUnfulfilledCommands).toBe(false);
  });

  it('adopts a client brought by the caller and leaves it open on close()', async () => {
    const { Redis } = await import('ioredis');
    const { SAFE_REDIS_OPTIONS } = await import('../src/index.js');
    const own = new Redis(REDIS_URL, { ...SAFE_REDIS_OPTIONS });
    const adopted = await createRedisStore({ client: own, prefix });
    await adopted.wallets.charge({ userId: 'byo', amount: 3, maxBalance: 10, entryId: 'b1', idempotencyKey: null, now: 1 });
    await adopted.close();
    expect(own.status).toBe('ready');
    expect(await own.get(store.keys.user('byo').balance)).toBe('3');
    own.disconnect();
  });

  it('maps an unreachable server to store_unavailable', async () => {
    const dead = await createRedisStore({ url: 'redis://127.0.0.1:1', prefix, readyTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(isDomainError(dead, 'store_unavailable')).toBe(true);
    expect(dead).toBeInstanceOf(DomainError);
  });

  it('fails a command with store_unavailable once the connection is gone, instead of queueing it', async () => {
    const other: BoxofficeStore & { client: RedisStore['client'] } = await createRedisStore({ url: REDIS_URL, prefix, redisOptions: { retryStrategy: () => null } });
    other.client.disconnect();
    await expect(other.wallets.balance('x')).rejects.toMatchObject({ code: 'store_unavailable' });
    await other.close();
  });
});

/** The record bucket of a short token, as queue-record.lua's recKey names it. */
function liveRecordKey(k: { buckets: string }, short: string): string {
  return `${k.buckets}k${short.slice(0, 2)}${(short.charCodeAt(2) || 0) % 4}`;
}
