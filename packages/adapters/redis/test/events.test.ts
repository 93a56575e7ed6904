import type { DomainEvent } from '@boxoffice/core';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { deletePrefix, explainSkip, REDIS_URL, REQUIRE_REDIS, redisAnswers, uniquePrefix } from './redis-env.js';

// The outbox on the local Redis, under a unique key prefix (only those keys are deleted).

const available = await redisAnswers();
const settle = () => new Promise((resolve) => setTimeout(resolve, 3));
const now = 1_800_000_000_000;

async function drain(read: (cursor: string | null) => Promise<{ events: readonly DomainEvent[]; next: string }>, from: string | null) {
  const events: DomainEvent[] = [];
  let cursor = from;
  for (;;) {
    const page = await read(cursor);
    if (page.events.length === 0) return { events, cursor };
    events.push(...page.events);
    cursor = page.next;
  }
}

describe.runIf(available)('redis outbox', () => {
  it('a reader resumes from its cursor on another connection (a restarted host) and sees each event once', async () => {
    const prefix = uniquePrefix('events');
    const first = await createRedisStore({ url: REDIS_URL, prefix });
    try {
      for (let i = 1; i <= 10; i++) {
        await first.wallets.charge({ userId: `u${i % 3}`, amount: i, maxBalance: 10_000, entryId: `e${i}`, idempotencyKey: null, now });
      }
      await settle();
      const before = await drain((c) => first.events.read(c, 4), null);
      expect(before.events.map((e) => (e.data as { amount: number }).amount).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await first.close();

      const second = await createRedisStore({ url: REDIS_URL, prefix });
      try {
        for (let i = 11; i <= 15; i++) {
          await second.wallets.charge({ userId: `u${i % 3}`, amount: i, maxBalance: 10_000, entryId: `e${i}`, idempotencyKey: null, now });
        }
        await settle();
        const after = await drain((c) => second.events.read(c, 4), before.cursor);
        expect(after.events.map((e) => (e.data as { amount: number }).amount).sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15]);
        const ids = [...before.events, ...after.events].map((e) => e.id);
        expect(new Set(ids).size).toBe(15);
        expect(after.events[0]!.id).toMatch(/^u:u\d-\d+-\d+$/);
      } finally {
        await deletePrefix(second.client, prefix);
        await second.close();
      }
    } finally {
      await deletePrefix(first.client, prefix).catch(() => undefined);
      await first.close().catch(() => undefined);
    }
  });

  it('a page reads only the streams with events since its cursor, not every partition ever written', async () => {
    const prefix = uniquePrefix('events');
    const store = await createRedisStore({ url: REDIS_URL, prefix });
    try {
      for (let i = 0; i < 150; i++) {
        await store.wallets.charge({ userId: `quiet${i}`, amount: 1, maxBalance: 10_000, entryId: `q${i}`, idempotencyKey: null, now });
      }
      await settle();
      const { cursor, events } = await drain((c) => store.events.read(c, 100), null);
      // Streams whose last event shares the cursor's millisecond are read again (the index keeps ms, not seq).
      const msOf = (id: string) => id.split('-').at(-2);
      const sameMs = events.filter((e) => msOf(e.id) === msOf(events.at(-1)!.id)).length;
      for (const userId of ['quiet7', 'fresh']) {
        await store.wallets.charge({ userId, amount: 2, maxBalance: 10_000, entryId: `${userId}-2`, idempotencyKey: null, now });
      }
      await settle();
      // Count what the page sends: one XRANGE per stream it reads (it used to read all 151).
      const client = store.client as Redis;
      const sent: string[] = [];
      const send = client.sendCommand.bind(client);
      client.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
        sent.push(command.name.toLowerCase());
        return (send as (...a: unknown[]) => unknown)(command, ...rest);
      }) as Redis['sendCommand'];
      const page = await store.events.read(cursor, 100);
      client.sendCommand = send;
      expect(page.events.map((e) => e.userId).sort()).toEqual(['fresh', 'quiet7']);
      expect(sent.filter((name) => name === 'xrange').length).toBeLessThanOrEqual(2 + sameMs);
      expect(sameMs).toBeLessThan(20);
      expect((await store.events.read(page.next, 100)).events).toEqual([]);
    } finally {
      await deletePrefix(store.client, prefix);
      await store.close();
    }
  });

  it('trims each stream to about eventStreamMaxLen', async () => {
    const prefix = uniquePrefix('events');
    const store = await createRedisStore({ url: REDIS_URL, prefix, eventStreamMaxLen: 10 });
    try {
      for (let i = 1; i <= 400; i++) {
        await store.wallets.charge({ userId: 'u', amount: 1, maxBalance: 10_000, entryId: `e${i}`, idempotencyKey: null, now });
      }
      // MAXLEN ~ trims whole stream nodes (100 entries by default), so the length stays near the bound.
      const length = await store.client.xlen(store.keys.user('u').events);
      expect(length).toBeGreaterThanOrEqual(10);
      expect(length).toBeLessThan(200);
      await settle();
      const { events } = await drain((c) => store.events.read(c, 100), null);
      expect(events.at(-1)!.data).toMatchObject({ balance: 400 });
    } finally {
      await deletePrefix(store.client, prefix);
      await store.close();
    }
  });
});

if (!available) {
  explainSkip('events.test.ts', `no Redis answers at ${REDIS_URL}`);
  describe.runIf(REQUIRE_REDIS)('redis outbox (required)', () => {
    it('needs Redis because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    });
  });
}
