import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { clusterToolsPresent, startCluster } from './cluster-harness.js';
import type { LocalCluster } from './cluster-harness.js';
import { deletePrefix, explainSkip, REQUIRE_REDIS, uniquePrefix } from './redis-env.js';
import { LEFT_TO_SINGLE, registerSuites, storeFactory } from './suites.js';

// The same suites on a real three-node Redis Cluster started here (spare loopback ports, a temp folder),
// through Redis.Cluster. Every script touches one hash tag, so none may fail with CROSSSLOT.
// FC_NUM_RUNS_CLUSTER sets the property runs here (default: FC_NUM_RUNS, else 30).

const tools = await clusterToolsPresent();
let cluster: LocalCluster | null = null;
let startError: unknown = null;
if (tools) {
  try {
    cluster = await startCluster(3);
  } catch (error) {
    startError = error;
  }
}
afterAll(async () => {
  await cluster?.stop();
});

const why = !tools ? 'redis-server or redis-cli is not on the PATH' : startError ? `the cluster did not start: ${String(startError)}` : '';

if (cluster) {
  try {
    const nodes = cluster.nodes;
    // 30 property runs by default, as with WAIT (conformance-replicated): the scripts are those of one Redis,
    // which runs 100; what the cluster adds is routing, which 30 runs of every command reach.
    const runs = [process.env.FC_NUM_RUNS_CLUSTER, process.env.FC_NUM_RUNS].map((v) => Number.parseInt(v ?? '', 10)).find((n) => Number.isSafeInteger(n) && n > 0);
    registerSuites('redis cluster', storeFactory('cluster', () => ({ clusterNodes: nodes })), runs ?? 30, LEFT_TO_SINGLE);

    describe('redis cluster placement', () => {
      it('spreads queues, schedules and users over several nodes, and runs every script without CROSSSLOT', async () => {
        const prefix = uniquePrefix('place');
        const store = await createRedisStore({ clusterNodes: nodes, prefix });
        try {
          const now = 1_800_000_000_000;
          for (let i = 0; i < 12; i++) {
            await store.queue.enter({ token: `tok${i}aaaaaaaaaaaaaaaaaaaa`, queueId: `q${i}`, userId: `u${i}`, state: 'waiting', enteredAt: now, lastSeenAt: now, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
            await store.wallets.charge({ userId: `u${i}`, amount: 10, maxBalance: 100, entryId: `e${i}`, idempotencyKey: `k${i}`, now });
          }
          const owners = await Promise.all(
            (store.client as import('ioredis').Cluster).nodes('master').map(async (node) => (await node.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 1000))[1].length),
          );
          expect(owners.filter((n) => n > 0).length).toBeGreaterThan(1);
          // No resend after a dropped node connection, no offline queue: one request is never two writes.
          const options = (store.client as import('ioredis').Cluster).options;
          expect(options.enableOfflineQueue).toBe(false);
          expect(options.retryDelayOnFailover).toBe(0);
          expect(options.redisOptions?.autoResendUnfulfilledCommands).toBe(false);
          expect(await store.wallets.balance('u3')).toBe(10);
        } finally {
          await deletePrefix(store.client, prefix);
          await store.close();
        }
      });
    });
  } catch (error) {
    // Registration failed after the servers started: stop them now, afterAll would not run.
    await cluster.stop();
    throw error;
  }
} else {
  explainSkip('cluster.test.ts', why);
  // Skipped (with the line above) unless BOXOFFICE_REQUIRE_REDIS=1, which turns it into a failure.
  describe.runIf(REQUIRE_REDIS)('redis cluster (required)', () => {
    it('needs a local Redis Cluster because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but ${why}`);
    });
  });
}
