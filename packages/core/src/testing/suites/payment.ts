import assert from 'node:assert/strict';
import type { Boxoffice } from '../../boxoffice.js';
import type { PaymentPrimitives } from '../../payment/payment.js';
import { isNeverRecorded } from '../../payment/payment.js';
import type { ReservationPrimitives } from '../../reservation/reservation.js';
import type { CheckContext } from '../check.js';
import { defineChecks, subContext } from '../check.js';
import { faultyStore, gatedStore } from '../faulty-store.js';
import { interceptStore } from '../intercept.js';
import type { Shopper } from '../fixtures.js';
import { assertLedgerConsistent, enterUsers, pendingPayment, fullLedger, openSale, range, rejectsWith, snapshot, tally, tokenState, sortedTaken } from '../fixtures.js';

interface Deal {
  readonly bo: Boxoffice;
  readonly scheduleId: string;
  readonly buyer: Shopper;
  readonly reservation: ReservationPrimitives;
}

/** An admitted buyer holding seats, with `funds` in the wallet (default: exactly enough plus 10). */
async function deal(ctx: CheckContext, options: { seats?: number[]; funds?: number; users?: number } = {}): Promise<Deal & { sale: Awaited<ReturnType<typeof openSale>> }> {
  const sale = await openSale(ctx, { users: options.users ?? 1 });
  const buyer = sale.shoppers[0]!;
  const reservation = await sale.bo.reservations.hold(buyer.session, sale.scheduleId, options.seats ?? [3, 4]);
  const funds = options.funds ?? reservation.amount + 10;
  if (funds > 0) await sale.bo.wallet.charge(buyer.userId, funds);
  return { bo: sale.bo, scheduleId: sale.scheduleId, buyer, reservation, sale };
}

/** The four effects of a successful payment, each exactly once. */
async function assertPaid(ctx: CheckContext, d: Deal, payment: PaymentPrimitives, fundsBefore: number, what = 'paid'): Promise<void> {
  const { bo, buyer, reservation, scheduleId } = d;
  assert.equal(payment.state, 'completed', `${what}: payment state`);
  assert.equal(payment.amount, reservation.amount);
  assert.equal(payment.reservationId, reservation.id);
  assert.equal(payment.userId, buyer.userId);
  const ledger = await fullLedger(bo, buyer.userId);
  assertLedgerConsistent(ledger, what);
  const debits = ledger.entries.filter((e) => e.type === 'payment');
  assert.equal(debits.length, 1, `${what}: ${debits.length} payment entries`);
  assert.deepEqual([debits[0]!.amount, debits[0]!.ref], [reservation.amount, payment.id], `${what}: the debit names the payment`);
  assert.equal(ledger.balance, fundsBefore - reservation.amount, `${what}: balance`);
  const r = await bo.reservations.get(buyer.userId, reservation.id);
  assert.deepEqual([r.state, r.paymentId], ['confirmed', payment.id], `${what}: reservation`);
  const sold = (await sortedTaken(ctx, scheduleId)).filter((t) => t.reservationId === reservation.id);
  assert.deepEqual(sold.map((t) => [t.number, t.state]), reservation.seats.map((n) => [n, 'sold']), `${what}: seats sold`);
  assert.equal(await tokenState(ctx, buyer.token), 'completed', `${what}: queue token`);
  assert.deepEqual(await bo.payments.get(buyer.userId, payment.id), payment, `${what}: stored payment`);
  const unsettled = await ctx.store.payments.listUnsettled(Number.MAX_SAFE_INTEGER, 1000);
  // Tracked ids never recorded (a duplicate or refused pay's) are no payment: the sweep aborts them later.
  assert.deepEqual(unsettled.filter((p) => p.reservationId === reservation.id && !isNeverRecorded(p)), [], `${what}: left unsettled`);
}

/** No effect at all: money, ledger, seats and token as before, and no live payment. */
async function assertNoTrace(
  ctx: CheckContext,
  d: Deal,
  fundsBefore: number,
  what = 'no trace',
  options: { claimMayLinger?: boolean } = {},
): Promise<void> {
  const { bo, buyer, reservation, scheduleId } = d;
  const ledger = await fullLedger(bo, buyer.userId);
  assertLedgerConsistent(ledger, what);
  assert.equal(ledger.balance, fundsBefore, `${what}: balance`);
  assert.deepEqual(ledger.entries.map((e) => e.type), ['charge'], `${what}: ledger`);
  const stored = await ctx.store.inventory.get(reservation.id);
  const states = options.claimMayLinger ? ['held', 'paying'] : ['held'];
  assert.ok(states.includes(stored?.state ?? 'missing'), `${what}: reservation is ${stored?.state}, expected ${states.join(' or ')}`);
  const taken = await sortedTaken(ctx, scheduleId);
  assert.ok(taken.every((t) => t.state !== 'sold'), `${what}: a seat was sold`);
  assert.equal(await tokenState(ctx, buyer.token), 'active', `${what}: queue token`);
  assert.equal(await ctx.store.payments.findByReservation(buyer.userId, reservation.id), null, `${what}: a live payment remains`);
}

/** The step that moves a payment's money: record (create and debit at once) where the store has it, else debit. */
const moneyStep = (ctx: CheckContext): string => (ctx.store.payments.record ? 'record' : 'debit');

const funded = async (d: Deal) => (await d.bo.wallet.balance(d.buyer.userId)).balance;

/** A pending payment of `amount` recorded straight in the store, each in a session of its own (so the session fence allows many). */
async function recordPending(ctx: CheckContext, userId: string, i: number, amount: number): Promise<PaymentPrimitives> {
  const { payment, created } = await ctx.store.payments.create(
    pendingPayment(ctx, { id: `${ctx.tag}p${i}`, userId, reservationId: `${ctx.tag}r${i}`, queueId: `${ctx.tag}q${i}`, token: `${ctx.tag}t${i}`, amount }),
  );
  assert.equal(created, true, `payment ${i} recorded`);
  return payment;
}

export const paymentChecks = defineChecks('payment', [
  {
    slug: 'success-effects',
    name: 'a payment records itself, debits once, sells the seats and completes the token',
    async run(ctx) {
      const d = await deal(ctx);
      const before = await funded(d);
      const p = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`);
      assert.equal(p.idempotencyKey, `${ctx.tag}k`);
      await assertPaid(ctx, d, p, before);
      await rejectsWith(d.bo.reservations.cancel(d.buyer.userId, d.reservation.id), 'reservation_not_held', 'a sold hold cannot be cancelled');
      await rejectsWith(d.bo.reservations.hold(d.sale.shoppers[0]!.session, d.scheduleId, [5]), 'token_expired', 'the session is over');
    },
  },
  {
    slug: 'insufficient-balance',
    name: 'insufficient_balance changes nothing: balance, ledger, reservation, token',
    async run(ctx) {
      const d = await deal(ctx, { funds: 50 });
      const before = await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id);
      const error = await rejectsWith(d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`), 'insufficient_balance');
      assert.equal(error.details.shortBy, d.reservation.amount - 50);
      assert.deepEqual(await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id), before);
      await d.bo.wallet.charge(d.buyer.userId, d.reservation.amount);
      const p = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`);
      await assertPaid(ctx, d, p, d.reservation.amount + 50, 'after charging');
    },
  },
  {
    slug: 'hold-expired',
    name: 'a hold lapsed past its pay grace cannot be paid: hold_expired, nothing debited',
    async run(ctx) {
      const d = await deal(ctx);
      const before = await funded(d);
      ctx.clock.advanceSeconds(d.bo.config.holdTtl + d.bo.config.payGraceSeconds);
      await rejectsWith(d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`), 'hold_expired');
      const ledger = await fullLedger(d.bo, d.buyer.userId);
      assert.equal(ledger.balance, before);
      assert.equal(ledger.entries.length, 1);
      assert.equal(await tokenState(ctx, d.buyer.token), 'active');
      assert.deepEqual(await sortedTaken(ctx, d.scheduleId), []);
    },
  },
  {
    slug: 'pay-grace',
    name: 'a lapsed hold can be paid within the pay grace while its seats are still its own, never once a rival took one',
    async run(ctx) {
      const config = { payGraceSeconds: 30, sessionTtl: 3600 };
      // Nobody took the seats: paid a moment after the hold lapsed (a buyer retrying after an outage).
      const kept = await deal(subContext(ctx, 'kept'), { users: 1 });
      const keptFunds = await funded(kept);
      ctx.clock.advanceSeconds(kept.bo.config.holdTtl + 10);
      assert.equal(config.payGraceSeconds, kept.bo.config.payGraceSeconds, 'the kit runs with the default grace');
      await assertPaid(subContext(ctx, 'kept'), kept, await kept.bo.payments.pay(kept.buyer.session, kept.reservation.id, `${ctx.tag}k1`), keptFunds, 'paid in the grace');

      // A rival held one of its seats once it lapsed: the owner's pay is hold_expired and the rival keeps it.
      const lost = await deal(subContext(ctx, 'lost'), { users: 2, seats: [7, 8] });
      const rival = lost.sale.shoppers[1]!;
      const lostFunds = await funded(lost);
      ctx.clock.advanceSeconds(lost.bo.config.holdTtl + 1);
      const rivalHold = await lost.bo.reservations.hold(rival.session, lost.scheduleId, [8]);
      await rejectsWith(lost.bo.payments.pay(lost.buyer.session, lost.reservation.id, `${ctx.tag}k2`), 'hold_expired', 'a seat of the lapsed hold is the rival\'s');
      const ledger = await fullLedger(lost.bo, lost.buyer.userId);
      assert.equal(ledger.balance, lostFunds, 'nothing debited');
      const taken = (await sortedTaken(ctx, lost.scheduleId)).filter((t) => t.number === 7 || t.number === 8);
      assert.deepEqual(taken.map((t) => [t.number, t.state, t.reservationId]), [[8, 'held', rivalHold.id]], 'only the rival holds a seat');
      assert.equal(await ctx.store.payments.findByReservation(lost.buyer.userId, lost.reservation.id), null, 'no live payment');
      // The sweep ends the lapsed hold only once its grace is over, and leaves the rival's seat alone.
      const sweeper = ctx.boxoffice();
      assert.ok(!(await sweeper.reservations.sweep()).includes(lost.reservation.id), 'not swept within the grace');
      ctx.clock.advanceSeconds(config.payGraceSeconds);
      assert.ok((await sweeper.reservations.sweep()).includes(lost.reservation.id), 'swept after the grace');
      assert.deepEqual((await sortedTaken(ctx, lost.scheduleId)).filter((t) => t.number === 8).map((t) => t.reservationId), [rivalHold.id]);
    },
  },
  {
    slug: 'retry-same-payment',
    name: 'paying again, with the same key or another, returns the same payment and debits nothing more',
    async run(ctx) {
      const d = await deal(ctx);
      const before = await funded(d);
      const p1 = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k1`);
      const p2 = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k1`);
      const p3 = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k2`);
      assert.deepEqual(p2, p1);
      assert.deepEqual(p3, p1);
      await assertPaid(ctx, d, p1, before);
    },
  },
  {
    slug: 'concurrent-double-pay',
    name: 'the same reservation paid at once with different keys: one payment, one debit',
    capability: 'concurrentCalls',
    async run(ctx) {
      const d = await deal(ctx, { funds: 100_000 }); // enough for several debits, so only the store can stop a second one
      const before = await funded(d);
      // The first stalls just before its money moves, while nine more come at once: they meet it recorded (on a
      // store without record(), pending: they drive it too, so a repeated debit would show), or claimed only.
      const gated = gatedStore(ctx.store, 'payments', moneyStep(ctx));
      const first = Promise.allSettled([ctx.boxoffice({}, { store: gated.store }).payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k0`)]);
      await gated.arrived;
      const rest = await Promise.allSettled(range(9).map((i) => d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k${i + 1}`)));
      gated.release();
      const results = [...(await first), ...rest];
      const { ok, codes } = tally(results);
      assert.ok(ok.length >= 1, 'at least one call finishes the payment');
      // A duplicate may be told the payment is in progress, or (if it passed the token check late) that the session ended.
      assert.ok(codes.every((c) => c === 'payment_in_progress' || c === 'token_expired'), `unexpected failures: ${codes.join()}`);
      assert.equal(new Set(ok.map((p) => p.id)).size, 1, 'every caller sees one payment');
      await assertPaid(ctx, d, ok[0]!, before);
    },
  },
  {
    slug: 'never-negative',
    name: 'two debits racing for one balance (two sessions of one user): one succeeds, one is insufficient_balance, never negative',
    capability: 'concurrentCalls',
    async run(ctx) {
      const userId = `${ctx.tag}u`;
      const now = ctx.clock.now();
      await ctx.store.wallets.charge({ userId, amount: 101, maxBalance: 1_000_000, entryId: `${ctx.tag}c`, idempotencyKey: null, now });
      for (const i of [1, 2]) await recordPending(ctx, userId, i, 100);
      const results = await Promise.allSettled([1, 2].map((i) => ctx.store.payments.debit(userId, `${ctx.tag}p${i}`, `${ctx.tag}e${i}`, now)));
      const { ok, codes } = tally(results);
      assert.equal(ok.length, 1, `${ok.length} debits went through`);
      assert.deepEqual(codes, ['insufficient_balance']);
      const ledger = await fullLedger(ctx.boxoffice(), userId);
      assertLedgerConsistent(ledger);
      assert.equal(ledger.balance, 1);
    },
  },
  {
    slug: 'one-payment-per-session',
    name: 'one session paying several holds at once with different keys: at most one completes, the rest debit nothing',
    capability: 'concurrentCalls',
    async run(ctx) {
      const sale = await openSale(ctx);
      const s = sale.shoppers[0]!;
      const holds = [];
      for (const seat of [1, 2, 3, 4]) holds.push(await sale.bo.reservations.hold(s.session, sale.scheduleId, [seat]));
      await sale.bo.wallet.charge(s.userId, 100_000); // enough for every hold, so only the session fence can stop a second
      const results = await Promise.allSettled(holds.map((r, i) => sale.bo.payments.pay(s.session, r.id, `${ctx.tag}k${i}`)));
      const { ok, codes } = tally(results);
      assert.equal(ok.length, 1, `${ok.length} payments completed in one session`);
      assert.ok(codes.every((c) => c === 'session_used' || c === 'token_expired'), `unexpected failures: ${codes.join()}`);
      const ledger = await fullLedger(sale.bo, s.userId);
      assertLedgerConsistent(ledger);
      assert.equal(ledger.entries.filter((e) => e.type === 'payment').length, 1, 'one debit');
      assert.equal(ledger.balance, 100_000 - ok[0]!.amount);
      for (const r of holds.filter((h) => h.id !== ok[0]!.reservationId)) {
        assert.equal((await ctx.store.inventory.get(r.id))?.state, 'held', `hold ${r.id} is not sold`);
        assert.equal(await ctx.store.payments.findByReservation(s.userId, r.id), null, `no live payment for ${r.id}`);
      }
      assert.ok((await sortedTaken(ctx, sale.scheduleId)).filter((t) => t.state === 'sold').length === 1, 'one seat sold');
    },
  },
  {
    slug: 'tracked-unsettled',
    name: 'a payment tracked before its create is listed unsettled while pending or debited, not once settled; a tracked id never created lists as pending until aborted, and is never created after',
    async run(ctx) {
      const userId = `${ctx.tag}u`;
      const now = ctx.clock.now();
      await ctx.store.wallets.charge({ userId, amount: 500, maxBalance: 1_000_000, entryId: `${ctx.tag}c`, idempotencyKey: null, now });
      const ids = [1, 2, 3].map((i) => `${ctx.tag}p${i}`);
      const never = `${ctx.tag}never`;
      for (const [i, id] of [...ids, never].entries()) await ctx.store.payments.track(userId, id, now, `${ctx.tag}r${i + 1}`);
      for (const i of [1, 2, 3]) await recordPending(ctx, userId, i, 100);
      const listed = async (): Promise<string[]> =>
        (await ctx.store.payments.listUnsettled(Number.MAX_SAFE_INTEGER, 1000)).filter((p) => p.userId === userId).map((p) => `${p.id}:${p.state}`).sort();
      assert.deepEqual(await listed(), [...ids, never].map((id) => `${id}:pending`).sort(), 'tracked and created, pending; tracked and never created, pending too');
      const [ghost] = (await ctx.store.payments.listUnsettled(Number.MAX_SAFE_INTEGER, 1000)).filter((p) => p.id === never);
      assert.deepEqual([ghost?.reservationId, ghost?.amount, ghost?.createdAt], [`${ctx.tag}r4`, 0, now], 'a never-created id names its reservation');
      assert.equal(await ctx.store.payments.abort(userId, never, 'recovered', now), null, 'aborting a never-created id answers null');
      const late = pendingPayment(ctx, { id: never, userId, reservationId: `${ctx.tag}r4`, queueId: `${ctx.tag}q4`, token: `${ctx.tag}t4`, amount: 100 });
      const refused = await ctx.store.payments.create(late);
      assert.deepEqual([refused.created, refused.payment.state], [false, 'aborted'], 'an aborted never-created id is never created');
      if (ctx.store.payments.record) {
        const again = await ctx.store.payments.record(late, `${ctx.tag}e9`, now);
        assert.deepEqual([again.created, again.payment.state], [false, 'aborted'], 'nor recorded');
      }
      assert.equal((await fullLedger(ctx.boxoffice(), userId)).balance, 500, 'nothing was debited');
      assert.deepEqual(await listed(), ids.map((id) => `${id}:pending`), 'the aborted never-created id is not listed');
      await ctx.store.payments.debit(userId, ids[0]!, `${ctx.tag}e1`, now);
      await ctx.store.payments.debit(userId, ids[1]!, `${ctx.tag}e2`, now);
      await ctx.store.payments.abort(userId, ids[2]!, 'test', now);
      assert.deepEqual(await listed(), [`${ids[0]}:debited`, `${ids[1]}:debited`], 'debited are listed, aborted is not');
      await ctx.store.payments.complete(userId, ids[0]!, now);
      assert.deepEqual(await listed(), [`${ids[1]}:debited`], 'completed is not listed');
      assert.deepEqual(await ctx.store.payments.listUnsettled(now - 1, 1000).then((l) => l.filter((p) => p.userId === userId)), [], 'younger than before: not listed');
    },
  },
  {
    slug: 'charges-and-payments-race',
    name: 'concurrent charges and payments on one wallet lose no update',
    capability: 'concurrentCalls',
    async run(ctx) {
      const userId = `${ctx.tag}u`;
      const now = ctx.clock.now();
      const amounts = [100, 200, 300, 400, 50];
      const total = amounts.reduce((sum, a) => sum + a, 0);
      await ctx.store.wallets.charge({ userId, amount: total, maxBalance: 1_000_000, entryId: `${ctx.tag}c`, idempotencyKey: null, now });
      for (const [i, amount] of amounts.entries()) await recordPending(ctx, userId, i, amount);
      const bo = ctx.boxoffice();
      const results = await Promise.allSettled([
        ...range(40).map(() => bo.wallet.charge(userId, 10)),
        ...amounts.map((_, i) => ctx.store.payments.debit(userId, `${ctx.tag}p${i}`, `${ctx.tag}e${i}`, now)),
      ]);
      const { codes } = tally(results);
      assert.deepEqual(codes, [], 'nothing failed');
      const ledger = await fullLedger(bo, userId);
      assert.equal(ledger.balance, 400);
      assert.equal(ledger.entries.length, 1 + 40 + 5);
      assertLedgerConsistent(ledger);
    },
  },
  {
    slug: 'not-owner',
    name: "another user's reservation, token or payment is refused and changes nothing",
    async run(ctx) {
      const d = await deal(ctx, { users: 2 });
      const mallory = d.sale.shoppers[1]!;
      await d.bo.wallet.charge(mallory.userId, 100_000);
      const before = await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id);
      await rejectsWith(d.bo.payments.pay(mallory.session, d.reservation.id, `${ctx.tag}m`), 'reservation_not_found', 'foreign hold');
      await rejectsWith(
        d.bo.payments.pay({ ...d.buyer.session, userId: mallory.userId }, d.reservation.id, `${ctx.tag}m`),
        'token_not_found',
        'foreign token',
      );
      assert.deepEqual(await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id), before);
      assert.equal((await fullLedger(d.bo, mallory.userId)).balance, 100_000);
      const p = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`);
      await rejectsWith(d.bo.payments.get(mallory.userId, p.id), 'payment_not_found', 'foreign payment');
      await rejectsWith(d.bo.payments.get(d.buyer.userId, `${ctx.tag}nosuch`), 'payment_not_found', 'unknown payment');
    },
  },
  {
    slug: 'bad-input',
    name: 'a malformed or unknown reservation id is reservation_not_found and changes nothing',
    async run(ctx) {
      const d = await deal(ctx);
      const before = await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id);
      for (const id of ['', 'nodot', '.', `${d.scheduleId}.`, `${d.scheduleId}.nosuch`, `${ctx.tag}zz.nosuch`]) {
        await rejectsWith(d.bo.payments.pay(d.buyer.session, id, `${ctx.tag}k`), 'reservation_not_found', JSON.stringify(id));
      }
      assert.deepEqual(await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id), before);
      const p = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`);
      assert.equal(p.state, 'completed', 'the key was not used up by the failed calls');
    },
  },
  {
    slug: 'needs-active-token',
    name: 'paying needs an active token; a waiting or ended one changes nothing',
    async run(ctx) {
      const d = await deal(ctx);
      const [w] = await enterUsers(d.bo, ctx, ['late']);
      await d.bo.queue.leave(ctx.queueId, d.buyer.token, d.buyer.userId);
      const before = await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id);
      await rejectsWith(d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`), 'token_expired', 'left');
      assert.deepEqual(await snapshot(ctx, d.bo, d.buyer, d.scheduleId, d.reservation.id), before);
      const r = await ctx.store.inventory.get(d.reservation.id);
      assert.equal(r?.state, 'held');
      await rejectsWith(d.bo.payments.pay(w!.session, d.reservation.id, `${ctx.tag}k`), 'token_not_active', 'waiting');
    },
  },
  {
    slug: 'fault-injection',
    name: 'a store fault at any step of a payment ends, after recovery, in all effects once or none',
    capability: 'faultInjection',
    async run(ctx) {
      const outcomes: string[] = [];
      for (const mode of ['before', 'after'] as const) {
        for (let at = 1; at <= 20; at++) {
          const sub = subContext(ctx, `${mode[0]}${at}`);
          const d = await deal(sub);
          const before = await funded(d);
          const faulty = faultyStore(ctx.store, { at, mode });
          const bo = ctx.boxoffice({}, { store: faulty });
          faulty.arm();
          const first = await Promise.allSettled([bo.payments.pay(d.buyer.session, d.reservation.id, `${sub.tag}${mode}${at}`)]);
          faulty.disarm();
          const where = `${mode} call ${at} (${faulty.faults.injected?.port}.${faulty.faults.injected?.method}; steps ${faulty.faults.trace.join(' > ')})`;
          if (!faulty.faults.injected) {
            assert.equal(first[0]!.status, 'fulfilled', `${where}: no fault, yet the payment failed`);
            break;
          }
          if (first[0]!.status === 'rejected') {
            const reason = first[0].reason as { code?: string };
            assert.equal(reason.code, 'store_unavailable', `${where}: the fault surfaces as store_unavailable`);
          }
          // Another host's sweep, once paymentRecoveryTimeout has passed.
          ctx.clock.advanceSeconds(ctx.boxoffice().config.paymentRecoveryTimeout);
          await ctx.boxoffice().payments.recover();
          const payment = await ctx.store.payments.findByReservation(d.buyer.userId, d.reservation.id);
          if (payment) {
            await assertPaid(sub, d, payment, before, `${where}: completed`);
            outcomes.push('paid');
          } else {
            await assertNoTrace(sub, d, before, `${where}: rolled back`);
            outcomes.push('none');
            // A later retry with the same key finishes it.
            const retried = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${sub.tag}${mode}${at}`);
            await assertPaid(sub, d, retried, before, `${where}: retried`);
          }
        }
      }
      assert.ok(outcomes.includes('paid') && outcomes.includes('none'), `outcomes: ${outcomes.join()}`);
    },
  },
  {
    slug: 'fault-during-recovery',
    name: 'a store fault inside the recovery sweep is settled by a later sweep: all effects once, or none',
    capability: 'faultInjection',
    async run(ctx) {
      // Crashed payments (the process dies at the step: nothing after it reaches the store): with its claim out and
      // no payment recorded, and before the money moved (a store without record() has created a pending payment by
      // then), the sweep rolls it back; after the money moved, the sweep finishes it.
      const crashes = [
        { name: 'unrecorded', port: 'inventory', methods: ['claim'], mode: 'after' },
        { name: 'pending', port: 'payments', methods: ['record', 'debit'], mode: 'before' },
        { name: 'debited', port: 'payments', methods: ['record', 'debit'], mode: 'after' },
      ] as const;
      const timeout = ctx.boxoffice().config.paymentRecoveryTimeout;
      for (const crash of crashes) {
        for (const mode of ['before', 'after'] as const) {
          for (let at = 1; at <= 20; at++) {
            const sub = subContext(ctx, `${crash.name.slice(0, 2)}${mode[0]}${at}`);
            const d = await deal(sub);
            const before = await funded(d);
            const crashing = faultyStore(ctx.store, { at: 1, mode: crash.mode, ports: [crash.port], methods: crash.methods, crash: true });
            crashing.arm();
            await rejectsWith(ctx.boxoffice({}, { store: crashing }).payments.pay(d.buyer.session, d.reservation.id, `${sub.tag}k`), 'store_unavailable');
            ctx.clock.advanceSeconds(timeout);
            const faulty = faultyStore(ctx.store, { at, mode });
            faulty.arm();
            const swept = await Promise.allSettled([ctx.boxoffice({}, { store: faulty }).payments.recover()]);
            faulty.disarm();
            const where = `${crash.name} payment, sweep fault ${mode} call ${at} (${faulty.faults.trace.join(' > ')})`;
            if (!faulty.faults.injected) {
              assert.equal(swept[0]!.status, 'fulfilled', where);
              break;
            }
            ctx.clock.advanceSeconds(timeout);
            await ctx.boxoffice().payments.recover();
            const payment = await ctx.store.payments.findByReservation(d.buyer.userId, d.reservation.id);
            if (crash.name === 'debited') assert.ok(payment, `${where}: a debited payment must be finished`);
            if (payment) {
              await assertPaid(sub, d, payment, before, `${where}: completed`);
            } else {
              // Rolled back. A fault between the sweep's abort and its release may leave the hold claimed by the
              // aborted payment (no port lists such claims); no money moved, and the owner's retry must still work.
              await assertNoTrace(sub, d, before, `${where}: rolled back`, { claimMayLinger: true });
              const retried = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${sub.tag}k`);
              await assertPaid(sub, d, retried, before, `${where}: retried`);
            }
          }
        }
      }
    },
  },
  {
    slug: 'recovery-isolates-poisoned',
    name: 'a payment whose recovery keeps failing does not stop the sweep: the others settle, it settles once healed',
    capability: 'faultInjection',
    async run(ctx) {
      // Three payments crashed after their debit, the oldest of them poisoned: its seats can never be confirmed.
      const deals: Deal[] = [];
      for (const i of [0, 1, 2]) {
        const d = await deal(subContext(ctx, `z${i}`));
        const crashing = faultyStore(ctx.store, { at: 1, mode: 'after', ports: ['payments'], methods: ['record', 'debit'], crash: true }); // dies after the debit
        crashing.arm();
        await rejectsWith(ctx.boxoffice({}, { store: crashing }).payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k${i}`), 'store_unavailable');
        deals.push(d);
        ctx.clock.advance(1);
      }
      const funds = await Promise.all(deals.map(async (d) => (await funded(d)) + d.reservation.amount));
      const poisoned = deals[0]!.reservation.id;
      const poisonedStore = interceptStore(ctx.store, async (call, run) => {
        if (call.port === 'inventory' && call.method === 'confirm' && call.args[0] === poisoned) throw new Error('poisoned payment');
        return run();
      });
      ctx.clock.advanceSeconds(ctx.boxoffice().config.paymentRecoveryTimeout);
      const sweeper = ctx.boxoffice({}, { store: poisonedStore });
      for (let sweep = 0; sweep < 2; sweep++) {
        const report = await sweeper.payments.recover();
        assert.deepEqual(report.failed.map((f) => f.code), sweep === 0 ? ['Error'] : [], `sweep ${sweep}: the poisoned one fails alone, then backs off`);
      }
      for (const [i, d] of deals.entries()) {
        if (i === 0) continue;
        const p = await ctx.store.payments.findByReservation(d.buyer.userId, d.reservation.id);
        assert.ok(p, `payment ${i} exists`);
        await assertPaid(subContext(ctx, `z${i}`), d, p, funds[i]!, `payment ${i} settled beside a poisoned one`);
      }
      const stuck = await ctx.store.payments.findByReservation(deals[0]!.buyer.userId, poisoned);
      assert.equal(stuck?.state, 'debited', 'the poisoned payment waits, debited');
      await ctx.boxoffice().payments.recover();
      await assertPaid(subContext(ctx, 'z0'), deals[0]!, (await ctx.store.payments.findByReservation(deals[0]!.buyer.userId, poisoned))!, funds[0]!, 'healed');
    },
  },
  {
    slug: 'retry-after-debit-crash',
    name: 'a crash after the debit is finished by a retry with the same key, debiting once',
    capability: 'faultInjection',
    async run(ctx) {
      // [port, the method, mode]: the money moved (record, or debit on a store without record), the seats'
      // confirm, the token's end, the payment's complete.
      const crashes = [
        ['payments', ['record', 'debit'], 'after'],
        ['inventory', ['confirm'], 'before'],
        ['inventory', ['confirm'], 'after'],
        ['queue', ['complete'], 'before'],
        ['payments', ['complete'], 'before'],
      ] as const;
      for (const [port, methods, mode] of crashes) {
        const sub = subContext(ctx, `${port[0]}${methods[0]![0]}${mode[0]}`);
        const d = await deal(sub);
        const before = await funded(d);
        const faulty = faultyStore(ctx.store, { at: 1, mode, ports: [port], methods, crash: true });
        const bo = ctx.boxoffice({}, { store: faulty });
        const key = `${sub.tag}k`;
        faulty.arm();
        await rejectsWith(bo.payments.pay(d.buyer.session, d.reservation.id, key), 'store_unavailable', `${port} ${methods[0]} ${mode}`);
        faulty.disarm();
        const where = `crash ${mode} ${faulty.faults.injected?.port}.${faulty.faults.injected?.method}`;
        const retried = await d.bo.payments.pay(d.buyer.session, d.reservation.id, key);
        await assertPaid(sub, d, retried, before, `${where}, then retry`);
      }
    },
  },
  {
    slug: 'recovery-spares-fresh-payments',
    name: 'the recovery sweep leaves a payment in flight alone until it is stale',
    capability: 'faultInjection',
    async run(ctx) {
      const d = await deal(ctx);
      const before = await funded(d);
      const gated = gatedStore(ctx.store, 'payments', moneyStep(ctx));
      const slow = ctx.boxoffice({}, { store: gated.store });
      const inFlight = slow.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`);
      await gated.arrived;
      ctx.clock.advanceSeconds(d.bo.config.paymentRecoveryTimeout / 2 - 1);
      const swept = await ctx.boxoffice().payments.recover();
      assert.deepEqual(swept, { completed: [], aborted: [], failed: [] }, 'a payment younger than half the recovery timeout is not touched');
      gated.release();
      await assertPaid(ctx, d, await inFlight, before);
    },
  },
  {
    slug: 'paying-hold-does-not-expire',
    name: 'a hold being paid for outlives its expiry: the sweep keeps it and its seats stay taken',
    capability: 'faultInjection',
    async run(ctx) {
      const d = await deal(ctx, { users: 2 });
      const before = await funded(d);
      const gated = gatedStore(ctx.store, 'payments', moneyStep(ctx));
      const slow = ctx.boxoffice({}, { store: gated.store });
      const inFlight = slow.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`);
      await gated.arrived;
      ctx.clock.advanceSeconds(d.bo.config.holdTtl + d.bo.config.payGraceSeconds + 1);
      assert.deepEqual(await ctx.boxoffice().reservations.sweep(), [], 'the claimed hold is not swept');
      const other = d.sale.shoppers[1]!;
      await rejectsWith(d.bo.reservations.hold(other.session, d.scheduleId, [...d.reservation.seats]), 'seat_unavailable');
      gated.release();
      await assertPaid(ctx, d, await inFlight, before);
    },
  },
  {
    slug: 'dead-claim-released',
    name: 'a hold left claimed by an aborted payment (its payer died before the release) is freed by the recovery sweep',
    async run(ctx) {
      const d = await deal(ctx);
      const before = await funded(d);
      const now = ctx.clock.now();
      const { payment } = await ctx.store.payments.create({
        id: `${ctx.tag}dead`,
        userId: d.buyer.userId,
        reservationId: d.reservation.id,
        queueId: d.buyer.session.queueId,
        token: d.buyer.session.token,
        amount: d.reservation.amount,
        state: 'pending',
        idempotencyKey: null,
        createdAt: now,
        updatedAt: now,
        failure: null,
      });
      await ctx.store.inventory.claim(d.reservation.id, payment.id, now);
      await ctx.store.payments.abort(d.buyer.userId, payment.id, 'crashed', now);
      const claimed = async (): Promise<number> =>
        (await sortedTaken(ctx, d.scheduleId)).filter((t) => t.reservationId === d.reservation.id).length;
      ctx.clock.advanceSeconds(d.bo.config.holdTtl + 1);
      await d.bo.payments.recover();
      assert.equal((await d.bo.reservations.get(d.buyer.userId, d.reservation.id)).state, 'paying', 'a claim younger than the recovery timeout past its expiry stays');
      assert.equal(await claimed(), d.reservation.seats.length, 'its seats stay taken meanwhile');
      ctx.clock.advanceSeconds(d.bo.config.paymentRecoveryTimeout);
      await d.bo.payments.recover();
      assert.equal((await d.bo.reservations.get(d.buyer.userId, d.reservation.id)).state, 'expired', 'the dead claim is released and reads as expired');
      assert.equal(await claimed(), 0, 'its seats are free again');
      assert.equal(await funded(d), before, 'no money moved');
    },
  },
  {
    slug: 'pay-races-cancel',
    name: 'paying and cancelling one hold at once: either it is paid or cancelled, never both',
    capability: 'concurrentCalls',
    async run(ctx) {
      for (const order of ['pay-first', 'cancel-first'] as const) {
        const sub = subContext(ctx, order[0]!);
        const d = await deal(sub);
        const before = await funded(d);
        const pay = () => d.bo.payments.pay(d.buyer.session, d.reservation.id, `${sub.tag}k`);
        const cancel = () => d.bo.reservations.cancel(d.buyer.userId, d.reservation.id);
        const results = await Promise.allSettled<unknown>(order === 'pay-first' ? [pay(), cancel()] : [cancel(), pay()]);
        tally(results); // only domain errors are acceptable
        const payment = await ctx.store.payments.findByReservation(d.buyer.userId, d.reservation.id);
        if (payment?.state === 'completed') {
          await assertPaid(sub, d, payment, before, order);
        } else {
          assert.equal(payment, null, `${order}: a payment was left ${payment?.state}`);
          const ledger = await fullLedger(d.bo, d.buyer.userId);
          assert.equal(ledger.balance, before, `${order}: money moved`);
          assert.equal((await ctx.store.inventory.get(d.reservation.id))?.state, 'cancelled', `${order}: reservation`);
          assert.deepEqual(await sortedTaken(ctx, d.scheduleId), [], `${order}: seats`);
          assert.equal(await tokenState(sub, d.buyer.token), 'active', `${order}: token`);
        }
      }
    },
  },
  {
    slug: 'recovery-fences-stalled-debit',
    name: 'a payment stalled before its debit and aborted by the sweep debits nothing when it resumes',
    capability: 'faultInjection',
    async run(ctx) {
      const d = await deal(ctx);
      const before = await funded(d);
      const gated = gatedStore(ctx.store, 'payments', moneyStep(ctx));
      const slow = ctx.boxoffice({}, { store: gated.store });
      const inFlight = Promise.allSettled([slow.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k`)]);
      await gated.arrived;
      ctx.clock.advanceSeconds(d.bo.config.paymentRecoveryTimeout);
      const swept = await ctx.boxoffice().payments.recover();
      assert.equal(swept.aborted.length, 1, 'the sweep aborts the stalled pending payment');
      gated.release();
      const [outcome] = await inFlight;
      assert.equal(outcome!.status, 'rejected', 'the resumed request must not succeed');
      assert.equal((outcome as PromiseRejectedResult).reason.code, 'payment_aborted');
      await assertNoTrace(ctx, d, before, 'after the fenced debit');
      const p = await d.bo.payments.pay(d.buyer.session, d.reservation.id, `${ctx.tag}k2`);
      await assertPaid(ctx, d, p, before, 'paid again');
    },
  },
]);

