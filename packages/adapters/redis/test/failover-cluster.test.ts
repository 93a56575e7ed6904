import type { Cluster } from 'ioredis';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { clusterToolsPresent, startCluster } from './cluster-harness.js';
import type { LocalCluster } from './cluster-harness.js';
import { rushThroughFailover } from './fixtures/failover-rush.js';
import { waitForInfo } from './private-server.js';
import { explainSkip, REQUIRE_REDIS } from './redis-env.js';

// Redis Cluster: three masters, each with one replica (--cluster-replicas 1, cluster-node-timeout 1 s), all
// private. Two Boxoffice instances, each with its own Cluster client, wait for one replica after each money,
// seat and admission step. Buyers charge, hold and pay; the master that owns the hot schedule's slot and the
// hot users' slots is killed with SIGKILL mid-rush. Its replica takes over; the killed node is started again
// and rejoins as the new master's replica (until then WAIT 1 cannot be met there, so those steps answer
// store_unavailable). Audit as in the Sentinel test; the instances are never restarted.

const tools = await clusterToolsPresent();
let cluster: LocalCluster | null = null;
let startError: unknown = null;
if (tools) {
  try {
    cluster = await startCluster(3, { replicas: 1, nodeTimeoutMs: 1000 });
  } catch (error) {
    startError = error;
  }
}
const why = !tools ? 'redis-server or redis-cli is not on the PATH' : startError ? `the cluster did not start: ${String(startError)}` : '';
if (!cluster) explainSkip('failover-cluster.test.ts', why);

describe.runIf(REQUIRE_REDIS && !cluster)('redis Cluster failover (required)', () => {
  it('needs redis-server and redis-cli because BOXOFFICE_REQUIRE_REDIS=1', () => {
    expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but ${why}`);
  });
});

/** The `host:port` of the master serving `key`, as the client's slot map says. */
async function ownerOf(store: RedisStore, key: string): Promise<string> {
  const client = store.client as Cluster;
  const slot = Number(await client.nodes('master')[0]!.cluster('KEYSLOT', key));
  return client.slots[slot]![0]!;
}

/** The port of the replica of the master on `port`, from that master's INFO. */
async function replicaOf(port: number): Promise<number> {
  const info = await waitForInfo(port, 'replication', /slave0:/);
  return Number(/slave0:ip=[^,]+,port=(\d+)/.exec(info)![1]);
}

describe.runIf(cluster !== null)('redis Cluster: the master of hot slots killed mid-rush', () => {
  const stores: RedisStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await cluster?.stop();
  });

  it('keeps every acknowledged charge, hold and payment, sells no seat twice, and recovers without a restart', async () => {
    const c = cluster!;
    for (let i = 0; i < 2; i++) stores.push(await createRedisStore({ clusterNodes: c.nodes, prefix: 'fo' }));
    expect(stores.map((s) => s.replication.minReplicas)).toEqual([1, 1]);
    const store = stores[0]!;
    const hot = await ownerOf(store, store.keys.schedule('fo-hot').owners);
    // Half the buyers live on the hot master, half elsewhere.
    const hotUsers: string[] = [];
    const coldUsers: string[] = [];
    for (let i = 0; hotUsers.length < 6 || coldUsers.length < 6; i++) {
      const user = `fo-u${i}`;
      const list = (await ownerOf(store, store.keys.user(user).balance)) === hot ? hotUsers : coldUsers;
      if (list.length < 6) list.push(user);
    }
    const killed = Number(hot.split(':')[1]);
    const promoted = await replicaOf(killed);

    const outcome = await rushThroughFailover({
      stores,
      users: [...hotUsers, ...coldUsers],
      hotUsers,
      scheduleIds: ['fo-hot', 'fo-cold'],
      seats: 80,
      before: 12,
      after: 6,
      kill: () => c.kill(killed),
      recover: async () => {
        // The replica takes over the slots; the old master comes back empty and rejoins as its replica.
        await waitForInfo(promoted, 'replication', /role:master/, 30_000);
        await c.restart(killed);
        await waitForInfo(promoted, 'replication', /connected_slaves:1[\s\S]*slave0:[^\n]*state=online/, 30_000);
      },
    });
    console.info(`[failover-cluster] killed the master on ${killed} (hot: ${hotUsers.length} users, fo-hot); ${outcome.summary}`);
    expect(outcome.audit.problems).toEqual([]);
    expect(outcome.rush.log.errors.get('store_unavailable') ?? 0).toBeGreaterThan(0);
    // The promoted replica serves the hot slots now, through the same clients.
    expect(await ownerOf(store, store.keys.schedule('fo-hot').owners)).toBe(`127.0.0.1:${promoted}`);
    const probe = new Redis(promoted, '127.0.0.1', { maxRetriesPerRequest: 0 });
    try {
      expect(await probe.info('replication')).toMatch(/role:master/);
    } finally {
      probe.disconnect();
    }
  }, 90_000);
});
