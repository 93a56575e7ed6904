import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { sparePort, stopChild, waitForPing } from './private-server.js';

const run = promisify(execFile);

export interface LocalCluster {
  /** `127.0.0.1:port` of each node. */
  readonly nodes: string[];
  readonly pids: number[];
  readonly dir: string;
  /** Stops every node by its PID and deletes the folder. */
  stop(): Promise<void>;
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
 * A real three-master Redis Cluster on spare loopback ports in a temporary
 * folder: three `redis-server --cluster-enabled yes`, joined with
 * `redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes`, ready
 * once every node reports cluster_state:ok.
 */
export async function startCluster(size = 3): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'bo-cluster-'));
  const children: ChildProcess[] = [];
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
    for (let i = 0; i < size; i++) {
      let port = await sparePort(true);
      while (ports.includes(port)) port = await sparePort(true);
      ports.push(port);
    }
    for (const port of ports) {
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      const child = spawn(
        'redis-server',
        [
          '--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir,
          '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000',
          '--save', '', '--appendonly', 'no',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
    }
    await Promise.all(ports.map((port, i) => waitForPing(port, children[i]!)));
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    await Promise.all(ports.map((port) => waitForClusterOk(port)));
    return { nodes, pids: children.map((c) => c.pid!), dir, stop };
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
