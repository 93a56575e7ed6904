import assert from 'node:assert/strict';
import { defineChecks } from '../check.js';
import { concert, enterUsers, openSale, rejectsWith, seatPrice, sortedTaken } from '../fixtures.js';

export const catalogChecks = defineChecks('catalog', [
  {
    slug: 'publish-and-list',
    name: 'published concerts, schedules with available counts, and seats are listed to an active token',
    async run(ctx) {
      const bo = ctx.boxoffice();
      assert.equal(await bo.catalog.isEmpty(), true, 'a fresh store has no concerts');
      const c = concert(ctx, 12, 2);
      await bo.catalog.publish([c]);
      const [s] = await enterUsers(bo, ctx, ['a']);
      await bo.queue.tick(ctx.queueId);
      const concerts = await bo.catalog.listConcerts(s!.session);
      assert.deepEqual(concerts, [{ id: c.id, name: c.name, venue: c.venue }]);
      const schedules = await bo.catalog.listSchedules(s!.session, c.id);
      assert.deepEqual(
        schedules.map((x) => [x.id, x.startsAt, x.totalSeats, x.availableSeats]),
        c.schedules.map((x) => [x.id, x.startsAt, 12, 12]),
      );
      const seats = await bo.catalog.listSeats(s!.session, c.schedules[1]!.id);
      assert.equal(seats.length, 12);
      assert.deepEqual(seats[0], { number: 1, price: seatPrice(1), grade: 'VIP', available: true });
      assert.deepEqual(seats[11], { number: 12, price: seatPrice(12), grade: null, available: true });
      assert.deepEqual((await bo.catalog.listScheduleIds()).sort(), c.schedules.map((x) => x.id).sort());
    },
  },
  {
    slug: 'requires-active-token',
    name: 'listing needs an active token of the caller: waiting, ended or foreign tokens are refused',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1 });
      const c = concert(ctx);
      await bo.catalog.publish([c]);
      const [a, b] = await enterUsers(bo, ctx, ['a', 'b']);
      await bo.queue.tick(ctx.queueId);
      const sid = c.schedules[0]!.id;
      for (const list of [
        () => bo.catalog.listConcerts(b!.session),
        () => bo.catalog.listSchedules(b!.session, c.id),
        () => bo.catalog.listSeats(b!.session, sid),
      ]) {
        await rejectsWith(list, 'token_not_active', 'waiting token');
      }
      await rejectsWith(bo.catalog.listConcerts({ ...a!.session, userId: b!.userId }), 'token_not_found', "another user's token");
      await bo.queue.leave(ctx.queueId, a!.token, a!.userId);
      await rejectsWith(bo.catalog.listSeats(a!.session, sid), 'token_expired', 'ended token');
    },
  },
  {
    slug: 'unknown-ids',
    name: 'an unknown concert or schedule is concert_not_found or schedule_not_found',
    async run(ctx) {
      const { bo, shoppers } = await openSale(ctx);
      await rejectsWith(bo.catalog.listSchedules(shoppers[0]!.session, `${ctx.tag}none`), 'concert_not_found');
      await rejectsWith(bo.catalog.listSeats(shoppers[0]!.session, `${ctx.tag}none`), 'schedule_not_found');
    },
  },
  {
    slug: 'invalid-concert',
    name: 'an invalid concert is validation_failed and stores nothing',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const good = concert(ctx);
      const bad = [
        { ...good, id: 'bad id!' },
        { ...good, name: '' },
        { ...good, schedules: [{ ...good.schedules[0]!, seats: [] }] },
        { ...good, schedules: [{ ...good.schedules[0]!, seats: [{ number: 1, price: 5 }, { number: 1, price: 5 }] }] },
        { ...good, schedules: [{ ...good.schedules[0]!, seats: [{ number: 1, price: -5 }] }] },
        { ...good, schedules: [{ ...good.schedules[0]!, startsAt: 'not a date' }] },
        null,
      ];
      for (const b of bad) await rejectsWith(bo.catalog.publish([good, b]), 'validation_failed', JSON.stringify(b)?.slice(0, 60));
      assert.equal(await bo.catalog.isEmpty(), true, 'a batch with a bad concert stores none of it');
      assert.deepEqual(await bo.catalog.listScheduleIds(), []);
    },
  },
  {
    slug: 'republish-replaces',
    name: 'publishing a concert again replaces its schedules',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const c = concert(ctx, 5, 2);
      await bo.catalog.publish([c]);
      const replaced = { ...c, name: 'Renamed', schedules: [c.schedules[1]!] };
      await bo.catalog.publish([replaced]);
      const other = ctx.boxoffice(); // a second host with an empty cache
      const [s] = await enterUsers(other, ctx, ['a']);
      await other.queue.tick(ctx.queueId);
      assert.deepEqual(await other.catalog.listConcerts(s!.session), [{ id: c.id, name: 'Renamed', venue: c.venue }]);
      assert.deepEqual((await other.catalog.listSchedules(s!.session, c.id)).map((x) => x.id), [c.schedules[1]!.id]);
      await rejectsWith(other.catalog.listSeats(s!.session, c.schedules[0]!.id), 'schedule_not_found');
    },
  },
  {
    slug: 'republish-keeps-taken-seats',
    name: 'a catalog that would drop or reprice a held or sold seat is catalog_conflict and changes nothing',
    async run(ctx) {
      const { bo, scheduleId, concertId, shoppers } = await openSale(ctx, { seats: 10, users: 2 });
      const [a, b] = shoppers;
      await bo.reservations.hold(a!.session, scheduleId, [2]);
      const sold = await bo.reservations.hold(b!.session, scheduleId, [3]);
      await bo.wallet.charge(b!.userId, sold.amount);
      await bo.payments.pay(b!.session, sold.id, `${ctx.tag}k`);
      const c = concert(ctx, 10);
      const seatsBefore = await bo.catalog.listSeats(a!.session, scheduleId);
      const withSeats = (seats: typeof c.schedules[0]['seats']) => ({ ...c, schedules: [{ ...c.schedules[0]!, seats }] });
      const attempts = {
        'drops a held seat': withSeats(c.schedules[0]!.seats.filter((s) => s.number !== 2)),
        'reprices a sold seat': withSeats(c.schedules[0]!.seats.map((s) => (s.number === 3 ? { ...s, price: s.price + 1 } : s))),
        'drops the schedule': { ...c, schedules: [{ ...c.schedules[0]!, id: `${ctx.tag}other` }] },
      };
      for (const [what, next] of Object.entries(attempts)) {
        const error = await rejectsWith(bo.catalog.publish([next]), 'catalog_conflict', what);
        assert.equal(error.details.scheduleId, scheduleId, what);
        assert.deepEqual(await ctx.boxoffice().catalog.listSeats(a!.session, scheduleId), seatsBefore, `${what}: nothing changed`);
      }
      // Free seats may change: seat 10 repriced, seat 11 added.
      const fine = withSeats([...c.schedules[0]!.seats.map((s) => (s.number === 10 ? { ...s, price: s.price + 5 } : s)), { number: 11, price: 100, grade: null }]);
      await bo.catalog.publish([fine]);
      const schedules = await ctx.boxoffice().catalog.listSchedules(a!.session, concertId);
      assert.deepEqual([schedules[0]!.totalSeats, schedules[0]!.availableSeats], [11, 9]);
    },
  },
  {
    slug: 'availability-tracks-holds',
    name: 'available seat counts follow holds, cancels, lazy expiry and sales',
    async run(ctx) {
      const { bo, scheduleId, concertId, shoppers } = await openSale(ctx, { seats: 10, users: 2, config: { holdTtl: 60 } });
      const [a, b] = shoppers;
      const available = async () => (await bo.catalog.listSchedules(a!.session, concertId))[0]!.availableSeats;
      const free = async () => (await bo.catalog.listSeats(a!.session, scheduleId)).filter((x) => x.available).map((x) => x.number);
      const r1 = await bo.reservations.hold(a!.session, scheduleId, [2, 3]);
      assert.equal(await available(), 8);
      assert.deepEqual(await free(), [1, 4, 5, 6, 7, 8, 9, 10]);
      await bo.reservations.cancel(a!.userId, r1.id);
      assert.equal(await available(), 10);
      await bo.reservations.hold(a!.session, scheduleId, [4]);
      ctx.clock.advanceSeconds(60);
      assert.equal(await available(), 10, 'a lapsed hold frees its seat before any sweep');
      const r3 = await bo.reservations.hold(b!.session, scheduleId, [9]);
      await bo.wallet.charge(b!.userId, r3.amount);
      await bo.payments.pay(b!.session, r3.id, 'k1');
      assert.equal(await available(), 9, 'a sold seat stays taken');
      const sold = await sortedTaken(ctx, scheduleId);
      assert.deepEqual(sold, [{ number: 9, state: 'sold', reservationId: r3.id }]);
    },
  },
]);
