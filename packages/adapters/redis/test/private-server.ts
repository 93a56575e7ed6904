import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A loopback port that is free now (and, with `withBus`, whose cluster bus port +10000 is free too). */
export async function sparePort(withBus = false): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (!withBus) return port;
    if (port + 10000 < 65536 && (await isFree(port + 10000))) return port;
  }
  throw new Error('no spare loopback port');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
    });
  });
}

async function isFree(port: number): Promise<boolean> {
  return listenOnce(port).then(
    () => true,
    () => false,
  );
}

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly pid: number;
  /** Stops the server by its PID and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a redis-server of our own on a spare loopback port in a temporary
 * folder, with persistence off unless `extraArgs` turn it on. Its data is ours
 * alone, so counting commands on it is exact and nothing a user owns is touched.
 */
export async function startRedis(options: { extraArgs?: string[]; dir?: string; port?: number } = {}): Promise<PrivateRedis> {
  const port = options.port ?? (await sparePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'bo-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...(options.extraArgs ?? [])],
    { stdio: 'ignore' },
  );
  const ownsDir = options.dir === undefined;
  // If the test process ends without stop(), still end our server by its PID.
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
  };
  process.once('exit', onExit);
  try {
    await waitForPing(port, child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: child.pid!,
    stop: async () => {
      process.off('exit', onExit);
      await stopChild(child);
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitForPing(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`);
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on ${port} did not answer within ${timeoutMs} ms`);
}

/** SIGTERM by PID, then SIGKILL if it lingers; resolves once the process has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
  }, 3000);
  await exited;
  clearTimeout(timer);
}
