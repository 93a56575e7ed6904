import { createBoxoffice } from '@boxoffice/core';
import type { BoxofficeConfig } from '@boxoffice/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { spawnWorkers, stopWorkers } from './fixtures/pool.js';
import type { Worker } from './fixtures/pool.js';
import { SecureIds, WallClock } from './fixtures/system.js';
import { deletePrefix, REDIS_URL, redisAnswers, skipOrFail, uniquePrefix } from './redis-env.js';

// The purchase limit across hosts: three Node processes, each with its own connection and Boxoffice, fire
// holds for one buyer at once on one Redis (unique key prefix). The kit checks the same within one process.

const available = await redisAnswers();
skipOrFail('multiprocess-limit.test.ts', available);

const CONFIG: Partial<BoxofficeConfig> = { maxSeatsPerUser: 4, maxActive: 100 };

describe.runIf(available)('adapter-redis: the purchase limit across 3 processes', () => {
  const prefix = uniquePrefix('mpl');
  let workers: Worker[] = [];
  let cleanup: (() => Promise<void>) | null = null;
  afterAll(async () => {
    await stopWorkers(workers);
    await cleanup?.();
  });

  it('24 one-seat holds by one buyer from three processes at once: exactly 4 land, the rest are purchase_limit', async () => {
    const store = await createRedisStore({ url: REDIS_URL, prefix });
    cleanup = async () => {
      await deletePrefix(store.client, prefix);
      await store.close();
    };
    const bo = createBoxoffice({ store, clock: new WallClock(), ids: new SecureIds(), config: CONFIG });
    await bo.catalog.publish([
      { id: 'mpl', name: 'Limit', schedules: [{ id: 'mpl-s1', startsAt: '2027-03-01T19:00:00.000Z', seats: Array.from({ length: 30 }, (_, i) => ({ number: i + 1, price: 10 })) }] },
    ]);
    const { status } = await bo.queue.enter('mplq', 'buyer');
    await bo.tick(['mplq']);
    const session = { queueId: 'mplq', token: status.token, userId: 'buyer' };
    await bo.queue.requireActive('mplq', status.token, 'buyer');
    workers = await spawnWorkers(3, { url: REDIS_URL, prefix, config: CONFIG });
    const holds = (
      await Promise.all(workers.map((w, wi) => w.call('holdRace', { sessions: Array(8).fill(session), scheduleId: 'mpl-s1', seats: Array.from({ length: 8 }, (_, i) => [wi * 8 + i + 1]) })))
    ).flat();
    expect(holds.filter((h) => h.id !== null)).toHaveLength(4);
    expect(holds.filter((h) => h.id === null).map((h) => h.code)).toEqual(Array(20).fill('purchase_limit'));
    expect((await store.inventory.takenSeats('mpl-s1', Date.now())).length).toBe(4);
    expect((await store.allowances.list('buyer', 'mplq')).reduce((sum, e) => sum + e.seats, 0)).toBe(4);
  }, 120_000);
});
