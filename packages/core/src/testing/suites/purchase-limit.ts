import assert from 'node:assert/strict';
import type { Boxoffice } from '../../boxoffice.js';
import type { CheckContext } from '../check.js';
import { defineChecks, subContext } from '../check.js';
import { faultyStore } from '../faulty-store.js';
import type { Shopper } from '../fixtures.js';
import { concert, enterUsers, openSale, range, rejectsWith, sortedTaken, tally } from '../fixtures.js';

// The purchase limit (SPEC "Fair play"): seats held plus bought by one user in one sale never exceed
// maxSeatsPerUser. These run in the reservation suite; `openSale` is the implicit sale (limit 4).

/** The seats that count for `userId` now: held and unexpired, being paid, or sold. */
async function counted(ctx: CheckContext, scheduleId: string, userId: string): Promise<number> {
  let n = 0;
  for (const t of await sortedTaken(ctx, scheduleId)) {
    if ((await ctx.store.inventory.get(t.reservationId))?.userId === userId) n += 1;
  }
  return n;
}

const allowance = async (ctx: CheckContext, userId: string, saleId: string) =>
  (await ctx.store.allowances.list(userId, saleId)).reduce((sum, e) => sum + e.seats, 0);

/** A new admitted session for a user whose last one ended (one session buys once). */
async function again(ctx: CheckContext, bo: Boxoffice, who: Shopper): Promise<Shopper> {
  const { status } = await bo.queue.enter(ctx.queueId, who.userId);
  await bo.queue.tick(ctx.queueId);
  await bo.queue.requireActive(ctx.queueId, status.token, who.userId);
  return { ...who, token: status.token, session: { queueId: ctx.queueId, token: status.token, userId: who.userId } };
}

/** The outcome of an action that must succeed; a refusal fails the check as an assertion, naming `what`. */
async function must<T>(action: Promise<T>, what: string): Promise<T> {
  try {
    return await action;
  } catch (error) {
    return assert.fail(`${what}: ${(error as Error).message}`);
  }
}

export const purchaseLimitChecks = defineChecks('reservation', [
  {
    slug: 'allowance-port',
    name: 'the allowance port: reserve stays within the limit in seats, is idempotent by reservation id, release is idempotent',
    async run(ctx) {
      const a = ctx.store.allowances;
      const [u, sale] = [ctx.user('a'), `${ctx.tag}sale`];
      const e = (id: string, seats: number) => ({ reservationId: `${ctx.tag}s.${id}`, seats, expiresAt: 1_000 });
      assert.equal((await a.reserve(u, sale, e('r1', 3), 4)).reserved, true);
      assert.equal((await a.reserve(u, sale, e('r1', 3), 4)).reserved, true, 'the same reservation again');
      const refused = await a.reserve(u, sale, e('r2', 2), 4);
      assert.deepEqual([refused.reserved, refused.entries.map((x) => x.reservationId)], [false, [e('r1', 3).reservationId]]);
      assert.equal((await a.reserve(u, sale, e('r3', 1), 4)).reserved, true, 'one more seat fits');
      assert.equal((await a.reserve(u, `${sale}2`, e('r4', 4), 4)).reserved, true, 'another sale has its own allowance');
      assert.equal((await a.reserve(ctx.user('b'), sale, e('r5', 4), 4)).reserved, true, 'another user has their own');
      assert.equal(await allowance(ctx, u, sale), 4, 'r1 counted once');
      assert.equal(await a.release(u, sale, e('r1', 3).reservationId), true);
      assert.equal(await a.release(u, sale, e('r1', 3).reservationId), false, 'a second release changes nothing');
      assert.deepEqual((await a.list(u, sale)).map((x) => [x.reservationId, x.seats, x.expiresAt]), [[e('r3', 1).reservationId, 1, 1_000]]);
      assert.equal(await allowance(ctx, u, `${sale}2`), 4);
    },
  },
  {
    slug: 'purchase-limit-parallel',
    name: '20 parallel holds by one user with limit 4 (on two hosts) never hold more than 4 seats; the rest are purchase_limit',
    capability: 'concurrentCalls',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { seats: 40 });
      const s = shoppers[0]!;
      const other = ctx.boxoffice();
      const results = await Promise.allSettled(range(20).map((n) => (n % 2 ? bo : other).reservations.hold(s.session, scheduleId, [n])));
      const { ok, codes } = tally(results);
      assert.equal(ok.length, 4, `${ok.length} one-seat holds succeeded`);
      assert.deepEqual(new Set(codes), new Set(['purchase_limit']));
      assert.equal(await counted(ctx, scheduleId, s.userId), 4);
      assert.equal(await allowance(ctx, s.userId, ctx.queueId), 4);
      // Pairs: at most two of ten.
      const pairs = await Promise.allSettled(range(10).map((i) => bo.reservations.hold(s.session, scheduleId, [20 + 2 * i, 21 + 2 * i])));
      assert.equal(tally(pairs).ok.length, 0, 'the allowance is full');
      await Promise.all(ok.map((r) => bo.reservations.cancel(s.userId, r.id)));
      const again2 = tally(await Promise.allSettled(range(10).map((i) => bo.reservations.hold(s.session, scheduleId, [21 + 2 * i, 22 + 2 * i]))));
      assert.equal(again2.ok.length, 2, `${again2.ok.length} two-seat holds succeeded after the cancels`);
      assert.equal(await counted(ctx, scheduleId, s.userId), 4);
    },
  },
  {
    slug: 'purchase-limit-after-paying',
    name: 'a fifth seat after paying for four is purchase_limit, then and after the hold time, and changes nothing',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx);
      const s = shoppers[0]!;
      const r = await bo.reservations.hold(s.session, scheduleId, [1, 2, 3, 4]);
      await bo.wallet.charge(s.userId, r.amount);
      assert.equal((await bo.payments.pay(s.session, r.id)).state, 'completed');
      const next = await again(ctx, bo, s);
      const refused = await rejectsWith(bo.reservations.hold(next.session, scheduleId, [5]), 'purchase_limit', 'a fifth seat');
      assert.deepEqual(refused.details, { limit: 4, used: 4, requested: 1 });
      ctx.clock.advanceSeconds(bo.config.holdTtl + bo.config.payGraceSeconds + 1);
      const later = await again(ctx, bo, next);
      await rejectsWith(bo.reservations.hold(later.session, scheduleId, [5]), 'purchase_limit', 'after the hold time');
      assert.deepEqual((await sortedTaken(ctx, scheduleId)).map((t) => [t.number, t.state]), [[1, 'sold'], [2, 'sold'], [3, 'sold'], [4, 'sold']]);
      assert.equal(await allowance(ctx, s.userId, ctx.queueId), 4, 'the refusals stored nothing');
      assert.equal(await bo.purchaseLimit.settle(s.userId, ctx.queueId), 4);
    },
  },
  {
    slug: 'purchase-limit-returns',
    name: 'a refused, cancelled or expired hold gives its seats back to the allowance; a sale sets its own limit',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2, config: { holdTtl: 60, payGraceSeconds: 10 } });
      const [a, b] = shoppers;
      await bo.reservations.hold(b!.session, scheduleId, [20]);
      const first = await must(bo.reservations.hold(a!.session, scheduleId, [1, 2]), 'first');
      await rejectsWith(bo.reservations.hold(a!.session, scheduleId, [19, 20]), 'seat_unavailable', 'a rival holds 20');
      const second = await must(bo.reservations.hold(a!.session, scheduleId, [3, 4]), 'the refused hold gave its seats back');
      await rejectsWith(bo.reservations.hold(a!.session, scheduleId, [5]), 'purchase_limit', 'full');
      await bo.reservations.cancel(a!.userId, first.id);
      await must(bo.reservations.hold(a!.session, scheduleId, [5, 6]), 'the cancelled hold gave its seats back');
      await rejectsWith(bo.reservations.hold(a!.session, scheduleId, [7]), 'purchase_limit', 'full again: only the cancelled seats came back');
      ctx.clock.advanceSeconds(60);
      await rejectsWith(bo.reservations.hold(a!.session, scheduleId, [7]), 'purchase_limit', 'lapsed holds can still be paid within the pay grace');
      ctx.clock.advanceSeconds(10);
      assert.equal((await bo.reservations.get(a!.userId, second.id)).state, 'expired');
      await must(bo.reservations.hold(a!.session, scheduleId, [7, 8, 9, 10]), 'the lapsed holds gave their seats back');
      assert.equal(await counted(ctx, scheduleId, a!.userId), 4);
      assert.equal(await bo.purchaseLimit.settle(a!.userId, ctx.queueId), 4);

      // A stored sale's own maxSeatsPerUser.
      const sub = subContext(ctx, 'own');
      const c = concert(sub, 10);
      await bo.catalog.publish([c]);
      await bo.sales.create({ id: sub.queueId, scheduleIds: [c.schedules[0]!.id], settings: { maxSeatsPerUser: 2 } });
      const [x] = await enterUsers(bo, sub, ['x']);
      await bo.queue.tick(sub.queueId);
      const held = await must(bo.reservations.hold(x!.session, c.schedules[0]!.id, [1]), 'sale seat 1');
      await must(bo.reservations.hold(x!.session, c.schedules[0]!.id, [2]), 'sale seat 2');
      const over = await rejectsWith(bo.reservations.hold(x!.session, c.schedules[0]!.id, [3]), 'purchase_limit', 'sale limit 2');
      assert.equal(over.details.limit, 2);
      await bo.reservations.cancel(x!.userId, held.id);
      assert.equal(await allowance(ctx, x!.userId, sub.queueId), 1, 'a cancel in a stored sale gives back at once');
      await must(bo.reservations.hold(x!.session, c.schedules[0]!.id, [3]), 'after the cancel');
      ctx.clock.advanceSeconds(bo.config.holdTtl + bo.config.payGraceSeconds);
      await bo.tick([sub.queueId]);
      assert.equal(await allowance(ctx, x!.userId, sub.queueId), 0, 'the tick that expires holds gives their seats back');    },
  },
  {
    slug: 'purchase-limit-forfeit',
    name: 'forfeit (the penalty for probing the limit) cancels every hold the user has in the sale and gives the allowance back; a paid hold and other users\' holds stay',
    async run(ctx) {
      const { bo, scheduleId, shoppers } = await openSale(ctx, { users: 2, seats: 20 });
      const [a, b] = shoppers;
      const paid = await bo.reservations.hold(a!.session, scheduleId, [1]);
      await bo.wallet.charge(a!.userId, paid.amount);
      assert.equal((await bo.payments.pay(a!.session, paid.id)).state, 'completed');
      const next = await again(ctx, bo, a!);
      // Three tabs at once, each in reach of the limit on its own: the allowance lets some through.
      const tabs = tally(await Promise.allSettled([[2], [3], [4], [5, 6]].map((seats) => bo.reservations.hold(next.session, scheduleId, seats))));
      assert.ok(tabs.ok.length >= 2, `${tabs.ok.length} tabs held`);
      const rival = await bo.reservations.hold(b!.session, scheduleId, [20]);
      const { cancelled, pending } = await bo.reservations.forfeit(next.session, scheduleId);
      assert.deepEqual([[...cancelled].sort(), pending], [tabs.ok.map((r) => r.id).sort(), []], 'every landed hold of the user is cancelled');
      for (const r of tabs.ok) assert.equal((await bo.reservations.get(a!.userId, r.id)).state, 'cancelled');
      assert.deepEqual((await sortedTaken(ctx, scheduleId)).map((t) => [t.number, t.state]), [[1, 'sold'], [20, 'held']]);
      assert.equal((await bo.reservations.get(b!.userId, rival.id)).state, 'held');
      assert.equal(await allowance(ctx, a!.userId, ctx.queueId), 1, 'only the paid seat still counts');
      assert.deepEqual(await bo.reservations.forfeit(next.session, scheduleId), { cancelled: [], pending: [] }, 'a second forfeit changes nothing');
    },
  },
  {
    slug: 'purchase-limit-faults',
    name: 'a store fault at any step of hold, cancel and pay leaves the allowance at least the seats held plus sold, and equal once the holds lapse',
    capability: 'faultInjection',
    async run(ctx) {
      for (const mode of ['before', 'after'] as const) {
        for (let at = 1; ; at++) {
          assert.ok(at <= 40, 'the scenario has more than 40 steps');
          const sub = subContext(ctx, `${mode[0]}${at}`);
          const { scheduleId, shoppers } = await openSale(sub);
          const s = shoppers[0]!;
          const faulty = faultyStore(ctx.store, { at, mode, ports: ['queue', 'inventory', 'wallets', 'payments', 'allowances'] });
          const bo = ctx.boxoffice({}, { store: faulty });
          await bo.wallet.charge(s.userId, 100_000);
          faulty.arm();
          const step = async <T>(action: () => Promise<T>): Promise<T | null> => {
            try {
              return await action();
            } catch (error) {
              const code = (error as { code?: string }).code;
              // A fault, or the refusals it may cause later (the limit is full of a hold whose answer was lost).
              assert.ok(code === 'store_unavailable' || code === 'purchase_limit' || code === 'payment_aborted', `${mode} ${at}: unexpected ${code}`);
              return null;
            }
          };
          const a = await step(() => bo.reservations.hold(s.session, scheduleId, [1, 2]));
          const b = await step(() => bo.reservations.hold(s.session, scheduleId, [3, 4]));
          if (a) await step(() => bo.reservations.cancel(s.userId, a.id));
          await step(() => bo.reservations.hold(s.session, scheduleId, [5, 6]));
          if (b) await step(() => bo.payments.pay(s.session, b.id));
          faulty.disarm();
          const where = `${mode} call ${at} (${faulty.faults.injected?.port}.${faulty.faults.injected?.method}; steps ${faulty.faults.trace.join(' > ')})`;
          const held = await counted(sub, scheduleId, s.userId);
          assert.ok(held <= 4, `${where}: ${held} seats held or sold`);
          assert.ok((await allowance(ctx, s.userId, sub.queueId)) >= held, `${where}: allowance below the seats held plus sold`);
          // Once every hold has lapsed and payments are recovered, only sold seats count, and the allowance says so.
          const config = ctx.boxoffice().config;
          ctx.clock.advanceSeconds(config.holdTtl + config.payGraceSeconds + config.paymentRecoveryTimeout);
          await ctx.boxoffice().tick([sub.queueId]);
          const sold = (await sortedTaken(sub, scheduleId)).filter((t) => t.state === 'sold').length;
          assert.equal(await counted(sub, scheduleId, s.userId), sold, `${where}: only sold seats are left`);
          assert.equal(await ctx.boxoffice().purchaseLimit.settle(s.userId, sub.queueId), sold, `${where}: allowance after settling`);
          if (!faulty.faults.injected) break;
        }
      }
    },
  },
]);
