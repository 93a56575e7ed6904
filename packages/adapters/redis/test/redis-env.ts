import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_URL } from '../src/connection.js';
import type { RedisClient } from '../src/scripts.js';

/** The Redis the suites run on: REDIS_URL, default the local one. */
export const REDIS_URL = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;

/** CI sets this: a Redis suite that cannot run must fail, not skip. */
export const REQUIRE_REDIS = process.env.BOXOFFICE_REQUIRE_REDIS === '1';

/** A key prefix no other run shares; each run deletes only keys under it. */
export function uniquePrefix(tag: string): string {
  return `botest-${tag}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Whether a Redis answers PING at `url` within a second. */
export async function redisAnswers(url = REDIS_URL): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Prints why a Redis suite did not run, and how to run it. */
export function explainSkip(suite: string, why: string): void {
  console.warn(
    `[adapter-redis] SKIPPED ${suite}: ${why}. Start Redis (redis-server) or set REDIS_URL; ` +
      'BOXOFFICE_REQUIRE_REDIS=1 turns this skip into a failure.',
  );
}

/** When Redis does not answer: explains the skip, and with BOXOFFICE_REQUIRE_REDIS=1 registers a failing test instead. */
export function skipOrFail(suite: string, available: boolean): void {
  if (available) return;
  explainSkip(suite, `no Redis answers at ${REDIS_URL}`);
  if (!REQUIRE_REDIS) return;
  describe(`${suite} (required)`, () => {
    it('needs Redis because BOXOFFICE_REQUIRE_REDIS=1', () => expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`));
  });
}

/** Deletes every key under `prefix:` with SCAN + UNLINK, on every master of a cluster. Never FLUSHDB. */
export async function deletePrefix(client: RedisClient, prefix: string): Promise<number> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      // One UNLINK per key: in a cluster the keys of one batch may sit in different slots.
      for (const key of keys) deleted += await node.unlink(key);
    } while (cursor !== '0');
  }
  return deleted;
}
