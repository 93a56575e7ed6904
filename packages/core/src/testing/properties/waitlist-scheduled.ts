import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBoxoffice } from '../../boxoffice.js';
import { PENDING_REDRIVE_MS } from '../../waitlist/waitlist-service.js';
import { SequenceIds } from '../ids.js';
import { interceptStore } from '../intercept.js';
import type { QueuePropertyTarget } from './run-config.js';
import { codeOf } from './sequential-context.js';
import { PEOPLE, payOpenOffer, refundPaidOffer, setUpWaitlist, userOf, WAITLIST_CONFIG, waitlistInvariants } from './waitlist.js';

// The waiting list under fc.scheduler: two hosts tick, refund, pay and try outsider holds at once, every
// store call ordered by the scheduler. Everyone is on the list from the start and the clock stands
// still, so somebody always waits: no outsider hold may ever succeed, and after a clean tick each seat
// that came back is offered once, in list order.

type Op =
  | { readonly kind: 'tick' }
  /** An operator refunds a seat bought before the sell-out (both hosts may refund the same one). */
  | { readonly kind: 'refund'; readonly seat: number }
  /** An operator refunds the n-th paid offer: at most one a run, so five people outnumber the seats that come back. */
  | { readonly kind: 'refundPaid'; readonly n: number }
  | { readonly kind: 'release'; readonly seat: number }
  | { readonly kind: 'pay'; readonly n: number }
  | { readonly kind: 'outsider'; readonly seat: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), seat: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refundPaid' as const), n: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), seat: fc.integer({ min: 4, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), n: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outsider' as const), seat: fc.integer({ min: 1, max: 5 }) }) },
);

const programsArb = fc
  .array(fc.array(opArb, { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 2 })
  .filter((ps) => ps.flat().filter((op) => op.kind === 'refundPaid').length <= 1);

/** Codes a pay racing another pay of the same offer, or a tick, may meet; anything else is a bug. */
const RACING_PAY = new Set(['payment_in_progress', 'reservation_not_held']);

/** Two hosts ticking, refunding, paying and racing outsider holds keep the list's invariants. */
export function waitlistSchedulerProperty(target: QueuePropertyTarget) {
  return fc.asyncProperty(fc.scheduler(), programsArb, async (s, programs) => {
    if (target.reset) await target.reset();
    const r = await setUpWaitlist(target);
    for (const p of PEOPLE) await r.hosts[0]!.waitlist.join(r.sale.saleId, userOf(r, p));
    const scheduled = interceptStore(target.store, async (call, run) => {
      await s.schedule(Promise.resolve(), `${call.port}.${call.method}`);
      return run();
    });
    const hosts = [0, 1].map((i) => createBoxoffice({ store: scheduled, clock: r.clock, ids: new SequenceIds(`${r.tag}s${i}`), config: WAITLIST_CONFIG }));
    const operator = { userId: `${r.tag}operator`, operator: true };
    const runs = programs.map(async (ops, i) => {
      const bo = hosts[i]!;
      for (const op of ops) {
        const label = `host ${i}: ${JSON.stringify(op)}`;
        if (op.kind === 'tick') {
          const report = await bo.tick([r.sale.saleId]);
          assert.equal(report.waitlists[r.sale.saleId]?.failed, undefined, `${label}: the list's tick failed`);
        } else if (op.kind === 'refund') {
          const b = r.sale.bought.get(op.seat)!;
          assert.equal((await bo.refunds.refund(operator, b.userId, b.paymentId)).state, 'completed', label);
        } else if (op.kind === 'refundPaid') {
          await refundPaidOffer(bo, r, op.n);
        } else if (op.kind === 'release') {
          await r.sale.release(op.seat);
        } else if (op.kind === 'pay') {
          const code = await payOpenOffer(bo, r, op.n);
          assert.ok(code === null || RACING_PAY.has(code), `${label}: ${code}`);
        } else {
          const now = r.clock.now();
          const id = `${r.sale.scheduleId}.${r.tag}x${i}${op.seat}`;
          const code = await codeOf(() => scheduled.inventory.hold({ id, userId: `${r.tag}outsider`, scheduleId: r.sale.scheduleId, seats: [op.seat], amount: 1, state: 'held', createdAt: now, expiresAt: now + 1_000, paymentId: null }, now));
          assert.equal(code, 'seat_unavailable', `${label}: an outsider held seat ${op.seat} while people wait`);
        }
      }
    });
    await s.waitFor(Promise.all(runs));
    await waitlistInvariants(r, 'the scheduled run');
    // Past the re-drive delay a clean tick finishes whatever a racing tick left pending.
    r.clock.advance(PENDING_REDRIVE_MS);
    await r.hosts[0]!.tick([r.sale.saleId]);
    await waitlistInvariants(r, 'a clean tick after the scheduled run', true);
  });
}
