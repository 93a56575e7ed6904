import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { sparePort, stopChild, waitForInfo, waitForPing } from './private-server.js';

const run = promisify(execFile);

export interface LocalCluster {
  /** `127.0.0.1:port` of each node. */
  readonly nodes: string[];
  /** The PID of each node as first started. */
  readonly pids: number[];
  readonly dir: string;
  /** SIGKILL the node on `port` by its PID (a crash); resolves once it has exited. */
  kill(port: number): Promise<void>;
  /** Starts the node on `port` again from its folder: its nodes.conf rejoins it (as a replica, once replaced). */
  restart(port: number): Promise<void>;
  /** Stops every node by its PID and deletes the folder. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Replicas per master (`--cluster-replicas`). Default 0. */
  readonly replicas?: number;
  /** `cluster-node-timeout` in ms: how soon a silent master is failed over. Default 5000. */
  readonly nodeTimeoutMs?: number;
}

/** Whether redis-server and redis-cli are on the PATH (the harness needs both). */
export async function clusterToolsPresent(): Promise<boolean> {
  try {
    await run('redis-server', ['--version']);
    await run('redis-cli', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * A real Redis Cluster of `size` masters (each with `options.replicas`
 * replicas) on spare loopback ports in a temporary folder:
 * `redis-server --cluster-enabled yes` processes joined with
 * `redis-cli --cluster create ... --cluster-replicas <n> --cluster-yes`, ready
 * once every node reports cluster_state:ok and every master has its replicas.
 */
export async function startCluster(size = 3, options: ClusterOptions = {}): Promise<LocalCluster> {
  const replicas = options.replicas ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'bo-cluster-'));
  const children: ChildProcess[] = [];
  const byPort = new Map<number, ChildProcess>();
  // If the test process ends without calling stop(), still end our servers (by PID) and remove the folder.
  const onExit = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) process.kill(c.pid!, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    await Promise.all(children.map((c) => stopChild(c)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < size * (1 + replicas); i++) {
      let port = await sparePort(true);
      while (ports.includes(port)) port = await sparePort(true);
      ports.push(port);
    }
    const launch = (port: number): ChildProcess => {
      const child = spawn(
        'redis-server',
        [
          '--port', String(port), '--bind', '127.0.0.1', '--dir', join(dir, String(port)),
          '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 5000),
          '--save', '', '--appendonly', 'no',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
      byPort.set(port, child);
      return child;
    };
    for (const port of ports) {
      mkdirSync(join(dir, String(port)));
      launch(port);
    }
    await Promise.all(ports.map((port) => waitForPing(port, byPort.get(port)!)));
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
    await Promise.all(ports.map((port) => waitForClusterOk(port)));
    if (replicas > 0) await Promise.all(ports.map((port) => waitForInfo(port, 'replication', /role:slave[\s\S]*master_link_status:up|role:master[\s\S]*connected_slaves:[1-9]/)));
    const kill = async (port: number): Promise<void> => {
      const child = byPort.get(port);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid!, 'SIGKILL');
      await exited;
    };
    const restart = async (port: number): Promise<void> => {
      await kill(port);
      await waitForPing(port, launch(port));
    };
    return { nodes, pids: ports.map((p) => byPort.get(p)!.pid!), dir, kill, restart, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForClusterOk(port: number, timeoutMs = 20_000): Promise<void> {
  const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const info = await client.cluster('INFO').catch(() => '');
      if (String(info).includes('cluster_state:ok')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`cluster node ${port} did not reach cluster_state:ok within ${timeoutMs} ms`);
  } finally {
    client.disconnect();
  }
}
