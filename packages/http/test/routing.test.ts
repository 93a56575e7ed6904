import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, type TestHost } from './support/api.js';

/** The route table: exact, case-sensitive paths; every /v1 route behind the bearer whatever the spelling. */
describe('routing', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await testHost({ scheduler: false });
  });
  afterAll(() => host.close());

  it('a path spelled in another case is no route, never a way past the bearer', async () => {
    // Before, @koa/router matched /V1/wallet case-insensitively while the bearer check keyed on /v1/: the wallet route ran for user ''.
    for (const path of ['/V1/wallet', '/V1/concerts', '/V1/queue/tokens/AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await fetch(host.url + path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('not_found');
    }
    const alice = await host.user('alice');
    const shouted = await alice.get('/v1/WALLET');
    expect([shouted.status, shouted.body.code]).toEqual([404, 'not_found']);
  });

  it('HEAD answers a GET route, OPTIONS lists the methods, a wrong method is 405 with Allow', async () => {
    const alice = await host.user('alice');
    const auth = { authorization: `Bearer ${alice.bearer}` };
    const head = await fetch(`${host.url}/v1/wallet`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await fetch(`${host.url}/v1/queue/tokens/AAAAAAAAAAAAAAAAAAAAAA`, { method: 'OPTIONS', headers: auth });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD']);
    const wrong = await fetch(`${host.url}/v1/wallet`, { method: 'PATCH', headers: auth });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('GET');
    const trailing = await fetch(`${host.url}/v1/wallet/`, { headers: auth });
    expect(trailing.status).toBe(200);
  });

  it('a percent-encoded path parameter is decoded once, a malformed one is validation_failed', async () => {
    const alice = await host.user('alice');
    const res = await alice.get('/v1/reservations/%E0%A4%A');
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
  });
});

describe('the route table', () => {
  it('routes that name one segment differently ({id}, {paymentId}) each get their own names', async () => {
    const { RouteTable } = await import('../src/routes/table.js');
    const table = new RouteTable<string>();
    table.add('GET', '/v1/payments/{id}', 'payment');
    table.add('POST', '/v1/payments/{paymentId}/refunds', 'refund');
    expect(table.find('GET', '/v1/payments/p1')).toEqual({ kind: 'route', value: 'payment', params: { id: 'p1' } });
    expect(table.find('POST', '/v1/payments/p1/refunds')).toEqual({ kind: 'route', value: 'refund', params: { paymentId: 'p1' } });
    expect(table.find('GET', '/v1/payments/p1/refunds')).toEqual({ kind: 'method', allowed: ['POST'] });
  });
});
