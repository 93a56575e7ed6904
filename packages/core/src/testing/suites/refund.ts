import assert from 'node:assert/strict';
import type { Boxoffice } from '../../boxoffice.js';
import type { PaymentPrimitives } from '../../payment/payment.js';
import type { RefundPrimitives } from '../../payment/refund.js';
import type { RefundActor } from '../../payment/refund-service.js';
import type { CheckContext } from '../check.js';
import { defineChecks, subContext } from '../check.js';
import { EventTail } from '../event-tail.js';
import { faultyStore, gatedStore } from '../faulty-store.js';
import type { Shopper } from '../fixtures.js';
import { assertLedgerConsistent, concert, enterUsers, fullLedger, pendingPayment, range, rejectsWith, sortedTaken, tally } from '../fixtures.js';

/** A completed payment in a stored sale whose buyers may refund until `refundUntil` (null: never). */
interface Paid {
  readonly bo: Boxoffice;
  readonly saleId: string;
  readonly scheduleId: string;
  readonly buyer: Shopper;
  readonly others: readonly Shopper[];
  readonly payment: PaymentPrimitives;
  /** The balance before the payment: what a refund brings it back to. */
  readonly funds: number;
}

const HOUR = 3_600_000;
const operator: RefundActor = { userId: 'kit-operator', operator: true };
const payer = (p: Paid): RefundActor => ({ userId: p.buyer.userId, operator: false });

async function paid(ctx: CheckContext, options: { refundUntil?: string | null; users?: number } = {}): Promise<Paid> {
  const bo = ctx.boxoffice();
  const c = concert(ctx);
  const scheduleId = c.schedules[0]!.id;
  await bo.catalog.publish([c]);
  const refundUntil = options.refundUntil === undefined ? new Date(ctx.clock.now() + 24 * HOUR).toISOString() : options.refundUntil;
  await bo.sales.create({ id: ctx.queueId, scheduleIds: [scheduleId], settings: { refundUntil } });
  const shoppers = await enterUsers(bo, ctx, range(options.users ?? 1));
  await bo.queue.tick(ctx.queueId);
  const buyer = shoppers[0]!;
  const hold = await bo.reservations.hold(buyer.session, scheduleId, [3, 4]);
  const funds = hold.amount + 10;
  await bo.wallet.charge(buyer.userId, funds);
  const payment = await bo.payments.pay(buyer.session, hold.id, `${ctx.tag}pay`);
  assert.equal(payment.state, 'completed', 'the payment to refund completed');
  return { bo, saleId: ctx.queueId, scheduleId, buyer, others: shoppers.slice(1), payment, funds };
}

/** Every effect of the refund, exactly once: money back with one `refund` entry, seats free, allowance back, nothing pending. */
async function assertRefunded(ctx: CheckContext, p: Paid, refund: RefundPrimitives, what = 'refunded'): Promise<void> {
  assert.equal(refund.state, 'completed', `${what}: refund state`);
  assert.deepEqual([refund.paymentId, refund.userId, refund.amount, refund.reservationId], [p.payment.id, p.buyer.userId, p.payment.amount, p.payment.reservationId], `${what}: refund record`);
  const ledger = await fullLedger(p.bo, p.buyer.userId);
  assertLedgerConsistent(ledger, what);
  const refunds = ledger.entries.filter((e) => e.type === 'refund');
  assert.equal(refunds.length, 1, `${what}: ${refunds.length} refund entries`);
  assert.deepEqual([refunds[0]!.amount, refunds[0]!.ref], [p.payment.amount, refund.id], `${what}: the entry names the refund`);
  assert.equal(ledger.balance, p.funds, `${what}: balance`);
  const r = await ctx.store.inventory.get(p.payment.reservationId);
  assert.deepEqual([r?.state, r?.paymentId], ['refunded', p.payment.id], `${what}: reservation`);
  const taken = (await sortedTaken(ctx, p.scheduleId)).filter((t) => t.reservationId === p.payment.reservationId);
  assert.deepEqual(taken, [], `${what}: the seats are free again`);
  assert.deepEqual(await ctx.store.refunds.findByPayment(p.buyer.userId, p.payment.id), refund, `${what}: stored refund`);
  const pending = await ctx.store.refunds.listPending(Number.MAX_SAFE_INTEGER, 1000);
  assert.deepEqual(pending.filter((x) => x.paymentId === p.payment.id), [], `${what}: left pending`);
}

/** No trace of a refund: the payment stands, money spent once, seats sold. */
async function assertNotRefunded(ctx: CheckContext, p: Paid, what = 'not refunded'): Promise<void> {
  const ledger = await fullLedger(p.bo, p.buyer.userId);
  assertLedgerConsistent(ledger, what);
  assert.deepEqual(ledger.entries.map((e) => e.type), ['payment', 'charge'], `${what}: ledger`);
  assert.equal(ledger.balance, p.funds - p.payment.amount, `${what}: balance`);
  assert.equal((await ctx.store.inventory.get(p.payment.reservationId))?.state, 'confirmed', `${what}: reservation`);
  const sold = (await sortedTaken(ctx, p.scheduleId)).filter((t) => t.reservationId === p.payment.reservationId && t.state === 'sold');
  assert.equal(sold.length, 2, `${what}: seats sold`);
  assert.equal(await ctx.store.refunds.findByPayment(p.buyer.userId, p.payment.id), null, `${what}: a refund exists`);
}

/** What a refusal must leave unchanged. */
async function state(ctx: CheckContext, p: Paid): Promise<unknown> {
  return {
    ledger: await fullLedger(p.bo, p.buyer.userId),
    reservation: await ctx.store.inventory.get(p.payment.reservationId),
    taken: await sortedTaken(ctx, p.scheduleId),
    refund: await ctx.store.refunds.findByPayment(p.buyer.userId, p.payment.id),
    payment: await ctx.store.payments.get(p.buyer.userId, p.payment.id),
  };
}

const stored = async (ctx: CheckContext, p: Paid) => ctx.store.refunds.findByPayment(p.buyer.userId, p.payment.id);

export const refundChecks = defineChecks('refund', [
  {
    slug: 'success-effects',
    name: 'a payer refund within refundUntil gives the money back once, frees the seats and the allowance',
    async run(ctx) {
      const p = await paid(ctx, { users: 2 });
      const refund = await p.bo.refunds.refund(payer(p), p.buyer.userId, p.payment.id, `${ctx.tag}r`);
      assert.equal(refund.idempotencyKey, `${ctx.tag}r`);
      await assertRefunded(ctx, p, refund);
      assert.deepEqual(await p.bo.refunds.get(p.buyer.userId, refund.id), refund, 'read back');
      assert.equal((await ctx.store.payments.get(p.buyer.userId, p.payment.id))?.state, 'completed', 'the payment itself stands');
      const allowance = await ctx.store.allowances.list(p.buyer.userId, p.saleId);
      assert.deepEqual(allowance.filter((e) => e.reservationId === p.payment.reservationId), [], 'the allowance is given back');
      const rival = await p.bo.reservations.hold(p.others[0]!.session, p.scheduleId, [3, 4]);
      assert.equal(rival.state, 'held', 'the refunded seats can be held again');
    },
  },
  {
    slug: 'at-most-once',
    name: 'refunding again, with the same key or another, returns the same refund and credits nothing more',
    async run(ctx) {
      const p = await paid(ctx);
      const r1 = await p.bo.refunds.refund(payer(p), p.buyer.userId, p.payment.id, `${ctx.tag}k1`);
      const r2 = await p.bo.refunds.refund(payer(p), p.buyer.userId, p.payment.id, `${ctx.tag}k2`);
      const r3 = await p.bo.refunds.refund(operator, p.buyer.userId, p.payment.id, null);
      assert.deepEqual(r2, r1);
      assert.deepEqual(r3, r1);
      await assertRefunded(ctx, p, r1);
      // The port itself: a repeated credit returns the first entry and changes nothing.
      const again = await ctx.store.refunds.credit(p.buyer.userId, r1.id, `${ctx.tag}e2`, ctx.clock.now());
      assert.equal(again.entry.ref, r1.id);
      await assertRefunded(ctx, p, r1, 'after a repeated credit');
    },
  },
  {
    slug: 'concurrent-refunds',
    name: 'one payment refunded at once by payer and operator with different keys: one refund, one credit',
    capability: 'concurrentCalls',
    async run(ctx) {
      const p = await paid(ctx);
      const results = await Promise.allSettled(
        range(10).map((i) => p.bo.refunds.refund(i % 2 ? operator : payer(p), p.buyer.userId, p.payment.id, `${ctx.tag}k${i}`)),
      );
      const { ok, codes } = tally(results);
      assert.deepEqual(codes, [], 'every call answers with the one refund');
      assert.equal(new Set(ok.map((r) => r.id)).size, 1, 'one refund');
      await assertRefunded(ctx, p, (await stored(ctx, p))!);
    },
  },
  {
    slug: 'who-may-refund',
    name: 'a payer refunds only their own payment and only before refundUntil; an operator at any time; refusals change nothing',
    async run(ctx) {
      const never = await paid(subContext(ctx, 'n'), { refundUntil: null, users: 2 });
      const mallory = never.others[0]!;
      const before = await state(subContext(ctx, 'n'), never);
      await rejectsWith(never.bo.refunds.refund(payer(never), never.buyer.userId, never.payment.id, 'k'), 'refund_not_allowed', 'refundUntil null');
      await rejectsWith(never.bo.refunds.refund({ userId: mallory.userId, operator: false }, never.buyer.userId, never.payment.id, 'k'), 'refund_not_allowed', 'not the payer');
      await rejectsWith(never.bo.refunds.refund({ userId: mallory.userId, operator: false }, mallory.userId, never.payment.id, 'k'), 'payment_not_found', 'in the wrong partition');
      assert.deepEqual(await state(subContext(ctx, 'n'), never), before, 'refusals changed something');
      await assertRefunded(subContext(ctx, 'n'), never, await never.bo.refunds.refund(operator, never.buyer.userId, never.payment.id, 'k'), 'by an operator');

      const late = await paid(subContext(ctx, 'l'), { refundUntil: new Date(ctx.clock.now() + HOUR).toISOString() });
      ctx.clock.advance(HOUR);
      const lateBefore = await state(subContext(ctx, 'l'), late);
      await rejectsWith(late.bo.refunds.refund(payer(late), late.buyer.userId, late.payment.id, 'k'), 'refund_not_allowed', 'at refundUntil');
      assert.deepEqual(await state(subContext(ctx, 'l'), late), lateBefore, 'a late refusal changed something');
      await assertRefunded(subContext(ctx, 'l'), late, await late.bo.refunds.refund(operator, late.buyer.userId, late.payment.id, 'k'), 'late, by an operator');
    },
  },
  {
    slug: 'not-refundable',
    name: 'an unknown or unfinished payment cannot be refunded: payment_not_found or payment_not_refundable, nothing stored',
    async run(ctx) {
      const p = await paid(ctx);
      const { payment: pending } = await ctx.store.payments.create(
        pendingPayment(ctx, { id: `${ctx.tag}pend`, userId: p.buyer.userId, reservationId: `${p.scheduleId}.x`, queueId: ctx.queueId, token: `${ctx.tag}t2`, amount: 5 }),
      );
      const before = await state(ctx, p);
      await rejectsWith(p.bo.refunds.refund(operator, p.buyer.userId, pending.id, 'k'), 'payment_not_refundable', 'pending');
      await rejectsWith(ctx.store.refunds.create({ ...pendingRefund(ctx, p), paymentId: pending.id }), 'payment_not_refundable', 'the fence itself');
      for (const id of ['', `${ctx.tag}nosuch`, '..', 'a'.repeat(300)]) {
        await rejectsWith(p.bo.refunds.refund(operator, p.buyer.userId, id, 'k'), 'payment_not_found', JSON.stringify(id));
      }
      await rejectsWith(p.bo.refunds.get(p.buyer.userId, `${ctx.tag}nosuch`), 'refund_not_found', 'unknown refund');
      assert.equal(await ctx.store.refunds.findByPayment(p.buyer.userId, pending.id), null, 'no refund of the pending payment');
      assert.deepEqual(await state(ctx, p), before, 'refusals changed something');
    },
  },
  {
    slug: 'fault-injection',
    name: 'a store fault at any step of a refund ends, after recovery, in every effect once or none',
    capability: 'faultInjection',
    async run(ctx) {
      const outcomes: string[] = [];
      for (const mode of ['before', 'after'] as const) {
        for (let at = 1; at <= 10; at++) {
          const sub = subContext(ctx, `${mode[0]}${at}`);
          const p = await paid(sub);
          const faulty = faultyStore(ctx.store, { at, mode });
          faulty.arm();
          const first = await Promise.allSettled([ctx.boxoffice({}, { store: faulty }).refunds.refund(payer(p), p.buyer.userId, p.payment.id, `${sub.tag}k`)]);
          faulty.disarm();
          const where = `${mode} call ${at} (${faulty.faults.injected?.port}.${faulty.faults.injected?.method}; steps ${faulty.faults.trace.join(' > ')})`;
          if (!faulty.faults.injected) {
            assert.equal(first[0]!.status, 'fulfilled', `${where}: no fault, yet the refund failed`);
            break;
          }
          if (first[0]!.status === 'rejected') assert.equal((first[0].reason as { code?: string }).code, 'store_unavailable', where);
          ctx.clock.advanceSeconds(ctx.boxoffice().config.paymentRecoveryTimeout);
          await ctx.boxoffice().refunds.recover();
          const refund = await stored(sub, p);
          if (refund) {
            await assertRefunded(sub, p, refund, `${where}: finished by the sweep`);
            outcomes.push('refunded');
          } else {
            await assertNotRefunded(sub, p, `${where}: never happened`);
            outcomes.push('none');
            await assertRefunded(sub, p, await p.bo.refunds.refund(payer(p), p.buyer.userId, p.payment.id, `${sub.tag}k`), `${where}: retried`);
          }
        }
      }
      assert.ok(outcomes.includes('refunded') && outcomes.includes('none'), `outcomes: ${outcomes.join()}`);
    },
  },
  {
    slug: 'retry-finishes',
    name: 'a refund that crashed after its fence is finished by a retry, crediting once',
    capability: 'faultInjection',
    async run(ctx) {
      const crashes = [
        ['refunds', 1, 'after'],
        ['inventory', 1, 'before'],
        ['inventory', 1, 'after'],
        ['refunds', 2, 'before'],
        ['refunds', 2, 'after'],
      ] as const;
      for (const [port, at, mode] of crashes) {
        const sub = subContext(ctx, `${port[0]}${at}${mode[0]}`);
        const p = await paid(sub);
        const faulty = faultyStore(ctx.store, { at, mode, ports: [port] });
        faulty.arm();
        await rejectsWith(ctx.boxoffice({}, { store: faulty }).refunds.refund(payer(p), p.buyer.userId, p.payment.id, 'k'), 'store_unavailable', `${port} ${at} ${mode}`);
        faulty.disarm();
        // The retry comes after refundUntil: a refund already fenced is finished all the same.
        ctx.clock.advance(48 * HOUR);
        await assertRefunded(sub, p, await p.bo.refunds.refund(payer(p), p.buyer.userId, p.payment.id, 'k'), `crash ${mode} ${port}.${at}, then retry`);
      }
    },
  },
  {
    slug: 'fault-during-recovery',
    name: 'a store fault inside the refund sweep is settled by a later sweep: every effect once',
    capability: 'faultInjection',
    async run(ctx) {
      const timeout = ctx.boxoffice().config.paymentRecoveryTimeout;
      for (const mode of ['before', 'after'] as const) {
        for (let at = 1; at <= 10; at++) {
          const sub = subContext(ctx, `${mode[0]}${at}`);
          const p = await paid(sub);
          const crashing = faultyStore(ctx.store, { at: 1, mode: 'after', ports: ['refunds'] });
          crashing.arm();
          await rejectsWith(ctx.boxoffice({}, { store: crashing }).refunds.refund(payer(p), p.buyer.userId, p.payment.id, 'k'), 'store_unavailable');
          ctx.clock.advanceSeconds(timeout);
          const faulty = faultyStore(ctx.store, { at, mode });
          faulty.arm();
          const swept = await Promise.allSettled([ctx.boxoffice({}, { store: faulty }).refunds.recover()]);
          faulty.disarm();
          const where = `sweep fault ${mode} call ${at} (${faulty.faults.trace.join(' > ')})`;
          if (!faulty.faults.injected) {
            assert.equal(swept[0]!.status, 'fulfilled', where);
            // The sweep ran whole: it alone must have finished the refund.
            await assertRefunded(sub, p, (await stored(sub, p))!, `${where}: finished by a sweep with no fault`);
            break;
          }
          ctx.clock.advanceSeconds(timeout);
          await ctx.boxoffice().refunds.recover();
          await assertRefunded(sub, p, (await stored(sub, p))!, `${where}: settled`);
        }
      }
    },
  },
  {
    slug: 'races-recovery',
    name: 'a refund stalled before its credit, finished by the sweep meanwhile, credits once when it resumes',
    capability: 'faultInjection',
    async run(ctx) {
      const p = await paid(ctx);
      const gated = gatedStore(ctx.store, 'refunds', 'credit');
      const inFlight = ctx.boxoffice({}, { store: gated.store }).refunds.refund(payer(p), p.buyer.userId, p.payment.id, 'k');
      await gated.arrived;
      ctx.clock.advanceSeconds(ctx.boxoffice().config.paymentRecoveryTimeout / 2 - 1);
      assert.deepEqual(await ctx.boxoffice().refunds.recover(), { completed: [], failed: [] }, 'a fresh refund is left alone');
      ctx.clock.advanceSeconds(2);
      const swept = await ctx.boxoffice().refunds.recover();
      assert.equal(swept.completed.length, 1, 'the sweep finishes the stalled refund');
      gated.release();
      const resumed = await inFlight;
      await assertRefunded(ctx, p, resumed, 'after the race');
    },
  },
  {
    slug: 'events',
    name: 'a refund appends reservation.released (reason refund) and refund.completed once each, none on a repeat',
    capability: 'outbox',
    async run(ctx) {
      const p = await paid(ctx);
      const tail = await EventTail.at(ctx);
      const refund = await p.bo.refunds.refund(payer(p), p.buyer.userId, p.payment.id, 'k');
      const events = await tail.take();
      assert.deepEqual(events.map((e) => e.type), ['reservation.released', 'refund.completed']);
      const [released, completed] = events;
      assert.deepEqual(
        [released!.userId, released!.scheduleId, released!.data],
        [p.buyer.userId, p.scheduleId, { reservationId: p.payment.reservationId, seats: [3, 4], reason: 'refund' }],
      );
      assert.deepEqual(
        [completed!.saleId, completed!.userId, completed!.scheduleId, completed!.at, completed!.data],
        [p.saleId, p.buyer.userId, p.scheduleId, ctx.clock.now(), { refundId: refund.id, paymentId: p.payment.id, reservationId: p.payment.reservationId, amount: p.payment.amount }],
      );
      await p.bo.refunds.refund(operator, p.buyer.userId, p.payment.id, 'k2');
      await ctx.store.inventory.refund(p.payment.reservationId, p.payment.id, ctx.clock.now());
      assert.deepEqual(await tail.types(), [], 'a repeat appends nothing');
    },
  },
]);

function pendingRefund(ctx: CheckContext, p: Paid): RefundPrimitives {
  const now = ctx.clock.now();
  return {
    id: `${ctx.tag}rf`,
    paymentId: p.payment.id,
    userId: p.buyer.userId,
    saleId: p.saleId,
    reservationId: p.payment.reservationId,
    amount: p.payment.amount,
    state: 'pending',
    idempotencyKey: null,
    createdAt: now,
    updatedAt: now,
  };
}
