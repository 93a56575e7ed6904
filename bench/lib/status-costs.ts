import { createBoxoffice, type Boxoffice, type Clock } from '@boxoffice/core';
import { CryptoIdGenerator } from '@boxoffice/adapter-memory';
import { RedisKeys } from '@boxoffice/adapter-redis';
import { cpuSeconds } from './cpu.js';
import type { PrivateRedis } from './redis-server.js';
import type { BenchRedisStore } from './redis-store.js';
import { closedLoop } from './stats.js';

/** The wall clock plus an offset the bench moves, so a waiter's polls can be spaced as the pace spaces them without waiting. */
export class OffsetClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
}

export interface Waiter {
  readonly token: string;
  readonly userId: string;
}

/** The peer's poll (vercel-labs/nextjs-waiting-room's tryAdmit, rewritten here: we cannot fetch it): one ZRANK and one heartbeat ZADD. */
export const PEER_POLL_LUA = `local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return rank`;

/** A Boxoffice over the store, with the settings the status measures use (one admission slot, the host's default idle timeout). */
export function statusBox(store: BenchRedisStore, clock: Clock, admitPerMinute = 600): Boxoffice {
  return createBoxoffice({ store, clock, ids: new CryptoIdGenerator(), config: { maxActive: 1, admitPerMinute, idleTimeout: 60, sessionTtl: 3600, tickBatch: 1000 } });
}

/** Enters `n` users into `queueId` through the service, `concurrency` at a time; returns them in entry order. */
export async function fillLine(box: Boxoffice, queueId: string, n: number, concurrency = 200): Promise<Waiter[]> {
  const users: Waiter[] = new Array<Waiter>(n);
  await closedLoop(n, concurrency, async (i) => {
    const userId = `${queueId}-u${i}`;
    users[i] = { token: (await box.queue.enter(queueId, userId)).status.token, userId };
  });
  return users;
}

/**
 * The baselines' own keys in the queue's tag: the line as a sorted set (token -> entry order) and the peer's
 * heartbeat sorted set. The library keeps no sorted set per waiting token any more, so the plain ZRANK and the
 * peer's script get the structure they would keep, filled with the same waiters.
 */
export function baselineKeys(prefix: string, queueId: string): { line: string; heartbeats: string } {
  const meta = new RedisKeys(prefix).queue(queueId).meta;
  return { line: `${meta}-baseline-line`, heartbeats: `${meta}-baseline-hb` };
}

/** ZADDs the waiters into the baseline line in entry order, 1,000 a pipeline. */
export async function fillBaseline(redis: unknown, key: string, users: readonly Waiter[]): Promise<void> {
  const client = redis as { pipeline(): { zadd(k: string, s: number, m: string): unknown; exec(): Promise<unknown> } };
  for (let i = 0; i < users.length; i += 1000) {
    const p = client.pipeline();
    users.slice(i, i + 1000).forEach((u, j) => p.zadd(key, i + j, u.token));
    await p.exec();
  }
}

/** Redis CPU (µs per op, user + system of the redis-server process), the client's CPU (µs per op) and ops/s of one closed loop. */
export async function metered(redis: PrivateRedis, ops: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<{ redisUs: number; clientUs: number; perSecond: number; ops: number }> {
  const r0 = cpuSeconds(redis.pid);
  const c0 = process.cpuUsage();
  const { perSecond } = await closedLoop(ops, concurrency, fn);
  const c = process.cpuUsage(c0);
  return { redisUs: ((cpuSeconds(redis.pid) - r0) * 1e6) / ops, clientUs: (c.user + c.system) / ops, perSecond, ops };
}

/**
 * Redis CPU and the client's CPU (µs per call) of calls sent open loop at `perSecond` for `seconds`, whatever is
 * in flight: the way a host's calls reach Redis, which sits idle between them (a closed loop keeps it busy).
 */
export async function openLoop(redis: PrivateRedis, perSecond: number, seconds: number, fn: () => Promise<unknown>): Promise<{ redisUs: number; clientUs: number; calls: number }> {
  const r0 = cpuSeconds(redis.pid);
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  // Only the calls in flight are kept (holding every answer till the end would put its GC in the figure).
  const inFlight = new Set<Promise<unknown>>();
  let sent = 0;
  let failure: unknown = null;
  while (Date.now() - t0 < seconds * 1000) {
    const due = Math.floor(((Date.now() - t0) / 1000) * perSecond);
    for (; sent < due; sent++) {
      const call: Promise<unknown> = fn()
        .catch((error: unknown) => (failure ??= error))
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  const c = process.cpuUsage(c0);
  const n = Math.max(1, sent);
  return { redisUs: ((cpuSeconds(redis.pid) - r0) * 1e6) / n, clientUs: (c.user + c.system) / n, calls: sent };
}

/** Sums of several metered runs of one subject: CPU per op over all of them, and the best rate. */
export class Tally {
  private redisUs = 0;
  private clientUs = 0;
  private ops = 0;
  private seconds = 0;
  best = 0;
  add(m: { redisUs: number; clientUs: number; perSecond: number; ops: number }): void {
    this.redisUs += m.redisUs * m.ops;
    this.clientUs += m.clientUs * m.ops;
    this.ops += m.ops;
    this.seconds += m.ops / m.perSecond;
    this.best = Math.max(this.best, m.perSecond);
  }
  /** The rate over all runs: every op over all their time. */
  get overall(): number {
    return this.ops / this.seconds;
  }
  get redisPerOp(): number {
    return this.redisUs / this.ops;
  }
  get clientPerOp(): number {
    return this.clientUs / this.ops;
  }
}
