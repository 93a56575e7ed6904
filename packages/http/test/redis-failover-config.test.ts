import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startSentinelGroup } from '../../adapters/redis/test/private-server.js';
import { ConfigError, loadSettings } from '../src/index.js';
import { settingsHelp } from '../src/config.js';
import { testHost } from './support/api.js';

// The host's settings for Redis failover (docs/redis-failover.md): Sentinels, and the WAIT settings; and a
// host started on a private Sentinel group (one master, one replica, one Sentinel) with them.

const REQUIRE = process.env.BOXOFFICE_REQUIRE_REDIS === '1';
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
});
