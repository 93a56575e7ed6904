import { execFileSync } from 'node:child_process';
import { startRedis } from '../../packages/adapters/redis/test/private-server.js';

/**
 * The bench's redis-server: the tests' launcher (packages/adapters/redis/test/private-server.ts: a spare
 * loopback port, a temp dir, no persistence, stopped by its pid, never the shared one), plus redis-cli
 * access for INFO, SCRIPT LOAD and MEMORY USAGE.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  cli(...args: string[]): string;
  info(section: string): Record<string, string>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const server = await startRedis({ extraArgs: ['--loglevel', 'warning'] });
  const cli = (...args: string[]): string =>
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(server.port), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const info = (section: string): Record<string, string> => parseInfo(cli('INFO', section));
  return { port: server.port, url: server.url, pid: server.pid, cli, info, stop: () => server.stop() };
}

export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

/** calls per command name from INFO commandstats. */
export function commandCalls(redis: PrivateRedis): Map<string, number> {
  return new Map([...commandStats(redis)].map(([name, s]) => [name, s.calls]));
}

/** calls and microseconds spent per command name, from INFO commandstats. */
export function commandStats(redis: PrivateRedis): Map<string, { calls: number; usec: number }> {
  const stats = new Map<string, { calls: number; usec: number }>();
  for (const [key, value] of Object.entries(redis.info('commandstats'))) {
    const m = /calls=(\d+),usec=(\d+)/.exec(value);
    if (m) stats.set(key.replace(/^cmdstat_/, ''), { calls: Number(m[1]), usec: Number(m[2]) });
  }
  return stats;
}

export function usedMemory(redis: PrivateRedis): number {
  return Number(redis.info('memory').used_memory);
}
