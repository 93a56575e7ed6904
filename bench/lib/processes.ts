import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sparePort } from '../../packages/adapters/redis/test/private-server.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const HOST_CLI = 'packages/http/src/cli.ts';

/** A server in a child process, so the load generator and the server do not share a thread. */
export interface ChildServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** `node --conditions=source --import tsx <script> ...args` with env, waiting until `readyPath` answers. */
export async function startChildServer(script: string, args: readonly string[], env: Record<string, string>, readyPath = '/healthz'): Promise<ChildServer> {
  const port = await sparePort();
  const child: ChildProcess = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
    cwd: REPO,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(url + readyPath);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not answer ${readyPath} within 30 s: ${stderr}`);
    }
    await sleep(100);
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
    if (!done && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  };
  return { url, port, pid: child.pid ?? -1, stop };
}

/** The boxoffice host CLI in a child process, configured through its environment variables. */
export function startHost(env: Record<string, string>): Promise<ChildServer> {
  // A load test is many clients from one address at machine speed: rate limits off unless the caller says otherwise.
  return startChildServer(HOST_CLI, ['serve'], { BOXOFFICE_RATE_LIMITS: 'off', ...env });
}
