import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@boxoffice/core/testing';
import { contractStats, testHost, type Client, type TestHost } from './support/api.js';

// The seed's flow over HTTP against a listening host: maxActive 2 and three users.
// The scheduler is stepped by hand (tickNow) so "the next tick" is exact.
describe('seed flow end to end (maxActive 2, three users)', () => {
  let host: TestHost;
  let alice: Client, bob: Client, carol: Client;
  const qt: Record<string, string> = {};
  const schedule = 'aurora-2027-03-14';

  beforeAll(async () => {
    host = await testHost({ maxActive: 2, scheduler: false });
    [alice, bob, carol] = await Promise.all([host.user('alice'), host.user('bob'), host.user('carol')]);
  });
  afterAll(async () => {
    await host.close();
    console.log(`[seed.e2e] ${contractStats.checked} answers matched their documented schemas (${contractStats.routes.size} operations)`);
  });

  it('1. all three enter; after a tick two are admitted and one waits at position 1', async () => {
    for (const [name, c] of [['alice', alice], ['bob', bob], ['carol', carol]] as const) {
      const r = await c.enter();
      expect(r.status).toBe(201);
      expect(r.body.state).toBe('waiting');
      qt[name] = r.body.token;
    }
    // Entering again returns the live token with 200.
    const again = await alice.enter();
    expect(again.status).toBe(200);
    expect(again.body.token).toBe(qt.alice);

    const before = await carol.status(qt.carol as string);
    expect(before.body).toMatchObject({ state: 'waiting', position: 3 });
    expect(before.body.pollAfterMs).toBeGreaterThan(0);

    await host.tickNow();
    expect((await alice.status(qt.alice as string)).body.state).toBe('active');
    expect((await bob.status(qt.bob as string)).body.state).toBe('active');
    const waiting = await carol.status(qt.carol as string);
    expect(waiting.body).toMatchObject({ state: 'waiting', position: 1, activeUntil: null });
    expect(waiting.body.etaSeconds).toBeGreaterThanOrEqual(0);
    // Carol cannot see the catalog yet.
    const gated = await carol.get('/v1/concerts', { queueToken: qt.carol });
    expect(gated.status).toBe(403);
    expect(gated.body.code).toBe('token_not_active');
  });

  it('2. an admitted user lists concerts, schedules and seats', async () => {
    const concerts = await alice.get('/v1/concerts', { queueToken: qt.alice });
    expect(concerts.status).toBe(200);
    expect(concerts.body.map((c: { id: string }) => c.id)).toContain('aurora-live');
    const schedules = await alice.get('/v1/concerts/aurora-live/schedules', { queueToken: qt.alice });
    expect(schedules.status).toBe(200);
    expect(schedules.body[0]).toMatchObject({ id: schedule, totalSeats: 50, availableSeats: 50 });
    const seats = await alice.get(`/v1/schedules/${schedule}/seats`, { queueToken: qt.alice });
    expect(seats.status).toBe(200);
    expect(seats.body).toHaveLength(50);
    expect(seats.body[0]).toEqual({ number: 1, price: 150000, grade: 'VIP', available: true });
    const unknown = await alice.get('/v1/concerts/no-such/schedules', { queueToken: qt.alice });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('concert_not_found');
  });

  it('3. holds two seats, fails to pay with insufficient_balance, charges, pays, token completed', async () => {
    const hold = await alice.hold(qt.alice as string, schedule, [1, 2]);
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ userId: 'alice', scheduleId: schedule, seats: [1, 2], amount: 300000, state: 'held' });
    const rid = hold.body.id as string;
    expect((await alice.get(`/v1/reservations/${rid}`)).body.state).toBe('held');

    // Bob cannot take a held seat.
    const clash = await bob.hold(qt.bob as string, schedule, [2, 3]);
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('seat_unavailable');

    const short = await alice.pay(qt.alice as string, rid, 'pay-1');
    expect(short.status).toBe(402);
    expect(short.body.code).toBe('insufficient_balance');
    expect((await alice.wallet()).body).toEqual({ balance: 0, history: [], nextCursor: null });

    const charged = await alice.charge(400000, 'charge-1');
    expect(charged.status).toBe(201);
    expect(charged.body.balance).toBe(400000);
    expect(charged.body.entry).toMatchObject({ type: 'charge', amount: 400000, balanceAfter: 400000 });

    const paid = await alice.pay(qt.alice as string, rid, 'pay-2');
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ userId: 'alice', reservationId: rid, amount: 300000, state: 'completed' });
    expect((await alice.get(`/v1/payments/${paid.body.id}`)).body.state).toBe('completed');
    expect((await alice.get(`/v1/reservations/${rid}`)).body).toMatchObject({ state: 'confirmed', paymentId: paid.body.id });
    expect((await alice.status(qt.alice as string)).body).toMatchObject({ state: 'completed', pollAfterMs: 0 });

    const wallet = await alice.wallet();
    expect(wallet.body.balance).toBe(100000);
    expect(wallet.body.history.map((e: { type: string }) => e.type)).toEqual(['payment', 'charge']);
    expect(wallet.body.history[0]).toMatchObject({ amount: 300000, balanceAfter: 100000, ref: paid.body.id });

    const seats = await bob.get(`/v1/schedules/${schedule}/seats`, { queueToken: qt.bob });
    expect(seats.body.filter((s: { available: boolean }) => !s.available).map((s: { number: number }) => s.number)).toEqual([1, 2]);
    // A completed session no longer opens the catalog.
    const done = await alice.get('/v1/concerts', { queueToken: qt.alice });
    expect(done.status).toBe(403);
    expect(done.body.code).toBe('token_expired');
  });

  it('4. the waiting user is admitted on the next tick', async () => {
    expect((await carol.status(qt.carol as string)).body.state).toBe('waiting');
    await host.tickNow();
    const admitted = await carol.status(qt.carol as string);
    expect(admitted.body.state).toBe('active');
    expect(Date.parse(admitted.body.activeUntil)).toBeGreaterThan(Date.now());
  });

  it('pages the ledger with limit and cursor, and leaves the queue with DELETE', async () => {
    for (let i = 0; i < 3; i++) expect((await bob.charge(1000 + i, `bob-${i}`)).status).toBe(201);
    const first = await bob.wallet('?limit=2');
    expect(first.body.history.map((e: { amount: number }) => e.amount)).toEqual([1002, 1001]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await bob.wallet(`?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.history.map((e: { amount: number }) => e.amount)).toEqual([1000]);
    expect(second.body.nextCursor).toBeNull();
    expect((await bob.wallet('?limit=0')).status).toBe(400);

    const left = await bob.delete(`/v1/queue/tokens/${qt.bob}`);
    expect(left.status).toBe(204);
    expect((await bob.status(qt.bob as string)).body.state).toBe('expired');
  });

  it('cancels a hold and frees its seats', async () => {
    const hold = await carol.hold(qt.carol as string, schedule, [5]);
    expect(hold.status).toBe(201);
    expect((await carol.delete(`/v1/reservations/${hold.body.id}`)).status).toBe(204);
    expect((await carol.get(`/v1/reservations/${hold.body.id}`)).body.state).toBe('cancelled');
    expect((await carol.hold(qt.carol as string, schedule, [5])).status).toBe(201);
  });
});

describe('timeouts with short TTLs (a manual clock drives time, so the test does not race the machine)', () => {
  let host: TestHost;
  const clock = new ManualClock(Date.now());
  beforeAll(async () => {
    host = await testHost({ maxActive: 1, holdTtlSeconds: 30, idleTimeoutSeconds: 20, sessionTtlSeconds: 120, scheduler: false, clock });
  });
  afterAll(() => host.close());

  it('a hold expires and frees its seats, an idle waiting token expires, an active session expires', async () => {
    const a = await host.user('ann');
    const b = await host.user('ben');
    const qa = (await a.enter()).body.token as string;
    await host.tickNow();
    expect((await a.status(qa)).body.state).toBe('active');
    const qb = (await b.enter()).body.token as string;
    expect((await b.status(qb)).body).toMatchObject({ state: 'waiting', position: 1 });

    const hold = await a.hold(qa, 'aurora-2027-03-14', [7, 8]);
    expect(hold.status).toBe(201);
    clock.advance(31_000);
    // Read lazily as expired, then swept by the tick.
    expect((await a.get(`/v1/reservations/${hold.body.id}`)).body.state).toBe('expired');
    const seats = await a.get('/v1/schedules/aurora-2027-03-14/seats', { queueToken: qa });
    expect(seats.body.filter((s: { number: number }) => s.number === 7 || s.number === 8).every((s: { available: boolean }) => s.available)).toBe(true);
    await host.tickNow();
    // Ben never polled within the idle timeout.
    expect((await b.status(qb)).body.state).toBe('expired');
    // Expired seats can be held again; paying the old hold is hold_expired and debits nothing.
    expect((await a.hold(qa, 'aurora-2027-03-14', [7])).status).toBe(201);
    await a.charge(1_000_000, 'ann-charge');
    const late = await a.pay(qa, hold.body.id, 'ann-late');
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('hold_expired');
    expect((await a.wallet()).body.balance).toBe(1_000_000);

    clock.advance(90_000);
    await host.tickNow();
    expect((await a.status(qa)).body.state).toBe('expired');
    const after = await a.get('/v1/concerts', { queueToken: qa });
    expect(after.status).toBe(403);
    expect(after.body.code).toBe('token_expired');
  });
});
