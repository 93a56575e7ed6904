import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { signToken } from '../../src/auth.js';
import { Client, until } from './api.js';
import { listeningUrl, runCli, type Child } from './child.js';
import { REDIS_URL } from './redis.js';

export const PROCESS_SECRET = randomBytes(32).toString('base64url');

/** A host in its own process (the CLI, as `npm start` runs it) on the shared Redis under `prefix`. */
export interface HostProcess {
  readonly child: Child;
  readonly url: string;
  user(userId: string, roles?: string[]): Promise<Client>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

export async function startHostProcess(prefix: string, env: Record<string, string> = {}): Promise<HostProcess> {
  const child = runCli(['serve', '--port', '0', '--host', '127.0.0.1'], {
    BOXOFFICE_STORE: 'redis',
    REDIS_URL,
    BOXOFFICE_REDIS_PREFIX: prefix,
    BOXOFFICE_SECRET: PROCESS_SECRET,
    BOXOFFICE_TICK_MS: '100',
    BOXOFFICE_MAX_ACTIVE: '1000',
    LOG_LEVEL: 'info',
    ...env,
  });
  const url = await listeningUrl(child, 60_000);
  return {
    child,
    url,
    user: async (userId, roles = []) => new Client(url, await signToken(PROCESS_SECRET, userId, 3600, Date.now(), roles), userId),
    stop: async () => {
      if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGTERM');
      await child.exited;
    },
  };
}

/** Deletes the keys under `prefix` on the shared Redis (never a flush). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

export type Purchase = { outcome: 'paid'; paymentId: string } | { outcome: 'cancelled' | 'lost' };

/**
 * One buyer's whole flow through a host: enter, wait to be active, hold one of `seats` (another on a
 * 409), charge, then pay (or cancel the hold when `cancel`).
 */
export async function buy(fan: Client, scheduleId: string, seats: readonly number[], tag: string, cancel = false): Promise<Purchase> {
  const token = (await fan.enter()).body.token as string;
  await until(async () => (await fan.status(token)).body.state === 'active', 30_000, 100);
  await fan.charge(500_000, `${tag}-charge`);
  for (const seat of seats) {
    const hold = await fan.hold(token, scheduleId, [seat]);
    if (hold.status === 409) continue;
    if (hold.status !== 201) throw new Error(`hold answered ${hold.status}: ${hold.text}`);
    if (cancel) {
      await fan.delete(`/v1/reservations/${hold.body.id}`);
      return { outcome: 'cancelled' };
    }
    const paid = await fan.pay(token, hold.body.id, `${tag}-pay`);
    if (paid.status !== 201) throw new Error(`pay answered ${paid.status}: ${paid.text}`);
    return { outcome: 'paid', paymentId: paid.body.id };
  }
  return { outcome: 'lost' };
}
