import { createBoxoffice } from '@boxoffice/core';
import type { Boxoffice, TickReport } from '@boxoffice/core';
import { ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { inParallel, SecureIds } from './fixtures/system.js';
import { startRedis } from './private-server.js';
import type { PrivateRedis } from './private-server.js';
import { explainSkip, REQUIRE_REDIS } from './redis-env.js';

// A tick's work is bounded by tickBatch, not by the queue's length: with 10^4 waiting tokens on a private
// redis-server, each step of a tick changes at most tickBatch token records and no other, and the commands the
// server runs for it stay a small multiple of the tokens it moved. Ended tokens leave the live records and
// carry a TTL. (No timings here: bench/redis-scale.ts measures those.)

const hasServer = await startRedis()
  .then(async (probe) => {
    await probe.stop();
    return true;
  })
  .catch(() => false);
if (!hasServer) explainSkip('scale.test.ts', 'redis-server could not be started here');
if (REQUIRE_REDIS && !hasServer) {
  describe('adapter-redis scale (required)', () => {
    it('needs redis-server because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail('BOXOFFICE_REQUIRE_REDIS=1 but redis-server could not be started');
    });
  });
}

const WAITING = 10_000;
const BATCH = 100;
const ENDED_TTL_MS = 120_000;
const Q = 'big';

describe.runIf(hasServer)(`adapter-redis: a tick with ${WAITING} waiting`, () => {
  let server: PrivateRedis;
  let store: RedisStore;
  let bo: Boxoffice;
  const clock = new ManualClock();
  const tokens: string[] = [];

  beforeAll(async () => {
    server = await startRedis();
    store = await createRedisStore({ url: server.url, prefix: 'scale', endedTokenTtlMs: ENDED_TTL_MS });
    bo = createBoxoffice({
      store,
      clock,
      ids: new SecureIds(),
      config: { tickBatch: BATCH, maxActive: 100_000, admitPerMinute: 1_000_000, idleTimeout: 60, sessionTtl: 600 },
    });
    tokens.push(...(await inParallel(WAITING, 200, async (i) => (await bo.queue.enter(Q, `u${i}`)).status.token)));
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  /** Every live token record (the record buckets and the active records hold them by token less 'big.'), to see which ones a tick changed. */
  async function snapshot(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const b = store.keys.queue(Q).buckets;
    for (const key of [...(await store.client.keys(`${b}k*`)), `${b}a`]) {
      for (const [short, record] of Object.entries(await store.client.hgetall(key))) out.set(`${Q}.${short}`, record);
    }
    return out;
  }

  /** Commands the server ran (scripts' inner calls included) since the last reset, not counting INFO/CONFIG. */
  async function commandsRun(): Promise<number> {
    const info = await store.client.info('commandstats');
    let calls = 0;
    for (const m of info.matchAll(/^cmdstat_([a-z|_-]+):calls=(\d+)/gm)) {
      if (!['info', 'config|resetstat', 'config'].includes(m[1]!)) calls += Number(m[2]);
    }
    return calls;
  }

  async function measuredTick(): Promise<{ report: TickReport; changed: string[]; commands: number }> {
    const before = await snapshot();
    await store.client.config('RESETSTAT');
    const report = await bo.queue.tick(Q);
    const commands = await commandsRun();
    const after = await snapshot();
    const changed = [...before.keys()].filter((t) => after.get(t) !== before.get(t));
    return { report, changed, commands };
  }

  const moved = (r: TickReport) => [...r.expiredSessions, ...r.expiredIdle, ...r.admitted];

  it('each step moves at most tickBatch tokens, touches no other, and costs O(tickBatch) commands', async () => {
    expect(await bo.queue.counts(Q)).toMatchObject({ waiting: WAITING, active: 0 });

    // 1: nothing lapsed, admission only.
    const first = await measuredTick();
    expect(first.report.admitted).toHaveLength(BATCH);
    expect(first.report.expiredIdle).toEqual([]);
    expect(first.changed.sort()).toEqual(moved(first.report).sort());

    // 2: every waiting token idle: idle expiry and admission each stop at tickBatch.
    clock.advance(61_000);
    const second = await measuredTick();
    expect(second.report.expiredIdle).toHaveLength(BATCH);
    expect(second.report.admitted).toHaveLength(BATCH);
    expect(second.changed.sort()).toEqual(moved(second.report).sort());

    // 3: the first sessions lapse too: three bounded steps.
    clock.advance(600_000);
    const third = await measuredTick();
    expect(third.report.expiredSessions).toHaveLength(BATCH);
    expect(third.report.expiredIdle).toHaveLength(BATCH);
    expect(third.report.admitted).toHaveLength(BATCH);
    expect(third.changed.sort()).toEqual(moved(third.report).sort());

    expect(await bo.queue.counts(Q)).toMatchObject({ waiting: WAITING - 5 * BATCH, active: 2 * BATCH });
    // Far below the 10^4 a scan of the queue would cost. An admission is ~12 commands: the record moves from its
    // waiting bucket to the active records (an HDEL and an HSET), beside the line, the zsets and the event.
    for (const t of [first, second, third]) expect(t.commands).toBeLessThanOrEqual(13 * moved(t.report).length + 20);
    console.info(`[scale] commands per tick: ${[first, second, third].map((t) => `${t.commands} for ${moved(t.report).length} tokens`).join('; ')}`);
  });

  it('ended tokens (expired, completed, left) leave the live records and carry a TTL', async () => {
    const k = store.keys.queue(Q);
    // The active zset's members are tokens less their '<queueId>.'.
    const active = await store.client.zrange(k.active, 0, 0);
    await bo.queue.complete(Q, `${Q}.${active[0]!}`);
    // The line's head: its first set bit is a seq, the seq map (groups of 64) names its token.
    const head = await store.client.bitpos(k.line, 1);
    const waitingHead = `${Q}.${(await store.client.hget(`${k.buckets}s${Math.floor(head / 64)}`, String(head % 64)))!}`;
    const userOf = (await store.queue.view(Q, waitingHead))!.token.userId;
    await bo.queue.leave(Q, waitingHead, userOf);

    const ended: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await store.client.scan(cursor, 'MATCH', `${k.endedPrefix}*`, 'COUNT', 1000);
      cursor = next;
      ended.push(...keys);
    } while (cursor !== '0');
    // 100 + 100 idle, 100 sessions, one completed, one left.
    expect(ended).toHaveLength(302);
    const ttls = await Promise.all(ended.map((key) => store.client.pttl(key)));
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(ENDED_TTL_MS);
    }
    const states = new Map<string, number>();
    const live = await snapshot();
    for (const key of ended) {
      const token = key.slice(k.endedPrefix.length);
      expect(live.has(token)).toBe(false);
      const view = await store.queue.view(Q, token);
      states.set(view!.token.state, (states.get(view!.token.state) ?? 0) + 1);
    }
    expect(Object.fromEntries(states)).toEqual({ expired: 301, completed: 1 });
    expect(live.size).toBe(WAITING - 302);
  });
});
