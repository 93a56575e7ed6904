import assert from 'node:assert/strict';
import type fc from 'fast-check';
import type { FaultPlan } from '../faulty-store.js';
import { faultyStore } from '../faulty-store.js';
import type { ActorKind, RefundModel, RefundReal } from './refund-model.js';
import { actorOf, assertRefundInvariants, buy, codeOfRejection, host, REFUND_CONFIG, refundSnapshot, userOf } from './refund-model.js';

type RefundCommand = fc.AsyncCommand<RefundModel, RefundReal>;

export class BuyCommand implements RefundCommand {
  constructor(
    readonly user: string,
    readonly seats: readonly number[],
  ) {}
  check = () => true;
  async run(m: RefundModel, r: RefundReal): Promise<void> {
    await buy(m, r, this.user, this.seats);
    await assertRefundInvariants(m, r, this.toString());
  }
  toString = () => `buy(${this.user}, [${this.seats.join(',')}])`;
}

/**
 * Refunds of one payment, at once when there are several actors (each on its own host), with one
 * Idempotency-Key or one each; the first call may go through a store that fails one mutating call.
 * A stranger is always refused, a payer past refundUntil while no refund is fenced too; refusals
 * alone change nothing. Every call that succeeds answers the one refund, completed.
 */
export class RefundPaymentCommand implements RefundCommand {
  constructor(
    readonly index: number,
    readonly actors: readonly ActorKind[],
    readonly sameKey: boolean,
    readonly fault: FaultPlan | null,
  ) {}
  check = (m: Readonly<RefundModel>) => m.payments.length > 0;
  async run(m: RefundModel, r: RefundReal): Promise<void> {
    const p = m.payments[this.index % m.payments.length]!;
    const payerId = userOf(r, p.user);
    const fencedBefore = (await r.store.refunds.findByPayment(payerId, p.id)) !== null;
    const late = r.clock.now() >= m.refundUntil;
    const refusable = (kind: ActorKind) => kind === 'stranger' || (kind === 'payer' && late && !fencedBefore);
    const allRefused = this.actors.every(refusable);
    const before = allRefused ? await refundSnapshot(m, r) : null;
    const faulty = this.fault ? faultyStore(r.store, this.fault) : null;
    faulty?.arm();
    const key = `${r.tag}k${r.hosts}`;
    const results = await Promise.allSettled(
      this.actors.map((kind, i) => host(r, i === 0 && faulty ? faulty : r.store).refunds.refund(actorOf(r, kind, p.user), payerId, p.id, this.sameKey ? key : `${key}.${i}`)),
    );
    faulty?.disarm();
    const stored = await r.store.refunds.findByPayment(payerId, p.id);
    const answered = new Set<string>();
    for (const [i, result] of results.entries()) {
      const kind = this.actors[i]!;
      const code = codeOfRejection(result);
      if (result.status === 'fulfilled') {
        assert.ok(kind !== 'stranger', `${this}: a stranger's refund went through`);
        assert.equal(result.value.state, 'completed', `${this}: call ${i} answered a ${result.value.state} refund`);
        answered.add(result.value.id);
      } else if (code === 'refund_not_allowed') {
        assert.ok(refusable(kind), `${this}: call ${i} (${kind}) refused`);
      } else {
        assert.ok(code === 'store_unavailable' && i === 0 && faulty?.faults.injected, `${this}: call ${i} failed with ${code}`);
      }
    }
    assert.ok(answered.size <= 1, `${this}: ${answered.size} different refunds of one payment answered`);
    if (answered.size === 1) {
      assert.equal(stored?.id, [...answered][0], `${this}: the answered refund is not the stored one`);
      m.refunded.add(p.id);
    }
    if (stored) m.fenced.add(p.id);
    if (before !== null) assert.equal(await refundSnapshot(m, r), before, `${this}: refused refunds changed something`);
    await assertRefundInvariants(m, r, this.toString());
  }
  toString = () => `refund(#${this.index}, ${this.actors.join('+')}, ${this.sameKey ? 'one key' : 'own keys'}${this.fault ? `, fault ${this.fault.mode} call ${this.fault.at}` : ''})`;
}

/**
 * Past the recovery timeout, a fresh host ticks (the sweeps), through a faulty store or not. After
 * a sweep with no fault, every fenced refund is completed.
 */
export class SweepCommand implements RefundCommand {
  constructor(readonly fault: FaultPlan | null) {}
  check = () => true;
  async run(m: RefundModel, r: RefundReal): Promise<void> {
    r.clock.advanceSeconds(REFUND_CONFIG.paymentRecoveryTimeout!);
    if (this.fault) {
      const faulty = faultyStore(r.store, this.fault);
      faulty.arm();
      await Promise.allSettled([host(r, faulty).tick([r.saleId])]);
      faulty.disarm();
    } else {
      const report = await host(r).tick([r.saleId]);
      assert.deepEqual(report.recoveredRefunds.failed, [], `${this}: the sweep failed`);
      for (const p of m.payments) {
        const refund = await r.store.refunds.findByPayment(userOf(r, p.user), p.id);
        if (!refund) continue;
        assert.equal(refund.state, 'completed', `${this}: payment ${p.id}'s refund left ${refund.state}`);
        m.fenced.add(p.id);
        m.refunded.add(p.id);
      }
    }
    await assertRefundInvariants(m, r, this.toString());
  }
  toString = () => (this.fault ? `sweep(fault ${this.fault.mode} call ${this.fault.at})` : 'sweep');
}

export class AdvanceCommand implements RefundCommand {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: RefundModel, r: RefundReal): Promise<void> {
    r.clock.advance(this.ms);
    await assertRefundInvariants(m, r, this.toString());
  }
  toString = () => `advance(${this.ms})`;
}
