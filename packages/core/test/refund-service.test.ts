import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeConfig, PaymentPrimitives } from '@boxoffice/core';
import { DomainError, createBoxoffice } from '@boxoffice/core';
import type { PortCall } from '@boxoffice/core/testing';
import { ManualClock, SequenceIds, interceptStore } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const Q = 'q1';
const operator = { userId: 'op', operator: true };

/** Three buyers, each with a completed payment for one seat; `failing` holds the reservations whose release fails. */
async function setup(config: Partial<BoxofficeConfig> = {}) {
  const clock = new ManualClock();
  const raw = createMemoryStore();
  const failing = new Set<string>();
  const store = interceptStore(raw, <T>(call: PortCall, run: () => Promise<T>): Promise<T> => {
    if (call.port === 'inventory' && call.method === 'refund' && failing.has(call.args[0] as string)) {
      throw new DomainError('store_unavailable', 'injected: the seats cannot be released');
    }
    return run();
  });
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds('rs'), config: { sessionTtl: 3600, paymentRecoveryTimeout: 30, ...config } });
  await bo.catalog.publish([
    { id: 'c', name: 'Concert', schedules: [{ id: 'cs1', concertId: 'c', startsAt: '2027-06-01T19:00:00.000Z', seats: [1, 2, 3].map((n) => ({ number: n, price: 100, grade: null })) }] },
  ]);
  const payments: PaymentPrimitives[] = [];
  for (const [i, userId] of ['u1', 'u2', 'u3'].entries()) {
    const { status } = await bo.queue.enter(Q, userId);
    await bo.queue.tick(Q);
    const session = { queueId: Q, token: status.token, userId };
    const hold = await bo.reservations.hold(session, 'cs1', [i + 1]);
    await bo.wallet.charge(userId, 100);
    payments.push(await bo.payments.pay(session, hold.id));
  }
  return { bo, clock, failing, payments };
}

/** Fences a refund of each payment, oldest first, leaving it pending (its release fails). */
async function fenceAll(s: Awaited<ReturnType<typeof setup>>): Promise<string[]> {
  const ids: string[] = [];
  for (const p of s.payments) {
    s.failing.add(p.reservationId);
    await expect(s.bo.refunds.refund(operator, p.userId, p.id)).rejects.toMatchObject({ code: 'store_unavailable' });
    ids.push((await s.bo.store.refunds.findByPayment(p.userId, p.id))!.id);
    s.clock.advance(1);
  }
  s.clock.advanceSeconds(15);
  return ids;
}

describe('RefundService.recover', () => {
  it('backs off a refund that keeps failing, so more of them than tickBatch cannot starve newer ones', async () => {
    const s = await setup({ tickBatch: 2 });
    const [a, b, c] = await fenceAll(s);
    // a and b (the oldest, a whole batch) keep failing; c's seats can be released.
    s.failing.delete(s.payments[2]!.reservationId);
    const first = await s.bo.refunds.recover();
    expect(first).toEqual({
      completed: [],
      failed: [
        { refundId: a, code: 'store_unavailable', attempts: 1, retryInMs: 1_000 },
        { refundId: b, code: 'store_unavailable', attempts: 1, retryInMs: 1_000 },
      ],
    });
    // The next tick skips the two backing off and reaches c.
    expect(await s.bo.refunds.recover()).toEqual({ completed: [c], failed: [] });
    expect(s.bo.refunds.backingOff).toBe(2);
    // Once due they are tried again, with a doubled wait after another failure.
    s.clock.advance(1_000);
    expect((await s.bo.refunds.recover()).failed.map((f) => [f.refundId, f.attempts, f.retryInMs])).toEqual([
      [a, 2, 2_000],
      [b, 2, 2_000],
    ]);
    s.failing.clear();
    s.clock.advance(2_000);
    expect(await s.bo.refunds.recover()).toEqual({ completed: [a, b], failed: [] });
    expect(s.bo.refunds.backingOff).toBe(0);
    for (const p of s.payments) expect((await s.bo.wallet.balance(p.userId)).balance).toBe(100);
  });

  it('forgets the backoff of a refund finished elsewhere (its payer retried)', async () => {
    const s = await setup({ tickBatch: 1 });
    const [a] = await fenceAll(s);
    expect((await s.bo.refunds.recover()).failed.map((f) => f.refundId)).toEqual([a]);
    s.failing.clear();
    for (const p of s.payments) await s.bo.refunds.refund(operator, p.userId, p.id);
    expect(s.bo.refunds.backingOff).toBe(1);
    expect(await s.bo.refunds.recover()).toEqual({ completed: [], failed: [] });
    expect(s.bo.refunds.backingOff).toBe(0);
  });
});
