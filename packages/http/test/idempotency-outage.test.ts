import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError, storeUnavailable } from '@boxoffice/core';
import { createRedisStore } from '@boxoffice/adapter-redis';
import type { RedisStore } from '@boxoffice/adapter-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../adapters/redis/test/private-server.js';
import type { PrivateRedis } from '../../adapters/redis/test/private-server.js';
import { explainSkip, REQUIRE_REDIS } from '../../adapters/redis/test/redis-env.js';
import { IN_PROGRESS_LEASE_MS, withIdempotency } from '../src/idempotency.js';

// Issue 11, bug 3: a pay under an Idempotency-Key is in flight when Redis is killed. The request fails (503) and
// its release of the in-progress record fails too, since the store is down; the record survives the restart
// (AOF). The buyer retries with the same key, as the 503 told them to. The record used to live 60 s, so the
// retry was 409 idempotency_conflict for a minute; now it is a lease of a few seconds that the dead request no
// longer renews, and the retry runs as soon as it lapses.

const hasServer = await startRedis()
  .then(async (probe) => {
    await probe.stop();
    return true;
  })
  .catch(() => false);
if (!hasServer) explainSkip('idempotency-outage.test.ts', 'redis-server could not be started here');
if (REQUIRE_REDIS && !hasServer) {
  describe('idempotency across a Redis restart (required)', () => {
    it('needs redis-server because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail('BOXOFFICE_REQUIRE_REDIS=1 but redis-server could not be started');
    });
  });
}

describe.runIf(hasServer)('Idempotency-Key records across a Redis kill and restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bo-idem-outage-'));
  let server: PrivateRedis;
  let store: RedisStore;

  beforeAll(async () => {
    server = await startRedis({ dir, extraArgs: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    store = await createRedisStore({ url: server.url, prefix: 'idem-outage' });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a retry after the outage runs once the dead request\'s lease lapses, not a minute later', async () => {
    let now = Date.now();
    const clock = () => now;
    let failInFlight!: () => void;
    let running!: () => void;
    const stalled = new Promise<void>((resolve) => (failInFlight = resolve));
    const started = new Promise<void>((resolve) => (running = resolve));
    const first = withIdempotency(store.idempotency, clock, 'buyer', 'pay-1', 'fp', async () => {
      running();
      await stalled;
      throw storeUnavailable(new Error('Redis went away mid-request'));
    });

    // Kill the server mid-request (its record is written); the request fails and its abandon() cannot reach the store.
    await started;
    const port = server.port;
    process.kill(server.pid, 'SIGKILL');
    await until(async () => !(await store.ping().then(() => true, () => false)));
    failInFlight();
    await expect(first).rejects.toSatisfy((e: unknown) => isDomainError(e, 'store_unavailable'));

    // Back on the same port and folder: the in-progress record is still there.
    server = await startRedis({ dir, port, extraArgs: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    await until(() => store.ping().then(() => true, () => false));

    now += 1_000; // within the lease: still protected against a concurrent duplicate
    await expect(withIdempotency(store.idempotency, clock, 'buyer', 'pay-1', 'fp', async () => ({ status: 201, body: {} }))).rejects.toSatisfy(
      (e: unknown) => isDomainError(e, 'idempotency_conflict'),
    );

    now += IN_PROGRESS_LEASE_MS; // the lease the dead request could not renew has lapsed (well inside the old 60 s)
    const retried = await withIdempotency(store.idempotency, clock, 'buyer', 'pay-1', 'fp', async () => ({ status: 201, body: { paid: true } }));
    expect(retried).toMatchObject({ status: 201, body: { paid: true } });
    const replay = await withIdempotency(store.idempotency, clock, 'buyer', 'pay-1', 'fp', async () => ({ status: 500, body: {} }));
    expect(replay).toMatchObject({ status: 201, body: { paid: true }, replayed: true });
  }, 60_000);

  it('a long request keeps its key by renewing the lease', async () => {
    let now = Date.now();
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    const first = withIdempotency(store.idempotency, () => now, 'buyer', 'slow-1', 'fp', async () => {
      await running;
      return { status: 201, body: { slow: true } };
    });
    // Three lease lengths pass on the request's clock while it runs; each renewal (every third of a lease)
    // carries it forward, so a duplicate is still refused.
    const step = Math.floor(IN_PROGRESS_LEASE_MS / 3);
    for (let i = 0; i < 9; i++) {
      now += step;
      await new Promise((r) => setTimeout(r, step + 50));
    }
    await expect(withIdempotency(store.idempotency, () => now, 'buyer', 'slow-1', 'fp', async () => ({ status: 201, body: {} }))).rejects.toSatisfy(
      (e: unknown) => isDomainError(e, 'idempotency_conflict'),
    );
    finish();
    expect(await first).toMatchObject({ status: 201, body: { slow: true } });
  }, 60_000);
});

async function until(ready: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
