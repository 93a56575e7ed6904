import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listeningUrl, runCli } from './support/child.js';

/** A GET that resolves with status and body, or rejects when the connection fails. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('on SIGTERM a slow request in flight completes, new connections are refused, and the process exits 0', async () => {
    // BOXOFFICE_TEST_DELAY_MS: requests carrying X-Test-Delay wait that long (a test-only hook, not a route).
    const child = runCli(['serve', '--port', '0', '--host', '127.0.0.1'], { BOXOFFICE_SECRET: 'x'.repeat(32), BOXOFFICE_TEST_DELAY_MS: '2000', LOG_LEVEL: 'info' });
    const url = await listeningUrl(child);
    const started = Date.now();
    const slow = get(`${url}/healthz`, { 'x-test-delay': '1' });
    await new Promise((r) => setTimeout(r, 600));
    child.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const refused = await get(`${url}/healthz`).then(
      () => 'answered',
      (e: NodeJS.ErrnoException) => e.code,
    );
    const answer = await slow;
    expect(answer).toEqual({ status: 200, body: '{"status":"ok"}' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(refused).toBe('ECONNREFUSED');
    expect(await child.exited).toBe(0);
    expect(child.stdout).toContain('"msg":"shut down"');
  }, 30_000);
});
