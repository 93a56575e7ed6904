import { createBoxoffice, DomainError } from '@boxoffice/core';
import type { ConcertPrimitives } from '@boxoffice/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { clusterToolsPresent } from './cluster-harness.js';
import { JumpClock, SecureIds } from './fixtures/system.js';
import { startRedis, startReplica } from './private-server.js';
import type { PrivateRedis } from './private-server.js';
import { explainSkip, REQUIRE_REDIS } from './redis-env.js';

// WAIT after the steps that move money, seats, admissions or payment state, on private servers (a master and
// one replica): counted with INFO commandstats, checked on the replica, and a missing ack turned into
// store_unavailable with the write left in place (an unknown outcome, settled by the idempotent retry).

const tools = await clusterToolsPresent();
if (!tools) explainSkip('replication.test.ts', 'redis-server is not on the PATH');
if (REQUIRE_REDIS && !tools) {
  describe('adapter-redis replication (required)', () => {
    it('needs redis-server because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail('BOXOFFICE_REQUIRE_REDIS=1 but redis-server is not on the PATH');
    });
  });
}

const concert: ConcertPrimitives = {
  id: 'rp',
  name: 'Replicated',
  venue: null,
  schedules: [{ id: 'rp-s1', concertId: 'rp', startsAt: '2027-03-01T19:00:00.000Z', seats: Array.from({ length: 10 }, (_, i) => ({ number: i + 1, price: 100, grade: null })) }],
};

async function waits(port: number): Promise<number> {
  const probe = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0 });
  try {
    return Number(/cmdstat_wait:calls=(\d+)/.exec(await probe.info('commandstats'))?.[1] ?? 0);
  } finally {
    probe.disconnect();
  }
}

/** Enter, admit, charge, hold and pay one user: every kind of step, through core. */
async function buy(store: RedisStore, user: string, seat: number): Promise<void> {
  const bo = createBoxoffice({ store, clock: new JumpClock(), ids: new SecureIds(), config: { maxActive: 100, admitPerMinute: 1000 } });
  await bo.catalog.publish([concert]);
  const entered = await bo.queue.enter('rq', user);
  await bo.queue.tick('rq');
  const session = { queueId: 'rq', token: entered.status.token, userId: user };
  await bo.wallet.charge(user, 500, `c-${user}`);
  const hold = await bo.reservations.hold(session, 'rp-s1', [seat]);
  const paid = await bo.payments.pay(session, hold.id, `p-${user}`);
  expect(paid.state).toBe('completed');
}

describe.runIf(tools)('adapter-redis: WAIT for replicas', () => {
  let alone: PrivateRedis;
  let master: PrivateRedis;
  let replica: PrivateRedis;

  beforeAll(async () => {
    [alone, master] = await Promise.all([startRedis(), startRedis()]);
    replica = await startReplica(master);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([alone, master, replica].map((s) => s?.stop()));
  });

  it('sends no WAIT at all on a master without replicas (the default there is 0)', async () => {
    const store = await createRedisStore({ url: alone.url, prefix: 'solo' });
    try {
      expect(store.replication.minReplicas).toBe(0);
      await buy(store, 'u1', 1);
      expect(await waits(alone.port)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('waits for one replica by default when the master has one, after each money, seat and admission step only', async () => {
    const store = await createRedisStore({ url: master.url, prefix: 'rep' });
    try {
      expect(store.replication).toEqual({ minReplicas: 1, waitMs: 500 });
      // Warm: a script's first call on a server is refused with NOSCRIPT (not run) and resent as EVAL, with its WAIT.
      await buy(store, 'u0', 3);
      const before = await waits(master.port);
      await buy(store, 'u2', 2);
      // publish (catalog-save), the queue's tick (queue-expire x2, queue-admit), charge, hold (allowance-reserve,
      // seat-hold), and pay: the index ZADD, seat-change claim, payment-create (recording and debiting at once),
      // seat-change confirm, queue-end, payment-settle.
      expect((await waits(master.port)) - before).toBe(1 + 3 + 1 + 2 + 6);
      // Each acknowledged step is on the replica the moment it is answered.
      const mirror = new Redis(replica.port, '127.0.0.1', { maxRetriesPerRequest: 0 });
      try {
        expect(await mirror.get(store.keys.user('u2').balance)).toBe('400');
      } finally {
        mirror.disconnect();
      }
      // Reads and the queue entry are not waited for.
      const reads = await waits(master.port);
      await store.wallets.history('u2', 10, null);
      await store.queue.enter({ token: 'tok-rp-aaaaaaaaaaaaaaaa', queueId: 'rq', userId: 'u9', state: 'waiting', enteredAt: 1, lastSeenAt: 1, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
      expect(await waits(master.port)).toBe(reads);
    } finally {
      await store.close();
    }
  });

  it('minReplicas 0 turns WAIT off even with a replica', async () => {
    const store = await createRedisStore({ url: master.url, prefix: 'off', minReplicas: 0 });
    try {
      const before = await waits(master.port);
      await store.wallets.charge({ userId: 'u3', amount: 5, maxBalance: 100, entryId: 'e1', idempotencyKey: 'k1', now: 1 });
      expect(await waits(master.port)).toBe(before);
    } finally {
      await store.close();
    }
  });

  it('answers store_unavailable when the ack does not come, leaves the write for the keyed retry to find, and never applies it twice', async () => {
    const store = await createRedisStore({ url: master.url, prefix: 'stall', waitMs: 200 });
    const charge = { userId: 'u4', amount: 70, maxBalance: 1000, entryId: 'e-stall', idempotencyKey: 'k-stall', now: 1 };
    try {
      process.kill(replica.pid, 'SIGSTOP');
      let caught: unknown;
      try {
        await store.wallets.charge(charge);
      } catch (error) {
        caught = error;
      } finally {
        process.kill(replica.pid, 'SIGCONT');
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe('store_unavailable');
      // The outcome was unknown: here the master kept it. The retry with the same key replays it, acknowledged.
      expect(await store.wallets.balance('u4')).toBe(70);
      const again = await store.wallets.charge({ ...charge, entryId: 'e-retry' });
      expect(again.replayed).toBe(true);
      expect((await store.wallets.history('u4', 10, null)).entries).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('answers store_unavailable, never success, when more replicas are asked for than exist', async () => {
    const store = await createRedisStore({ url: master.url, prefix: 'two', minReplicas: 2, waitMs: 50 });
    try {
      await expect(store.inventory.expire('none', 1, 10)).rejects.toMatchObject({ code: 'store_unavailable' });
      // The index ZADD of a payment is a plain command, waited for too.
      await expect(
        store.payments.create({ id: 'p1', userId: 'u5', reservationId: 'rp-s1.x', queueId: 'rq', token: 't', amount: 1, state: 'pending', idempotencyKey: null, createdAt: 1, updatedAt: 1, failure: null }),
      ).rejects.toMatchObject({ code: 'store_unavailable' });
    } finally {
      await store.close();
    }
  });

  it('rejects a bad setting with a TypeError', async () => {
    await expect(createRedisStore({ url: master.url, prefix: 'bad', minReplicas: -1 })).rejects.toThrow(TypeError);
    await expect(createRedisStore({ url: master.url, prefix: 'bad', waitMs: 0 })).rejects.toThrow(TypeError);
  });
});
