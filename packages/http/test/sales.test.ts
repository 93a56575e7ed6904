import { drawOrder, sha256, fromHex, toHex, verifyDrawOrder } from '@boxoffice/core';
import { ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, until, type Client, type TestHost } from './support/api.js';
import { iso, SALES_CONCERTS, wholeSecond } from './support/sales.js';
import { openStream } from './support/sse.js';
import { snapshot } from './support/state.js';

// Sales over HTTP (issue 12), on the memory store with a clock the tests move:
// the sale list, each sale's own waiting room, the pre-queue and its draw,
// a token confined to its sale, and the sold-out end.

describe('sales: the list, each sale\'s waiting room, the pre-queue and its draw', () => {
  const clock = new ManualClock(wholeSecond(Date.now()));
  const opensAt = clock.now() + 60_000;
  let host: TestHost;

  beforeAll(async () => {
    host = await testHost({
      scheduler: false,
      clock,
      concerts: SALES_CONCERTS,
      sales: [
        { id: 'spring', name: 'Spring on-sale', scheduleIds: ['tiny-1', 'tiny-2'], opensAt: iso(opensAt), settings: { maxActive: 1 } },
        { id: 'encore', scheduleIds: ['big-1'] },
      ],
    });
  });
  afterAll(() => host.close());

  it('lists the sales with their state and draw commitment; one sale; 404 unknown; 400 not a safe id', async () => {
    const u = await host.user('lister');
    const list = await u.get('/v1/sales');
    expect(list.status).toBe(200);
    expect(list.body.map((s: { id: string; state: string }) => [s.id, s.state])).toEqual([
      ['encore', 'open'],
      ['spring', 'scheduled'],
    ]);
    const spring = await u.get('/v1/sales/spring');
    expect(spring.body).toMatchObject({ id: 'spring', name: 'Spring on-sale', scheduleIds: ['tiny-1', 'tiny-2'], opensAt: iso(opensAt), seed: null, mode: 'queue' });
    expect(spring.body.seedHash).toMatch(/^[0-9a-f]{64}$/);
    // Unset settings take the host's: maxActive is the sale's own, admitPerMinute the host's default.
    expect(spring.body.settings).toMatchObject({ maxActive: 1, admitPerMinute: 600, maxSeatsPerUser: 4 });

    const before = await snapshot(host.boxoffice, ['lister']);
    const unknown = await u.get('/v1/sales/nope');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'sale_not_found']);
    const enterUnknown = await u.post('/v1/sales/nope/queue/tokens');
    expect([enterUnknown.status, enterUnknown.body.code]).toEqual([404, 'sale_not_found']);
    for (const bad of ['no%20spaces', 'x'.repeat(65), 'dot.ted']) {
      const r = await u.post(`/v1/sales/${bad}/queue/tokens`);
      expect([r.status, r.body.code], bad).toEqual([400, 'validation_failed']);
      expect((await u.get(`/v1/sales/${bad}`)).status, bad).toBe(400);
    }
    expect(await snapshot(host.boxoffice, ['lister'])).toBe(before);
  });

  it('/v1/queue/tokens acts on the default sale: the first by id when none is called default', async () => {
    const u = await host.user('first-release');
    const entered = await u.enter();
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({ saleId: 'encore', state: 'waiting', position: 1, opensAt: expect.any(String), endReason: null });
    expect(entered.headers.get('location')).toBe(`/v1/queue/tokens/${entered.body.token}`);
    // The same token through the sale's own routes, and not through another sale's.
    expect((await u.get(`/v1/sales/encore/queue/tokens/${entered.body.token}`)).body.state).toBe('waiting');
    expect((await u.get(`/v1/sales/spring/queue/tokens/${entered.body.token}`)).status).toBe(404);
    expect((await u.delete(`/v1/queue/tokens/${entered.body.token}`)).status).toBe(204);
    const ended = await u.get(`/v1/sales/encore/queue/tokens/${entered.body.token}`);
    expect(ended.body).toMatchObject({ state: 'expired', endReason: 'left', pollAfterMs: 0 });
  });

  it('before opensAt entrants are pre_queue; at the opening their places follow the HMAC order of the published seed', async () => {
    const users: Client[] = await Promise.all(Array.from({ length: 8 }, (_, i) => host.user(`early-${i}`)));
    const tokens: string[] = [];
    for (const u of users) {
      const r = await u.post('/v1/sales/spring/queue/tokens');
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ saleId: 'spring', state: 'pre_queue', position: null, etaSeconds: null, opensAt: iso(opensAt) });
      expect(r.headers.get('location')).toBe(`/v1/sales/spring/queue/tokens/${r.body.token}`);
      tokens.push(r.body.token);
    }
    // Entering again is idempotent; the token is not yet a session.
    expect((await users[0]!.post('/v1/sales/spring/queue/tokens')).body.token).toBe(tokens[0]);
    const notYet = await users[0]!.get('/v1/concerts', { queueToken: tokens[0] });
    expect([notYet.status, notYet.body.code, notYet.body.state]).toEqual([403, 'token_not_active', 'pre_queue']);
    const stream = openStream(host, users[7]!, tokens[7]!, `/v1/sales/spring/queue/tokens/${tokens[7]}/events`);
    await until(() => stream.events.length >= 1);
    expect(stream.events[0]!.data).toMatchObject({ state: 'pre_queue', opensAt: iso(opensAt) });
    // A tick before the opening admits no one.
    await host.tickNow();
    expect((await users[0]!.get(`/v1/sales/spring/queue/tokens/${tokens[0]}`)).body.state).toBe('pre_queue');

    clock.advance(61_000);
    await host.tickNow();
    const late = await host.user('late');
    const lateToken = (await late.post('/v1/sales/spring/queue/tokens')).body;
    expect(lateToken).toMatchObject({ state: 'waiting', position: 8 });

    const sale = (await late.get('/v1/sales/spring')).body;
    expect(sale.state).toBe('open');
    expect(toHex(sha256(fromHex(sale.seed)))).toBe(sale.seedHash);
    // Places as each user sees them: one admitted (maxActive 1), seven waiting at 1..7.
    const seen = await Promise.all(users.map(async (u, i) => (await u.get(`/v1/sales/spring/queue/tokens/${tokens[i]}`)).body));
    const order = [...seen].sort((a, b) => (a.state === 'active' ? 0 : a.position) - (b.state === 'active' ? 0 : b.position)).map((s) => s.token);
    expect(seen.filter((s) => s.state === 'active')).toHaveLength(1);
    expect(seen.filter((s) => s.state === 'waiting').map((s) => s.position).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(order).toEqual(drawOrder(sale.seed, tokens));
    expect(verifyDrawOrder({ seed: sale.seed, seedHash: sale.seedHash, tokens: order }).ok).toBe(true);
    // The open stream moved from pre_queue to the drawn place without a poll.
    await until(() => stream.events.length >= 2);
    expect(['waiting', 'active']).toContain(stream.events[1]!.data.state);
    stream.abort();
    await stream.done;
  });

  it('a token opens only its own sale\'s schedules: 403 not_in_sale, and nothing changes', async () => {
    const u = await host.user('encore-buyer');
    const qt = (await u.post('/v1/sales/encore/queue/tokens')).body.token;
    await host.tickNow();
    expect((await u.get(`/v1/sales/encore/queue/tokens/${qt}`)).body.state).toBe('active');
    expect((await u.get('/v1/concerts', { queueToken: qt })).body.map((c: { id: string }) => c.id)).toEqual(['big']);
    const before = await snapshot(host.boxoffice, ['encore-buyer'], [qt]);
    const seats = await u.get('/v1/schedules/tiny-1/seats', { queueToken: qt });
    expect([seats.status, seats.body.code]).toEqual([403, 'not_in_sale']);
    const hold = await u.hold(qt, 'tiny-1', [1]);
    expect([hold.status, hold.body.code]).toEqual([403, 'not_in_sale']);
    expect(await snapshot(host.boxoffice, ['encore-buyer'], [qt])).toBe(before);
    expect((await u.hold(qt, 'big-1', [1])).status).toBe(201);
  });
});

describe('sold out: the waiting end with sold_out, streams hear it at once, new entries get 409', () => {
  let host: TestHost;

  beforeAll(async () => {
    host = await testHost({
      scheduler: false,
      concerts: SALES_CONCERTS,
      sales: [{ id: 'last', scheduleIds: ['tiny-2'], settings: { maxActive: 1 } }],
    });
  });
  afterAll(() => host.close());

  it('sells the last seat; the next tick ends the waiting and pushes sold_out; entering answers 409 and stores nothing', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((id) => host.user(id)));
    const ta = (await a!.enter()).body.token;
    await host.tickNow();
    const tb = (await b!.enter()).body.token;
    const tc = (await c!.enter()).body.token;
    const stream = openStream(host, c!, tc);
    await until(() => stream.events.length >= 1);
    expect(stream.events[0]!.data).toMatchObject({ state: 'waiting', position: 2 });

    const hold = await a!.hold(ta, 'tiny-2', [1]);
    await a!.charge(1000, 'charge-a');
    expect((await a!.pay(ta, hold.body.id, 'pay-a')).status).toBe(201);
    await host.tickNow();

    await stream.done;
    expect(stream.events.at(-1)!.data).toMatchObject({ state: 'expired', endReason: 'sold_out', pollAfterMs: 0 });
    expect((await b!.status(tb)).body).toMatchObject({ state: 'expired', endReason: 'sold_out' });
    expect((await a!.status(ta)).body).toMatchObject({ state: 'completed', endReason: 'paid' });
    expect((await a!.get('/v1/sales/last')).body.state).toBe('sold_out');

    const d = await host.user('d');
    const before = await snapshot(host.boxoffice, ['d']);
    for (const path of ['/v1/queue/tokens', '/v1/sales/last/queue/tokens']) {
      const r = await d.post(path);
      expect([r.status, r.body.code, r.body.waitlist], path).toEqual([409, 'sale_sold_out', '/v1/sales/last/waitlist']);
    }
    expect(await snapshot(host.boxoffice, ['d'])).toBe(before);
  });
});
