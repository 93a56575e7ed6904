import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/index.js';
import { Client, testHost, type TestHost } from './support/api.js';
import { snapshot } from './support/state.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const SCHEDULE = 'aurora-2027-03-14';

describe('security: identity, ownership and hostile input', () => {
  let host: TestHost;
  let alice: Client, mallory: Client;
  let aliceQt: string, malloryQt: string, waiterQt: string, rid: string, paymentId: string, aliceHeld: string;
  let state: () => Promise<string>;

  beforeAll(async () => {
    host = await testHost({ maxActive: 5, scheduler: false });
    alice = await host.user('alice');
    mallory = await host.user('mallory');
    aliceQt = (await alice.enter()).body.token;
    malloryQt = (await mallory.enter()).body.token;
    await host.tickNow();
    await alice.charge(1_000_000, 'a-charge');
    rid = (await alice.hold(aliceQt, SCHEDULE, [1])).body.id;
    // A second hold that stays held, and a paid one.
    paymentId = (await alice.pay(aliceQt, rid, 'a-pay')).body.id;
    const again = await alice.enter();
    aliceQt = again.body.token;
    await host.tickNow();
    aliceHeld = (await alice.hold(aliceQt, SCHEDULE, [2, 3])).body.id;
    expect(aliceHeld).toEqual(expect.any(String));
    // A waiting token (no tick after it): a stranger's poll must not refresh its heartbeat.
    waiterQt = (await (await host.user('waiter')).enter()).body.token;
    state = () => snapshot(host.boxoffice, ['alice', 'mallory', 'waiter'], [aliceQt, malloryQt, waiterQt], [rid, aliceHeld]);
  });
  afterAll(() => host.close());

  /** One sample request per /v1 route that needs a bearer. */
  const routes = () =>
    [
      ['POST', '/v1/queue/tokens', undefined],
      ['GET', `/v1/queue/tokens/${aliceQt}`, undefined],
      ['GET', `/v1/queue/tokens/${aliceQt}/events`, undefined],
      ['DELETE', `/v1/queue/tokens/${aliceQt}`, undefined],
      ['GET', '/v1/concerts', undefined],
      ['GET', '/v1/concerts/aurora-live/schedules', undefined],
      ['GET', `/v1/schedules/${SCHEDULE}/seats`, undefined],
      ['GET', `/v1/schedules/${SCHEDULE}/availability`, undefined],
      ['POST', '/v1/reservations', { scheduleId: SCHEDULE, seats: [9] }],
      ['GET', `/v1/reservations/${aliceHeld}`, undefined],
      ['DELETE', `/v1/reservations/${aliceHeld}`, undefined],
      ['POST', '/v1/payments', { reservationId: aliceHeld }],
      ['GET', `/v1/payments/${paymentId}`, undefined],
      ['POST', '/v1/wallet/charges', { amount: 100 }],
      ['GET', '/v1/wallet', undefined],
    ] as const;

  it('every route refuses a missing, forged, expired, alg:none, wrong-alg or sub-less token with 401', async () => {
    const secret = new TextEncoder().encode(host.secret);
    const now = Math.floor(Date.now() / 1000);
    const bad: Record<string, string | null> = {
      missing: null,
      garbage: 'not-a-jwt',
      forged: await signToken('another-secret', 'alice'),
      expired: await signToken(host.secret, 'alice', 60, Date.now() - 3600_000),
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', exp: now + 600 })}.`,
      hs512: await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject('alice').setExpirationTime(now + 600).sign(secret),
      noSub: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(now + 600).sign(secret),
      tampered: (await signToken(host.secret, 'alice')).replace(/\.([^.]+)\./, `.${b64({ sub: 'mallory', exp: now + 600 })}.`),
    };
    const before = await state();
    let checked = 0;
    for (const [kind, bearer] of Object.entries(bad)) {
      for (const [method, path, body] of routes()) {
        const r = await alice.request(method, path, {
          bearer,
          body,
          queueToken: aliceQt,
          idempotencyKey: `k-${kind}`,
        });
        expect(r.status, `${kind} ${method} ${path}`).toBe(401);
        expect(r.body.code).toBe('unauthorized');
        expect(r.headers.get('www-authenticate')).toBe('Bearer');
        checked++;
      }
    }
    expect(checked).toBe(8 * routes().length);
    expect(await state()).toBe(before);
  });

  it("another user's queue token, reservation, payment and wallet answer 404 and learn nothing", async () => {
    const before = await state();
    const denied = [
      await mallory.status(aliceQt),
      await mallory.get(`/v1/queue/tokens/${aliceQt}/events`),
      await mallory.status(waiterQt),
      await mallory.get(`/v1/queue/tokens/${waiterQt}/events`),
      await mallory.delete(`/v1/queue/tokens/${waiterQt}`),
      await mallory.delete(`/v1/queue/tokens/${aliceQt}`),
      await mallory.get('/v1/concerts', { queueToken: aliceQt }),
      await mallory.get('/v1/concerts/aurora-live/schedules', { queueToken: aliceQt }),
      await mallory.get(`/v1/schedules/${SCHEDULE}/seats`, { queueToken: aliceQt }),
      await mallory.hold(aliceQt, SCHEDULE, [20]),
      await mallory.pay(aliceQt, aliceHeld, 'm-1'),
      // With her own active token, Mallory still cannot touch Alice's hold.
      await mallory.pay(malloryQt, aliceHeld, 'm-2'),
      await mallory.get(`/v1/reservations/${aliceHeld}`),
      await mallory.delete(`/v1/reservations/${aliceHeld}`),
      await mallory.get(`/v1/payments/${paymentId}`),
    ];
    for (const r of denied) {
      expect(r.status).toBe(404);
      expect(r.body.code).toMatch(/_not_found$/);
      expect(r.text).not.toContain('alice');
    }
    // A stranger's token and a missing one answer alike.
    const unknown = await mallory.status('A'.repeat(22));
    expect(unknown.body.detail).toBe(denied[0]?.body.detail);
    // The wallet is always the caller's own: a user id in the query is ignored.
    const wallet = await mallory.wallet('?userId=alice');
    expect(wallet.body).toEqual({ balance: 0, history: [], nextCursor: null });
    expect(await state()).toBe(before);
    expect((await alice.status(aliceQt)).body.state).toBe('active');
    expect((await alice.get(`/v1/reservations/${aliceHeld}`)).body.state).toBe('held');
  });

  it('oversized, malformed, mistyped and injected bodies answer 4xx before the domain runs', async () => {
    const before = await state();
    const amounts: unknown[] = ['100', 1.5, -1, 0, 1e30, { $gt: 0 }, null, true, [100], Number.MAX_SAFE_INTEGER + 2];
    for (const [i, amount] of amounts.entries()) {
      const r = await alice.charge(amount, `bad-amount-${i}`);
      expect(r.status, JSON.stringify(amount)).toBe(400);
      expect(r.body.code).toBe('validation_failed');
    }
    // Raw 1e30 and the string "100" as sent on the wire.
    for (const raw of ['{"amount":1e30}', '{"amount":"100"}', '{"amount":100,"extra":1}', '{"amount":{"$gt":0}}']) {
      const r = await alice.request('POST', '/v1/wallet/charges', { raw, headers: { 'content-type': 'application/json' }, idempotencyKey: `raw-${raw}` });
      expect(r.status, raw).toBe(400);
      expect(r.body.code).toBe('validation_failed');
    }
    // Well-formed but outside the wallet's limits.
    const tooBig = await alice.charge(10_000_001, 'too-big');
    expect([tooBig.status, tooBig.body.code]).toEqual([422, 'invalid_amount']);
    const overLimit = [];
    for (let i = 0; i < 10; i++) overLimit.push((await alice.charge(10_000_000, `limit-${i}`)).status);
    expect(overLimit.slice(-1)[0]).toBe(422);

    const cases: Array<[string, string, string | undefined, Record<string, string>, number, string]> = [
      ['POST', '/v1/wallet/charges', '{"amount": 1', { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/wallet/charges', 'amount=100', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
      ['POST', '/v1/wallet/charges', '{"amount":100}', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
      ['POST', '/v1/wallet/charges', `{"amount":100,"pad":"${'x'.repeat(17 * 1024)}"}`, { 'content-type': 'application/json' }, 413, 'payload_too_large'],
      ['POST', '/v1/reservations', `{"scheduleId":"${SCHEDULE}","seats":["1"]}`, { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/reservations', `{"scheduleId":"${SCHEDULE}","seats":[]}`, { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/reservations', `{"scheduleId":"${SCHEDULE}","seats":[4,4]}`, { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/reservations', `{"scheduleId":"${SCHEDULE}","seats":[1,2,3,4,5]}`, { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/reservations', `{"scheduleId":"${SCHEDULE}","seats":[999]}`, { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/reservations', '{"scheduleId":{"$ne":null},"seats":[9]}', { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/reservations', '[1,2]', { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/reservations', '', { 'content-type': 'application/json' }, 400, 'validation_failed'],
      ['POST', '/v1/payments', '{"reservationId":"../../etc"}', { 'content-type': 'application/json', 'idempotency-key': 'p-bad' }, 400, 'validation_failed'],
      ['GET', '/v1/reservations/not-a-reservation', undefined, {}, 400, 'validation_failed'],
      ['GET', '/v1/queue/tokens/%00', undefined, {}, 400, 'validation_failed'],
      ['GET', '/v1/schedules/..%2F..%2Fetc/seats', undefined, {}, 400, 'validation_failed'],
    ];
    for (const [method, path, raw, headers, status, code] of cases) {
      const r = await alice.request(method, path, { raw, headers, queueToken: aliceQt });
      expect([r.status, r.body.code], `${method} ${path} ${raw?.slice(0, 60)}`).toEqual([status, code]);
    }
    // Only the valid charges above moved money; the rest left the store as it was.
    const after = JSON.parse(await state()) as { wallets: Array<{ balance: number }> };
    const beforeParsed = JSON.parse(before) as { wallets: Array<{ balance: number }> };
    expect(after.wallets[1]).toEqual(beforeParsed.wallets[1]);
    expect(after.wallets[0]?.balance).toBeLessThanOrEqual(host.boxoffice.config.maxBalance);
  });

  it('hostile input leaves state unchanged (no valid request in between)', async () => {
    const before = await state();
    for (const amount of ['100', 1.5, -1, 0, 1e30, { $gt: 0 }]) await alice.charge(amount, 'same-key');
    await alice.request('POST', '/v1/reservations', { raw: 'x'.repeat(20_000), headers: { 'content-type': 'application/json' }, queueToken: aliceQt });
    await alice.request('POST', '/v1/payments', { raw: '{', headers: { 'content-type': 'application/json' }, queueToken: aliceQt, idempotencyKey: 'p' });
    await alice.hold(aliceQt, SCHEDULE, [2]); // held by Alice already: seat_unavailable
    expect(await state()).toBe(before);
  });

  it('unknown routes and wrong methods are problem+json too', async () => {
    const anon = host.anonymous();
    const unknown = await anon.get('/nope');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
    const wrong = await alice.request('PUT', '/v1/wallet');
    expect([wrong.status, wrong.body.code]).toEqual([405, 'method_not_allowed']);
    const wrongOps = await anon.request('POST', '/healthz');
    expect([wrongOps.status, wrongOps.body.code]).toEqual([405, 'method_not_allowed']);
    const traversal = await anon.get('/..%2f..%2fpackage.json');
    expect(traversal.status).toBe(404);
    const traversal2 = await anon.get('/assets/../../package.json');
    expect(traversal2.status).toBe(404);
  });
});
