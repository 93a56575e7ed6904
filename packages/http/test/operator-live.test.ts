import { createMemoryStore } from '@boxoffice/adapter-memory';
import { ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { testHost, type TestHost } from './support/api.js';
import { liveSettings, operatorHost, pauseMidRush } from './support/operator-scenarios.js';
import { wholeSecond } from './support/sales.js';

// Steering a sale live on the memory store (issue 13): two hosts share one store and tick in
// turns, like the Redis pair in redis-operators.test.ts.

describe('operators steer a sale live (memory, two hosts on one store)', () => {
  const clock = new ManualClock(wholeSecond(Date.now()));
  let a: TestHost, b: TestHost;

  beforeAll(async () => {
    const storeInstance = createMemoryStore();
    const settings = {
      storeInstance,
      ...operatorHost(clock),
    } as const;
    a = await testHost(settings);
    b = await testHost(settings);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('pause mid-rush: no admissions, no idle expiries, the order kept; resume at the configured rate', () => pauseMidRush([a, b], clock, 'rush'));

  it('rate and cap changed through one host hold at the other\'s next tick', () => liveSettings([a, b], clock, 'live'));
});
