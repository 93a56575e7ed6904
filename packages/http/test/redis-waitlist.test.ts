import { randomBytes } from 'node:crypto';
import { dyingSale, ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, until, type Client, type TestHost } from './support/api.js';
import { deletePrefix, REDIS_URL, redisAnswers, REQUIRE_REDIS } from './support/redis.js';

// The waiting list across two hosts on one Redis (SPEC "Refunds and the waiting list"): a sale sold out by
// real buys (the kit's dyingSale fixture with `bought`), 30 people on its list, then an operator refunds 10
// payments through POST /v1/payments/{id}/refunds on either host; both schedulers tick.
const available = await redisAnswers();
if (!available) console.warn(`[redis-waitlist] no Redis at ${REDIS_URL}: ${REQUIRE_REDIS ? 'FAILING (BOXOFFICE_REQUIRE_REDIS=1)' : 'skipping'}`);

describe.runIf(available || REQUIRE_REDIS)('the waiting list on two hosts sharing Redis', () => {
  const prefix = `bo-http-wl-${randomBytes(4).toString('hex')}`;
  const clock = new ManualClock(Date.now());
  let a: TestHost, b: TestHost;

  beforeAll(async () => {
    if (!available) throw new Error(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    const settings = { store: 'redis', redisUrl: REDIS_URL, redisPrefix: prefix, tickMs: 30, payGraceSeconds: 0, admissionRampSeconds: 0, clock } as const;
    a = await testHost(settings);
    b = await testHost(settings);
  });
  afterAll(async () => {
    await deletePrefix(a?.boxoffice.store, prefix);
    await a?.close();
    await b?.close();
  });

  it('10 refunds of a sold-out sale make exactly 10 offers to the 10 first; 3 lapsing move to the next 3; nobody else holds them meanwhile', async () => {
    // Twelve seats, all sold: ten by buyers through the queue and a payment (refundable), two straight at the ports.
    // The outsider was let in before the sell-out: an active session runs on after it.
    const sale = await dyingSale(a.boxoffice, { tag: 'wl', seats: 12, bought: 10, dying: 0, admit: ['wl-outsider'], offerTtlSeconds: 60, price: 10 });
    expect(await a.boxoffice.sales.isSoldOut({ scheduleIds: [sale.scheduleId] })).toBe(true);
    const people: Client[] = [];
    for (let i = 0; i < 30; i++) people.push(await (i % 2 ? b : a).user(`wl-person-${i}`));
    for (const [i, p] of people.entries()) {
      const joined = await p.post(`/v1/sales/${sale.saleId}/waitlist`);
      expect([joined.status, joined.body.position]).toEqual([201, i + 1]);
    }
    expect((await people[0]!.post(`/v1/sales/${sale.saleId}/waitlist`)).status).toBe(200);
    const me = (p: Client) => p.get(`/v1/sales/${sale.saleId}/waitlist/me`);
    const states = async () => Promise.all(people.map(async (p) => (await me(p)).body.state as string));

    // The outsider, with an active session of the sale, tries every refunded seat as it comes back.
    const outsider = await b.user('wl-outsider');
    const token = sale.tokens.get('wl-outsider')!;
    expect((await outsider.get(`/v1/sales/${sale.saleId}/queue/tokens/${token}`)).body.state).toBe('active');
    const outsiderTries = async () => {
      for (let seat = 1; seat <= 10; seat++) {
        const held = await outsider.hold(token, sale.scheduleId, [seat]);
        expect([held.status, held.body.code], `the outsider held seat ${seat}`).toEqual([409, 'seat_unavailable']);
      }
    };

    const operators = [await a.operator('wl-op'), await b.operator('wl-op')];
    for (let seat = 1; seat <= 10; seat++) {
      const { userId, paymentId } = sale.bought.get(seat)!;
      const refunded = await operators[seat % 2]!.post(`/v1/payments/${paymentId}/refunds`, { userId }, { idempotencyKey: `wl-refund-${seat}` });
      expect([refunded.status, refunded.body.state]).toEqual([201, 'completed']);
      await outsiderTries();
    }
    await until(async () => (await states()).filter((s) => s === 'offered').length === 10, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const after = await states();
    expect(after.slice(0, 10)).toEqual(Array(10).fill('offered'));
    expect(after.slice(10)).toEqual(Array(20).fill('waiting'));
    expect((await me(people[10]!)).body.position).toBe(1);
    const offers = await Promise.all(people.slice(0, 10).map(async (p) => (await me(p)).body.reservationId as string));
    const seats = await Promise.all(offers.map(async (id, i) => (await people[i]!.get(`/v1/reservations/${id}`)).body.seats[0] as number));
    expect(new Set(seats).size, 'ten different seats').toBe(10);
    await outsiderTries();

    // Seven pay with no queue token; three let their offers lapse.
    for (let i = 0; i < 7; i++) {
      await people[i]!.charge(10, `wl-charge-${i}`);
      const paid = await people[i]!.post('/v1/payments', { reservationId: offers[i] }, { idempotencyKey: `wl-pay-${i}` });
      expect([paid.status, paid.body.state]).toEqual([201, 'completed']);
    }
    clock.advance(61_000);
    await until(async () => (await states()).slice(10, 13).every((s) => s === 'offered'), 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const final = await states();
    expect(final.slice(0, 7)).toEqual(Array(7).fill('purchased'));
    expect(final.slice(7, 10)).toEqual(Array(3).fill('expired'));
    expect(final.slice(10, 13)).toEqual(Array(3).fill('offered'));
    expect(final.slice(13)).toEqual(Array(17).fill('waiting'));
    const moved = await Promise.all(people.slice(10, 13).map(async (p) => (await me(p)).body.reservationId as string));
    const movedSeats = await Promise.all(moved.map(async (id, i) => (await people[10 + i]!.get(`/v1/reservations/${id}`)).body.seats[0] as number));
    expect(new Set(movedSeats)).toEqual(new Set(seats.slice(7, 10)));
    await outsiderTries();
    // An ordinary hold's payment still needs its Queue-Token.
    expect((await outsider.post('/v1/payments', { reservationId: `${sale.scheduleId}.nope` }, { idempotencyKey: 'wl-x' })).status).toBe(404);
  }, 60_000);
});
