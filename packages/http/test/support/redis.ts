import { createConnection } from 'node:net';
import type { BoxofficeStore } from '@boxoffice/core';

// The shared Redis of the HTTP tests: REDIS_URL (default 127.0.0.1:6379). Tests use
// their own key prefix and delete only its keys; BOXOFFICE_REQUIRE_REDIS=1 makes
// them fail instead of skipping when no Redis answers.
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const REQUIRE_REDIS = process.env.BOXOFFICE_REQUIRE_REDIS === '1';

/** Whether a Redis answers PING at `url`, within a second. */
export async function redisAnswers(url: string = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** Deletes the keys under `prefix` through the store's own client (never a flush). */
export async function deletePrefix(store: BoxofficeStore | undefined, prefix: string): Promise<void> {
  const client = (store as unknown as { client?: { scan(...args: unknown[]): Promise<[string, string[]]>; del(...k: string[]): Promise<number> } } | undefined)?.client;
  if (!client) return;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
