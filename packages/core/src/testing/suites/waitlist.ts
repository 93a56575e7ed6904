import assert from 'node:assert/strict';
import type { Boxoffice } from '../../boxoffice.js';
import { isDomainError } from '../../shared/errors.js';
import type { WaitlistStatus } from '../../waitlist/waitlist.js';
import { PENDING_REDRIVE_MS } from '../../waitlist/waitlist-service.js';
import type { CheckContext } from '../check.js';
import { defineChecks } from '../check.js';
import { EventTail } from '../event-tail.js';
import { faultyStore } from '../faulty-store.js';
import { rejectsWith } from '../fixtures.js';
import type { DyingSale } from '../waitlist-fixture.js';
import { dyingSale } from '../waitlist-fixture.js';

// The waiting list (SPEC "Refunds and the waiting list"): join once sold out, FIFO offers of released
// seats, one open offer per person, no released seat free to anyone else while people wait, expiry
// moving the seat on, payment with no queue token, and several hosts ticking at once.

const CONFIG = { holdTtl: 60, payGraceSeconds: 5, paymentRecoveryTimeout: 10 };

async function setUp(ctx: CheckContext, seats: number, dying: number, people: number): Promise<{ bo: Boxoffice; sale: DyingSale; users: string[] }> {
  const bo = ctx.boxoffice(CONFIG);
  const sale = await dyingSale(bo, { tag: ctx.tag, seats, dying, offerTtlSeconds: 60 });
  const users = Array.from({ length: people }, (_, i) => ctx.user(`w${i}`));
  for (const u of users) await bo.waitlist.join(sale.saleId, u);
  return { bo, sale, users };
}

/** Two seats, the second released and offered to the first of two people. */
async function offerToFirst(ctx: CheckContext): Promise<{ bo: Boxoffice; sale: DyingSale; users: string[]; offer: WaitlistStatus }> {
  const { bo, sale, users } = await setUp(ctx, 2, 1, 2);
  await sale.release(2);
  await bo.tick([sale.saleId]);
  return { bo, sale, users, offer: await bo.waitlist.status(sale.saleId, users[0]!) };
}

const statuses = (bo: Boxoffice, saleId: string, users: readonly string[]): Promise<WaitlistStatus[]> => Promise.all(users.map((u) => bo.waitlist.status(saleId, u)));

/** An outsider's ordinary hold of `seat`, straight at the port: must be refused while the list keeps the seat. */
async function outsiderHold(ctx: CheckContext, sale: DyingSale, seat: number): Promise<boolean> {
  const now = ctx.clock.now();
  try {
    await ctx.store.inventory.hold({ id: `${sale.scheduleId}.${ctx.tag}x${seat}${now}`, userId: ctx.user('outsider'), scheduleId: sale.scheduleId, seats: [seat], amount: 10, state: 'held', createdAt: now, expiresAt: now + 60_000, paymentId: null }, now);
    return true;
  } catch (error) {
    if (isDomainError(error, 'seat_unavailable')) return false;
    throw error;
  }
}

export const waitlistChecks = defineChecks('waitlist', [
  {
    slug: 'join-once-sold-out',
    name: 'joining needs a sold-out sale (waitlist_not_open, nothing stored); one place per user, in arrival order, and leaving frees it',
    capability: 'waitlist',
    async run(ctx) {
      const bo = ctx.boxoffice(CONFIG);
      await bo.catalog.publish([{ id: `${ctx.tag}c`, name: 'c', schedules: [{ id: `${ctx.tag}s`, startsAt: '2027-06-01T19:00:00Z', seats: [{ number: 1, price: 5 }] }] }]);
      await bo.sales.create({ id: ctx.queueId, scheduleIds: [`${ctx.tag}s`] });
      await rejectsWith(bo.waitlist.join(ctx.queueId, ctx.user('a')), 'waitlist_not_open', 'a sale with a free seat');
      await rejectsWith(bo.waitlist.status(ctx.queueId, ctx.user('a')), 'waitlist_not_found', 'the refused join stored nothing');
      await rejectsWith(bo.waitlist.join(`${ctx.tag}nosale`, ctx.user('a')), 'sale_not_found', 'an unknown sale');
      await rejectsWith(bo.waitlist.join(ctx.queueId, ''), 'validation_failed', 'an empty user id');
      // Sell the one seat: the list opens.
      const now = ctx.clock.now();
      const r = { id: `${ctx.tag}s.${ctx.tag}r`, userId: ctx.user('buyer'), scheduleId: `${ctx.tag}s`, seats: [1], amount: 5, state: 'held' as const, createdAt: now, expiresAt: now + 1000, paymentId: null };
      await ctx.store.inventory.hold(r, now);
      await ctx.store.inventory.claim(r.id, 'p', now);
      await ctx.store.inventory.confirm(r.id, 'p', now);
      const a = await bo.waitlist.join(ctx.queueId, ctx.user('a'));
      const b = await bo.waitlist.join(ctx.queueId, ctx.user('b'));
      const again = await bo.waitlist.join(ctx.queueId, ctx.user('a'));
      assert.deepEqual([a.created, a.status.position, b.status.position, again.created, again.status.position], [true, 1, 2, false, 1]);
      assert.equal(a.status.state, 'waiting');
      await bo.waitlist.leave(ctx.queueId, ctx.user('a'));
      await bo.waitlist.leave(ctx.queueId, ctx.user('a'));
      assert.equal((await bo.waitlist.status(ctx.queueId, ctx.user('a'))).state, 'left');
      assert.equal((await bo.waitlist.status(ctx.queueId, ctx.user('b'))).position, 1, 'b moved up');
      const back = await bo.waitlist.join(ctx.queueId, ctx.user('a'));
      assert.deepEqual([back.created, back.status.position], [true, 2], 'a rejoins at the back');
    },
  },
  {
    slug: 'offers-in-order',
    name: 'released seats become offers to the first people on the list, one each; nobody else can hold them meanwhile',
    capability: ['waitlist', 'outbox'],
    async run(ctx) {
      const { bo, sale, users } = await setUp(ctx, 5, 3, 5);
      const tail = await EventTail.at(ctx);
      assert.equal(await outsiderHold(ctx, sale, 1), false, 'a sold seat');
      await sale.release(4);
      await sale.release(5);
      assert.equal(await outsiderHold(ctx, sale, 4), false, 'a released seat goes to the list, not to an outsider');
      await bo.tick([sale.saleId]);
      const s = await statuses(bo, sale.saleId, users);
      assert.deepEqual(s.map((x) => x.state), ['offered', 'offered', 'waiting', 'waiting', 'waiting']);
      assert.deepEqual(s.map((x) => x.position), [null, null, 1, 2, 3]);
      const held = await Promise.all(s.slice(0, 2).map((x) => ctx.store.inventory.get(x.reservationId!)));
      assert.deepEqual(held.map((r) => [r?.userId, r?.state, r?.seats.length]), [[users[0], 'held', 1], [users[1], 'held', 1]]);
      assert.deepEqual(new Set(held.flatMap((r) => r!.seats)), new Set([4, 5]), 'each released seat offered once');
      assert.equal((await tail.take()).filter((e) => e.saleId === sale.saleId && e.type === 'waitlist.offered').length, 2, 'one waitlist.offered per offer');
      await bo.tick([sale.saleId]);
      assert.deepEqual((await statuses(bo, sale.saleId, users)).map((x) => x.state), ['offered', 'offered', 'waiting', 'waiting', 'waiting'], 'a second tick changes nothing');
      assert.equal(await outsiderHold(ctx, sale, 3), false, 'a dying seat');
    },
  },
  {
    slug: 'offer-expiry',
    name: 'an offer not paid in time ends that place (expired, reservation.released offer_expired) and goes to the next person',
    capability: ['waitlist', 'outbox'],
    async run(ctx) {
      const { bo, sale, users } = await setUp(ctx, 3, 1, 3);
      await sale.release(3);
      await bo.tick([sale.saleId]);
      const first = await bo.waitlist.status(sale.saleId, users[0]!);
      assert.equal(first.state, 'offered');
      const tail = await EventTail.at(ctx);
      ctx.clock.advance(60_000);
      await bo.tick([sale.saleId]);
      assert.equal((await bo.waitlist.status(sale.saleId, users[1]!)).state, 'waiting', 'within the pay grace the seat stays with the first');
      assert.equal(await outsiderHold(ctx, sale, 3), false, 'a lapsed offer is not free to outsiders');
      ctx.clock.advance(5_000);
      await bo.tick([sale.saleId]);
      const s = await statuses(bo, sale.saleId, users);
      assert.deepEqual(s.map((x) => x.state), ['expired', 'offered', 'waiting']);
      await rejectsWith(bo.waitlist.pay(users[0]!, first.reservationId!), 'hold_expired', 'the lapsed offer');
      const released = (await tail.take()).filter((e) => e.userId === users[0] && e.type === 'reservation.released');
      assert.deepEqual(released.map((e) => e.type === 'reservation.released' && e.data.reason), ['offer_expired']);
    },
  },
  {
    slug: 'pay-offer',
    name: 'an offer is paid with no queue token: seat sold, place purchased; an ordinary hold still needs one',
    capability: 'waitlist',
    async run(ctx) {
      const { bo, sale, users, offer } = await offerToFirst(ctx);
      await rejectsWith(bo.waitlist.pay(users[1]!, offer.reservationId!), 'reservation_not_found', "another person's offer");
      await rejectsWith(bo.waitlist.pay(users[0]!, offer.reservationId!), 'insufficient_balance', 'an empty wallet');
      await rejectsWith(bo.waitlist.pay(`${ctx.tag}owner1`, `${sale.scheduleId}.${ctx.tag}r1`), 'validation_failed', 'an ordinary reservation with no queue token');
      await bo.wallet.charge(users[0]!, 100);
      const paid = await bo.waitlist.pay(users[0]!, offer.reservationId!, 'k1');
      assert.equal(paid.state, 'completed');
      assert.equal((await bo.waitlist.pay(users[0]!, offer.reservationId!, 'k1')).id, paid.id, 'a retry finds the same payment');
      assert.equal((await bo.waitlist.status(sale.saleId, users[0]!)).state, 'purchased');
      assert.equal((await ctx.store.inventory.get(offer.reservationId!))?.state, 'confirmed');
      assert.equal((await bo.wallet.balance(users[0]!)).balance, 90);
      assert.equal(await bo.sales.isSoldOut({ scheduleIds: [sale.scheduleId] }), true, 'every seat sold again');
      await bo.tick([sale.saleId]);
      assert.equal((await bo.waitlist.status(sale.saleId, users[1]!)).state, 'waiting', 'nothing left to offer');
    },
  },
  {
    slug: 'concurrent-ticks',
    name: 'four hosts ticking at once offer each released seat exactly once, to the first people, in order',
    capability: ['waitlist', 'sharedAcrossInstances', 'concurrentCalls'],
    async run(ctx) {
      const { sale, users } = await setUp(ctx, 6, 4, 8);
      for (const seat of [3, 4, 5, 6]) await sale.release(seat);
      const hosts = Array.from({ length: 4 }, () => ctx.boxoffice(CONFIG));
      await Promise.all(hosts.map((h) => h.tick([sale.saleId])));
      await Promise.all(hosts.map((h) => h.tick([sale.saleId])));
      const s = await statuses(hosts[0]!, sale.saleId, users);
      assert.deepEqual(s.map((x) => x.state), ['offered', 'offered', 'offered', 'offered', 'waiting', 'waiting', 'waiting', 'waiting']);
      const holds = await Promise.all(s.slice(0, 4).map((x) => ctx.store.inventory.get(x.reservationId!)));
      assert.deepEqual(holds.flatMap((r) => r!.seats).sort(), [3, 4, 5, 6]);
      const taken = await ctx.store.inventory.takenSeats(sale.scheduleId, ctx.clock.now());
      assert.equal(taken.filter((t) => t.offer === true).length, 4, 'four offer holds, no orphan');
    },
  },
  {
    slug: 'offer-faults',
    name: 'a fault before or after any step of an offer (claim, the offer hold, open): the next tick finishes or undoes it; no seat offered twice, nobody skipped, no orphan hold',
    capability: ['waitlist', 'faultInjection'],
    async run(ctx) {
      const faulted = new Set<string>();
      for (const mode of ['before', 'after'] as const) {
        for (let at = 1; ; at++) {
          // A fresh sale each time: three seats, two coming back, three people.
          const tag = `${ctx.tag}${mode[0]}${at}`;
          const bo = ctx.boxoffice(CONFIG);
          const sale = await dyingSale(bo, { tag, seats: 3, dying: 2, offerTtlSeconds: 60 });
          const users = [0, 1, 2].map((i) => ctx.user(`${mode[0]}${at}w${i}`));
          for (const u of users) await bo.waitlist.join(sale.saleId, u);
          await sale.release(2);
          await sale.release(3);
          const faulty = faultyStore(ctx.store, { at, mode, ports: ['waitlist', 'inventory'] });
          faulty.arm();
          // The list's share of a tick, failing where the fault lands (its mutating calls are bounded, unlike the
          // sweeps', which visit every schedule of the store); the next tick repeats it.
          await ctx.boxoffice(CONFIG, { store: faulty }).waitlist.tick(sale.saleId).catch((error: unknown) => {
            if (!isDomainError(error, 'store_unavailable')) throw error;
          });
          faulty.disarm();
          const label = `fault ${mode} call ${at} (${faulty.faults.trace.join(' > ')})`;
          assert.equal(await outsiderHold(ctx, sale, 2), false, `${label}: an outsider held a released seat before the next tick`);
          // Past the re-drive delay, another host's ticks finish what the fault left.
          ctx.clock.advance(PENDING_REDRIVE_MS);
          await bo.tick([sale.saleId]);
          await bo.tick([sale.saleId]);
          const s = await statuses(bo, sale.saleId, users);
          assert.deepEqual(s.map((x) => x.state), ['offered', 'offered', 'waiting'], `${label}: the first two get the offers`);
          const holds = await Promise.all(s.slice(0, 2).map((x) => ctx.store.inventory.get(x.reservationId!)));
          assert.deepEqual(holds.flatMap((r) => r!.seats).sort(), [2, 3], `${label}: each released seat offered once`);
          const taken = await ctx.store.inventory.takenSeats(sale.scheduleId, ctx.clock.now());
          assert.deepEqual(taken.filter((t) => t.offer === true).map((t) => t.reservationId).sort(), holds.map((r) => r!.id).sort(), `${label}: an orphan offer hold`);
          if (faulty.faults.injected === null) break;
          faulted.add(`${faulty.faults.injected.port}.${faulty.faults.injected.method}`);
        }
      }
      for (const step of ['waitlist.claim', 'inventory.offer', 'waitlist.open']) assert.ok(faulted.has(step), `no fault reached ${step}: ${[...faulted].join(', ')}`);
    },
  },
  {
    slug: 'reopens-when-empty',
    name: 'a seat released with nobody waiting is free to all again, and the sale is no longer sold out',
    capability: 'waitlist',
    async run(ctx) {
      const { bo, sale, users } = await setUp(ctx, 2, 1, 1);
      // As the queue's tick does when a sale sells out (the fixture's seats are held by dead claims, not sold).
      await ctx.store.queue.seal(sale.saleId, 'sold_out', ctx.clock.now(), 10);
      await bo.waitlist.leave(sale.saleId, users[0]!);
      await sale.release(2);
      assert.equal(await outsiderHold(ctx, sale, 2), false, 'until the tick, the list keeps it');
      await bo.tick([sale.saleId]);
      assert.equal((await ctx.store.waitlist.meta(sale.saleId)).active, false);
      await rejectsWith(bo.waitlist.join(sale.saleId, ctx.user('late')), 'waitlist_not_open', 'the sale has a free seat again');
      assert.equal(await outsiderHold(ctx, sale, 2), true, 'free to all');
      // The sale is on sale again: its queue, sealed when it sold out, takes entrants (the next tick reopens it).
      await bo.tick([sale.saleId]);
      assert.equal((await ctx.store.queue.counts(sale.saleId, ctx.clock.now())).sealed, null, 'the queue is unsealed');
      assert.equal((await bo.queue.enter(sale.saleId, ctx.user('back'))).status.state, 'waiting');
    },
  },
  {
    slug: 'leave-with-offer',
    name: 'leaving with an open offer cancels its hold, and the seat goes to the next person',
    capability: 'waitlist',
    async run(ctx) {
      const { bo, sale, users, offer } = await offerToFirst(ctx);
      await bo.waitlist.leave(sale.saleId, users[0]!);
      assert.equal((await ctx.store.inventory.get(offer.reservationId!))?.state, 'cancelled');
      await bo.tick([sale.saleId]);
      const next = await bo.waitlist.status(sale.saleId, users[1]!);
      assert.equal(next.state, 'offered');
      assert.deepEqual((await ctx.store.inventory.get(next.reservationId!))?.seats, [2]);
    },
  },
  {
    slug: 'mode-fence',
    name: 'the waitlist mode of a schedule never goes back in gens; an offer hold is idempotent by id',
    capability: 'waitlist',
    async run(ctx) {
      const inv = ctx.store.inventory;
      const sid = `${ctx.tag}s`;
      const now = ctx.clock.now();
      const draft = (id: string, seat: number, offer: boolean) => ({ id: `${sid}.${id}`, userId: ctx.user('a'), scheduleId: sid, seats: [seat], amount: 1, state: 'held' as const, createdAt: now, expiresAt: now + 10_000, paymentId: null, ...(offer ? { waitlistSaleId: 'x' } : {}) });
      await inv.setWaitlistMode(sid, 'x', true, 2);
      await inv.setWaitlistMode(sid, 'x', false, 1);
      await rejectsWith(inv.hold(draft('h1', 1, false), now), 'seat_unavailable', 'a stale gen did not turn the mode off');
      const o = await inv.offer(draft('o1', 1, true), now);
      assert.equal(o.waitlistSaleId, 'x');
      assert.equal((await inv.offer(draft('o1', 1, true), now)).id, o.id, 'the same offer again');
      await rejectsWith(inv.offer(draft('o2', 1, true), now), 'seat_unavailable', 'a second offer of the seat');
      const taken = await inv.takenSeats(sid, now);
      assert.deepEqual(taken.map((t) => [t.number, t.state, t.offer]), [[1, 'held', true]]);
      await inv.setWaitlistMode(sid, 'x', false, 3);
      await inv.hold(draft('h2', 2, false), now);
      ctx.clock.advance(10_000);
      const expired = await inv.expire(sid, ctx.clock.now(), 10);
      assert.deepEqual(new Set(expired), new Set([o.id, `${sid}.h2`]));
    },
  },
]);
