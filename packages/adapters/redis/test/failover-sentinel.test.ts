import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { clusterToolsPresent } from './cluster-harness.js';
import { rushThroughFailover } from './fixtures/failover-rush.js';
import { startSentinelGroup } from './private-server.js';
import type { SentinelGroup } from './private-server.js';
import { explainSkip, REQUIRE_REDIS } from './redis-env.js';

// Sentinel: one master, two replicas, three `redis-server --sentinel` (down-after 1 s), all private. Two
// Boxoffice instances reach the master through the Sentinels and wait for one replica after each money, seat
// and admission step. Buyers charge, hold and pay; the master is killed with SIGKILL mid-rush; the Sentinels
// promote a replica and the clients follow it without a restart. Audit: every ok answer is still there, no seat
// sold twice, every balance equals its ledger, nothing half done after the recovery sweep, and every error a
// buyer met was typed (store_unavailable during the switch, never an untyped one: the host's 503, never 500).

const tools = await clusterToolsPresent();
let group: SentinelGroup | null = null;
let startError: unknown = null;
if (tools) {
  try {
    group = await startSentinelGroup({ replicas: 2, sentinels: 3, downAfterMs: 1000 });
  } catch (error) {
    startError = error;
  }
}
const why = !tools ? 'redis-server or redis-cli is not on the PATH' : startError ? `the Sentinel group did not start: ${String(startError)}` : '';
if (!group) explainSkip('failover-sentinel.test.ts', why);

describe.runIf(REQUIRE_REDIS && !group)('redis Sentinel failover (required)', () => {
  it('needs redis-server because BOXOFFICE_REQUIRE_REDIS=1', () => {
    expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but ${why}`);
  });
});

describe.runIf(group !== null)('redis Sentinel: a master killed mid-rush', () => {
  const stores: RedisStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await group?.stop();
  });

  it('keeps every acknowledged charge, hold and payment, sells no seat twice, and recovers without a restart', async () => {
    const g = group!;
    for (let i = 0; i < 2; i++) stores.push(await createRedisStore({ sentinels: g.sentinels, sentinelName: g.name, prefix: 'fo' }));
    expect(stores.map((s) => s.replication.minReplicas)).toEqual([1, 1]);
    const first = await g.master();
    const users = Array.from({ length: 10 }, (_, i) => `fo-u${i}`);
    const outcome = await rushThroughFailover({
      stores,
      users,
      hotUsers: users,
      scheduleIds: ['fo-hot', 'fo-cold'],
      seats: 80,
      before: 10,
      after: 8,
      kill: () => g.servers[0]!.kill(),
      recover: async () => {
        const deadline = Date.now() + 30_000;
        while ((await g.master().catch(() => first)) === first) {
          if (Date.now() > deadline) throw new Error('the Sentinels did not promote a replica within 30 s');
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    });
    console.info(`[failover-sentinel] ${outcome.summary}`);
    expect(outcome.audit.problems).toEqual([]);
    expect(outcome.rush.log.errors.get('store_unavailable') ?? 0).toBeGreaterThan(0);
    expect(await g.master()).not.toBe(first);
  }, 90_000);
});
