import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from './ports.js';

/** A redis-server of our own on a spare port in a temp dir: no persistence, never the shared one. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  cli(...args: string[]): string;
  info(section: string): Record<string, string>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'boxoffice-bench-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const cli = (...args: string[]): string =>
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  for (let i = 0; ; i++) {
    try {
      if (cli('PING') === 'PONG') break;
    } catch {
      /* not up yet */
    }
    if (i > 100 || child.exitCode !== null) throw new Error(`private redis-server on port ${port} did not start`);
    await sleep(50);
  }
  const info = (section: string): Record<string, string> => parseInfo(cli('INFO', section));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { port, url: `redis://127.0.0.1:${port}`, pid: child.pid ?? -1, cli, info, stop };
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
