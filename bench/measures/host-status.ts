import type { BenchOptions } from '../lib/args.js';
import { cpuSeconds } from '../lib/cpu.js';
import { getLoad, type LoadResult } from '../lib/http-load.js';
import { bearer, BENCH_SECRET } from '../lib/jwt.js';
import { startChildServer, startHost, type ChildServer } from '../lib/processes.js';
import { oneKeyGet } from '../lib/redis-benchmark.js';
import type { PrivateRedis } from '../lib/redis-server.js';
import type { Report } from '../lib/report.js';
import { hasHost, hasRedisAdapter } from '../lib/subjects.js';
import { SEAT_MAP_SEATS, startSeatMapReaders } from './host-seat-map.js';

const USERS = 200;

/** Queue tokens for USERS users, each with its own bearer, ready to poll. */
async function enterUsers(server: ChildServer, tag: string): Promise<{ paths: string[]; headers: Record<string, string>[] }> {
  const paths: string[] = [];
  const headers: Record<string, string>[] = [];
  for (let i = 0; i < USERS; i++) {
    const auth = { authorization: `Bearer ${await bearer(BENCH_SECRET, `${tag}-${i}`)}` };
    const res = await fetch(`${server.url}/v1/queue/tokens`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    if (res.status !== 201 && res.status !== 200) throw new Error(`POST /v1/queue/tokens answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { token: string };
    paths.push(`/v1/queue/tokens/${body.token}`);
    headers.push(auth);
  }
  return { paths, headers };
}

function hostEnv(store: 'memory' | 'redis', redis: PrivateRedis): Record<string, string> {
  return {
    BOXOFFICE_STORE: store,
    BOXOFFICE_SECRET: BENCH_SECRET,
    // Nearly everyone waits, so each poll computes a position; nobody idles out during the run.
    BOXOFFICE_MAX_ACTIVE: '1',
    BOXOFFICE_ADMIT_PER_MINUTE: '1',
    BOXOFFICE_IDLE_TIMEOUT_SECONDS: '3600',
    ...(store === 'redis' ? { REDIS_URL: redis.url, BOXOFFICE_REDIS_PREFIX: `bench-host-${process.pid}` } : {}),
  };
}

function checkClean(what: string, r: LoadResult): void {
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${what}: ${r.non2xx} non-2xx answers and ${r.errors} errors out of ${r.total}`);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface PairedRound {
  readonly bare: LoadResult;
  readonly host: LoadResult;
  readonly rpsRatio: number;
  /** Server CPU per request, bare Koa's over the host's (above 1: the host is cheaper). */
  readonly cpuRatio: number;
}

/** Each round's host run against the bare Koa run measured just before it; the round of the median throughput ratio. */
function pairedMedian(bare: Target, host: Target): PairedRound & { rounds: PairedRound[] } {
  const rounds = host.runs.map((h, i) => ({ bare: bare.runs[i]!, host: h, rpsRatio: h.rps / bare.runs[i]!.rps, cpuRatio: bare.cpuUs[i]! / host.cpuUs[i]! }));
  const sorted = [...rounds].sort((a, b) => a.rpsRatio - b.rpsRatio);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, rounds };
}

/** The best of several runs: other tenants of a shared machine only ever slow a run down. */
function best(runs: LoadResult[]): LoadResult {
  return runs.reduce((a, b) => (b.rps > a.rps ? b : a));
}

interface Target {
  readonly name: string;
  readonly server: ChildServer;
  readonly paths: string[];
  readonly headers: Record<string, string>[];
  readonly runs: LoadResult[];
  /** Server CPU µs per answered request, per round. */
  readonly cpuUs: number[];
  /** Runs before each round (fresh admission passes). */
  readonly refresh?: () => Promise<void>;
  /** The answers expected are 304 (conditional reads). */
  readonly notModified?: boolean;
}

/**
 * Host status poll (JWT on each request) against a bare Koa route, and through
 * Redis against redis-benchmark GET. All servers run at once, idle but for the
 * one under load, and are measured in interleaved rounds; each keeps its best, except the
 * goal's pair (the memory host against bare Koa), compared round by round (pairedMedian).
 * The load generator (autocannon, in this process) replays prebuilt requests, so it takes
 * as little as it can of the two cores the servers need.
 */
export async function measureHost(report: Report, redis: PrivateRedis, o: BenchOptions): Promise<void> {
  const c = o.connections;
  // Full rounds measure every target; the extra ones only bare Koa and the memory host (the goal's pair).
  const fullRounds = o.quick ? 1 : 3;
  const rounds = o.quick ? 1 : 7;
  const cmd = `npm run bench -- --only host --connections ${c} --duration ${o.duration}`;
  const started: ChildServer[] = [];
  const targets: Target[] = [];
  try {
    const bare = await startChildServer('bench/servers/bare-koa.ts', [], {});
    started.push(bare);
    const auth = { authorization: `Bearer ${await bearer(BENCH_SECRET, 'bare')}` };
    targets.push({ name: 'bare', server: bare, paths: ['/v1/queue/tokens/AAAAAAAAAAAAAAAAAAAAAA'], headers: [auth], runs: [], cpuUs: [] });
    if (hasHost()) {
      for (const store of hasRedisAdapter() ? (['memory', 'redis'] as const) : (['memory'] as const)) {
        const host = await startHost(hostEnv(store, redis));
        started.push(host);
        targets.push({ name: store, server: host, ...(await enterUsers(host, `poll-${store}`)), runs: [], cpuUs: [] });
      }
      // The seat map of a 1,000-seat date read with an admission pass: in full (200), and as a race loser's re-read (If-None-Match: 304).
      const seats = await startSeatMapReaders();
      started.push(seats.server);
      const { server, paths, compactPaths, refresh } = seats;
      targets.push({ name: 'seat-map', server, paths, headers: seats.headers, runs: [], cpuUs: [], refresh });
      targets.push({ name: 'seat-map-304', server, paths, headers: seats.withEtag, runs: [], cpuUs: [], refresh, notModified: true });
      targets.push({ name: 'seat-map-compact', server, paths: compactPaths, headers: seats.headers, runs: [], cpuUs: [], refresh });
    }
    const gets = [];
    for (let r = 0; r < rounds; r++) {
      // The extra rounds are bare Koa and the memory host alone: the pair the goal compares gets more samples.
      const inRound = r < fullRounds ? targets : targets.slice(0, 2);
      for (const t of inRound) {
        await t.refresh?.();
        if (r === 0) await getLoad(t.server.url, t.paths, t.headers, c, 1, 0, t.notModified);
        const cpu0 = cpuSeconds(t.server.pid);
        const run = await getLoad(t.server.url, t.paths, t.headers, c, o.duration, 0, t.notModified);
        t.cpuUs.push(((cpuSeconds(t.server.pid) - cpu0) * 1e6) / Math.max(1, run.rps * o.duration));
        checkClean(t.name, run);
        t.runs.push(run);
      }
      if (r < fullRounds && targets.some((t) => t.name === 'redis')) gets.push(await oneKeyGet(redis, c, o.quick ? 20_000 : 200_000));
    }
    const koa = best(targets[0]!.runs);
    report.facts.bareKoa = targets[0]!.runs;
    const koaBase = { name: `bare Koa route, ${c} connections, best of ${fullRounds}`, value: koa.rps, unit: 'req/s' };
    const memoryT = targets.find((t) => t.name === 'memory');
    if (!memoryT) {
      report.skip('host', `packages/http/src/cli.ts has not landed; only the bare Koa baseline was measured (${Math.round(koa.rps)} req/s)`);
      return;
    }
    const memory = best(memoryT.runs);
    report.facts.hostMemory = memoryT.runs;
    // The goal's ratio pairs each round's host run with the bare Koa run just before it (the same minutes of
    // the machine's load, the same client), and takes the median round: the best of each side on its own
    // paired two different moments of a machine whose other tenants came and went.
    const paired = pairedMedian(targets[0]!, memoryT);
    report.facts.hostPairedRounds = paired.rounds;
    report.add({
      group: 'host', name: 'host status poll, memory store, JWT: throughput', value: paired.host.rps, unit: 'req/s',
      baseline: { name: `bare Koa route, ${c} connections, the same round (median of ${paired.rounds.length} paired rounds)`, value: paired.bare.rps, unit: 'req/s' },
      target: { op: '>=', value: 0.8, on: 'ratio' }, command: cmd,
      note: `paired throughput ratios by round: ${paired.rounds.map((x) => x.rpsRatio.toFixed(2)).join(', ')}; server CPU per request, bare / host: ${paired.rounds.map((x) => x.cpuRatio.toFixed(2)).join(', ')}`,
    });
    const koaCpu = median(targets[0]!.cpuUs);
    const memCpu = median(memoryT.cpuUs);
    // The seat map and Redis rows compare least-disturbed runs, as before: the mins of the full rounds.
    const koaCpuMin = Math.min(...targets[0]!.cpuUs.slice(0, fullRounds));
    const memCpuMin = Math.min(...memoryT.cpuUs.slice(0, fullRounds));
    report.facts.hostCpuUsPerRequest = Object.fromEntries(targets.map((t) => [t.name, Math.min(...t.cpuUs)]));
    report.facts.hostBestRps = Object.fromEntries(targets.map((t) => [t.name, best(t.runs).rps]));
    report.add({
      group: 'host', name: 'host status poll, memory store: server CPU per request', value: memCpu, unit: 'µs',
      baseline: { name: 'bare Koa route, same rounds (median of each)', value: koaCpu, unit: 'µs' }, target: null, command: cmd,
      note: 'user+system CPU of the server process (/proc/<pid>/stat) over the run, divided by the 2xx answers; robust when the load generator, not the server, caps throughput. Ratio above 1 means more CPU per request than bare Koa.',
    });
    const seatReads = [
      ['seat-map', '200, the whole map'],
      ['seat-map-304', 'If-None-Match, 304'],
      ['seat-map-compact', 'the compact availability bitmap, 200'],
    ] as const;
    for (const [name, what] of seatReads) {
      const t = targets.find((x) => x.name === name);
      if (!t) continue;
      report.facts[name] = t.runs;
      report.add({
        group: 'host', name: `host seat map read, ${SEAT_MAP_SEATS.toLocaleString('en')} seats, admission pass (${what}): server CPU per request`, value: Math.min(...t.cpuUs), unit: 'µs',
        baseline: { name: 'host status poll, memory store, same rounds', value: memCpuMin, unit: 'µs' }, target: { op: '<=', value: 3, on: 'ratio' }, command: cmd,
      });
      report.add({ group: 'host', name: `host seat map read (${what}): throughput`, value: best(t.runs).rps, unit: 'req/s', baseline: { name: 'host status poll, memory store', value: memory.rps, unit: 'req/s' }, target: null, command: cmd });
    }
    report.add({ group: 'host', name: 'host status poll, memory store: p50 latency', value: memory.p50Ms, unit: 'ms', baseline: { ...koaBase, value: koa.p50Ms, unit: 'ms' }, target: null, command: cmd });
    report.add({ group: 'host', name: 'host status poll, memory store: p99 latency', value: memory.p99Ms, unit: 'ms', baseline: { ...koaBase, value: koa.p99Ms, unit: 'ms' }, target: null, command: cmd });

    const redisT = targets.find((t) => t.name === 'redis');
    if (!redisT) {
      report.skip('host-redis', 'packages/adapters/redis has not landed');
      return;
    }
    const viaRedis = best(redisT.runs);
    report.facts.hostRedis = redisT.runs;
    const get = gets.reduce((a, b) => (b.rps > a.rps ? b : a));
    const getBase = { name: `redis-benchmark GET, ${c} clients, best of ${fullRounds}`, value: get.rps, unit: 'req/s' };
    report.add({ group: 'host', name: 'host status poll, Redis store, JWT: throughput', value: viaRedis.rps, unit: 'req/s', baseline: getBase, target: null, command: `${cmd}  |  ${get.command}` });
    report.add({
      group: 'host', name: 'host status poll, Redis store: server CPU per request', value: Math.min(...redisT.cpuUs), unit: 'µs',
      baseline: { name: 'bare Koa route, same rounds', value: koaCpuMin, unit: 'µs' }, target: null, command: cmd,
    });
    report.add({ group: 'host', name: 'host status poll, Redis store: p50 latency', value: viaRedis.p50Ms, unit: 'ms', baseline: { ...getBase, value: get.p50Ms, unit: 'ms' }, target: null, command: cmd });
    report.add({ group: 'host', name: 'host status poll, Redis store: p99 latency', value: viaRedis.p99Ms, unit: 'ms', baseline: { ...getBase, value: get.p99Ms, unit: 'ms' }, target: null, command: cmd });
    report.add({ group: 'host', name: 'host status poll, Redis store vs bare Koa', value: viaRedis.rps, unit: 'req/s', baseline: koaBase, target: null, command: cmd });
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
}
