/**
 * What a page of the Redis event feed costs as the number of partitions grows (issue 15), on a private
 * redis-server (spare port, temp folder, persistence off):
 *
 *   node --conditions=source --import tsx bench/events-feed.ts [--partitions 100,1000,3000] [--rounds 15]
 *
 * For each count P it writes one event in each of P partitions (a charge per user: P user streams), and a
 * reader drains the feed. Then each round: 10 users (of the P) charge 10 times each, so 100 new events in 10
 * partitions, and the reader reads them as one page of 100 from its cursor, timed two ways in alternation:
 *  - feed: `store.events.read(cursor, 100)`, which reads only the streams the index lists as written since
 *    the cursor;
 *  - every stream: the former read, one XRANGE from the cursor's place per stream ever written (the index
 *    listed in full stands in for the set of streams it replaced), merged the same way.
 * Both return the same 100 events (checked). It prints the median ms per page and Redis's own time per page
 * (INFO commandstats), then the figures as JSON.
 */
import { parseArgs } from 'node:util';
import { createRedisStore } from '@boxoffice/adapter-redis';
import type { RedisStore } from '@boxoffice/adapter-redis';
import { commandStats, startPrivateRedis } from './lib/redis-server.js';
import type { PrivateRedis } from './lib/redis-server.js';
import { median, msSince, now } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    partitions: { type: 'string', default: '100,1000,3000' },
    rounds: { type: 'string', default: '15' },
  },
});
const counts = args.partitions.split(',').map(Number);
const rounds = Number(args.rounds);
const PAGE = 100;
const at = 1_800_000_000_000;

/** The former read: every stream ever written, from the cursor's place, merged by (ms, seq, stream). */
async function everyStream(store: RedisStore, after: { ms: bigint; seq: bigint; stream: string }, limit: number): Promise<string[]> {
  const streams = await store.client.zrange(store.keys.eventIndex('', false), 0, -1);
  const horizon = (await store.client.time()).map(Number);
  const settled = String(horizon[0]! * 1000 + Math.floor(horizon[1]! / 1000) - 1);
  const pages = await Promise.all(
    streams.map(async (stream) => {
      const start = `${stream > after.stream ? '' : '('}${after.ms}-${after.seq}`;
      const entries = await store.client.xrange(stream, start, settled, 'COUNT', limit);
      return entries.map(([id]) => {
        const [ms, seq] = id.split('-');
        return { ms: BigInt(ms!), seq: BigInt(seq!), stream, id };
      });
    }),
  );
  const order = (a: { ms: bigint; seq: bigint; stream: string }, b: typeof a) =>
    a.ms !== b.ms ? (a.ms < b.ms ? -1 : 1) : a.seq !== b.seq ? (a.seq < b.seq ? -1 : 1) : a.stream < b.stream ? -1 : 1;
  return pages.flat().sort(order).slice(0, limit).map((e) => `${store.keys.streamTag(e.stream)}-${e.id}`);
}

/** The place a feed cursor names (the feed's own encoding). */
function place(cursor: string): { ms: bigint; seq: bigint; stream: string } {
  const m = /^(\d+)-(\d+) (.*)$/s.exec(Buffer.from(cursor, 'base64url').toString('utf8'))!;
  return { ms: BigInt(m[1]!), seq: BigInt(m[2]!), stream: m[3]! };
}

function redisUs(redis: PrivateRedis, before: Map<string, { usec: number }>): number {
  let us = 0;
  for (const [name, s] of commandStats(redis)) us += s.usec - (before.get(name)?.usec ?? 0);
  return us;
}

async function measure(redis: PrivateRedis, partitions: number) {
  const store = await createRedisStore({ url: redis.url, prefix: `feed${partitions}` });
  try {
    let entry = 0;
    const charge = (userId: string) =>
      store.wallets.charge({ userId, amount: 1, maxBalance: 1_000_000, entryId: `e${entry++}`, idempotencyKey: null, now: at });
    for (let i = 0; i < partitions; i += 50) await Promise.all(Array.from({ length: Math.min(50, partitions - i) }, (_, k) => charge(`u${i + k}`)));
    await new Promise((r) => setTimeout(r, 3));
    let cursor: string | null = null;
    for (;;) {
      const page = await store.events.read(cursor, 1000);
      if (page.events.length === 0) break;
      cursor = page.next;
    }
    const feed: number[] = [];
    const every: number[] = [];
    const feedRedis: number[] = [];
    const everyRedis: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let u = 0; u < 10; u++) for (let k = 0; k < 10; k++) await charge(`u${(r * 10 + u) % partitions}`);
      await new Promise((res) => setTimeout(res, 3));
      // Alternate which read goes first, so warm-up and drift fall on both.
      const runs: Array<() => Promise<string[]>> = [
        async () => {
          const before = commandStats(redis);
          const t0 = now();
          const page = await store.events.read(cursor, PAGE);
          feed.push(msSince(t0));
          feedRedis.push(redisUs(redis, before));
          return page.events.map((e) => e.id);
        },
        async () => {
          const before = commandStats(redis);
          const t0 = now();
          const ids = await everyStream(store, place(cursor!), PAGE);
          every.push(msSince(t0));
          everyRedis.push(redisUs(redis, before));
          return ids;
        },
      ];
      const [a, b] = r % 2 === 0 ? [await runs[0]!(), await runs[1]!()] : [await runs[1]!(), await runs[0]!()].reverse();
      if (a!.length !== PAGE || JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the two reads differ at ${partitions} partitions`);
      cursor = (await store.events.read(cursor, PAGE)).next;
    }
    return {
      partitions,
      feedMs: median(feed),
      everyStreamMs: median(every),
      feedRedisUs: median(feedRedis),
      everyStreamRedisUs: median(everyRedis),
    };
  } finally {
    await store.close();
  }
}

const redis = await startPrivateRedis();
try {
  const rows = [];
  for (const p of counts) rows.push(await measure(redis, p));
  console.log('\n  partitions   page of 100: feed ms / every stream ms   Redis µs: feed / every stream');
  for (const r of rows) {
    console.log(
      `${String(r.partitions).padStart(12)}   ${r.feedMs.toFixed(2).padStart(8)} / ${r.everyStreamMs.toFixed(2).padEnd(8)}              ${String(r.feedRedisUs).padStart(6)} / ${r.everyStreamRedisUs}`,
    );
  }
  console.log(JSON.stringify({ bench: 'events-feed', node: process.version, rounds, rows }, null, 2));
} finally {
  await redis.stop();
}
