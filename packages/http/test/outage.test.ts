import { createMemoryStore } from '@boxoffice/adapter-memory';
import { storeUnavailable, type BoxofficeStore } from '@boxoffice/core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, type Client, type TestHost } from './support/api.js';

type Mode = 'up' | 'down' | 'hang';

/** A memory store whose every repository call fails (down) or never answers (hang), as a Redis outage does. */
function breakableStore(): { store: BoxofficeStore; set(mode: Mode): void } {
  const inner = createMemoryStore();
  let mode: Mode = 'up';
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, name, receiver) {
        const value = Reflect.get(t, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (mode === 'down') return Promise.reject(storeUnavailable(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
          if (mode === 'hang') return new Promise(() => undefined);
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  const store: BoxofficeStore = {
    queue: guard(inner.queue),
    catalog: guard(inner.catalog),
    inventory: guard(inner.inventory),
    wallets: guard(inner.wallets),
    payments: guard(inner.payments),
    refunds: guard(inner.refunds),
    sales: guard(inner.sales),
    idempotency: guard(inner.idempotency),
    allowances: guard(inner.allowances),
    waitlist: guard(inner.waitlist),
    events: guard(inner.events),
    audit: guard(inner.audit),
    ping: () => (mode === 'up' ? inner.ping() : Promise.reject(storeUnavailable(new Error('down')))),
    close: () => inner.close(),
  };
  return { store, set: (m) => void (mode = m) };
}

// Gauges of a queue carry its sale as a label since issue 12.
const metric = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);

describe('a store outage, as monitoring and the log see it', () => {
  let host: TestHost;
  let fan: Client;
  let token: string;
  const breakable = breakableStore();
  const lines: string[] = [];
  const logged = (from = 0) => lines.slice(from).map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown; reason?: string });

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
    host = await testHost({ storeInstance: breakable.store, logger, scheduler: false, maxActive: 1 });
    fan = await host.user('fan');
    token = (await fan.enter()).body.token;
    await (await host.user('second')).enter();
    await (await host.user('third')).enter();
    await host.tickNow();
  });
  afterAll(async () => {
    breakable.set('up');
    await host.close();
  });

  it('/metrics always answers: store-backed gauges keep their last value and boxoffice_store_up says 0 (issue 11, bug 7)', async () => {
    const up = await host.anonymous().get('/metrics');
    expect(up.status).toBe(200);
    expect([metric(up.text, 'boxoffice_store_up'), metric(up.text, 'boxoffice_queue_active'), metric(up.text, 'boxoffice_queue_waiting')]).toEqual([1, 1, 2]);
    for (const mode of ['down', 'hang'] as const) {
      breakable.set(mode);
      const started = Date.now();
      const down = await host.anonymous().get('/metrics');
      breakable.set('up');
      expect(down.status, mode).toBe(200);
      expect(Date.now() - started, mode).toBeLessThan(3000);
      expect([metric(down.text, 'boxoffice_store_up'), metric(down.text, 'boxoffice_queue_active'), metric(down.text, 'boxoffice_queue_waiting')], mode).toEqual([0, 1, 2]);
      expect(down.text).toMatch(/http_request_duration_seconds_count/);
    }
    expect(metric((await host.anonymous().get('/metrics')).text, 'boxoffice_store_up')).toBe(1);
  });

  it('an outage is one warn line without a stack, not an error per request or tick, and never internal_error', async () => {
    const mark = lines.length;
    breakable.set('down');
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await fan.status(token)).status);
    await host.tickNow();
    await host.tickNow();
    expect(answers).toEqual(Array(10).fill(503));
    const during = logged(mark);
    expect(during.filter((l) => l.level >= 50)).toEqual([]);
    const warns = during.filter((l) => l.level === 40);
    expect(warns.map((l) => l.msg)).toEqual([expect.stringMatching(/^store unavailable/)]);
    expect(warns[0]?.reason).toBe('connect ECONNREFUSED 127.0.0.1:6379');
    expect(JSON.stringify(during)).not.toMatch(/"stack"/);
    expect(metric((await host.anonymous().get('/metrics')).text, 'boxoffice_store_up')).toBe(0);

    breakable.set('up');
    expect((await fan.status(token)).status).toBe(200);
    expect((await fan.status(token)).status).toBe(200);
    const after = logged(mark).filter((l) => l.msg === 'store answers again');
    expect(after).toHaveLength(1);
    const text = (await host.anonymous().get('/metrics')).text;
    expect(text).toContain('boxoffice_errors_total{code="store_unavailable"} 10');
    expect(text).not.toContain('internal_error');
  });
});
