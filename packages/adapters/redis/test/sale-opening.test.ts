import { createBoxoffice, drawKeys, drawOrder, saleToken, verifyDrawOrder } from '@boxoffice/core';
import type { Boxoffice } from '@boxoffice/core';
import { ManualClock, RandomIds } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { deletePrefix, explainSkip, REDIS_URL, REQUIRE_REDIS, redisAnswers, uniquePrefix } from './redis-env.js';

// A sale opening on one Redis shared by two hosts (two Boxoffice instances, each with its own
// connection and caches): 1,000 pre-queue entrants split between them, both hosts tick at the
// opening, and the drawn order must be the HMAC order of the seed the sale publishes.

const available = await redisAnswers();
if (!available) explainSkip('sale-opening.test.ts', `no Redis answers at ${REDIS_URL}`);
if (!available) {
  describe('sale opening (Redis missing)', () => {
    it.runIf(REQUIRE_REDIS)('needs Redis because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    });
  });
}

const ENTRANTS = 1_000;

async function inParallel<T>(count: number, width: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await run(i);
      }
    }),
  );
  return out;
}

describe.runIf(available)('a sale opening with 1,000 pre-queue entrants across two hosts on one Redis', () => {
  const prefix = uniquePrefix('opening');
  const clock = new ManualClock();
  const stores: RedisStore[] = [];
  let hosts: Boxoffice[] = [];

  beforeAll(async () => {
    stores.push(await createRedisStore({ url: REDIS_URL, prefix }), await createRedisStore({ url: REDIS_URL, prefix }));
    hosts = stores.map((store) => createBoxoffice({ store, clock, ids: new RandomIds(), config: { maxActive: 50, admitPerMinute: 10_000 } }));
  });
  afterAll(async () => {
    if (stores[0]) await deletePrefix(stores[0].client, prefix);
    for (const store of stores) await store.close();
  });

  it('draws once, in the HMAC order of the published seed, ahead of everyone who came later', async () => {
    const [a, b] = hosts as [Boxoffice, Boxoffice];
    await a.catalog.publish([
      { id: 'arena', name: 'Arena', schedules: [{ id: 'arena-1', startsAt: '2027-05-01T19:00:00Z', seats: [{ number: 1, price: 10 }] }] },
    ]);
    const opensAt = clock.now() + 600_000;
    const sale = await a.sales.create({ id: 'rush', scheduleIds: ['arena-1'], opensAt: new Date(opensAt).toISOString() });
    expect(sale.seed).toBeNull();

    const early = await inParallel(ENTRANTS, 32, async (i) => (await hosts[i % 2]!.queue.enter('rush', `fan${i}`)).status);
    expect(early.every((s) => s.state === 'pre_queue' && s.position === null)).toBe(true);
    expect((await b.sales.get('rush')).seed).toBeNull();

    clock.set(opensAt);
    const [ticks, late] = await Promise.all([
      Promise.all([a.tick(), b.tick()]),
      inParallel(20, 4, async (i) => (await hosts[i % 2]!.queue.enter('rush', `late${i}`)).status),
    ]);
    const admitted = ticks.flatMap((t) => t.queues.rush?.admitted ?? []);
    expect(admitted).toHaveLength(50);
    expect(new Set(admitted).size).toBe(50);

    const drawn = await b.sales.drawn('rush');
    expect(drawn.seedHash).toBe(sale.seedHash);
    expect(drawn.tokens).toHaveLength(ENTRANTS);
    const verdict = verifyDrawOrder(drawn);
    expect(verdict).toMatchObject({ ok: true, seedMatchesHash: true, orderMatches: true, firstMismatch: null });
    const order = drawOrder(drawn.seed, early.map((s) => s.token));
    expect(drawn.tokens).toEqual(order);
    expect([...admitted].sort()).toEqual(order.slice(0, 50).sort());

    // Places after the opening: the drawn order from 1, then the late entrants.
    for (const place of [51, 52, 500, ENTRANTS]) {
      const token = order[place - 1]!;
      const owner = `fan${early.findIndex((s) => s.token === token)}`;
      expect((await hosts[place % 2]!.queue.status('rush', token, owner)).position).toBe(place - 50);
    }
    for (const [i, s] of late.entries()) {
      const status = await a.queue.status('rush', s.token, `late${i}`);
      expect(status.state).toBe('waiting');
      expect(status.position).toBeGreaterThan(ENTRANTS - 50);
    }
  }, 120_000);

  it('opens a pre-queue of 10^5 in one bounded tick: the draw is already in order, nobody is admitted out of it', async () => {
    const [a, b] = hosts as [Boxoffice, Boxoffice];
    const opensAt = clock.now() + 600_000;
    await a.sales.create({ id: 'huge', scheduleIds: ['arena-1'], opensAt: new Date(opensAt).toISOString() });
    const { seed } = (await stores[0]!.sales.get('huge'))!;
    const key = drawKeys(seed);
    const at = clock.now();
    // Straight to the port, as core would store them: 10^5 entries take a few seconds this way.
    const tokens = await inParallel(100_000, 64, async (i) => {
      const token = saleToken('huge', `t${i}`);
      await stores[i % 2]!.queue.enter({
        token,
        queueId: 'huge',
        userId: `fan${i}`,
        state: 'waiting',
        enteredAt: at,
        lastSeenAt: opensAt,
        activatedAt: null,
        activeUntil: null,
        endedAt: null,
        drawKey: key(token),
        endReason: null,
      });
      return token;
    });
    clock.set(opensAt);
    const [first, second] = await Promise.all([a.tick(['huge']), b.tick(['huge'])]);
    const admitted = [...first.queues.huge!.admitted, ...second.queues.huge!.admitted];
    const drawn = await b.sales.drawn('huge');
    expect(drawn.tokens).toHaveLength(100_000);
    expect(verifyDrawOrder(drawn).ok).toBe(true);
    expect([...admitted].sort()).toEqual(drawn.tokens.slice(0, 50).sort());
    expect(new Set(drawn.tokens)).toEqual(new Set(tokens));
    expect((await stores[0]!.queue.counts('huge', opensAt)).openedAt).toBe(opensAt);
  }, 300_000);
});
