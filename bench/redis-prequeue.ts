/**
 * What a pre-queue token costs in Redis, on a private redis-server (spare port, temp folder, persistence off):
 *
 *   node --conditions=source --import tsx bench/redis-prequeue.ts [--count 1000000] [--inflight 64]
 *     [--user-id-length 21] [--lookups 2000] [--hash-max-listpack-value 128] [--out file.json]
 *
 * It enters --count tokens before the opening, each with its draw key (straight to the port, as core stores them),
 * and reads INFO used_memory before and after: the bytes per pre-queue token, and MEMORY USAGE by structure. Then
 * it opens the queue (a tick with no room) and checks the places of --lookups random tokens against the draw order
 * computed here from the keys, timing those status reads (Redis CPU from INFO commandstats: a drawn token's first
 * read after the opening, then a second) against status reads of the same number of tokens of a line of --count
 * entered after the opening on a second queue, in the same run.
 * Then it reads every drawn token once (each keeps its rank: the bytes that costs), and last it admits 1,000 from
 * the head of the pre-queue in ticks of 100 and checks they are the first 1,000 drawn. Then it admits the rest, the
 * last drawn token on its own: the pre-queue's keys (their bytes read just before) must be gone after it.
 * --hash-max-listpack-value sets the server's (default 64): at 128 a record with its draw key stays a listpack.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { drawKeys, saleToken } from '@boxoffice/core';
import { createRedisStore } from '@boxoffice/adapter-redis';
import type { RedisStore } from '@boxoffice/adapter-redis';
import { inParallel } from '../packages/adapters/redis/test/fixtures/system.js';
import { startRedis } from '../packages/adapters/redis/test/private-server.js';
import { queueMemory } from './lib/queue-memory.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    inflight: { type: 'string', default: '64' },
    'user-id-length': { type: 'string', default: '21' },
    lookups: { type: 'string', default: '2000' },
    'hash-max-listpack-value': { type: 'string' },
    out: { type: 'string' },
  },
});
const COUNT = Number(args.count);
const INFLIGHT = Number(args.inflight);
const USER_ID_LENGTH = Number(args['user-id-length']);
const LOOKUPS = Number(args.lookups);
const T0 = Date.UTC(2027, 0, 1);
const OPENS_AT = T0 + 3_600_000;
const ADMIT = { maxActive: 1_000_000, admitPerMinute: 1_000_000, windowMs: 60_000, sessionTtlMs: 600_000 };

const userId = (q: string, i: number) => `${q}-${i}`.padEnd(USER_ID_LENGTH, '-');
/** A token like core's: 16 random bytes, base64url (22 characters). */
const tokenOf = (q: string) => saleToken(q, randomBytes(16).toString('base64url'));

async function usedMemory(store: RedisStore): Promise<number> {
  return Number((await store.client.info('memory')).match(/^used_memory:(\d+)/m)![1]);
}
/** Redis µs and calls of EVALSHA since the last reset. */
async function evalStats(store: RedisStore): Promise<{ usec: number; calls: number }> {
  const m = (await store.client.info('commandstats')).match(/^cmdstat_evalsha:calls=(\d+),usec=(\d+)/m);
  await store.client.config('RESETSTAT');
  return { calls: Number(m?.[1] ?? 0), usec: Number(m?.[2] ?? 0) };
}

async function fill(store: RedisStore, q: string, drawKey: ((token: string) => string) | null, at: number): Promise<string[]> {
  return inParallel(COUNT, INFLIGHT, async (i) => {
    const token = tokenOf(q);
    await store.queue.enter({
      token, queueId: q, userId: userId(q, i), state: 'waiting', enteredAt: at, lastSeenAt: at,
      activatedAt: null, activeUntil: null, endedAt: null, drawKey: drawKey ? drawKey(token) : null, endReason: null,
    });
    return token;
  });
}

/** Redis µs per status read of `picks` (batches of 50, no heartbeat), and the places read. */
async function statusCost(store: RedisStore, q: string, tokens: string[], picks: number[]): Promise<{ usPerRead: number; places: Array<number | null> }> {
  await evalStats(store);
  const places: Array<number | null> = [];
  for (let i = 0; i < picks.length; i += 50) {
    const views = await store.queue.statusMany(q, picks.slice(i, i + 50).map((p) => ({ token: tokens[p]! })), 0);
    for (const v of views) places.push(v?.position ?? null);
  }
  const s = await evalStats(store);
  return { usPerRead: s.usec / picks.length, places };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const listpackValue = args['hash-max-listpack-value'];
const server = await startRedis(listpackValue ? { extraArgs: ['--hash-max-listpack-value', listpackValue] } : {});
let store: RedisStore | undefined;
try {
  store = await createRedisStore({ url: server.url, prefix: 'preq' });
  const key = drawKeys(randomBytes(32).toString('hex'));
  process.stderr.write(`entering ${COUNT.toLocaleString('en')} pre-queue tokens on redis-server :${server.port}\n`);
  const before = await usedMemory(store);
  const tokens = await fill(store, 'pre', key, T0);
  const after = await usedMemory(store);
  const tag = store.keys.queue('pre').meta.slice(0, -'meta'.length);
  const byStructure = await queueMemory(store.client, tag, COUNT);

  // The opening, no room: nobody admitted, the draw final.
  await store.queue.admit('pre', { ...ADMIT, limit: 0 }, OPENS_AT);
  process.stderr.write('computing the draw order here\n');
  const keyed = tokens.map((token, i) => ({ i, k: key(token) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const placeOf = new Int32Array(COUNT);
  keyed.forEach((x, n) => (placeOf[x.i] = n + 1));

  process.stderr.write(`entering a line of ${COUNT.toLocaleString('en')} after the opening, for the baseline\n`);
  await store.queue.admit('line', { ...ADMIT, limit: 0 }, T0);
  const lineTokens = await fill(store, 'line', null, T0);

  const picks = Array.from({ length: LOOKUPS }, () => Math.floor(Math.random() * COUNT));
  // Warm-up, then alternating blocks.
  await statusCost(store, 'pre', tokens, picks.slice(0, 100));
  await statusCost(store, 'line', lineTokens, picks.slice(0, 100));
  // A drawn token's first read after the opening also finds its rank and keeps it (once); the reads after are polls.
  const preFirst = await statusCost(store, 'pre', tokens, picks);
  const pre = await statusCost(store, 'pre', tokens, picks);
  const line = await statusCost(store, 'line', lineTokens, picks);
  const wrong = picks.filter((p, n) => pre.places[n] !== placeOf[p] || preFirst.places[n] !== placeOf[p]).length;
  const lineWrong = picks.filter((p, n) => line.places[n] !== p + 1).length;

  // Every drawn token read once after the opening, as a crowd polling for its place does: each keeps its rank.
  process.stderr.write('reading every drawn token once\n');
  const beforeReads = await usedMemory(store);
  for (let i = 0; i < COUNT; i += 100) await store.queue.statusMany('pre', tokens.slice(i, i + 100).map((token) => ({ token })), 0);
  const keptRankBytes = (await usedMemory(store)) - beforeReads;

  const admitted: string[] = [];
  await evalStats(store);
  for (let t = 0; t < 10; t++) admitted.push(...(await store.queue.admit('pre', { ...ADMIT, limit: 100 }, OPENS_AT + t)));
  const admitStats = await evalStats(store);
  const firstDrawn = keyed.slice(0, 1000).map((x) => tokens[x.i]!);
  const admittedInOrder = admitted.length === 1000 && admitted.every((t, n) => t === firstDrawn[n]);

  // The rest of the drawn admitted in large ticks, the last one apart: once nobody drawn waits, the frozen pre-queue
  // (its sorted set and gone index) goes with that last admission, and only the draw's buckets stay.
  process.stderr.write('admitting the rest of the drawn\n');
  const drain = { ...ADMIT, maxActive: 2 * COUNT, admitPerMinute: 2 * COUNT };
  for (let waiting = COUNT - admitted.length, t = 100; waiting > 1; t++) {
    waiting -= (await store.queue.admit('pre', { ...drain, limit: Math.min(10_000, waiting - 1) }, OPENS_AT + t)).length;
  }
  const preQueueKeys = ['', ':gone', ':gonetree'].map((suffix) => store!.keys.queue('pre').preQueue + suffix);
  let preQueueKeyBytes = 0;
  for (const k of preQueueKeys) preQueueKeyBytes += Number((await store.client.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')) ?? 0);
  const last = await store.queue.admit('pre', { ...drain, limit: 1 }, OPENS_AT + 1_000);
  const lastInOrder = last.length === 1 && last[0] === tokens[keyed[COUNT - 1]!.i];
  const preQueueKeysLeft = await store.client.exists(...preQueueKeys);

  const figures = {
    redis: (await store.client.info('server')).match(/^redis_version:(.+)$/m)?.[1]?.trim(),
    count: COUNT,
    userIdLength: USER_ID_LENGTH,
    hashMaxListpackValue: Number(listpackValue ?? 64),
    bytesPerPreQueueToken: r1((after - before) / COUNT),
    bytesPerDrawnTokenForItsKeptRank: r1(keptRankBytes / COUNT),
    byStructure,
    status: {
      reads: LOOKUPS,
      redisUsPerFirstReadDrawn: r1(preFirst.usPerRead * 100) / 100,
      redisUsPerReadDrawn: r1(pre.usPerRead * 100) / 100,
      redisUsPerReadLine: r1(line.usPerRead * 100) / 100,
      ratioDrawnToLine: Math.round((pre.usPerRead / line.usPerRead) * 100) / 100,
      wrongPlacesDrawn: wrong,
      wrongPlacesLine: lineWrong,
    },
    admit: { admitted: admitted.length, inDrawOrder: admittedInOrder, redisUsPerTickOf100: r1(admitStats.usec / 10) },
    afterTheLastDrawn: { lastAdmittedInDrawOrder: lastInOrder, preQueueBytesPerDrawnTokenBefore: r1(preQueueKeyBytes / COUNT), preQueueKeysLeft },
  };
  console.log(JSON.stringify(figures, null, 2));
  if (args.out) writeFileSync(args.out, `${JSON.stringify(figures, null, 2)}\n`);
  if (wrong > 0 || lineWrong > 0 || !admittedInOrder || !lastInOrder || preQueueKeysLeft > 0) process.exitCode = 1;
} finally {
  await store?.close();
  await server.stop();
}
