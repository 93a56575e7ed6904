import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface Child {
  readonly proc: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

/** Runs the CLI in a child process, as `npm start` does, with a clean environment plus `env`. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = {
    proc,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => proc.on('exit', (code) => resolve(code))),
  };
  proc.stdout!.on('data', (d: Buffer) => (child.stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (child.stderr += d.toString()));
  return child;
}

/**
 * Waits for the host's "listening" log line and returns its URL. A child host transpiles its sources first: 2-5 s
 * alone, and one start in a run with the machine's cores shared twice over took more than 20 s.
 */
export async function listeningUrl(child: Child, timeoutMs = 45_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const m = /"url":"(http:[^"]+)".*"msg":"boxoffice listening"/.exec(child.stdout);
    if (m?.[1]) return m[1];
    if (child.proc.exitCode !== null) throw new Error(`host exited ${child.proc.exitCode}: ${child.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`host did not start: ${child.stdout}\n${child.stderr}`);
}
