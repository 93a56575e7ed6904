import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { signToken } from '../src/auth.js';
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

/**
 * A POST whose body arrives in two halves `gapMs` apart: a request the host
 * is still serving, with no test hook in the host.
 */
function slowPost(url: string, headers: Record<string, string>, body: string, gapMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    setTimeout(() => req.end(body.slice(half)), gapMs);
  });
}

describe('graceful shutdown', () => {
  it('on SIGTERM a slow request in flight completes, new connections are refused, and the process exits 0', async () => {
    const secret = 'x'.repeat(32);
    const child = runCli(['serve', '--port', '0', '--host', '127.0.0.1'], { BOXOFFICE_SECRET: secret, LOG_LEVEL: 'info' });
    const url = await listeningUrl(child);
    const started = Date.now();
    const authorization = `Bearer ${await signToken(secret, 'slow')}`;
    // The body takes 2 s to arrive (within the 5 s body timeout): the request is in flight all that time.
    const slow = slowPost(`${url}/v1/wallet/charges`, { authorization, 'idempotency-key': 'slow-1' }, '{"amount":500}', 2000);
    await new Promise((r) => setTimeout(r, 600));
    child.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const refused = await get(`${url}/healthz`).then(
      () => 'answered',
      (e: NodeJS.ErrnoException) => e.code,
    );
    const answer = await slow;
    expect(answer.status, answer.body).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ balance: 500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(refused).toBe('ECONNREFUSED');
    expect(await child.exited).toBe(0);
    expect(child.stdout).toContain('"msg":"shut down"');
  }, 60_000);
});

describe('graceful shutdown with an open event stream', () => {
  it('on SIGINT an open status stream ends and the process exits 0', async () => {
    const secret = 'y'.repeat(32);
    const child = runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--max-active', '1'], { BOXOFFICE_SECRET: secret, LOG_LEVEL: 'info' });
    const url = await listeningUrl(child);
    const headersOf = async (user: string) => ({ authorization: `Bearer ${await signToken(secret, user)}` });
    const first = await headersOf('first');
    const second = await headersOf('second');
    await fetch(`${url}/v1/queue/tokens`, { method: 'POST', headers: first });
    const waiting = (await (await fetch(`${url}/v1/queue/tokens`, { method: 'POST', headers: second })).json()) as { token: string };
    const stream = await fetch(`${url}/v1/queue/tokens/${waiting.token}/events`, { headers: second });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    const firstChunk = await reader.read();
    expect(new TextDecoder().decode(firstChunk.value)).toContain('retry:');
    child.proc.kill('SIGINT');
    // The server ends the stream: the reader sees the end, not an error.
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(await child.exited).toBe(0);
    expect(child.stdout).toContain('"signal":"SIGINT"');
  }, 60_000);
});
