import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startSentinelGroup } from '../../adapters/redis/test/private-server.js';
import { ConfigError, loadSettings } from '../src/index.js';
import { settingsHelp } from '../src/config.js';
import { testHost } from './support/api.js';

// The host's settings for Redis failover (docs/redis-failover.md): Sentinels, and the WAIT settings; a host
// started on a private Sentinel group with them; and two hosts across a master killed with SIGKILL: 503 with
// Retry-After during the switch (never 500), then served again without a restart.

const REQUIRE = process.env.BOXOFFICE_REQUIRE_REDIS === '1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let serverPresent = true;
try {
  execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
} catch {
  serverPresent = false;
  console.warn(`[redis-failover-config] no redis-server on the PATH: ${REQUIRE ? 'FAILING (BOXOFFICE_REQUIRE_REDIS=1)' : 'skipping the Sentinel host test'}`);
}

describe('Redis failover settings', () => {
  it('reads Sentinels, their master name and the WAIT settings from the environment and flags', () => {
    const s = loadSettings({ REDIS_SENTINELS: 'a:26379, b:26380', REDIS_SENTINEL_NAME: 'main', BOXOFFICE_REDIS_MIN_REPLICAS: '2' }, ['--redis-wait-ms', '250']);
    expect(s).toMatchObject({ redisSentinels: ['a:26379', 'b:26380'], redisSentinelName: 'main', redisMinReplicas: 2, redisWaitMs: 250 });
    expect(loadSettings({ BOXOFFICE_REDIS_MIN_REPLICAS: '0' }).redisMinReplicas).toBe(0);
  });

  it('leaves minReplicas to the store (1 with replicas, else 0) and waits 500 ms by default', () => {
    expect(loadSettings()).toMatchObject({ redisSentinels: undefined, redisSentinelName: undefined, redisMinReplicas: undefined, redisWaitMs: 500 });
  });

  it('refuses bad values, naming the variable', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ REDIS_SENTINELS: 'a,b', REDIS_SENTINEL_NAME: 'm' }, /REDIS_SENTINELS/],
      [{ REDIS_SENTINELS: 'a:26379' }, /REDIS_SENTINEL_NAME must be set/],
      [{ BOXOFFICE_REDIS_MIN_REPLICAS: '-1' }, /BOXOFFICE_REDIS_MIN_REPLICAS/],
      [{ BOXOFFICE_REDIS_MIN_REPLICAS: 'one' }, /BOXOFFICE_REDIS_MIN_REPLICAS/],
      [{ BOXOFFICE_REDIS_WAIT_MS: '0' }, /BOXOFFICE_REDIS_WAIT_MS/],
    ];
    for (const [env, message] of bad) {
      expect(() => loadSettings(env)).toThrow(ConfigError);
      expect(() => loadSettings(env)).toThrow(message);
    }
  });

  it('lists the new variables in --help', () => {
    for (const name of ['REDIS_SENTINELS', 'REDIS_SENTINEL_NAME', 'BOXOFFICE_REDIS_MIN_REPLICAS', 'BOXOFFICE_REDIS_WAIT_MS']) expect(settingsHelp()).toContain(name);
  });
});

describe.runIf(serverPresent || REQUIRE)('a host on Redis Sentinel', () => {
  it('reaches the master through the Sentinels and waits for its replica', async () => {
    if (!serverPresent) throw new Error('BOXOFFICE_REQUIRE_REDIS=1 but redis-server is not on the PATH');
    const group = await startSentinelGroup({ replicas: 1, sentinels: 1 });
    try {
      const host = await testHost({ store: 'redis', redisSentinels: group.sentinels, redisSentinelName: group.name, redisPrefix: 'http-sentinel', redisWaitMs: 300 });
      try {
        expect((host.boxoffice.store as unknown as { replication: { minReplicas: number; waitMs: number } }).replication).toEqual({ minReplicas: 1, waitMs: 300 });
        const alice = await host.user('alice');
        const charged = await alice.charge(25, 'k1');
        expect(charged.status).toBe(201);
        expect((await alice.wallet()).body.balance).toBe(25);
      } finally {
        await host.close();
      }
    } finally {
      await group.stop();
    }
  }, 60_000);

  it('answers 503 with Retry-After while the master is switched, never 500, and serves again without a restart', async () => {
    if (!serverPresent) throw new Error('BOXOFFICE_REQUIRE_REDIS=1 but redis-server is not on the PATH');
    const group = await startSentinelGroup({ replicas: 2, sentinels: 3, downAfterMs: 1000 });
    const settings = { store: 'redis', redisSentinels: group.sentinels, redisSentinelName: group.name, redisPrefix: 'http-failover', tickMs: 50 } as const;
    const hosts = [await testHost(settings), await testHost(settings)];
    try {
      const users = await Promise.all(hosts.map((h, i) => h.user(`buyer${i}`)));
      for (const [i, u] of users.entries()) expect((await u.charge(10, `before-${i}`)).status).toBe(201);
      const first = await group.master();
      await group.servers.find((s) => s.port === first)!.kill();
      const seen = new Map<number, number>();
      let unavailableWithoutRetryAfter = 0;
      // Poll both hosts until each has answered 200 for a while after the Sentinels promoted a replica.
      let promoted = false;
      let okAfter = 0;
      const deadline = Date.now() + 40_000;
      while (okAfter < 10) {
        if (Date.now() > deadline) throw new Error(`no recovery: ${JSON.stringify([...seen])}`);
        for (const u of users) {
          const answer = await u.wallet();
          seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
          if (answer.status === 503 && !answer.headers.get('retry-after')) unavailableWithoutRetryAfter++;
          if (promoted && answer.status === 200) okAfter++;
        }
        promoted ||= (await group.master().catch(() => first)) !== first;
        await sleep(50);
      }
      expect([...seen.keys()].sort()).toEqual([200, 503]);
      expect(unavailableWithoutRetryAfter).toBe(0);
      // Writes too, through the same hosts: a new charge, and the charges from before the kill are kept.
      for (const [i, u] of users.entries()) {
        let status = 0;
        for (let attempt = 0; attempt < 100 && status !== 201; attempt++) {
          status = (await u.charge(5, `after-${i}`)).status;
          if (status !== 201) await sleep(100);
        }
        expect(status).toBe(201);
        expect((await u.wallet()).body.balance).toBe(15);
      }
    } finally {
      await Promise.all(hosts.map((h) => h.close()));
      await group.stop();
    }
  }, 90_000);
});
