import { vi } from 'vitest';
import { main } from '../../src/cli.js';

/** Runs the CLI's main() in this process, capturing what it prints. */
export async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(args, env);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
