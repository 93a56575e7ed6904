import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '@boxoffice/adapter-memory';
import { storeUnavailable } from '@boxoffice/core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testHost, type TestHost } from './support/api.js';

describe('operations: health, readiness, metrics, request ids, failures', () => {
  let host: TestHost;
  const lines: string[] = [];
  const store = createMemoryStore();
  let broken: 'none' | 'unavailable' | 'bug' = 'none';

  beforeAll(async () => {
    const view = store.queue.view.bind(store.queue);
    store.queue.view = async (...args) => {
      if (broken === 'unavailable') throw storeUnavailable(new Error('ECONNREFUSED'));
      if (broken === 'bug') throw new Error('internal detail /secret/path.ts:42');
      return view(...args);
    };
    const ping = store.ping.bind(store);
    store.ping = async () => {
      if (broken !== 'none') throw storeUnavailable(new Error('down'));
      return ping();
    };
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    host = await testHost({ storeInstance: store, logger, scheduler: false });
  });
  afterAll(() => host.close());

  it('healthz and readyz; readyz answers 503 with Retry-After when the store does not', async () => {
    const anon = host.anonymous();
    expect((await anon.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await anon.get('/readyz')).status).toBe(200);
    broken = 'unavailable';
    try {
      const down = await anon.get('/readyz');
      expect([down.status, down.body.code]).toEqual([503, 'store_unavailable']);
      expect(down.headers.get('retry-after')).toBe('1');
      expect((await anon.get('/healthz')).status).toBe(200);
    } finally {
      broken = 'none';
    }
  });

  it('store_unavailable is 503 with Retry-After; a bug is an opaque 500; both are logged with the request id', async () => {
    const u = await host.user('ops');
    const t = (await u.enter()).body.token;
    broken = 'unavailable';
    const r503 = await u.get(`/v1/queue/tokens/${t}`, { headers: { 'x-request-id': 'req-503' } });
    broken = 'bug';
    const r500 = await u.get(`/v1/queue/tokens/${t}`, { headers: { 'x-request-id': 'req-500' } });
    broken = 'none';
    expect([r503.status, r503.body.code, r503.headers.get('retry-after')]).toEqual([503, 'store_unavailable', '1']);
    expect([r500.status, r500.body.code, r500.body.requestId]).toEqual([500, 'internal_error', 'req-500']);
    expect(r500.text).not.toMatch(/secret|path\.ts|\bat\b.*\(/);
    const logged = lines.map((l) => JSON.parse(l) as { level: number; reqId?: string; where?: string; msg: string; err?: { stack?: string } });
    const errors = logged.filter((l) => l.level >= 50);
    // An outage is a warn line naming the request, without a stack; a bug is an error line with one.
    const outage = logged.find((l) => l.where === 'req-503');
    expect([outage?.level, outage?.msg, outage?.err]).toEqual([40, expect.stringMatching(/^store unavailable/), undefined]);
    expect(errors.find((l) => l.reqId === 'req-503')).toBeUndefined();
    expect(errors.find((l) => l.reqId === 'req-500')?.err?.stack).toContain('internal detail');
  });

  it('honours and echoes X-Request-Id, and makes one when absent or malformed', async () => {
    const anon = host.anonymous();
    expect((await anon.get('/healthz', { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    expect((await anon.get('/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    expect((await anon.get('/healthz', { headers: { 'x-request-id': 'bad id\t<script>' } })).headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    const access = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string }).find((l) => l.reqId === 'abc-123');
    expect(access?.msg).toBe('request');
  });

  it('exposes Prometheus metrics: durations by route, queue, hold, payment and error counters, queue gauges', async () => {
    const u = await host.user('metered');
    const t = (await u.enter()).body.token;
    await host.tickNow();
    await u.status(t);
    const rid = (await u.hold(t, 'aurora-2027-03-14', [44])).body.id;
    await u.pay(t, rid, 'm-1'); // 402
    const text = (await host.anonymous().get('/metrics')).text;
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.001",method="GET",route="\/v1\/queue\/tokens\/\{token\}",status="200"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/v1\/payments",status="402"\} 1/);
    expect(text).toMatch(/boxoffice_queue_entered_total \d+/);
    expect(text).toMatch(/boxoffice_queue_admitted_total\{sale="default"\} [1-9]/);
    expect(text).toMatch(/boxoffice_queue_expired_total/);
    expect(text).toMatch(/boxoffice_holds_total [1-9]/);
    expect(text).toContain('boxoffice_payments_total{outcome="insufficient_balance"} 1');
    expect(text).toContain('boxoffice_errors_total{code="insufficient_balance"} 1');
    expect(text).toMatch(/boxoffice_queue_waiting\{sale="default"\} \d+/);
    expect(text).toMatch(/boxoffice_queue_active\{sale="default"\} [1-9]/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
    expect(text).not.toMatch(/nodejs_active_\w+_total/);
  });
});

describe('demo mode and the web page', () => {
  let demo: TestHost;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'bo-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>waiting room</title>');
    writeFileSync(join(root, 'assets', 'app-Bx12cd34.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
    demo = await testHost({ secret: undefined, webRoot: root, scheduler: false });
  });
  afterAll(() => demo.close());

  it('without a secret, POST /v1/demo/token mints a working bearer token', async () => {
    expect(demo.demoMode).toBe(true);
    const anon = demo.anonymous();
    const r = await anon.post('/v1/demo/token', { userId: 'visitor' });
    expect(r.status).toBe(200);
    const visitor = new Client(demo.url, r.body.token);
    expect((await visitor.wallet()).body.balance).toBe(0);
    expect((await anon.post('/v1/demo/token', { userId: '' })).status).toBe(400);
  });

  it('serves the built page with content types, caching hashed assets for good, and nothing outside its folder', async () => {
    const page = await fetch(`${demo.url}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('waiting room');
    const js = await fetch(`${demo.url}/assets/app-Bx12cd34.js`);
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    const css = await fetch(`${demo.url}/assets/style.css`);
    expect([css.headers.get('content-type'), css.headers.get('cache-control')]).toEqual(['text/css; charset=utf-8', 'no-cache']);
    for (const path of ['/../package.json', '/assets/..%2f..%2findex.html', '/%2e%2e/%2e%2e/etc/passwd', '/assets/missing.js']) {
      const r = await fetch(`${demo.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('without a built page, / explains how to build it', async () => {
    const bare = await testHost({ webRoot: join(root, 'nothing-here'), scheduler: false });
    try {
      const r = await fetch(`${bare.url}/`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('npm run build:web');
    } finally {
      await bare.close();
    }
  });
});
