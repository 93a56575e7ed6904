import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, signToken } from '../src/index.js';
import { Client, contractStats, testHost, type TestHost } from './support/api.js';

describe('contract: /openapi.json', () => {
  let host: TestHost;
  let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    // Rate limits on: the walk stays under every default quota, and each limited answer is checked with its headers.
    host = await testHost({ scheduler: false, rateLimits: 'on' });
    doc = (await (await fetch(`${host.url}/openapi.json`)).json()) as typeof doc;
  });
  afterAll(() => host.close());

  it('is accepted by an outside validator (@apidevtools/swagger-parser)', async () => {
    const api = (await SwaggerParser.validate(structuredClone(doc) as never)) as unknown as { openapi: string };
    expect(api.openapi).toBe('3.1.0');
    console.log(`[contract] swagger-parser validated OpenAPI ${api.openapi}: ${Object.keys(doc.paths).length} paths, no errors`);
  });

  it('writes every route whole, /v1 included', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    for (const r of ROUTES) expect(documented).toContain(`${r.method} ${r.path}`);
    for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\/(v1\/|healthz|readyz|metrics|openapi\.json|docs)/);
  });

  it('every operation answers within its documented schemas (one walk over all routes)', async () => {
    const u = await host.user('walker');
    const anon = host.anonymous();
    await anon.get('/healthz');
    await anon.get('/readyz');
    await anon.get('/metrics');
    await anon.post('/v1/demo/token', { userId: 'x' }); // 404: a secret is set
    const qt = (await u.enter()).body.token;
    await u.status(qt);
    await host.tickNow();
    await u.get(`/v1/queue/tokens/${qt}/events`); // active: one event, then the stream ends
    await u.get('/v1/concerts', { queueToken: qt });
    await u.get('/v1/concerts/aurora-live/schedules', { queueToken: qt });
    await u.get('/v1/schedules/aurora-2027-03-15/seats', { queueToken: qt });
    await u.get('/v1/schedules/aurora-2027-03-15/availability', { queueToken: qt });
    const held = (await u.hold(qt, 'aurora-2027-03-15', [30])).body.id;
    await u.get(`/v1/reservations/${held}`);
    await u.delete(`/v1/reservations/${held}`);
    const rid = (await u.hold(qt, 'aurora-2027-03-15', [31])).body.id;
    await u.pay(qt, rid, 'p0');
    await u.charge(200000, 'c1');
    const paid = await u.pay(qt, rid, 'p1');
    await u.get(`/v1/payments/${paid.body.id}`);
    await u.wallet('?limit=1');
    await u.delete(`/v1/queue/tokens/${qt}`);
    // A sale's own waiting room, and the sales themselves.
    await u.get('/v1/sales');
    await u.get('/v1/sales/default');
    await u.get('/v1/sales/default/challenge');
    const st = (await u.post('/v1/sales/default/queue/tokens')).body.token;
    await u.get(`/v1/sales/default/queue/tokens/${st}`);
    await host.tickNow();
    await u.get(`/v1/sales/default/queue/tokens/${st}/events`);
    await u.delete(`/v1/sales/default/queue/tokens/${st}`);
    // Every event the walk made, a page of 3 at a time, each checked against its documented type.
    const operator = new Client(host.url, await signToken(host.secret, 'ops-1', 600, Date.now(), ['operator']));
    // Refunds: the default sale takes none from buyers (403); an operator's names the payer (201).
    await u.post(`/v1/payments/${paid.body.id}/refunds`, undefined, { idempotencyKey: 'rf0' });
    await operator.post(`/v1/payments/${paid.body.id}/refunds`, { userId: 'walker' }, { idempotencyKey: 'rf1' });
    await u.get(`/v1/payments/${paid.body.id}/refund`);
    await operator.get(`/v1/payments/${paid.body.id}/refund?userId=walker`);
    await u.get('/v1/payments/nosuch/refund'); // 404
    await u.get(`/v1/payments/${paid.body.id}`); // with its refundId
    let after = '';
    const types = new Set<string>();
    for (let pages = 0; pages < 100; pages++) {
      const page = await operator.get(`/v1/admin/events?limit=3${after ? `&after=${after}` : ''}`);
      if (page.body.events.length === 0) break;
      for (const e of page.body.events as { type: string }[]) types.add(e.type);
      after = page.body.next;
    }
    expect([...types].sort()).toEqual(
      expect.arrayContaining(['payment.completed', 'queue.admitted', 'queue.ended', 'refund.completed', 'reservation.held', 'reservation.released', 'sale.opened', 'wallet.charged']),
    );
    // The operator console's routes.
    await operator.get('/v1/admin/sales');
    const sale = await operator.get('/v1/admin/sales/default');
    await operator.patch('/v1/admin/sales/default', { mode: 'paused' }, null); // 428
    await operator.patch('/v1/admin/sales/default', { mode: 'paused' }, '"999"'); // 412
    await operator.patch('/v1/admin/sales/default', { mode: 'paused', settings: { admitPerMinute: 60 } }, sale.headers.get('etag'));
    await operator.put('/v1/admin/concerts/walk', { name: 'Walk', schedules: [{ id: 'walk-1', startsAt: '2027-01-01T20:00:00Z', seats: [{ number: 1, price: 10 }] }] });
    await operator.post('/v1/admin/sales', { id: 'walk', scheduleIds: ['walk-1'], opensAt: '2030-01-01T00:00:00Z' });
    await operator.post('/v1/admin/sales', { id: 'walk', scheduleIds: ['walk-1'] }); // 409
    const counts = fetch(`${host.url}/v1/admin/sales/walk/events`, { headers: { authorization: `Bearer ${operator.bearer}` } });
    await operator.get('/v1/admin/sales/nope/events'); // 404
    // The counts stream never ends by itself: its first answer is checked here, then dropped.
    const stream = await counts;
    expect([stream.status, stream.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    await stream.body?.cancel();
    contractStats.routes.add('get /v1/admin/sales/{saleId}/events');
    // The waiting list of a sale that is not sold out (its offers are walked in redis-waitlist.test.ts).
    await u.post('/v1/sales/walk/waitlist'); // 409 waitlist_not_open
    await u.get('/v1/sales/walk/waitlist/me'); // 404
    await u.get('/v1/sales/walk/waitlist/me/events'); // 404, before any byte
    await u.delete('/v1/sales/walk/waitlist/me'); // 404
    await u.get('/v1/admin/audit'); // 403
    const audit = await operator.get('/v1/admin/audit?limit=2');
    await operator.get(`/v1/admin/audit?limit=2&cursor=${audit.body.next}`);
    const missing = ROUTES.map((r) => `${r.method} ${r.path}`).filter((r) => !contractStats.routes.has(r));
    expect(missing).toEqual([]);
    console.log(`[contract] ${contractStats.checked} answers over ${contractStats.routes.size}/${ROUTES.length} operations matched their documented schemas`);
  });

  it('serves /docs and its Swagger UI assets from the host, with no CDN', async () => {
    const page = await fetch(`${host.url}/docs`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const r = await fetch(`${host.url}${asset[1]}`);
      expect(r.status, asset[1]).toBe(200);
      expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(10);
    }
  });
});
