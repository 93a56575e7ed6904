import { randomBytes } from 'node:crypto';
import { ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, type TestHost } from './support/api.js';
import { liveSettings, operatorHost, pauseMidRush } from './support/operator-scenarios.js';
import { deletePrefix, REDIS_URL, redisAnswers, REQUIRE_REDIS } from './support/redis.js';
import { wholeSecond } from './support/sales.js';

// Operators steering sales on two hosts sharing one Redis (issue 13): a pause in the middle of a
// rush, the rate and cap changed through one host and applied by the other's next tick, and two
// operators racing on one ETag across the hosts. Own key prefix, deleted after; fails instead of
// skipping with BOXOFFICE_REQUIRE_REDIS=1.
const available = await redisAnswers();
if (!available) console.warn(`[redis-operators] no Redis at ${REDIS_URL}: ${REQUIRE_REDIS ? 'FAILING' : 'skipping'}`);

describe.runIf(available || REQUIRE_REDIS)('operators on two hosts sharing one Redis', () => {
  const prefix = `bo-http-ops-${randomBytes(4).toString('hex')}`;
  const clock = new ManualClock(wholeSecond(Date.now()));
  let a: TestHost, b: TestHost;

  beforeAll(async () => {
    if (!available) throw new Error(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    const settings = {
      store: 'redis',
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      ...operatorHost(clock),
    } as const;
    a = await testHost(settings);
    b = await testHost(settings);
  }, 30_000);
  afterAll(async () => {
    await deletePrefix(a?.boxoffice.store, prefix);
    await a?.close();
    await b?.close();
  });

  it('pause mid-rush: no admissions, no idle expiries, the order kept, on either host; resume at the configured rate', () => pauseMidRush([a, b], clock, 'rush'), 60_000);

  it('rate and cap changed through one host hold at the other\'s next tick', () => liveSettings([a, b], clock, 'live'), 60_000);

  it('two operators on two hosts with the same ETag: one wins, the other 412, one audit entry', async () => {
    const [olga, ivan] = await Promise.all([a.operator('olga'), b.operator('ivan')]);
    const etag = (await olga.get('/v1/admin/sales/live')).headers.get('etag') as string;
    const before = (await ivan.get('/v1/admin/audit?limit=200')).body.entries.length;
    const answers = await Promise.all([
      olga.patch('/v1/admin/sales/live', { mode: 'reject' }, etag),
      ivan.patch('/v1/admin/sales/live', { mode: 'paused' }, etag),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 412]);
    const won = answers.find((r) => r.status === 200)!.body.mode;
    expect((await ivan.get('/v1/admin/sales/live')).body.mode).toBe(won);
    const entries = (await olga.get('/v1/admin/audit?limit=200')).body.entries;
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({ action: 'sale.changed', saleId: 'live', after: { mode: won } });
  });
});
