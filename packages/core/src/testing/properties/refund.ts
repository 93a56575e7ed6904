import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FaultPlan } from '../faulty-store.js';
import { KIT_EPOCH, ManualClock } from '../clock.js';
import { interceptStore } from '../intercept.js';
import { AdvanceCommand, BuyCommand, RefundPaymentCommand, SweepCommand } from './refund-commands.js';
import type { ActorKind } from './refund-model.js';
import { actorOf, assertRefundInvariants, buy, host, REFUND_SEATS, REFUND_USERS, REFUND_WINDOW_MS, setUpRefunds, userOf } from './refund-model.js';
import type { QueuePropertyTarget } from './run-config.js';

// Model-based properties of refunds (SPEC "Refunds") over small pools, so commands collide: three
// buyers, four seats, refunds of the same payments by payer, operator and stranger, at once, with
// faults at any step, sweeps and the clock past refundUntil. The oracle is in refund-model.ts.

const userArb = fc.constantFrom(...REFUND_USERS);
const seatsArb = fc.uniqueArray(fc.integer({ min: 1, max: REFUND_SEATS }), { minLength: 1, maxLength: 2 });
const actorArb = fc.constantFrom<ActorKind>('payer', 'payer', 'operator', 'stranger');
// Calls 1-3 are a refund's mutating steps (fence, release, credit); 4 passes.
const faultArb: fc.Arbitrary<FaultPlan | null> = fc.option(
  fc.record({ at: fc.integer({ min: 1, max: 4 }), mode: fc.constantFrom<'before' | 'after'>('before', 'after') }),
  { freq: 2 },
);

const commandArbs = [
  fc.tuple(userArb, seatsArb).map(([u, s]) => new BuyCommand(u, s)),
  fc.tuple(userArb, seatsArb).map(([u, s]) => new BuyCommand(u, s)),
  fc.tuple(fc.nat(7), fc.array(actorArb, { minLength: 1, maxLength: 3 }), fc.boolean(), faultArb).map(([i, a, k, f]) => new RefundPaymentCommand(i, a, k, f)),
  fc.tuple(fc.nat(7), fc.array(actorArb, { minLength: 1, maxLength: 3 }), fc.boolean(), faultArb).map(([i, a, k, f]) => new RefundPaymentCommand(i, a, k, f)),
  faultArb.map((f) => new SweepCommand(f)),
  fc.constantFrom(1_000, 30_000, REFUND_WINDOW_MS / 2).map((ms) => new AdvanceCommand(ms)),
];

/**
 * Sequential: buys, refunds (concurrent duplicates, faults), sweeps (faulty or not) and clock steps
 * past refundUntil; after each, the invariants; at the end, a sweep with no fault completes every
 * fenced refund.
 */
export function refundModelProperty(target: QueuePropertyTarget, maxCommands = 25) {
  return fc.asyncProperty(fc.commands(commandArbs, { maxCommands, size: '+1' }), async (cmds) => {
    if (target.reset) await target.reset();
    const { model, real } = await setUpRefunds(target.store, new ManualClock(KIT_EPOCH));
    await fc.asyncModelRun(() => ({ model, real }), cmds);
    await new SweepCommand(null).run(model, real);
  });
}

/**
 * Concurrent: refunds of two payments by payer and operator on two hosts, and sweeps by a host whose
 * recovery timeout is a millisecond (so it races the live refunds), fc.scheduler ordering every store
 * call. Each payment ends refunded once, every call of one payment answering the same refund.
 */
export function refundSchedulerProperty(target: QueuePropertyTarget) {
  const opArb = fc.oneof(
    { weight: 4, arbitrary: fc.record({ payment: fc.nat(1), actor: fc.constantFrom<ActorKind>('payer', 'operator'), key: fc.nat(1) }) },
    { weight: 1, arbitrary: fc.constant({ sweep: true as const }) },
  );
  return fc.asyncProperty(fc.scheduler(), fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }), async (s, programs) => {
    if (target.reset) await target.reset();
    const { model, real } = await setUpRefunds(target.store, new ManualClock(KIT_EPOCH));
    const bought = [(await buy(model, real, 'b0', [1, 2]))!, (await buy(model, real, 'b1', [3]))!];
    const scheduled = interceptStore(target.store, async (call, run) => {
      await s.schedule(Promise.resolve(), `${call.port}.${call.method}`);
      return run();
    });
    const hosts = [host(real, scheduled), host(real, scheduled)];
    const sweeper = host(real, scheduled, { paymentRecoveryTimeout: 0.001 });
    const answers = bought.map(() => new Set<string>());
    const runs = programs.map(async (ops, i) => {
      for (const op of ops) {
        if ('sweep' in op) {
          real.clock.advance(1);
          const { failed } = await sweeper.refunds.recover();
          assert.deepEqual(failed, [], 'a sweep racing the refunds failed');
          continue;
        }
        const p = bought[op.payment]!;
        const r = await hosts[i % 2]!.refunds.refund(actorOf(real, op.actor, p.user), userOf(real, p.user), p.id, `${real.tag}k${op.key}`);
        assert.equal(r.state, 'completed', `a racing refund answered ${r.state}`);
        answers[op.payment]!.add(r.id);
        model.refunded.add(p.id);
        model.fenced.add(p.id);
      }
    });
    await s.waitFor(Promise.all(runs));
    for (const [i, ids] of answers.entries()) assert.ok(ids.size <= 1, `[refund] payment ${i} answered ${ids.size} different refunds`);
    await assertRefundInvariants(model, real, 'the scheduled run');
  });
}
