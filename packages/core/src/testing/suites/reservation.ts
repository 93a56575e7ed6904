import assert from 'node:assert/strict';
import type { ReservationPrimitives } from '../../reservation/reservation.js';
import { defineChecks } from '../check.js';
import { concert, enterUsers, lcg, openSale, range, rejectsWith, seatPrice, tally, sortedTaken } from '../fixtures.js';

export const reservationChecks = defineChecks('reservation', [
  {
    slug: 'hold-shape',
    name: 'a hold returns { id, userId, seats, amount, state: held, expiresAt = now + holdTtl }',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { config: { holdTtl: 120 } });
      const s = shoppers[0]!;
      const r = await bo.reservations.hold(s.session, scheduleId, [7, 3, 5]);
      assert.ok(r.id.startsWith(`${scheduleId}.`), 'the id names its schedule');
      assert.equal(r.userId, s.userId);
      assert.deepEqual(r.seats, [3, 5, 7]);
      assert.equal(r.amount, seatPrice(3) + seatPrice(5) + seatPrice(7));
      assert.equal(r.state, 'held');
      assert.equal(r.expiresAt, ctx.clock.now() + 120_000);
      assert.deepEqual(await bo.reservations.get(s.userId, r.id), r, 'the stored hold reads back the same');
      const taken = await sortedTaken(ctx, scheduleId);
      assert.deepEqual(taken, [3, 5, 7].map((n) => ({ number: n, state: 'held', reservationId: r.id })));
      assert.equal((await ctx.store.inventory.takenSeats(scheduleId, ctx.clock.now())).length, 3);
    },
  },
  {
    slug: 'held-seat-unavailable',
    name: 'a held seat cannot be held again; a multi-seat hold is all or nothing',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2 });
      const [a, b] = shoppers;
      const ra = await bo.reservations.hold(a!.session, scheduleId, [1, 2]);
      const error = await rejectsWith(bo.reservations.hold(b!.session, scheduleId, [2, 3]), 'seat_unavailable');
      assert.deepEqual(error.details.seats, [2], 'the error names the taken seat');
      await rejectsWith(bo.reservations.hold(b!.session, scheduleId, [1]), 'seat_unavailable', 'own seat of a');
      await rejectsWith(bo.reservations.hold(a!.session, scheduleId, [1]), 'seat_unavailable', 'the owner holding again');
      const taken = await sortedTaken(ctx, scheduleId);
      assert.deepEqual(taken.map((t) => [t.number, t.reservationId]), [[1, ra.id], [2, ra.id]], 'seat 3 was not held by the failed call');
      const rb = await bo.reservations.hold(b!.session, scheduleId, [3]);
      assert.equal(rb.state, 'held');
    },
  },
  {
    slug: 'parallel-holds-one-winner',
    name: '50 parallel holds of one seat: exactly one wins, the rest are seat_unavailable',
    capability: 'concurrentCalls',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 50 });
      const results = await Promise.allSettled(shoppers.map((s) => bo.reservations.hold(s.session, scheduleId, [7])));
      const { ok, codes } = tally(results);
      assert.equal(ok.length, 1, `${ok.length} holds of seat 7 succeeded`);
      assert.deepEqual(new Set(codes), new Set(['seat_unavailable']));
      const taken = await sortedTaken(ctx, scheduleId);
      assert.deepEqual(taken, [{ number: 7, state: 'held', reservationId: ok[0]!.id }]);
    },
  },
  {
    slug: 'parallel-multi-seat-holds',
    name: 'overlapping multi-seat holds racing: no seat in two holds, every winner holds all its seats',
    capability: 'concurrentCalls',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 40, seats: 12 });
      const rnd = lcg(7);
      const wants = shoppers.map(() => {
        const set = new Set<number>();
        const size = 2 + Math.floor(rnd() * 3);
        while (set.size < size) set.add(1 + Math.floor(rnd() * 12));
        return [...set];
      });
      const results = await Promise.allSettled(shoppers.map((s, i) => bo.reservations.hold(s.session, scheduleId, wants[i])));
      const { ok, codes } = tally(results);
      assert.ok(ok.length >= 1, 'someone wins');
      assert.ok(codes.every((c) => c === 'seat_unavailable'), `unexpected codes ${codes.join()}`);
      const owner = new Map<number, string>();
      for (const r of ok as ReservationPrimitives[]) {
        for (const n of r.seats) {
          assert.equal(owner.get(n), undefined, `seat ${n} held by ${owner.get(n)} and ${r.id}`);
          owner.set(n, r.id);
        }
      }
      const taken = await sortedTaken(ctx, scheduleId);
      assert.deepEqual(
        taken.map((t) => [t.number, t.reservationId]),
        [...owner.entries()].sort((x, y) => x[0] - y[0]),
        'stored holders match the winners exactly',
      );
      // Each loser asked for at least one seat that a winner holds.
      results.forEach((r, i) => {
        if (r.status === 'rejected') assert.ok(wants[i]!.some((n) => owner.has(n)), `loser ${i} lost without a conflict`);
      });
    },
  },
  {
    slug: 'schedules-isolated',
    name: 'seat numbers belong to their schedule: seat 1 of one date does not block seat 1 of another',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const c = concert(ctx, 5, 2);
      await bo.catalog.publish([c]);
      const [a, b] = await enterUsers(bo, ctx, ['a', 'b']);
      await bo.queue.tick(ctx.queueId);
      const [s1, s2] = c.schedules.map((s) => s.id);
      const r1 = await bo.reservations.hold(a!.session, s1!, [1, 2]);
      const r2 = await bo.reservations
        .hold(b!.session, s2!, [1, 2])
        .catch((error: Error) => assert.fail(`seats 1, 2 of the second date are blocked by the first: ${error.message}`));
      assert.ok(r1.id.startsWith(`${s1}.`) && r2.id.startsWith(`${s2}.`));
      await rejectsWith(bo.reservations.hold(b!.session, s1!, [2]), 'seat_unavailable');
      await bo.reservations.cancel(a!.userId, r1.id);
      assert.deepEqual(await sortedTaken(ctx, s1!), []);
      assert.equal((await ctx.store.inventory.takenSeats(s2!, ctx.clock.now())).length, 2, 'cancelling in one schedule leaves the other');
    },
  },
  {
    slug: 'cancel-releases',
    name: 'the owner cancels a hold: its seats are free to hold again; others cannot cancel it',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2 });
      const [a, b] = shoppers;
      const r = await bo.reservations.hold(a!.session, scheduleId, [4, 5]);
      await rejectsWith(bo.reservations.cancel(b!.userId, r.id), 'reservation_not_found', 'not the owner');
      assert.equal((await bo.reservations.get(a!.userId, r.id)).state, 'held');
      const cancelled = await bo.reservations.cancel(a!.userId, r.id);
      assert.equal(cancelled.state, 'cancelled');
      assert.equal((await bo.reservations.cancel(a!.userId, r.id)).state, 'cancelled', 'cancelling twice is harmless');
      assert.deepEqual(await sortedTaken(ctx, scheduleId), []);
      const again = await bo.reservations.hold(b!.session, scheduleId, [5, 4]);
      assert.deepEqual(again.seats, [4, 5]);
      await rejectsWith(bo.payments.pay(a!.session, r.id, 'k'), 'reservation_not_held', 'a cancelled hold cannot be paid');
    },
  },
  {
    slug: 'lazy-expiry',
    name: 'a lapsed hold frees its seats on read, before any sweep; the sweep then leaves new holds alone',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2, config: { holdTtl: 60, payGraceSeconds: 0 } }); // the sweep at once
      const [a, b] = shoppers;
      const old = await bo.reservations.hold(a!.session, scheduleId, [1, 2]);
      ctx.clock.advanceSeconds(59);
      await rejectsWith(bo.reservations.hold(b!.session, scheduleId, [2]), 'seat_unavailable', 'one second before expiry');
      ctx.clock.advanceSeconds(1);
      assert.equal((await bo.reservations.get(a!.userId, old.id)).state, 'expired');
      const seats = await bo.catalog.listSeats(b!.session, scheduleId);
      assert.ok(seats.filter((s) => s.number <= 2).every((s) => s.available), 'lapsed seats read as available');
      const fresh = await bo.reservations.hold(b!.session, scheduleId, [2]);
      const swept = await bo.reservations.sweep();
      assert.deepEqual(swept, [old.id]);
      assert.equal((await bo.reservations.get(b!.userId, fresh.id)).state, 'held');
      assert.deepEqual(await sortedTaken(ctx, scheduleId), [
        { number: 2, state: 'held', reservationId: fresh.id },
      ]);
      assert.equal((await ctx.store.inventory.get(old.id))?.state, 'expired', 'the sweep stored the expiry');
    },
  },
  {
    slug: 'sweep',
    name: 'the sweep (and the scheduler tick) expire lapsed holds once',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2, config: { holdTtl: 60, payGraceSeconds: 0 } }); // the sweep at once
      const [a, b] = shoppers;
      const r1 = await bo.reservations.hold(a!.session, scheduleId, [1]);
      ctx.clock.advanceSeconds(30);
      const r2 = await bo.reservations.hold(b!.session, scheduleId, [2]);
      ctx.clock.advanceSeconds(30);
      assert.deepEqual(await bo.reservations.sweep(), [r1.id]);
      assert.deepEqual(await bo.reservations.sweep(), [], 'a hold expires once');
      ctx.clock.advanceSeconds(30);
      const report = await bo.tick([ctx.queueId]);
      assert.deepEqual(report.expiredHolds, [r2.id]);
      assert.equal((await ctx.store.inventory.get(r2.id))?.state, 'expired');
      assert.equal((await ctx.store.inventory.takenSeats(scheduleId, ctx.clock.now())).length, 0);
    },
  },
  {
    slug: 'requires-active-token',
    name: 'a hold needs an active token of the caller; otherwise nothing is held',
    async run(ctx) {
      const { bo, scheduleId } = await openSale(ctx, { users: 1, config: { maxActive: 1 } });
      const [w] = await enterUsers(bo, ctx, ['waiting']);
      await rejectsWith(bo.reservations.hold(w!.session, scheduleId, [1]), 'token_not_active');
      const [x] = await enterUsers(bo, ctx, [1]); // user 1 already holds an active token
      await rejectsWith(bo.reservations.hold({ ...x!.session, userId: w!.userId }, scheduleId, [1]), 'token_not_found');
      await rejectsWith(bo.reservations.hold({ ...x!.session, token: `${ctx.tag}forged` }, scheduleId, [1]), 'token_not_found');
      assert.equal((await ctx.store.inventory.takenSeats(scheduleId, ctx.clock.now())).length, 0);
    },
  },
  {
    slug: 'bad-input',
    name: 'bad seat lists and unknown schedules get typed errors and hold nothing',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { seats: 10 });
      const s = shoppers[0]!.session;
      const cases: Array<[unknown, string]> = [
        [[], 'validation_failed'],
        [[1, 2, 3, 4, 5], 'validation_failed'],
        [[1, 1], 'validation_failed'],
        [[1.5], 'validation_failed'],
        [['1'], 'validation_failed'],
        [[0], 'validation_failed'],
        [[-3], 'validation_failed'],
        [[11], 'validation_failed'],
        [[2, 99], 'validation_failed'],
        ['1', 'validation_failed'],
        [null, 'validation_failed'],
      ];
      for (const [seats, code] of cases) {
        await rejectsWith(bo.reservations.hold(s, scheduleId, seats), code as 'validation_failed', JSON.stringify(seats));
      }
      await rejectsWith(bo.reservations.hold(s, `${ctx.tag}none`, [1]), 'schedule_not_found');
      assert.deepEqual(await sortedTaken(ctx, scheduleId), []);
      const ok = await bo.reservations.hold(s, scheduleId, range(4));
      assert.deepEqual(ok.seats, [1, 2, 3, 4], 'seat 2 stayed free after the failed [2, 99]');
    },
  },
  {
    slug: 'read-own-only',
    name: "another user's reservation, or a malformed or unknown id, is reservation_not_found",
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2 });
      const [a, b] = shoppers;
      const r = await bo.reservations.hold(a!.session, scheduleId, [1]);
      await rejectsWith(bo.reservations.get(b!.userId, r.id), 'reservation_not_found', 'foreign');
      await rejectsWith(bo.reservations.get(a!.userId, 'nodot'), 'reservation_not_found', 'malformed');
      await rejectsWith(bo.reservations.get(a!.userId, `${scheduleId}.nosuch`), 'reservation_not_found', 'unknown');
      await rejectsWith(bo.reservations.get(a!.userId, `${ctx.tag}x.nosuch`), 'reservation_not_found', 'unknown schedule');
      assert.equal((await bo.reservations.get(a!.userId, r.id)).state, 'held');
    },
  },
]);
