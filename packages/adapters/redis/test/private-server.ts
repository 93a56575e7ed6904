import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  /** SIGKILL by PID (a crash: nothing flushed, no goodbye to replicas); resolves once it has exited. */
  kill(): Promise<void>;
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
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid!, 'SIGKILL');
      await exited;
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

/** A replica of `master`: a private server started with `--replicaof`, resolved once its link is up and synced. */
export async function startReplica(master: { port: number }, extraArgs: string[] = []): Promise<PrivateRedis> {
  const replica = await startRedis({ extraArgs: ['--replicaof', '127.0.0.1', String(master.port), ...extraArgs] });
  try {
    await waitForInfo(replica.port, 'replication', /master_link_status:up/);
  } catch (error) {
    await replica.stop();
    throw error;
  }
  return replica;
}

/** Polls `INFO <section>` on a loopback port until it matches. */
export async function waitForInfo(port: number, section: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const info = await client.info(section).catch(() => '');
      if (pattern.test(info)) return info;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`INFO ${section} on ${port} did not match ${String(pattern)} within ${timeoutMs} ms`);
  } finally {
    client.disconnect();
  }
}

export interface SentinelGroup {
  /** The master's name the Sentinels monitor. */
  readonly name: string;
  /** `127.0.0.1:port` of each Sentinel. */
  readonly sentinels: string[];
  /** The data servers: index 0 starts as the master, the rest as its replicas. */
  readonly servers: PrivateRedis[];
  /** The port of the server the Sentinels name master now. */
  master(): Promise<number>;
  /** Stops every Sentinel and server by PID. */
  stop(): Promise<void>;
}

/**
 * One master, `replicas` replicas and `sentinels` Sentinels (`redis-server --sentinel`, each with its own
 * config file in a temporary folder, quorum a majority), on spare loopback ports. `downAfterMs` is the
 * Sentinels' down-after-milliseconds. Resolves once every Sentinel sees the master and all its replicas.
 */
export async function startSentinelGroup(options: { replicas?: number; sentinels?: number; downAfterMs?: number } = {}): Promise<SentinelGroup> {
  const name = 'bomaster';
  const servers: PrivateRedis[] = [];
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bo-sentinel-'));
  const onExit = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) process.kill(c.pid!, 'SIGKILL');
  };
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    await Promise.all(children.map((c) => stopChild(c)));
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const master = await startRedis();
    servers.push(master);
    for (let i = 0; i < (options.replicas ?? 2); i++) servers.push(await startReplica(master));
    const count = options.sentinels ?? 3;
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const port = await sparePort();
      ports.push(port);
      const file = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${master.port} ${Math.floor(count / 2) + 1}`,
          `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1000}`,
          `sentinel failover-timeout ${name} 3000`,
          `sentinel parallel-syncs ${name} 2`,
          '',
        ].join('\n'),
      );
      children.push(spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' }));
    }
    await Promise.all(ports.map((port, i) => waitForPing(port, children[i]!)));
    const replicas = options.replicas ?? 2;
    await Promise.all(
      ports.map((port) => waitForInfo(port, 'sentinel', new RegExp(`name=${name},status=ok,address=[^,]+,slaves=${replicas},sentinels=${count}`))),
    );
    const masterPort = async (): Promise<number> => {
      for (const port of ports) {
        const probe = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', name)) as [string, string] | null;
          if (addr) return Number(addr[1]);
        } catch {
          // that Sentinel is not answering: ask the next
        } finally {
          probe.disconnect();
        }
      }
      throw new Error('no Sentinel named a master');
    };
    return { name, sentinels: ports.map((p) => `127.0.0.1:${p}`), servers, master: masterPort, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
