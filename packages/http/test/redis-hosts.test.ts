import { randomBytes } from 'node:crypto';
import { DEFAULT_QUEUE } from '@boxoffice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, testHost, until, type TestHost } from './support/api.js';
import { deletePrefix, REDIS_URL, redisAnswers, REQUIRE_REDIS } from './support/redis.js';

// Two host processes' worth of hosts on one Redis: idempotency keys and the
// admission tick must hold across them. Runs when Redis answers at REDIS_URL
// (default 127.0.0.1:6379); fails instead of skipping with BOXOFFICE_REQUIRE_REDIS=1.
const available = await redisAnswers();
const REQUIRE = REQUIRE_REDIS;
if (!available) {
  console.warn(`[redis-hosts] no Redis at ${REDIS_URL}: ${REQUIRE ? 'FAILING (BOXOFFICE_REQUIRE_REDIS=1)' : 'skipping the two-host Redis tests'}`);
}

describe.runIf(available || REQUIRE)('two hosts on one Redis store', () => {
  const prefix = `bo-http-test-${randomBytes(4).toString('hex')}`;
  let a: TestHost, b: TestHost;

  beforeAll(async () => {
    if (!available) throw new Error(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    const settings = { store: 'redis', redisUrl: REDIS_URL, redisPrefix: prefix, maxActive: 3, tickMs: 40 } as const;
    a = await testHost(settings);
    b = await testHost(settings);
  });
  afterAll(async () => {
    await deletePrefix(a?.boxoffice.store, prefix);
    await a?.close();
    await b?.close();
  });

  it('an Idempotency-Key holds across hosts: replay on the other host, 422 on another body', async () => {
    const onA = await a.user('shared-user');
    const onB = await b.user('shared-user');
    const first = await onA.charge(1234, 'cross-host');
    const replay = await onB.charge(1234, 'cross-host');
    expect(first.status).toBe(201);
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(replay.body).toEqual(first.body);
    expect((await onB.charge(999, 'cross-host')).status).toBe(422);
    expect((await onA.wallet()).body.balance).toBe(1234);
  });

  it('two schedulers ticking at once keep maxActive and FIFO', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).user(`fifo-${i}`)));
    const tokens: string[] = [];
    for (const u of users) tokens.push((await u.enter()).body.token);
    let maxSeen = 0;
    const watch = setInterval(() => {
      void a.boxoffice.queue.counts(DEFAULT_QUEUE).then((c) => (maxSeen = Math.max(maxSeen, c.active)));
    }, 10);
    try {
      await until(async () => (await a.boxoffice.queue.counts(DEFAULT_QUEUE)).active === 3, 5000);
      await sleep(200);
      const states = await Promise.all(users.map(async (u, i) => (await u.status(tokens[i]!)).body.state));
      expect(states).toEqual(['active', 'active', 'active', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting']);
      // The first leaves: exactly the fourth goes in, on whichever host ticks first.
      await users[0]!.delete(`/v1/queue/tokens/${tokens[0]}`);
      await until(async () => (await users[3]!.status(tokens[3]!)).body.state === 'active', 5000);
      await sleep(200);
      expect((await users[4]!.status(tokens[4]!)).body).toMatchObject({ state: 'waiting', position: 1 });
      expect(maxSeen).toBeLessThanOrEqual(3);
    } finally {
      clearInterval(watch);
    }
  });
});
