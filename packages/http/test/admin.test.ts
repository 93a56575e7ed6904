import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, until, type Client, type TestHost } from './support/api.js';
import { iso, SALES_CONCERTS, wholeSecond } from './support/sales.js';
import { openStream } from './support/sse.js';
import { snapshot } from './support/state.js';

// The operator console's API (issue 13) on the memory store, with a clock the tests move:
// publishing, creating, reading and changing sales with If-Match, the audit log, the counts
// stream, and that nobody without the operator role can do any of it.

describe('admin API', () => {
  const clock = new ManualClock(wholeSecond(Date.now()));
  let host: TestHost;
  let olga: Client;
  let ivan: Client;

  beforeAll(async () => {
    host = await testHost({
      scheduler: false,
      clock,
      concerts: SALES_CONCERTS,
      sales: [
        { id: 'spring', name: 'Spring on-sale', scheduleIds: ['big-1'], settings: { maxActive: 2, admitPerMinute: 600 } },
        { id: 'later', scheduleIds: ['tiny-2'], opensAt: iso(clock.now() + 3_600_000) },
      ],
    });
    [olga, ivan] = await Promise.all([host.operator('olga'), host.operator('ivan')]);
  });
  afterAll(() => host.close());

  it('reads every sale and one sale with its counts and ETag', async () => {
    const list = await olga.get('/v1/admin/sales');
    expect(list.status).toBe(200);
    expect(list.body.map((s: { id: string }) => s.id)).toEqual(['later', 'spring']);
    const one = await olga.get('/v1/admin/sales/spring');
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe(`"${one.body.version}"`);
    expect(one.body.counts).toMatchObject({ preQueue: 0, waiting: 0, active: 0, admittedLastMinute: 0, seats: { free: 20, held: 0, sold: 0 } });
    const missing = await olga.get('/v1/admin/sales/nope');
    expect([missing.status, missing.body.code]).toEqual([404, 'sale_not_found']);
  });

  it('creates a sale (201, ETag, audit entry); an id in use is 409 and changes nothing', async () => {
    const created = await olga.post('/v1/admin/sales', { id: 'encore', name: 'Encore', scheduleIds: ['tiny-1'], mode: 'paused', settings: { maxActive: 5 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'encore', mode: 'paused', state: 'open', seed: expect.any(String), settings: { maxActive: 5 } });
    expect(created.headers.get('etag')).toBe(`"${created.body.version}"`);
    const audit = await olga.get('/v1/admin/audit?limit=1');
    expect(audit.body.entries[0]).toMatchObject({ actor: 'olga', action: 'sale.created', saleId: 'encore', before: null });
    expect(JSON.stringify(audit.body.entries[0])).not.toContain(created.body.seed);

    const before = await snapshot(host.boxoffice, []);
    const again = await olga.post('/v1/admin/sales', { id: 'encore', scheduleIds: ['tiny-1'] });
    expect([again.status, again.body.code]).toEqual([409, 'sale_exists']);
    for (const bad of [{ id: 'x', scheduleIds: ['nope'] }, { id: 'y', scheduleIds: [] }, { id: 'z', scheduleIds: ['tiny-1'], mode: 'fast' }, { id: 'w', scheduleIds: ['tiny-1'], extra: 1 }]) {
      const r = await olga.post('/v1/admin/sales', bad);
      expect([r.status, r.body.code], JSON.stringify(bad)).toEqual([400, 'validation_failed']);
    }
    expect(await snapshot(host.boxoffice, [])).toBe(before);
  });

  it('PATCH needs If-Match: 428 without, 412 stale, 200 with the new ETag; merge-patch and plain JSON alike', async () => {
    const read = await olga.get('/v1/admin/sales/later');
    const etag = read.headers.get('etag') as string;
    const before = await snapshot(host.boxoffice, []);
    const bare = await olga.patch('/v1/admin/sales/later', { mode: 'paused' }, null);
    expect([bare.status, bare.body.code]).toEqual([428, 'precondition_required']);
    const stale = await olga.patch('/v1/admin/sales/later', { mode: 'paused' }, `"${read.body.version + 7}"`);
    expect([stale.status, stale.body.code]).toEqual([412, 'version_conflict']);
    for (const tag of ['*', `W/${etag}`, 'garbage']) {
      expect((await olga.patch('/v1/admin/sales/later', { mode: 'paused' }, tag)).status, tag).toBe(412);
    }
    for (const bad of [{ mode: 'fast' }, { closed: false }, { settings: { maxActive: 0 } }, { settings: { nope: 1 } }, { seed: 'aa' }, []]) {
      const r = await olga.patch('/v1/admin/sales/later', bad, etag);
      expect([r.status, r.body.code], JSON.stringify(bad)).toEqual([400, 'validation_failed']);
    }
    expect(await snapshot(host.boxoffice, [])).toBe(before);

    const opensAt = iso(clock.now() + 7_200_000);
    const changed = await olga.patch('/v1/admin/sales/later', { settings: { maxActive: 9 }, opensAt }, etag);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ opensAt, settings: { maxActive: 9 } });
    const next = changed.headers.get('etag') as string;
    expect(next).not.toBe(etag);
    // application/json is a merge patch too; a null setting goes back to the host's default.
    const plain = await olga.request('PATCH', '/v1/admin/sales/later', { body: { settings: { maxActive: null } }, headers: { 'if-match': next } });
    expect(plain.status).toBe(200);
    expect(plain.body.settings.maxActive).toBe(100);
    const audit = (await olga.get('/v1/admin/audit?limit=2')).body.entries;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['sale.changed', 'sale.changed']);
    expect(audit[0]).toMatchObject({ actor: 'olga', saleId: 'later', before: { settings: { maxActive: 9 } }, after: { settings: { maxActive: 100 } } });
    expect(audit[1]).toMatchObject({ before: { opensAt: read.body.opensAt, settings: { maxActive: 100 } }, after: { opensAt, settings: { maxActive: 9 } } });
  });

  it('two operators patch with the same ETag at once: one wins, the other 412, one audit entry', async () => {
    const etag = (await olga.get('/v1/admin/sales/later')).headers.get('etag') as string;
    const auditBefore = (await olga.get('/v1/admin/audit?limit=200')).body.entries.length;
    const answers = await Promise.all([
      olga.patch('/v1/admin/sales/later', { settings: { admitPerMinute: 10 } }, etag),
      ivan.patch('/v1/admin/sales/later', { settings: { admitPerMinute: 20 } }, etag),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    const winner = answers.find((a) => a.status === 200)!;
    const loser = answers.find((a) => a.status === 412)!;
    expect(loser.body.code).toBe('version_conflict');
    const after = await olga.get('/v1/admin/sales/later');
    expect(after.body.settings.admitPerMinute).toBe(winner.body.settings.admitPerMinute);
    const entries = (await olga.get('/v1/admin/audit?limit=200')).body.entries;
    expect(entries.length).toBe(auditBefore + 1);
    expect(entries[0]).toMatchObject({ saleId: 'later', after: { settings: { admitPerMinute: winner.body.settings.admitPerMinute } } });
  });

  it('pages the audit log newest first by cursor', async () => {
    const all = (await olga.get('/v1/admin/audit?limit=200')).body.entries as { id: string; at: string }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 50; i++) {
      const page = await olga.get(`/v1/admin/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.entries.map((e: { id: string }) => e.id));
      if (page.body.next === null) break;
      cursor = page.body.next;
    }
    expect(seen).toEqual(all.map((e) => e.id));
    expect([...all.map((e) => e.at)]).toEqual([...all.map((e) => e.at)].sort().reverse());
    for (const q of ['limit=0', 'limit=201', 'cursor=%00']) expect((await olga.get(`/v1/admin/audit?${q}`)).status, q).toBe(400);
  });

  it('publishing a concert that removes a sold seat is 409 catalog_conflict and changes nothing; a harmless one is published and audited', async () => {
    const buyer = await host.user('buyer');
    const qt = (await buyer.post('/v1/sales/spring/queue/tokens')).body.token;
    await host.tickNow();
    const hold = await buyer.hold(qt, 'big-1', [20]);
    await buyer.charge(5000, 'c');
    expect((await buyer.pay(qt, hold.body.id, 'p')).status).toBe(201);

    const big = SALES_CONCERTS.find((c) => c.id === 'big')!;
    const fewer = { ...big, schedules: [{ ...big.schedules[0]!, seats: big.schedules[0]!.seats.slice(0, 19) }] };
    const before = await snapshot(host.boxoffice, ['buyer']);
    const refused = await olga.put('/v1/admin/concerts/big', fewer);
    expect([refused.status, refused.body.code]).toEqual([409, 'catalog_conflict']);
    const repriced = await olga.put('/v1/admin/concerts/big', { ...big, schedules: [{ ...big.schedules[0]!, seats: big.schedules[0]!.seats.map((s) => ({ ...s, price: 1 })) }] });
    expect([repriced.status, repriced.body.code]).toEqual([409, 'catalog_conflict']);
    const mismatch = await olga.put('/v1/admin/concerts/big', { ...big, id: 'other' });
    expect([mismatch.status, mismatch.body.code]).toEqual([400, 'validation_failed']);
    expect(await snapshot(host.boxoffice, ['buyer'])).toBe(before);

    const more = { ...big, name: 'Big Show (extra date)', schedules: [...big.schedules, { id: 'big-2', startsAt: '2027-06-02T19:00:00Z', seats: [{ number: 1, price: 5000, grade: 'S' }] }] };
    const { id: _id, ...withoutId } = more;
    const published = await olga.put('/v1/admin/concerts/big', withoutId);
    expect(published.status).toBe(200);
    expect(published.body).toEqual({ id: 'big', name: 'Big Show (extra date)', venue: 'Arena', schedules: [{ id: 'big-1', startsAt: '2027-06-01T19:00:00.000Z', seats: 20 }, { id: 'big-2', startsAt: '2027-06-02T19:00:00.000Z', seats: 1 }] });
    expect((await olga.get('/v1/admin/audit?limit=1')).body.entries[0]).toMatchObject({ actor: 'olga', action: 'concert.published', saleId: null });
  });

  it('a concert of thousands of seats fits (up to 1 MiB, bearer checked first); more is 413', async () => {
    const seats = Array.from({ length: 5000 }, (_, i) => ({ number: i + 1, price: 7000, grade: 'A' }));
    const arena = { name: 'Arena Night', venue: 'Arena', schedules: [{ id: 'arena-1', startsAt: '2027-07-01T19:00:00Z', seats }] };
    expect(JSON.stringify(arena).length).toBeGreaterThan(16 * 1024);
    const published = await olga.put('/v1/admin/concerts/arena', arena);
    expect([published.status, published.body.schedules[0].seats]).toEqual([200, 5000]);
    expect((await host.anonymous().put('/v1/admin/concerts/arena', arena)).status).toBe(401);
    const huge = { ...arena, schedules: [{ ...arena.schedules[0], seats: seats.map((s) => ({ ...s, grade: 'x'.repeat(64) })) }] };
    const tooBig = { ...huge, schedules: ['arena-1', 'arena-2', 'arena-3'].map((id) => ({ ...huge.schedules[0], id })) };
    expect(JSON.stringify(tooBig).length).toBeGreaterThan(1024 * 1024);
    const refused = await olga.put('/v1/admin/concerts/arena', tooBig);
    expect([refused.status, refused.body.code]).toEqual([413, 'payload_too_large']);
  });

  it('streams the counts as SSE after every tick', async () => {
    const stream = openStream(host, olga, '', '/v1/admin/sales/spring/events');
    await until(() => stream.events.length >= 1);
    const fan = await host.user('counted');
    await fan.post('/v1/sales/spring/queue/tokens');
    const seen = stream.events.length;
    await host.tickNow();
    await until(() => stream.events.length > seen);
    const last = stream.events.at(-1)!;
    expect(last.event).toBe('counts');
    expect(last.data).toMatchObject({ id: 'spring', counts: { seats: { sold: 1 } } });
    expect(last.data.counts.active + last.data.counts.waiting).toBeGreaterThanOrEqual(1);
    stream.abort();
    await stream.done;
  });

  it('modes over HTTP: passthrough lets in at once, reject is 409 sale_not_accepting changing nothing, close ends the waiting with endReason closed; metrics by sale', async () => {
    const change = async (patch: unknown) => {
      const etag = (await olga.get('/v1/admin/sales/encore')).headers.get('etag') as string;
      const r = await olga.patch('/v1/admin/sales/encore', patch, etag);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const [early, walkIn, waiter, late] = await Promise.all([host.user('m-early'), host.user('m-walk-in'), host.user('m-waiter'), host.user('m-late')]);
    // encore was created paused: an entrant waits, told so.
    const first = await early.post('/v1/sales/encore/queue/tokens');
    expect(first.body).toMatchObject({ state: 'waiting', mode: 'paused', position: 1 });
    // Passthrough: the next tick lets the line in whatever the cap, and a newcomer goes straight in.
    await change({ mode: 'passthrough' });
    await host.tickNow();
    expect((await early.get(`/v1/sales/encore/queue/tokens/${first.body.token}`)).body.state).toBe('active');
    const straightIn = await walkIn.post('/v1/sales/encore/queue/tokens');
    expect(straightIn.body).toMatchObject({ state: 'active', mode: 'passthrough' });
    await change({ mode: 'paused' });
    const waiting = await waiter.post('/v1/sales/encore/queue/tokens');
    expect(waiting.body).toMatchObject({ state: 'waiting', position: 1 });
    // Reject: newcomers are refused and nothing is stored; the waiting keep their places.
    await change({ mode: 'reject' });
    const before = await snapshot(host.boxoffice, ['m-late']);
    const refused = await late.post('/v1/sales/encore/queue/tokens');
    expect([refused.status, refused.body.code]).toEqual([409, 'sale_not_accepting']);
    expect(await snapshot(host.boxoffice, ['m-late'])).toBe(before);
    expect((await waiter.get(`/v1/sales/encore/queue/tokens/${waiting.body.token}`)).body).toMatchObject({ state: 'waiting', mode: 'reject', position: 1 });
    const closed = await change({ closed: true });
    expect(closed.state).toBe('closed');
    await host.tickNow();
    expect((await waiter.get(`/v1/sales/encore/queue/tokens/${waiting.body.token}`)).body).toMatchObject({ state: 'expired', endReason: 'closed' });
    const again = await olga.patch('/v1/admin/sales/encore', { mode: 'queue' }, `"${closed.version}"`);
    expect([again.status, again.body.code]).toEqual([409, 'sale_closed']);

    const text = (await host.anonymous().get('/metrics')).text;
    expect(text).toContain('boxoffice_queue_admitted_total{sale="encore"} 2');
    expect(text).toMatch(/boxoffice_queue_admitted_total\{sale="spring"\} [1-9]/);
    expect(text).toContain('boxoffice_seats_sold_total{sale="spring"} 1');
    expect(text).toMatch(/boxoffice_queue_waiting\{sale="later"\} 0/);
    // Every series the Grafana dashboard in docs/ queries is one the host exposes.
    const dashboard = readFileSync(fileURLToPath(new URL('../../../docs/grafana-sales.json', import.meta.url)), 'utf8');
    const queried = new Set(dashboard.match(/\b(?:boxoffice_\w+|http_request_duration_seconds_bucket)\b/g));
    expect(queried.size).toBeGreaterThan(5);
    for (const name of queried) expect(text, name).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
  });

  it('a user token on every admin route is 403 forbidden and changes nothing', async () => {
    const fan = await host.user('fan');
    const etag = (await olga.get('/v1/admin/sales/spring')).headers.get('etag') as string;
    const before = await snapshot(host.boxoffice, ['fan']);
    const calls: Array<[string, string, unknown?]> = [
      ['PUT', '/v1/admin/concerts/big', { name: 'Gone', schedules: [] }],
      ['POST', '/v1/admin/sales', { id: 'sneaky', scheduleIds: ['tiny-1'] }],
      ['GET', '/v1/admin/sales'],
      ['GET', '/v1/admin/sales/spring'],
      ['PATCH', '/v1/admin/sales/spring', { closed: true }],
      ['GET', '/v1/admin/sales/spring/events'],
      ['GET', '/v1/admin/audit'],
      ['GET', '/v1/admin/events'],
    ];
    for (const [method, path, body] of calls) {
      const r = await fan.request(method, path, { ...(body === undefined ? {} : { body }), headers: { 'if-match': etag } });
      expect([r.status, r.body.code], `${method} ${path}`).toEqual([403, 'forbidden']);
      expect((await host.anonymous().request(method, path, body === undefined ? {} : { body })).status, `${method} ${path} anonymous`).toBe(401);
    }
    expect(await snapshot(host.boxoffice, ['fan'])).toBe(before);
  });
});
