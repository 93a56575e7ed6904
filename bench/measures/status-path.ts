import { paceOf } from '@boxoffice/core';
import type { BenchOptions } from '../lib/args.js';
import type { PrivateRedis } from '../lib/redis-server.js';
import { openRedisStore } from '../lib/redis-store.js';
import type { Report } from '../lib/report.js';
import { baselineKeys, fillBaseline, fillLine, metered, OffsetClock, PEER_POLL_LUA, statusBox, Tally } from '../lib/status-costs.js';
import { hasRedisAdapter } from '../lib/subjects.js';
import { closedLoop } from '../lib/stats.js';

const QUEUE = 'hot';
/** Tokens a host's streams update in one statusMany at a tick. */
const STREAM_BATCH = 1000;

/**
 * Issue 17's status path on Redis: the library's status poll (coalesced into statusMany, heartbeats
 * at the pace's slack) against a plain ZRANK and against the peer's poll script, each 50 in flight
 * from this one process, over one line longer than LONG_LINE. The same waiters are polled every
 * round and the clock moves one poll interval (the pace's cap) between rounds, so heartbeats land as
 * they do for a waiter following pollAfterMs: one poll in three owes one, and sends it with its place by seq
 * (the lean path). Redis CPU is the redis-server process's, per operation, summed over all rounds.
 */
export async function measureStatusPath(report: Report, redis: PrivateRedis, o: BenchOptions): Promise<void> {
  if (!hasRedisAdapter()) {
    report.skip('status', 'packages/adapters/redis has not landed');
    return;
  }
  const n = o.quick ? 20_000 : 200_000;
  const polled = o.quick ? 5_000 : 60_000;
  const rounds = o.quick ? 3 : 6;
  const c = o.connections;
  const prefix = `bench-status-${process.pid}`;
  const cmd = `npm run bench -- --only status`;
  const store = await openRedisStore(redis.url, prefix);
  const clock = new OffsetClock();
  try {
    const box = statusBox(store, clock);
    const users = await fillLine(box, QUEUE, n);
    await box.queue.tick(QUEUE); // the tick's counts tell this process how long the line is: its pace
    const pace = paceOf(60_000, n);
    const sample = Array.from({ length: polled }, (_, i) => users[Math.floor(((i + 0.5) * n) / polled)]!);
    const client = store.client as unknown as {
      zrank(k: string, m: string): Promise<number | null>;
      defineCommand(name: string, d: { numberOfKeys: number; lua: string }): void;
      peerPoll?: (k1: string, k2: string, member: string, at: number) => Promise<unknown>;
    };
    client.defineCommand('peerPoll', { numberOfKeys: 2, lua: PEER_POLL_LUA });
    const { line: waiting, heartbeats: peerHb } = baselineKeys(prefix, QUEUE);
    await fillBaseline(store.client, waiting, users);
    // One unmeasured round first: each waiter's first poll, a full read. A host that knows the line is long
    // remembers a token from its entry (QueueService's lean path); this process learnt the length after the fill.
    await closedLoop(polled, c, (i) => box.queue.status(QUEUE, sample[i]!.token, sample[i]!.userId));
    const t = { lib: new Tally(), zrank: new Tally(), peer: new Tally(), stream: new Tally() };
    for (let r = 0; r < rounds; r++) {
      clock.offset += pace.pollCapMs;
      t.lib.add(await metered(redis, polled, c, (i) => box.queue.status(QUEUE, sample[i]!.token, sample[i]!.userId)));
      t.zrank.add(await metered(redis, polled, c, (i) => client.zrank(waiting, sample[i]!.token)));
      t.peer.add(await metered(redis, polled, c, (i) => client.peerPoll!(waiting, peerHb, sample[i]!.token, clock.now())));
      // A host's open streams at one tick: each stream's QueueService.status, STREAM_BATCH at once, as the SSE hub
      // checks them. The polls above just recorded the heartbeats due, so none is owed: the lean path (places by seq).
      const batches = Math.ceil(polled / STREAM_BATCH);
      const m = await metered(redis, batches, 1, (b) => Promise.all(sample.slice(b * STREAM_BATCH, (b + 1) * STREAM_BATCH).map((u) => box.queue.status(QUEUE, u.token, u.userId))));
      t.stream.add({ redisUs: m.redisUs / STREAM_BATCH, clientUs: m.clientUs / STREAM_BATCH, perSecond: m.perSecond * STREAM_BATCH, ops: polled });
    }
    // The figures count only if the answers are right: the places the service gave match full reads of the store.
    const check = sample.filter((_, i) => i % Math.ceil(polled / 200) === 0);
    const given = await Promise.all(check.map((u) => box.queue.status(QUEUE, u.token, u.userId)));
    const truth = await Promise.all(check.map((u) => store.queue.view(QUEUE, u.token)));
    const wrong = given.filter((g, i) => g.position !== truth[i]?.position).length;
    if (wrong > 0) throw new Error(`status path: ${wrong} of ${check.length} places differ from a full read`);
    const zrank = { name: `plain ZRANK through ioredis, ${c} in flight, same waiters and rounds`, value: t.zrank.redisPerOp, unit: 'µs Redis CPU' };
    report.facts.statusPath = {
      line: n, polled, rounds, pace,
      redisUsPerOp: { library: t.lib.redisPerOp, zrank: t.zrank.redisPerOp, peer: t.peer.redisPerOp, stream: t.stream.redisPerOp },
      clientUsPerOp: { library: t.lib.clientPerOp, zrank: t.zrank.clientPerOp, peer: t.peer.clientPerOp, stream: t.stream.clientPerOp },
      perSecond: { library: t.lib.best, zrank: t.zrank.best, peer: t.peer.best, stream: t.stream.best },
      overallPerSecond: { library: t.lib.overall, zrank: t.zrank.overall, peer: t.peer.overall, stream: t.stream.overall },
    };
    report.add({
      group: 'status', name: `Redis CPU per status poll of a waiting user (QueueService.status, ${c} in flight, line of ${n})`, value: t.lib.redisPerOp, unit: 'µs Redis CPU',
      baseline: zrank, target: { op: '<=', value: 0.5, on: 'ratio' }, command: cmd,
      note: `redis-server CPU (/proc) over ${rounds} rounds of ${polled} polls; the clock moves ${pace.pollCapMs} ms (the pace's poll cap) a round, so a heartbeat lands every third poll (slack ${pace.heartbeatSlackMs} ms); every poll asks its place by seq, a due heartbeat with it; after one unmeasured first poll each (a full read)`,
    });
    report.add({
      group: 'status', name: `status polls/s from one client process (QueueService.status, ${c} in flight)`, value: t.lib.best, unit: 'polls/s',
      baseline: { name: `the peer's poll (a ZRANK + heartbeat ZADD Lua script written here after vercel-labs/nextjs-waiting-room's tryAdmit), ${c} in flight`, value: t.peer.best, unit: 'polls/s' },
      target: { op: '>=', value: 1.5, on: 'ratio' }, command: cmd,
      note: `best round; over all rounds (a third of ours owe heartbeats) ours ${Math.round(t.lib.overall)} polls/s, the peer's ${Math.round(t.peer.overall)} (${(t.lib.overall / t.peer.overall).toFixed(2)}x); the peer's script costs ${t.peer.redisPerOp.toFixed(2)} µs of Redis CPU a poll, ours ${t.lib.redisPerOp.toFixed(2)}`,
    });
    report.add({
      group: 'status', name: `Redis CPU per status-stream update, per waiter per tick (${STREAM_BATCH} streams' QueueService.status at once)`, value: t.stream.redisPerOp, unit: 'µs Redis CPU',
      baseline: zrank, target: { op: '<=', value: 0.3, on: 'ratio' }, command: cmd,
      note: 'no heartbeat owed (the round\'s polls recorded those due): a stream checks at each host tick (0.25-2 s) and owes one once a slack (three poll caps, 30 s or more), when its check costs a status poll',
    });
  } finally {
    await store.close();
  }
}
