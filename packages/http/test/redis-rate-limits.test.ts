import { randomBytes } from 'node:crypto';
import type { Challenge } from 'altcha-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, type TestHost } from './support/api.js';
import { followPollAfter } from './support/poller.js';
import { solve } from './support/pow.js';
import { deletePrefix, REDIS_URL, redisAnswers, REQUIRE_REDIS } from './support/redis.js';
import { SALES_CONCERTS } from './support/sales.js';

// Fair play on two hosts sharing one Redis: the rate limits and the proof-of-work
// replay set are counted in Redis (under the test's own key prefix), so a caller
// spreading requests over hosts gets no more than from one.
const available = await redisAnswers();
if (!available) {
  console.warn(`[redis-rate-limits] no Redis at ${REDIS_URL}: ${REQUIRE_REDIS ? 'FAILING (BOXOFFICE_REQUIRE_REDIS=1)' : 'skipping'}`);
}

describe.runIf(available || REQUIRE_REDIS)('rate limits and proof of work shared by two hosts on Redis', () => {
  const prefix = `bo-http-rl-${randomBytes(4).toString('hex')}`;
  let a: TestHost, b: TestHost;

  beforeAll(async () => {
    if (!available) throw new Error(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    const settings = {
      store: 'redis',
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      rateLimits: 'on',
      rateCharges: '3/60',
      maxActive: 1,
      idleTimeoutSeconds: 3,
      tickMs: 200,
      concerts: SALES_CONCERTS,
      sales: [
        { id: 'crowd', scheduleIds: ['big-1'] },
        { id: 'guarded', scheduleIds: ['tiny-1'], settings: { proofOfWork: 1000 } },
        { id: 'one-each', scheduleIds: ['tiny-2'], settings: { maxSeatsPerUser: 1 } },
      ],
    } as const;
    a = await testHost(settings);
    b = await testHost(settings);
  });
  afterAll(async () => {
    await deletePrefix(a?.boxoffice.store, prefix);
    await a?.close();
    await b?.close();
  });

  it('a quota spent on one host is spent on the other; the counters are the test prefix\'s keys', async () => {
    const onA = await a.user('spreader');
    const onB = await b.user('spreader');
    const answers = [];
    for (const [i, client] of [onA, onB, onA, onB].entries()) answers.push(await client.charge(100, `spread-${i}`));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 429]);
    expect(answers[3]!.headers.get('ratelimit')).toBe(`"charges";r=0;t=${answers[3]!.headers.get('retry-after')}`);
    expect((await onB.wallet()).body.balance).toBe(300);
    const client = (a.boxoffice.store as unknown as { client: { keys(p: string): Promise<string[]> } }).client;
    expect(await client.keys(`${prefix}:rl:charges*`)).toHaveLength(1);
  });

  it('a proof-of-work solution used on one host is refused on the other', async () => {
    const onA = await a.user('pow-user');
    const onB = await b.user('pow-user-2');
    const pow = await solve((await onA.get<Challenge>('/v1/sales/guarded/challenge')).body);
    const first = await onA.post('/v1/sales/guarded/queue/tokens', undefined, { headers: { 'pow-solution': pow } });
    const again = await onB.post('/v1/sales/guarded/queue/tokens', undefined, { headers: { 'pow-solution': pow } });
    expect([first.status, again.status, again.body.code]).toEqual([201, 403, 'pow_invalid']);
  });

  it('a buyer holding from many tabs across both hosts is flagged once past the probing quota, and loses the hold that landed', async () => {
    const onA = await a.user('tabs');
    const onB = await b.user('tabs');
    const qt = (await onA.post('/v1/sales/one-each/queue/tokens')).body.token;
    await a.tickNow();
    const answers = await Promise.all([onA, onB, onA, onB, onA].map((c) => c.hold(qt, 'tiny-2', [1])));
    expect(answers.map((r) => (r.status === 201 ? 'held' : r.body.code)).sort()).toEqual(['held', 'purchase_limit', 'purchase_limit', 'rate_limited', 'rate_limited']);
    const landed = answers.find((r) => r.status === 201)!.body;
    await expect.poll(async () => (await onB.get(`/v1/reservations/${landed.id}`)).body.state, { timeout: 3_000 }).toBe('cancelled');
    const again = await onB.hold(qt, 'tiny-2', [1]);
    expect([again.status, again.body.limit]).toEqual([429, 'limitProbes']);
    const client = (a.boxoffice.store as unknown as { client: { keys(p: string): Promise<string[]> } }).client;
    expect(await client.keys(`${prefix}:rl:limitProbes*`)).toHaveLength(1);
  });

  it('with the default status quota, a poller following pollAfterMs across both hosts is never limited; ten times faster is', async () => {
    const front = await a.user('front');
    await front.post('/v1/sales/crowd/queue/tokens');
    await a.tickNow();
    const polite = [await a.user('polite'), await b.user('polite')];
    const bot = [await a.user('bot'), await b.user('bot')];
    const [politeRun, botRun] = await Promise.all([
      followPollAfter(polite, (await polite[0]!.post('/v1/sales/crowd/queue/tokens')).body.token, 12_000, 1),
      followPollAfter(bot, (await bot[1]!.post('/v1/sales/crowd/queue/tokens')).body.token, 12_000, 10),
    ]);
    expect(politeRun.polls).toBeGreaterThanOrEqual(10);
    expect([politeRun.limited, [...politeRun.states]]).toEqual([0, ['200:waiting']]);
    expect(botRun.limited).toBeGreaterThan(0);
  }, 30_000);
});
