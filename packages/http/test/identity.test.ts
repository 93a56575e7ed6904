import { createMemoryStore } from '@boxoffice/adapter-memory';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, signToken, startServer } from '../src/index.js';
import { Client, testHost, type TestHost } from './support/api.js';
import { snapshot } from './support/state.js';

const SECRET = 'identity-test-secret-0123456789abcdef';

/** An HS256 token with exactly the claims given (no defaults). */
function jwt(claims: { sub?: string; exp?: number; iat?: number }, secret = SECRET): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

describe('demo mode is for the memory store only (issue 11, bug 1)', () => {
  it('a shared store without BOXOFFICE_SECRET refuses to start, naming BOXOFFICE_SECRET, before it connects', async () => {
    expect(() => loadSettings({ BOXOFFICE_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:1' })).toThrow(
      /BOXOFFICE_SECRET \(or --secret\) must be set when BOXOFFICE_STORE is redis/,
    );
    expect(() => loadSettings({ BOXOFFICE_STORE: 'mongodb', MONGODB_URL: 'mongodb://127.0.0.1:1/bo' })).toThrow(
      /BOXOFFICE_SECRET \(or --secret\) must be set when BOXOFFICE_STORE is mongodb/,
    );
    // Port 1 answers nothing: had the host tried to connect, it would fail otherwise, or later.
    await expect(startServer({ port: 0, logLevel: 'silent', store: 'redis', redisUrl: 'redis://127.0.0.1:1', connectAttempts: 1 })).rejects.toThrow(
      /BOXOFFICE_SECRET \(or --secret\) must be set/,
    );
  });

  it('a store handed in as storeInstance needs a secret too: the host cannot tell it is not shared', async () => {
    await expect(startServer({ port: 0, logLevel: 'silent', storeInstance: createMemoryStore() })).rejects.toThrow(/A storeInstance needs a secret/);
  });

  it('a secret shorter than 32 bytes is refused, naming the variable or flag, never echoing it', async () => {
    const short = 'hunter2-hunter2-hunter2';
    expect(() => loadSettings({ BOXOFFICE_SECRET: short })).toThrow(/^BOXOFFICE_SECRET must be at least 32 bytes .*got 23$/);
    expect(() => loadSettings({}, ['--secret', short])).toThrow(/^--secret must be at least 32 bytes/);
    // Bytes, not characters: 16 two-byte characters are 32 bytes.
    expect(loadSettings({ BOXOFFICE_SECRET: 'é'.repeat(16) }).secret).toBe('é'.repeat(16));
    try {
      loadSettings({ BOXOFFICE_SECRET: short });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain(short);
    }
    await expect(startServer({ port: 0, logLevel: 'silent', secret: short })).rejects.toThrow(/BOXOFFICE_SECRET must be at least 32 bytes/);
  });

  it('the memory store without a secret still runs the demo', async () => {
    const demo = await testHost({ secret: undefined, scheduler: false });
    try {
      expect(demo.demoMode).toBe(true);
      expect((await demo.anonymous().post('/v1/demo/token', { userId: 'visitor' })).status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});

describe('bearer tokens: lifetime and subject', () => {
  let host: TestHost;
  let state: () => Promise<string>;
  const nowS = () => Math.floor(Date.now() / 1000);
  const users = ['alice', 'victim\ufffd', 'victim'];

  beforeAll(async () => {
    host = await testHost({ secret: SECRET, scheduler: false });
    await (await host.user('victim\ufffd')).charge(1000, 'seed');
    state = () => snapshot(host.boxoffice, users);
  });
  afterAll(() => host.close());

  /** GET /v1/wallet and a charge with `bearer`: both statuses, and whether the store changed. */
  async function tryBearer(bearer: string, key: string) {
    const client = new Client(host.url, bearer);
    const before = await state();
    const read = await client.wallet();
    const charge = await client.charge(100, key);
    return { read: read.status, charge: charge.status, code: charge.body.code as string | undefined, changed: (await state()) !== before };
  }

  it('refuses a token without exp, with exp beyond the 24 h maximum, or issued in the future', async () => {
    const refused = {
      noExp: await jwt({ sub: 'alice', iat: nowS() }),
      noExpNoIat: await jwt({ sub: 'alice' }),
      tooLong: await jwt({ sub: 'alice', iat: nowS(), exp: nowS() + 25 * 3600 }),
      aYear: await signToken(SECRET, 'alice', 365 * 86400),
      future: await jwt({ sub: 'alice', iat: nowS() + 600, exp: nowS() + 3600 }),
    };
    for (const [kind, bearer] of Object.entries(refused)) {
      const r = await tryBearer(bearer, `refused-${kind}`);
      expect(r, kind).toEqual({ read: 401, charge: 401, code: 'unauthorized', changed: false });
    }
    // Inside the limits: 23 h, and an iat a few seconds ahead (clock skew).
    expect((await tryBearer(await jwt({ sub: 'alice', iat: nowS(), exp: nowS() + 23 * 3600 }), 'ok-23h')).charge).toBe(201);
    expect((await tryBearer(await jwt({ sub: 'alice', iat: nowS() + 20, exp: nowS() + 3600 }), 'ok-skew')).charge).toBe(201);
  });

  it('the maximum lifetime is a setting', async () => {
    const strict = await testHost({ secret: SECRET, scheduler: false, tokenMaxTtlSeconds: 600 });
    try {
      const get = async (ttl: number) => (await new Client(strict.url, await signToken(SECRET, 'alice', ttl)).wallet()).status;
      expect([await get(300), await get(3600)]).toEqual([200, 401]);
    } finally {
      await strict.close();
    }
    expect(loadSettings({ BOXOFFICE_TOKEN_MAX_TTL_SECONDS: '3600' }).tokenMaxTtlSeconds).toBe(3600);
    expect(() => loadSettings({ BOXOFFICE_TOKEN_MAX_TTL_SECONDS: '-5' })).toThrow(/BOXOFFICE_TOKEN_MAX_TTL_SECONDS/);
  });

  it('refuses a sub that is not well-formed Unicode (issue 11, bug 4): lone surrogates are 401 and touch no wallet', async () => {
    // On Redis, UTF-8 key encoding maps both lone surrogates to U+FFFD: the victim's wallet.
    for (const sub of ['victim\ud800', 'victim\udfff', '\udc00victim', 'victim\u0000', 'victim\n']) {
      const r = await tryBearer(await signToken(SECRET, sub), `lone-${sub.length}-${sub.charCodeAt(sub.length - 1)}`);
      expect(r, JSON.stringify(sub)).toEqual({ read: 401, charge: 401, code: 'unauthorized', changed: false });
    }
    // Ids elsewhere: a path id that decodes to a surrogate (or does not decode) is 400, a body's too.
    const alice = await host.user('alice');
    for (const path of ['/v1/queue/tokens/%ED%A0%80', '/v1/queue/tokens/%E0%A4%A', '/v1/reservations/%ED%A0%80.x', '/v1/payments/a%ED%B0%80']) {
      const r = await alice.get(path);
      expect([r.status, r.body.code], path).toEqual([400, 'validation_failed']);
    }
    const demo = await alice.request('POST', '/v1/wallet/charges', { raw: '{"amount":1,"userId":"victim\\ud800"}', headers: { 'content-type': 'application/json' }, idempotencyKey: 'lone-body' });
    expect([demo.status, demo.body.detail]).toEqual([400, expect.stringMatching(/not well-formed Unicode/)]);
    // U+FFFD itself, and a well-formed pair, are ordinary characters.
    expect((await tryBearer(await signToken(SECRET, 'victim\ufffd'), 'fffd')).charge).toBe(201);
    expect((await tryBearer(await signToken(SECRET, 'fan\ud83c\udfb8'), 'pair')).charge).toBe(201);
  });
});
