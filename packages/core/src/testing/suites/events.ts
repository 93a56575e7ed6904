import assert from 'node:assert/strict';
import type { DomainEvent, EventOf } from '../../events/domain-event.js';
import type { PaymentPrimitives } from '../../payment/payment.js';
import { defineChecks, subContext } from '../check.js';
import { EventTail } from '../event-tail.js';
import { faultyStore } from '../faulty-store.js';
import { enterUsers, openSale, pendingPayment, range, rejectsWith, tally } from '../fixtures.js';
import { interceptStore } from '../intercept.js';

const brief = (events: readonly DomainEvent[]) =>
  events.map((e) => {
    const d = e.data as unknown as Record<string, unknown>;
    return [e.type, d.paymentId ?? d.reservationId ?? d.entryId ?? d.token ?? null, d.reason ?? null];
  });

const only = <T extends DomainEvent['type']>(events: readonly DomainEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

export const eventChecks = defineChecks('events', [
  {
    slug: 'queue-steps',
    capability: 'outbox',
    name: 'each queue step appends queue.admitted, queue.ended (with its reason), sale.opened and sale.sold_out once per change, and nothing on a no-op',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1 });
      const tail = await EventTail.at(ctx);
      const [a, b, c, d] = await enterUsers(bo, ctx, ['a', 'b', 'c', 'd']);
      assert.deepEqual(await tail.take(), [], 'entering appends nothing');

      await bo.queue.tick(ctx.queueId);
      const opened = await tail.take();
      assert.deepEqual(brief(opened), [['sale.opened', null, null], ['queue.admitted', a!.token, null]]);
      const now = ctx.clock.now();
      assert.deepEqual(opened[0], { ...opened[0], at: now, saleId: ctx.queueId, userId: null, scheduleId: null, data: { openedAt: now } });
      const sessionMs = bo.config.sessionTtl * 1000;
      assert.deepEqual(opened[1], {
        ...opened[1],
        at: now,
        saleId: ctx.queueId,
        userId: a!.userId,
        scheduleId: null,
        data: { token: a!.token, activeUntil: now + sessionMs },
      });
      await bo.queue.tick(ctx.queueId);
      assert.deepEqual(await tail.take(), [], 'a tick with a full room appends nothing');

      await bo.queue.leave(ctx.queueId, b!.token, b!.userId);
      await ctx.store.queue.leave(ctx.queueId, b!.token, ctx.clock.now());
      assert.deepEqual(brief(await tail.take()), [['queue.ended', b!.token, 'left']], 'leave, once');

      ctx.clock.advanceSeconds(bo.config.idleTimeout + 1);
      const [e] = await enterUsers(bo, ctx, ['e']);
      await bo.queue.tick(ctx.queueId);
      const idle = await tail.take();
      assert.deepEqual(new Set(brief(idle).map(String)), new Set([['queue.ended', c!.token, 'idle'], ['queue.ended', d!.token, 'idle']].map(String)));
      assert.equal(idle.length, 2, 'idle expiry, once each');
      const ended = idle[0] as EventOf<'queue.ended'>;
      assert.equal(ended.at, ctx.clock.now());

      await ctx.store.queue.complete(ctx.queueId, a!.token, ctx.clock.now());
      await ctx.store.queue.complete(ctx.queueId, a!.token, ctx.clock.now());
      assert.deepEqual(brief(await tail.take()), [['queue.ended', a!.token, 'paid']], 'complete, once');

      await bo.queue.tick(ctx.queueId);
      assert.deepEqual(brief(await tail.take()), [['queue.admitted', e!.token, null]]);
      ctx.clock.advanceSeconds(bo.config.sessionTtl);
      await bo.queue.tick(ctx.queueId);
      assert.deepEqual(brief(await tail.take()), [['queue.ended', e!.token, 'session_ended']]);

      const [f] = await enterUsers(bo, ctx, ['f']);
      await ctx.store.queue.seal(ctx.queueId, 'sold_out', ctx.clock.now(), 10);
      await ctx.store.queue.seal(ctx.queueId, 'sold_out', ctx.clock.now(), 10);
      assert.deepEqual(brief(await tail.take()), [['sale.sold_out', null, null], ['queue.ended', f!.token, 'sold_out']], 'sealed once');
      await rejectsWith(bo.queue.enter(ctx.queueId, ctx.user('g')), 'sale_sold_out');
      await bo.queue.tick(ctx.queueId);
      assert.deepEqual(await tail.take(), [], 'a refused entry and a sealed tick append nothing');
    },
  },
  {
    slug: 'reservation-steps',
    capability: 'outbox',
    name: 'holds append reservation.held; every path that frees seats (cancel, expiry on read, the sweep, a dead claim) appends one reservation.released with its reason',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 4, config: { holdTtl: 60 } });
      const [a, b, c, d] = shoppers;
      const tail = await EventTail.at(ctx);
      const now = () => ctx.clock.now();

      const ra = await bo.reservations.hold(a!.session, scheduleId, [2, 1]);
      const held = await tail.take();
      assert.deepEqual(held, [
        {
          ...held[0]!,
          type: 'reservation.held',
          at: now(),
          saleId: null,
          userId: a!.userId,
          scheduleId,
          data: { reservationId: ra.id, seats: [1, 2], amount: ra.amount, expiresAt: ra.expiresAt },
        },
      ]);
      await rejectsWith(bo.reservations.hold(b!.session, scheduleId, [2, 3]), 'seat_unavailable');
      assert.deepEqual(await tail.take(), [], 'a refused hold appends nothing');

      await bo.reservations.cancel(a!.userId, ra.id);
      await ctx.store.inventory.cancel(ra.id, now());
      const cancelled = await tail.take();
      assert.deepEqual(cancelled, [
        { ...cancelled[0]!, type: 'reservation.released', at: now(), saleId: null, userId: a!.userId, scheduleId, data: { reservationId: ra.id, seats: [1, 2], reason: 'cancelled' } },
      ]);

      // A lapsed hold's seats are free on read, but it may still be paid within the pay grace: its release
      // is final, and appended, when the sweep expires it, even after a rival took a seat of it.
      const rb = await bo.reservations.hold(b!.session, scheduleId, [3]);
      ctx.clock.advanceSeconds(60);
      const rc = await bo.reservations.hold(c!.session, scheduleId, [3, 4]);
      assert.deepEqual(brief(await tail.take()), [['reservation.held', rb.id, null], ['reservation.held', rc.id, null]]);
      ctx.clock.advanceSeconds(bo.config.payGraceSeconds);
      await bo.reservations.sweep([scheduleId]);
      assert.deepEqual(brief(await tail.take()), [['reservation.released', rb.id, 'expired']], 'the sweep releases the lapsed hold once its grace is over');
      ctx.clock.advanceSeconds(60);
      await bo.reservations.sweep([scheduleId]);
      assert.deepEqual(brief(await tail.take()), [['reservation.released', rc.id, 'expired']], 'and the rival once it lapses');
      await bo.reservations.sweep([scheduleId]);
      assert.deepEqual(await tail.take(), [], 'a second sweep appends nothing');

      // A claim and its rollback change no seat's freedom: nothing. A rollback past the expiry frees them: dead_claim.
      const rd = await bo.reservations.hold(d!.session, scheduleId, [5]);
      await tail.take();
      await ctx.store.inventory.claim(rd.id, `${ctx.tag}p1`, now());
      await ctx.store.inventory.release(rd.id, `${ctx.tag}p1`, now());
      await ctx.store.inventory.claim(rd.id, `${ctx.tag}p2`, now());
      assert.deepEqual(await tail.take(), [], 'claim and a live release append nothing');
      ctx.clock.advanceSeconds(61);
      await ctx.store.inventory.release(rd.id, `${ctx.tag}p2`, now());
      await ctx.store.inventory.release(rd.id, `${ctx.tag}p2`, now());
      assert.deepEqual(brief(await tail.take()), [['reservation.released', rd.id, 'dead_claim']]);
      ctx.clock.advanceSeconds(bo.config.payGraceSeconds + 1);
      await bo.reservations.sweep([scheduleId]);
      assert.deepEqual(await tail.take(), [], 'the sweep does not release a dead claim again');

      const re = await bo.reservations.hold(a!.session, scheduleId, [9]);
      await ctx.store.inventory.claim(re.id, `${ctx.tag}p3`, now());
      await ctx.store.inventory.confirm(re.id, `${ctx.tag}p3`, now());
      await ctx.store.inventory.confirm(re.id, `${ctx.tag}p3`, now());
      assert.deepEqual(brief(await tail.take()), [['reservation.held', re.id, null]], 'confirming appends nothing (payment.completed tells)');
    },
  },
  {
    slug: 'wallet-charge',
    capability: 'outbox',
    name: 'a charge appends wallet.charged with the balance after it; a replayed or refused charge appends nothing',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxBalance: 1000, maxCharge: 1000 });
      const user = ctx.user('w');
      const tail = await EventTail.at(ctx);
      const first = await bo.wallet.charge(user, 600, `${ctx.tag}k1`);
      await bo.wallet.charge(user, 600, `${ctx.tag}k1`);
      await rejectsWith(bo.wallet.charge(user, 500), 'balance_limit');
      const second = await bo.wallet.charge(user, 300);
      const events = await tail.take();
      const at = ctx.clock.now();
      assert.deepEqual(events, [
        { ...events[0]!, type: 'wallet.charged', at, saleId: null, userId: user, scheduleId: null, data: { entryId: first.entry.id, amount: 600, balance: 600 } },
        { ...events[1]!, type: 'wallet.charged', at, saleId: null, userId: user, scheduleId: null, data: { entryId: second.entry.id, amount: 300, balance: 900 } },
      ]);
    },
  },
  {
    slug: 'payment-steps',
    capability: 'outbox',
    name: 'a payment appends payment.completed once (and its queue.ended paid); an abort appends payment.aborted once; repeats append nothing',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2 });
      const [a, b] = shoppers;
      const ra = await bo.reservations.hold(a!.session, scheduleId, [3, 4]);
      await bo.wallet.charge(a!.userId, ra.amount);
      const tail = await EventTail.at(ctx);
      const paid = await bo.payments.pay(a!.session, ra.id, `${ctx.tag}k`);
      await bo.payments.pay(a!.session, ra.id, `${ctx.tag}k`);
      await ctx.store.payments.complete(a!.userId, paid.id, ctx.clock.now());
      const events = await tail.take();
      assert.deepEqual(brief(events).sort(), [['payment.completed', paid.id, null], ['queue.ended', a!.token, 'paid']].sort());
      const completed = only(events, 'payment.completed')[0]!;
      assert.deepEqual(completed, {
        ...completed,
        at: ctx.clock.now(),
        saleId: ctx.queueId,
        userId: a!.userId,
        scheduleId,
        data: { paymentId: paid.id, reservationId: ra.id, token: a!.token, amount: ra.amount },
      });

      const rb = await bo.reservations.hold(b!.session, scheduleId, [5]);
      await tail.take();
      const p = pendingPayment(ctx, { id: `${ctx.tag}pb`, userId: b!.userId, reservationId: rb.id, queueId: ctx.queueId, token: b!.token, amount: rb.amount });
      await ctx.store.payments.create(p);
      await ctx.store.payments.abort(b!.userId, p.id, 'hold_expired', ctx.clock.now());
      await ctx.store.payments.abort(b!.userId, p.id, 'hold_expired', ctx.clock.now());
      await rejectsWith(ctx.store.payments.debit(b!.userId, p.id, `${ctx.tag}e`, ctx.clock.now()), 'payment_aborted');
      await ctx.store.payments.complete(b!.userId, p.id, ctx.clock.now());
      const aborted = await tail.take();
      assert.deepEqual(aborted, [
        {
          ...aborted[0]!,
          type: 'payment.aborted',
          at: ctx.clock.now(),
          saleId: ctx.queueId,
          userId: b!.userId,
          scheduleId,
          data: { paymentId: p.id, reservationId: rb.id, token: b!.token, amount: rb.amount, failure: 'hold_expired' },
        },
      ]);
    },
  },
  {
    slug: 'payment-faults',
    name: 'under a store fault at any step of a payment, an aborted payment appends payment.aborted and never payment.completed; a finished one payment.completed once',
    capability: ['outbox', 'faultInjection'],
    async run(ctx) {
      const outcomes = new Set<string>();
      for (const mode of ['before', 'after'] as const) {
        for (let at = 1; at <= 20; at++) {
          const sub = subContext(ctx, `${mode[0]}${at}`);
          const { bo, scheduleId, shoppers } = await openSale(sub);
          const buyer = shoppers[0]!;
          const r = await bo.reservations.hold(buyer.session, scheduleId, [3, 4]);
          await bo.wallet.charge(buyer.userId, r.amount + 10);
          const tail = await EventTail.at(sub);
          const created = new Set<string>();
          const observed = interceptStore(ctx.store, async (call, run) => {
            const result = await run();
            // create, or record (create and debit at once): a payment stored by this call (not an earlier one's, nor a tombstone).
            const stored = result as { payment: PaymentPrimitives; created: boolean };
            if (call.port === 'payments' && (call.method === 'create' || call.method === 'record') && stored.created) created.add(stored.payment.id);
            return result;
          });
          const faulty = faultyStore(observed, { at, mode });
          faulty.arm();
          await Promise.allSettled([ctx.boxoffice({}, { store: faulty }).payments.pay(buyer.session, r.id, `${sub.tag}k`)]);
          faulty.disarm();
          if (!faulty.faults.injected) break;
          const where = `${mode} call ${at} (${faulty.faults.injected.port}.${faulty.faults.injected.method})`;
          ctx.clock.advanceSeconds(bo.config.paymentRecoveryTimeout);
          await ctx.boxoffice().payments.recover();
          // A rolled-back one is paid again by its owner's retry.
          if (!(await ctx.store.payments.findByReservation(buyer.userId, r.id))) {
            await ctx.boxoffice({}, { store: observed }).payments.pay(buyer.session, r.id, `${sub.tag}k`);
          }
          const events = await tail.take();
          const completedIds = only(events, 'payment.completed').map((e) => e.data.paymentId);
          const abortedIds = only(events, 'payment.aborted').map((e) => e.data.paymentId);
          assert.equal(completedIds.length, 1, `${where}: ${completedIds.length} payment.completed`);
          for (const id of created) {
            const stored = await ctx.store.payments.get(buyer.userId, id);
            const nCompleted = completedIds.filter((x) => x === id).length;
            const nAborted = abortedIds.filter((x) => x === id).length;
            if (stored?.state === 'aborted') {
              assert.deepEqual([nAborted, nCompleted], [1, 0], `${where}: aborted payment ${id}: ${nAborted} aborted, ${nCompleted} completed`);
              outcomes.add('aborted');
            } else {
              assert.equal(stored?.state, 'completed', `${where}: payment ${id} settled`);
              assert.deepEqual([nAborted, nCompleted], [0, 1], `${where}: completed payment ${id}: ${nAborted} aborted, ${nCompleted} completed`);
              outcomes.add('completed');
            }
          }
          assert.equal(abortedIds.length + completedIds.length, created.size, `${where}: one settling event per payment`);
        }
      }
      // With record() (create and debit at once) a payment is stored only as its money moves: a fault before that
      // leaves no payment to abort (its id is fenced by a tombstone, which announces nothing).
      const expected = ctx.store.payments.record ? ['completed'] : ['aborted', 'completed'];
      assert.deepEqual([...outcomes].sort(), expected, 'both outcomes were exercised');
    },
  },
  {
    slug: 'feed-pages',
    capability: 'outbox',
    name: 'the feed read in pages of 7 returns every event once, in change order within a partition; an empty page keeps the cursor; bad input is refused',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const tail = await EventTail.at(ctx);
      const start = tail.position;
      const users = [ctx.user('x'), ctx.user('y')];
      for (const i of range(23)) await bo.wallet.charge(users[i % 2]!, i);
      await new Promise((resolve) => setTimeout(resolve, (ctx.store.events.settleMs ?? 0) + 2));
      const seen: DomainEvent[] = [];
      let cursor = start;
      for (let pages = 0; pages < 100; pages++) {
        const page = await bo.events.read(cursor, 7);
        assert.ok(page.events.length <= 7, 'a page is at most limit');
        assert.match(page.next, /^[A-Za-z0-9_-]+$/, 'the cursor is URL-safe');
        seen.push(...page.events);
        if (page.events.length === 0) {
          assert.equal(page.next, cursor, 'an empty page returns the cursor it was given');
          break;
        }
        cursor = page.next;
      }
      const mine = only(seen, 'wallet.charged').filter((e) => users.includes(e.userId!));
      assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'event ids are unique');
      assert.deepEqual(mine.map((e) => e.data.amount).sort((x, y) => x - y), range(23), 'every charge once');
      for (const user of users) {
        const balances = mine.filter((e) => e.userId === user).map((e) => e.data.balance);
        assert.deepEqual(balances, [...balances].sort((x, y) => x - y), 'in change order within the user');
      }
      await bo.wallet.charge(users[0]!, 100);
      await new Promise((resolve) => setTimeout(resolve, (ctx.store.events.settleMs ?? 0) + 2));
      const resumed = await bo.events.read(cursor, 7);
      const extra = only(resumed.events, 'wallet.charged').filter((e) => users.includes(e.userId!));
      assert.deepEqual(extra.map((e) => [e.userId, e.data.amount]), [[users[0], 100]], 'resuming from the last cursor gives the new event only');
      for (const bad of ['not a cursor', '%%%', 'Zm9v']) await rejectsWith(bo.events.read(bad, 7), 'validation_failed', `cursor ${bad}`);
      for (const limit of [0, -1, 1.5, 1001]) await rejectsWith(bo.events.read(cursor, limit), 'validation_failed', `limit ${limit}`);
    },
  },
  {
    slug: 'feed-concurrent',
    name: 'a reader paging the feed while charges and holds race sees every event once',
    capability: ['outbox', 'concurrentCalls'],
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 12 });
      const tail = await EventTail.at(ctx, 7);
      let done = false;
      const seen: DomainEvent[] = [];
      const reader = (async () => {
        while (!done) seen.push(...(await tail.take()));
      })();
      const holds = await Promise.allSettled(shoppers.map((s) => bo.reservations.hold(s.session, scheduleId, [7])));
      const charges = await Promise.allSettled(shoppers.flatMap((s) => [1, 2, 3].map((n) => bo.wallet.charge(s.userId, n))));
      done = true;
      await reader;
      seen.push(...(await tail.take()));
      const { ok } = tally(holds);
      assert.equal(ok.length, 1, 'one hold wins seat 7');
      assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'no event twice');
      assert.deepEqual(brief(only(seen, 'reservation.held')), [['reservation.held', ok[0]!.id, null]], 'one held event, the winner');
      assert.equal(only(seen, 'wallet.charged').length, tally(charges).ok.length, 'one charged event per charge');
      for (const s of shoppers) {
        const balances = only(seen, 'wallet.charged').filter((e) => e.userId === s.userId).map((e) => e.data.balance);
        assert.equal(balances.length, 3, `${s.userId}: three charges`);
        assert.equal(Math.max(...balances), 6, `${s.userId}: the last balance is the sum`);
        assert.deepEqual(balances, [...balances].sort((x, y) => x - y), `${s.userId}: in change order`);
      }
    },
  },
  {
    slug: 'delivery-lease',
    capability: 'outbox',
    name: 'a delivery lease has one owner at a time; the cursor it saves is fenced by it and survives a takeover',
    async run(ctx) {
      const feed = ctx.store.events;
      const name = `${ctx.tag}hooks`;
      const t = () => ctx.clock.now();
      const first = await feed.lease(name, 'h1', t(), 10_000);
      assert.deepEqual(first, { cursor: null, until: t() + 10_000 });
      assert.equal(await feed.lease(name, 'h2', t(), 10_000), null, 'h2 waits while h1 holds it');
      const cursor = (await feed.read(null, 1)).next;
      assert.equal(await feed.commit(name, 'h1', cursor, t()), true);
      assert.equal(await feed.commit(name, 'h2', 'x', t()), false, 'h2 cannot move the cursor');
      ctx.clock.advanceSeconds(5);
      assert.deepEqual(await feed.lease(name, 'h1', t(), 10_000), { cursor, until: t() + 10_000 }, 'h1 renews');
      ctx.clock.advanceSeconds(9);
      assert.equal(await feed.lease(name, 'h2', t(), 10_000), null, 'the renewal counts');
      ctx.clock.advanceSeconds(1);
      assert.deepEqual(await feed.lease(name, 'h2', t(), 10_000), { cursor, until: t() + 10_000 }, 'h2 takes over a lapsed lease with its cursor');
      assert.equal(await feed.commit(name, 'h1', 'stale', t()), false, 'h1 lost it');
      await feed.releaseLease(name, 'h1');
      assert.equal(await feed.lease(name, 'h3', t(), 10_000), null, 'only the owner releases');
      await feed.releaseLease(name, 'h2');
      assert.deepEqual(await feed.lease(name, 'h3', t(), 10_000), { cursor, until: t() + 10_000 }, 'a released lease is free at once');
      const race = await Promise.all(range(8).map((i) => feed.lease(`${name}-race`, `r${i}`, t(), 10_000)));
      assert.equal(race.filter((l) => l !== null).length, 1, 'of owners racing, one wins');
    },
  },
]);
