import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtAuthenticator, signToken } from '../src/index.js';
import { Client, testHost, type TestHost } from './support/api.js';
import { cli } from './support/cli.js';
import { snapshot } from './support/state.js';

const SECRET = 'roles-test-secret-0123456789abcdef-01';

/** An HS256 token with the claims given and a one-hour exp. */
function jwt(claims: Record<string, unknown>, secret = SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iat: now, exp: now + 3600, ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

const headers = (bearer: string) => ({ headers: { authorization: `Bearer ${bearer}` } });

describe('the roles claim', () => {
  const auth = new JwtAuthenticator(SECRET);

  it('gives the principal its roles; no claim is no roles', async () => {
    expect(await auth.authenticate(headers(await signToken(SECRET, 'olga', 600, Date.now(), ['operator'])))).toEqual({ userId: 'olga', roles: ['operator'] });
    expect(await auth.authenticate(headers(await signToken(SECRET, 'fan')))).toEqual({ userId: 'fan', roles: [] });
  });

  it('known() answers a bearer verified before until it expires, and nothing it has not verified', async () => {
    let now = Date.now();
    const clocked = new JwtAuthenticator(SECRET, () => now);
    const request = headers(await signToken(SECRET, 'olga', 60, now, ['operator']));
    expect(clocked.known(request)).toBeUndefined();
    const principal = await clocked.authenticate(request);
    expect(clocked.known(request)).toBe(principal);
    expect(clocked.known({ headers: { authorization: `bearer ${request.headers.authorization.slice(7)}` } })).toBeUndefined();
    now += 61_000;
    expect(clocked.known(request)).toBeUndefined();
    await expect(clocked.authenticate(request)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('a malformed roles claim is 401, not a token without roles', async () => {
    for (const roles of ['operator', [1], ['Operator'], ['operator', { admin: true }], ['x'.repeat(40)], Array.from({ length: 17 }, (_, i) => `r${i}`), null]) {
      await expect(auth.authenticate(headers(await jwt({ sub: 'olga', roles }))), JSON.stringify(roles)).rejects.toMatchObject({ code: 'unauthorized' });
    }
  });
});

describe('operator routes over HTTP', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await testHost({ secret: SECRET, scheduler: false });
  });
  afterAll(() => host.close());

  it('GET /v1/admin/events: 403 forbidden problem+json without the operator role, 401 without a bearer, 200 with it', async () => {
    const fan = new Client(host.url, await signToken(SECRET, 'fan', 600, Date.now(), ['fan-club']));
    const refused = await fan.get('/v1/admin/events?limit=5');
    expect([refused.status, refused.body.code, refused.headers.get('content-type')]).toEqual([403, 'forbidden', 'application/problem+json']);
    // The role is checked before the input: a bad query tells a non-operator nothing either.
    expect((await fan.get('/v1/admin/events?limit=nope')).body.code).toBe('forbidden');
    expect((await host.anonymous().get('/v1/admin/events')).status).toBe(401);
    const operator = new Client(host.url, await signToken(SECRET, 'olga', 600, Date.now(), ['operator']));
    const page = await operator.get('/v1/admin/events?limit=5');
    expect(page.status).toBe(200);
    expect(Array.isArray(page.body.events)).toBe(true);
  });

  it('a refused or bad admin request changes nothing', async () => {
    const before = await snapshot(host.boxoffice, ['fan', 'olga']);
    const fan = await host.user('fan');
    const operator = new Client(host.url, await signToken(SECRET, 'olga', 600, Date.now(), ['operator']));
    expect((await fan.get('/v1/admin/events')).status).toBe(403);
    for (const query of ['limit=0', 'limit=1001', 'limit=1.5', 'after=%00', `after=${'x'.repeat(600)}`]) {
      const r = await operator.get(`/v1/admin/events?${query}`);
      expect([r.status, r.body.code], query).toEqual([400, 'validation_failed']);
    }
    expect(await snapshot(host.boxoffice, ['fan', 'olga'])).toBe(before);
  });
});

describe('a plugged-in authenticator', () => {
  it('may answer a bare user id (no roles) or a Principal with roles', async () => {
    const host = await testHost({
      scheduler: false,
      authenticator: {
        authenticate: async ({ headers: h }) => (h.authorization === 'Bearer ops' ? { userId: 'olga', roles: ['operator'] } : 'fan'),
      },
    });
    try {
      expect((await new Client(host.url, 'fan').get('/v1/admin/events')).body.code).toBe('forbidden');
      expect((await new Client(host.url, 'fan').wallet()).status).toBe(200);
      expect((await new Client(host.url, 'ops').get('/v1/admin/events')).status).toBe(200);
    } finally {
      await host.close();
    }
  });
});

describe('minting operator tokens', () => {
  it('boxoffice token <id> --role operator puts the role in the claim; a bad role name is refused', async () => {
    const minted = await cli(['token', 'olga', '--role', 'operator'], { BOXOFFICE_SECRET: SECRET });
    expect(minted.code).toBe(0);
    expect(await new JwtAuthenticator(SECRET).authenticate(headers(minted.stdout.trim()))).toEqual({ userId: 'olga', roles: ['operator'] });
    const plain = await cli(['token', 'fan'], { BOXOFFICE_SECRET: SECRET });
    expect(await new JwtAuthenticator(SECRET).authenticate(headers(plain.stdout.trim()))).toEqual({ userId: 'fan', roles: [] });
    const bad = await cli(['token', 'olga', '--role', 'Root!'], { BOXOFFICE_SECRET: SECRET });
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/--role: "Root!" is not a role name/);
  });

  it('demo sign-in accepts { userId, roles }; a bad role is 400', async () => {
    const demo = await testHost({ secret: undefined, scheduler: false });
    try {
      const anon = demo.anonymous();
      const minted = await anon.post('/v1/demo/token', { userId: 'olga', roles: ['operator'] });
      expect(minted.status).toBe(200);
      expect((await new Client(demo.url, minted.body.token).get('/v1/admin/events')).status).toBe(200);
      const plain = await anon.post('/v1/demo/token', { userId: 'fan' });
      expect((await new Client(demo.url, plain.body.token).get('/v1/admin/events')).body.code).toBe('forbidden');
      for (const roles of ['operator', [''], ['OPERATOR'], [7]]) {
        const r = await anon.post('/v1/demo/token', { userId: 'olga', roles });
        expect([r.status, r.body.code], JSON.stringify(roles)).toEqual([400, 'validation_failed']);
      }
    } finally {
      await demo.close();
    }
  });
});
