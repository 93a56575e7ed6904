import { createBoxoffice, type BoxofficeStore, type SessionRef } from '@boxoffice/core';
import { CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import type { BenchOptions } from '../lib/args.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPrivateRedis, type PrivateRedis } from '../lib/redis-server.js';
import type { Report } from '../lib/report.js';
import { now, msSince, percentile, round } from '../lib/stats.js';
import { hasRedisAdapter } from '../lib/subjects.js';

// The cost of "acknowledged means replicated" (docs/redis-failover.md) on the payment path: `pay` through core
// (12 round trips, 7 of them waited for) on a private master with no replica; on a master with one replica,
// WAIT off; the same with WAIT 1; and WAIT 1 with its steps on one connection. Same process, same sizes, in
// interleaved rounds; the ratio is the figure.

const ADAPTER = '@boxoffice/adapter-redis';
const QUEUE = 'wait';
const SCHEDULE = 'wait-night';
const PRICE = 1000;

interface AdapterModule {
  createRedisStore(options: { url: string; prefix: string; minReplicas?: number; waitConnections?: number }): Promise<BoxofficeStore & { replication: { minReplicas: number } }>;
}

interface Run {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly sequentialP50: number;
}

/** Sets up `m` buyers with a charged wallet and a held seat each, then times pay over them: `c` in flight, then one at a time. */
async function payRun(url: string, prefix: string, minReplicas: number, m: number, c: number, waitConnections?: number): Promise<Run> {
  const mod = (await import(ADAPTER)) as AdapterModule;
  const store = await mod.createRedisStore({ url, prefix, minReplicas, ...(waitConnections ? { waitConnections } : {}) });
  if (store.replication.minReplicas !== minReplicas) throw new Error(`store waits for ${store.replication.minReplicas} replicas, not ${minReplicas}`);
  const bo = createBoxoffice({ store, clock: new SystemClock(), ids: new CryptoIdGenerator(), config: { maxActive: 1_000_000, admitPerMinute: 1_000_000, tickBatch: 100_000, sessionTtl: 36_000, holdTtl: 36_000 } });
  try {
    const total = m + 50;
    await bo.catalog.publish([{ id: 'wait-live', name: 'Wait', venue: null, schedules: [{ id: SCHEDULE, concertId: 'wait-live', startsAt: '2027-01-01T00:00:00.000Z', seats: Array.from({ length: total }, (_, i) => ({ number: i + 1, price: PRICE, grade: null })) }] }]);
    const sessions: SessionRef[] = [];
    for (let i = 0; i < total; i++) {
      const r = await bo.queue.enter(QUEUE, `w${i}`);
      sessions.push({ queueId: QUEUE, token: r.status.token, userId: `w${i}` });
    }
    await bo.queue.tick(QUEUE);
    const holds: string[] = [];
    for (let i = 0; i < total; i++) {
      await bo.wallet.charge(`w${i}`, PRICE, `k${i}`);
      holds.push((await bo.reservations.hold(sessions[i]!, SCHEDULE, [i + 1])).id);
    }
    const pay = async (i: number): Promise<number> => {
      const t = now();
      const p = await bo.payments.pay(sessions[i]!, holds[i]!, `p${i}`);
      if (p.state !== 'completed') throw new Error(`payment ${i} is ${p.state}`);
      return msSince(t);
    };
    // Warm-up (EVAL on first use, the JIT), then c in flight, then one at a time.
    for (let i = m; i < m + 20; i++) await pay(i);
    const latencies: number[] = [];
    let next = 0;
    const t0 = now();
    await Promise.all(
      Array.from({ length: Math.min(c, m) }, async () => {
        while (next < m - 30) latencies.push(await pay(next++));
      }),
    );
    const perSecond = (latencies.length * 1000) / msSince(t0);
    const sequential: number[] = [];
    for (let i = m - 30; i < m; i++) sequential.push(await pay(i));
    return { perSecond, p50: percentile(latencies, 50), p99: percentile(latencies, 99), sequentialP50: percentile(sequential, 50) };
  } finally {
    await store.close();
  }
}

export async function measureReplicaWait(report: Report, _redis: PrivateRedis, o: BenchOptions): Promise<void> {
  if (!hasRedisAdapter()) {
    report.skip('wait', 'packages/adapters/redis has not landed');
    return;
  }
  const m = o.quick ? 300 : 3000;
  const c = o.connections;
  const rounds = o.quick ? 1 : 3;
  const cmd = `npm run bench -- --only wait --connections ${c}`;
  // Servers of their own: one without replicas, and a master with one replica.
  const alone = await startPrivateRedis();
  const master = await startPrivateRedis();
  const replica = await startPrivateRedis();
  try {
    replica.cli('REPLICAOF', '127.0.0.1', String(master.port));
    for (let i = 0; replica.info('replication').master_link_status !== 'up'; i++) {
      if (i > 200) throw new Error('the replica did not sync within 10 s');
      await sleep(50);
    }
    // Interleaved rounds, each variant keeping its best: other tenants only ever slow a run down.
    const variants: Array<[string, string, number, number | undefined]> = [
      ['alone', alone.url, 0, undefined],
      ['async', master.url, 0, undefined],
      ['wait1', master.url, 1, undefined],
      ['wait1-one-connection', master.url, 1, 1],
    ];
    const best = new Map<string, Run>();
    for (let r = 0; r < rounds; r++) {
      for (const [name, url, minReplicas, conns] of variants) {
        const run = await payRun(url, `bench-wait-${name}-${r}-${process.pid}`, minReplicas, m, c, conns);
        const prev = best.get(name);
        if (!prev || run.perSecond > prev.perSecond) best.set(name, { ...run, sequentialP50: Math.min(run.sequentialP50, prev?.sequentialP50 ?? Infinity) });
      }
    }
    const [none, async, waited, single] = ['alone', 'async', 'wait1', 'wait1-one-connection'].map((n) => best.get(n)!) as [Run, Run, Run, Run];
    report.facts.replicaWait = { payments: m, connections: c, rounds, alone: none, asyncReplica: async, wait1: waited, wait1OneConnection: single };
    const base = (name: string, value: number, unit: string) => ({ name, value, unit });
    const of = `best of ${rounds}`;
    report.add({
      group: 'wait', name: `pay with WAIT 1 (one replica), ${c} in flight, vs no replica`, value: waited.perSecond, unit: 'payments/s',
      baseline: base(`pay on a master without replicas, ${c} in flight, ${of}`, none.perSecond, 'payments/s'), target: { op: '>=', value: 0.5, on: 'ratio' }, command: cmd,
      note: `${m} payments a round; waited steps take turns over 4 connections (over one: ${round(single.perSecond, 0)}/s); replica attached, WAIT off: ${round(async.perSecond, 0)}/s`,
    });
    report.add({
      group: 'wait', name: `pay p50 latency with WAIT 1, ${c} in flight, vs no replica`, value: waited.p50, unit: 'ms',
      baseline: base('pay p50 latency without replicas', none.p50, 'ms'), target: null, command: cmd,
      note: `p99 ${round(waited.p99)} ms vs ${round(none.p99)} ms`,
    });
    report.add({
      group: 'wait', name: 'pay p50 latency with WAIT 1, one at a time, vs no replica', value: waited.sequentialP50, unit: 'ms',
      baseline: base('pay p50 latency without replicas, one at a time', none.sequentialP50, 'ms'), target: null, command: cmd,
    });
  } finally {
    await Promise.all([replica.stop(), master.stop(), alone.stop()]);
  }
}
