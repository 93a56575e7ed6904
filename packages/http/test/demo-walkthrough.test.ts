import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWalkthrough } from '../src/demo-example.js';
import { testHost, type TestHost } from './support/api.js';

const run = promisify(execFile);

describe('the demo walk-through', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await testHost({ secret: undefined, tickMs: 50 });
  });
  afterAll(() => host.close());

  it('pasted into a shell, every curl line shows its status: 402 before the charge, 201 after', async () => {
    const text = await demoWalkthrough(host.url, host.secret);
    const script = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('export ') || l.includes('curl '))
      .join('\n');
    const { stdout, stderr } = await run('sh', ['-ec', script], { timeout: 20_000 });
    const statuses = [...`${stdout}\n${stderr}`.matchAll(/^HTTP (\d{3})$/gm)].map((m) => Number(m[1]));
    // Captured answers (queue token, reservation) print their status on stderr, the rest after the body.
    expect([...stderr.matchAll(/^HTTP (\d{3})$/gm)].map((m) => Number(m[1]))).toEqual([201, 201]);
    expect(stdout.match(/^HTTP (\d{3})$/gm)).toEqual(['HTTP 200', 'HTTP 200', 'HTTP 200', 'HTTP 200', 'HTTP 402', 'HTTP 201', 'HTTP 201', 'HTTP 200']);
    expect(statuses).toHaveLength(10);
    expect(script.match(/curl /g)).toHaveLength(10);
  }, 30_000);
});
