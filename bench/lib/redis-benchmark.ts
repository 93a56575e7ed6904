import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PrivateRedis } from './redis-server.js';

const run = promisify(execFile);

export interface RedisBenchResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly command: string;
}

/** Runs redis-benchmark against the private server with `clients` connections and parses its CSV line. */
export async function redisBenchmark(redis: PrivateRedis, clients: number, requests: number, args: readonly string[]): Promise<RedisBenchResult> {
  const argv = ['-h', '127.0.0.1', '-p', String(redis.port), '-c', String(clients), '-n', String(requests), '--csv', ...args];
  const { stdout } = await run('redis-benchmark', argv, { maxBuffer: 16 << 20 });
  const lines = stdout.trim().split(/\r?\n/).filter((l) => !l.startsWith('"test"'));
  const last = lines.at(-1);
  if (!last) throw new Error(`redis-benchmark printed nothing: ${stdout}`);
  // The test name may hold quotes (a replayed script's JSON argument): read the seven numbers from the end.
  const m = /"([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)"\s*$/.exec(last);
  const cells = m ? ['', ...m.slice(1)] : [];
  const rps = Number(cells[1]);
  if (!Number.isFinite(rps) || rps <= 0) throw new Error(`redis-benchmark output not understood: ${last}`);
  return { rps, p50Ms: Number(cells[4]), p99Ms: Number(cells[6]), command: `redis-benchmark ${argv.join(' ')}` };
}

/** The physical limit of one script per operation: a no-op EVALSHA. */
export async function noopEvalsha(redis: PrivateRedis, clients: number, requests: number): Promise<RedisBenchResult> {
  const sha = redis.cli('SCRIPT', 'LOAD', 'return 0');
  return redisBenchmark(redis, clients, requests, ['EVALSHA', sha, '0']);
}

/** A one-key read of an existing key. */
export async function oneKeyGet(redis: PrivateRedis, clients: number, requests: number): Promise<RedisBenchResult> {
  redis.cli('SET', 'key:__rand_int__', 'xxx');
  return redisBenchmark(redis, clients, requests, ['-t', 'get']);
}
