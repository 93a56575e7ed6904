import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth.js';
import { sparePort, startRedis, type PrivateRedis } from '../../adapters/redis/test/private-server.js';
import { listeningUrl, runCli, type Child } from './support/child.js';

// A host started before its Redis, on a private redis-server of our own (never the shared one).
// Needs the redis-server binary; fails instead of skipping with BOXOFFICE_REQUIRE_REDIS=1.
const REQUIRE = process.env.BOXOFFICE_REQUIRE_REDIS === '1';
const hasServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasServer) console.warn(`[redis-start] no redis-server binary: ${REQUIRE ? 'FAILING (BOXOFFICE_REQUIRE_REDIS=1)' : 'skipping'}`);

async function until(probe: () => boolean, what: string, timeoutMs: number, child: Child): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`${what} did not happen in ${timeoutMs} ms:\n${child.stdout}\n${child.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(hasServer || REQUIRE)('a host started while its Redis is down', () => {
  let redis: PrivateRedis | undefined;
  let child: Child | undefined;
  afterAll(async () => {
    if (child && child.proc.exitCode === null) {
      child.proc.kill('SIGTERM');
      await child.exited;
    }
    await redis?.stop();
  });

  it('keeps trying with a line naming the address and reason, then serves; the listening line names address and prefix; the URL database is used; no password shows', async () => {
    if (!hasServer) throw new Error('BOXOFFICE_REQUIRE_REDIS=1 but there is no redis-server binary');
    const port = await sparePort();
    const prefix = `bo-start-${randomBytes(4).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    child = runCli(['serve', '--port', '0', '--host', '127.0.0.1'], {
      BOXOFFICE_STORE: 'redis',
      REDIS_URL: `redis://boxoffice:hunter2@127.0.0.1:${port}/2`,
      BOXOFFICE_REDIS_PREFIX: prefix,
      BOXOFFICE_SECRET: secret,
      LOG_LEVEL: 'info',
    });
    const running = child;
    const tried = (n: number) => (running.stdout.match(new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}/2 \\(ECONNREFUSED\\); retrying`, 'g'))?.length ?? 0) >= n;
    // Two attempts: past the point where it used to exit as a "configuration error".
    await until(() => tried(2), 'two connection attempts', 20_000, running);
    expect(running.proc.exitCode).toBeNull();

    redis = await startRedis({ port, extraArgs: ['--user', 'boxoffice', 'on', '>hunter2', '~*', '&*', '+@all'] });
    const url = await listeningUrl(running, 30_000);
    const listening = running.stdout.split('\n').find((l) => l.includes('boxoffice listening')) ?? '';
    expect(JSON.parse(listening)).toMatchObject({ store: 'redis', storeAddress: `127.0.0.1:${port}/2`, keyPrefix: prefix, demoMode: false });

    const entered = await fetch(`${url}/v1/queue/tokens`, { method: 'POST', headers: { authorization: `Bearer ${await signToken(secret, 'early-bird')}` } });
    expect(entered.status).toBe(201);
    // The keys are in database 2, as the URL says, and not in database 0.
    const keysIn = async (db: number) => {
      const client = new Redis({ port, host: '127.0.0.1', db, username: 'boxoffice', password: 'hunter2', lazyConnect: true, maxRetriesPerRequest: 0 });
      await client.connect();
      const keys = await client.keys(`${prefix}:*`);
      client.disconnect();
      return keys.length;
    };
    expect(await keysIn(2)).toBeGreaterThan(0);
    expect(await keysIn(0)).toBe(0);

    running.proc.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(`${running.stdout}${running.stderr}`).not.toContain('hunter2');
  }, 60_000);
});
