import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeConfig, PaymentPrimitives, SessionRef } from '@boxoffice/core';
import { DomainError, createBoxoffice, isDomainError, storeUnavailable } from '@boxoffice/core';
import type { PortCall } from '@boxoffice/core/testing';
import { ManualClock, SequenceIds, interceptStore } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const Q = 'q1';

type Hook = (call: PortCall, run: () => Promise<unknown>) => Promise<unknown>;

async function setup(config: Partial<BoxofficeConfig> = {}) {
  const clock = new ManualClock();
  const raw = createMemoryStore();
  const hooks: { around: Hook | null; calls: PortCall[] } = { around: null, calls: [] };
  const store = interceptStore(raw, <T>(call: PortCall, run: () => Promise<T>): Promise<T> => {
    hooks.calls.push(call);
    return (hooks.around ? hooks.around(call, run) : run()) as Promise<T>;
  });
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds('ps'), config: { holdTtl: 60, sessionTtl: 3600, ...config } });
  await bo.catalog.publish([
    {
      id: 'c',
      name: 'Concert',
      schedules: [
        {
          id: 'cs1',
          concertId: 'c',
          startsAt: '2027-06-01T19:00:00.000Z',
          seats: [1, 2, 3, 4].map((n) => ({ number: n, price: 100 * n, grade: null })),
        },
      ],
    },
  ]);
  const sessions: SessionRef[] = [];
  for (const userId of ['u1', 'u2']) {
    const { status } = await bo.queue.enter(Q, userId);
    sessions.push({ queueId: Q, token: status.token, userId });
  }
  await bo.queue.tick(Q);
  return { bo, clock, raw, hooks, s1: sessions[0]!, s2: sessions[1]! };
}

async function domainError(action: Promise<unknown>): Promise<DomainError> {
  try {
    await action;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but it succeeded');
}

/** A payment left pending for the reservation, as a crashed request would leave it. */
/** A pending payment; `token` names another session of the user (a session keeps one live payment). */
function pendingPayment(id: string, session: SessionRef, reservationId: string, amount: number, at: number, token = session.token): PaymentPrimitives {
  return {
    id,
    userId: session.userId,
    reservationId,
    queueId: session.queueId,
    token,
    amount,
    state: 'pending',
    idempotencyKey: null,
    createdAt: at,
    updatedAt: at,
    failure: null,
  };
}

describe('PaymentService.pay', () => {
  it('a hold lapsed within its pay grace is still paid when nobody took its seats', async () => {
    const { bo, clock, s1 } = await setup({ payGraceSeconds: 5 });
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    clock.advanceSeconds(64);
    expect((await bo.payments.pay(s1, r.id)).state).toBe('completed');
  });

  it('debits the wallet, sells the seats, ends the queue session and completes the payment', async () => {
    const { bo, clock, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1, 2]);
    await bo.wallet.charge('u1', 1000);
    const p = await bo.payments.pay(s1, r.id, 'key-1');
    expect(p).toMatchObject({
      userId: 'u1',
      reservationId: r.id,
      queueId: Q,
      token: s1.token,
      amount: 300,
      state: 'completed',
      idempotencyKey: 'key-1',
      createdAt: clock.now(),
      failure: null,
    });
    // The hold is claimed with the first reads, then the payment is recorded and debited in one step.
    const claim = hooks.calls.findIndex((c) => c.port === 'inventory' && c.method === 'claim');
    const record = hooks.calls.findIndex((c) => c.port === 'payments' && c.method === 'record');
    expect(claim).toBeGreaterThanOrEqual(0);
    expect(record).toBeGreaterThan(claim);
    expect(hooks.calls[record]?.args[0]).toMatchObject({ amount: 300, failure: null });
    expect(await bo.payments.get('u1', p.id)).toEqual(p);
    expect((await bo.reservations.get('u1', r.id)).state).toBe('confirmed');
    const wallet = await bo.wallet.balance('u1');
    expect(wallet.balance).toBe(700);
    expect(wallet.entries[0]).toMatchObject({ type: 'payment', amount: 300, ref: p.id });
    expect((await bo.queue.status(Q, s1.token, 'u1')).state).toBe('completed');
  });

  it('paying again returns the same completed payment and charges once, even after the session ended', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    const p = await bo.payments.pay(s1, r.id);
    expect(await bo.payments.pay(s1, r.id)).toEqual(p);
    expect((await bo.wallet.balance('u1')).balance).toBe(900);
  });

  it('two concurrent pays of one hold settle one payment: the other is payment_in_progress, or sees it', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    const results = await Promise.allSettled([bo.payments.pay(s1, r.id), bo.payments.pay(s1, r.id)]);
    const paid = results.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
    const codes = results.flatMap((x) => (x.status === 'rejected' ? [(x.reason as DomainError).code] : []));
    expect(paid.length).toBeGreaterThanOrEqual(1);
    expect(new Set(paid.map((p) => p.id)).size).toBe(1);
    expect(paid[0]!.state).toBe('completed');
    expect(codes.every((c) => c === 'payment_in_progress')).toBe(true);
    expect((await bo.wallet.balance('u1')).balance).toBe(900);
  });

  it('a short balance is insufficient_balance with the figures, and nothing changes', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [3]);
    await bo.wallet.charge('u1', 250);
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('insufficient_balance');
    expect(e.details).toEqual({ balance: 250, amount: 300, shortBy: 50 });
    expect(e.message).toMatch(/balance/);
    expect((await bo.reservations.get('u1', r.id)).state).toBe('held');
    expect((await bo.wallet.balance('u1')).balance).toBe(250);
    // Exactly enough pays.
    await bo.wallet.charge('u1', 50);
    expect((await bo.payments.pay(s1, r.id)).state).toBe('completed');
    expect((await bo.wallet.balance('u1')).balance).toBe(0);
  });

  it('a hold lapsed past its pay grace is hold_expired', async () => {
    const { bo, clock, s1 } = await setup({ payGraceSeconds: 5 });
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    clock.advanceSeconds(65);
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('hold_expired');
    expect(e.details).toEqual({ reservationId: r.id });
    expect(e.message).toMatch(/expired/);
    expect((await bo.wallet.balance('u1')).balance).toBe(1000);
  });

  it('a cancelled hold is reservation_not_held naming its state', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    await bo.reservations.cancel('u1', r.id);
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('reservation_not_held');
    expect(e.details).toEqual({ reservationId: r.id, state: 'cancelled' });
    expect(e.message).toContain('cancelled');
  });

  it('a hold claimed by another live payment is payment_in_progress, and that claim is kept', async () => {
    const { bo, raw, clock, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    // A live pending payment of another user claims it (the claimant is not the caller's: pay finds no existing one).
    await raw.payments.create(pendingPayment('live1', { ...s1, userId: 'u1' }, 'other.res', 100, clock.now()));
    await raw.inventory.claim(r.id, 'live1', clock.now());
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('payment_in_progress');
    expect(e.details).toEqual({ reservationId: r.id });
    expect(e.message).toMatch(/paid/);
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'paying', paymentId: 'live1' });
    expect((await bo.wallet.balance('u1')).balance).toBe(1000);
  });

  it('a hold claimed by an unknown payment is payment_in_progress too', async () => {
    const { bo, raw, clock, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await raw.inventory.claim(r.id, 'ghost', clock.now());
    expect((await domainError(bo.payments.pay(s1, r.id))).code).toBe('payment_in_progress');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'paying', paymentId: 'ghost' });
  });

  it('a claim left by an aborted payment is released and the hold paid', async () => {
    const { bo, raw, clock, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    await raw.payments.create(pendingPayment('dead1', s1, r.id, 100, clock.now()));
    await raw.inventory.claim(r.id, 'dead1', clock.now());
    await raw.payments.abort('u1', 'dead1', 'crash', clock.now()); // the release never happened
    const p = await bo.payments.pay(s1, r.id);
    expect(p.state).toBe('completed');
    expect(p.id).not.toBe('dead1');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'confirmed', paymentId: p.id });
    expect((await bo.wallet.balance('u1')).balance).toBe(900);
  });

  it('a dead claim that lands between the check and the claim is released and the claim retried', async () => {
    const { bo, raw, clock, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    let injected = false;
    hooks.around = async (call, run) => {
      if (call.port === 'inventory' && call.method === 'claim' && !injected) {
        injected = true;
        // (recorded under another reservation id: the user's live payment for this one already exists)
        await raw.payments.create(pendingPayment('dead2', s1, 'cs1.old', 100, clock.now(), 'an-earlier-session'));
        await raw.inventory.claim(r.id, 'dead2', clock.now());
        await raw.payments.abort('u1', 'dead2', 'crash', clock.now());
      }
      return run();
    };
    const p = await bo.payments.pay(s1, r.id);
    expect(p.state).toBe('completed');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'confirmed', paymentId: p.id });
  });

  it('a live claim that lands between the check and the claim fails the payment and rolls it back', async () => {
    const { bo, raw, clock, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    let injected = false;
    hooks.around = async (call, run) => {
      if (call.port === 'inventory' && call.method === 'claim' && !injected) {
        injected = true;
        await raw.inventory.claim(r.id, 'ghost', clock.now());
      }
      return run();
    };
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('payment_in_progress');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'paying', paymentId: 'ghost' });
    expect(await bo.payments.recover()).toEqual({ completed: [], aborted: [], failed: [] });
    expect((await bo.wallet.balance('u1')).balance).toBe(1000);
  });

  it('a balance drained before the debit records nothing and frees the hold', async () => {
    const { bo, raw, clock, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 100);
    hooks.around = async (call, run) => {
      const out = await run();
      if (call.port === 'inventory' && call.method === 'claim') {
        // Another payment of the user takes the money first.
        await raw.payments.create(pendingPayment('rival', s1, 'cs1.rival', 100, clock.now(), 'another-session'));
        await raw.payments.debit('u1', 'rival', 'e-rival', 0);
      }
      return out;
    };
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('insufficient_balance');
    expect(await raw.payments.findByReservation('u1', r.id)).toBeNull();
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'held', paymentId: null });
  });

  it('when a racing request won the debit, the failed one finishes the payment instead of rolling back', async () => {
    const { bo, raw, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'debit') {
        await run(); // the debit lands ...
        throw new DomainError('insufficient_balance', 'a stale answer');
      }
      return run();
    };
    const p = await bo.payments.pay(s1, r.id);
    expect(p.state).toBe('completed');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'confirmed', paymentId: p.id });
    expect((await bo.wallet.balance('u1')).balance).toBe(900);
  });

  it('a payment aborted by recovery before its claim landed releases that claim and reports payment_aborted', async () => {
    const { bo, raw, clock, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    hooks.around = async (call, run) => {
      const out = await run();
      if (call.port === 'inventory' && call.method === 'claim') {
        const paymentId = call.args[1] as string;
        await raw.payments.abort('u1', paymentId, 'recovered', clock.now());
      }
      return out;
    };
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('payment_aborted');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'held', paymentId: null });
    expect((await bo.wallet.balance('u1')).balance).toBe(1000);
  });

  it('a store that cannot mark the payment complete is store_unavailable; recovery finishes it later', async () => {
    const { bo, clock, hooks, s1 } = await setup({ paymentRecoveryTimeout: 30 });
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'complete') return null;
      return run();
    };
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('store_unavailable');
    expect(e.message).toMatch(/retried/);
    expect((await bo.wallet.balance('u1')).balance).toBe(900);
    hooks.around = null;
    const [stuck] = (await bo.store.payments.listUnsettled(clock.now(), 10)).map((p) => p.id);
    expect((await bo.payments.get('u1', stuck!)).state).toBe('debited');
    clock.advanceSeconds(15);
    expect(await bo.payments.recover()).toEqual({ completed: [stuck], aborted: [], failed: [] });
    expect((await bo.payments.get('u1', stuck!)).state).toBe('completed');
  });

  it('a store that answers complete without completing is store_unavailable too', async () => {
    const { bo, raw, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'complete') return raw.payments.get('u1', call.args[1] as string);
      return run();
    };
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('store_unavailable');
  });

  it('a retry that overtakes the first request settles the payment once; both see it completed', async () => {
    const { bo, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    let retry: Promise<PaymentPrimitives> | null = null;
    hooks.around = async (call, run) => {
      if (call.port === 'inventory' && call.method === 'confirm' && !retry) {
        retry = bo.payments.pay(s1, r.id);
        await retry;
      }
      return run();
    };
    const first = await bo.payments.pay(s1, r.id);
    const second = await retry!;
    expect(first).toEqual(second);
    expect(first.state).toBe('completed');
    expect((await bo.wallet.balance('u1')).balance).toBe(900);
  });

  it('a retry while the first request records its payment is payment_in_progress; the first completes', async () => {
    const { bo, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    let retry: Promise<unknown> | null = null;
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'record' && !retry) {
        retry = domainError(bo.payments.pay(s1, r.id));
        await retry;
      }
      return run();
    };
    const first = await bo.payments.pay(s1, r.id);
    expect(((await retry!) as DomainError).code).toBe('payment_in_progress');
    expect(first.state).toBe('completed');
    expect((await bo.wallet.balance('u1')).balance).toBe(900);
  });

  it('a record whose outcome is lost is fenced (an abort that finds nothing leaves a tombstone) and its claim freed', async () => {
    const { bo, raw, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'record') throw storeUnavailable(new Error('lost'));
      return run();
    };
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('store_unavailable');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'held', paymentId: null });
    expect((await bo.wallet.balance('u1')).balance).toBe(1000);
    const id = hooks.calls.find((c) => c.port === 'payments' && c.method === 'abort')!.args[1] as string;
    expect(await raw.payments.get('u1', id)).toMatchObject({ state: 'aborted' });
  });

  it('a claim that landed but answered store_unavailable, beside a tracking that was lost, is released by the payer', async () => {
    // A failover seen through two connections: the tracking's write failed on the old master while the claim
    // landed on the new one and its WAIT timed out. Nothing lists that claim for the sweep but its expiry, so
    // the payer must undo it before answering: the hold is payable again at once.
    const { bo, raw, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'track') throw storeUnavailable(new Error('old master gone'));
      if (call.port === 'inventory' && call.method === 'claim') {
        await run();
        throw storeUnavailable(new Error('WAIT: 0 of 1 replicas acknowledged'));
      }
      return run();
    };
    expect((await domainError(bo.payments.pay(s1, r.id))).code).toBe('store_unavailable');
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'held', paymentId: null });
    hooks.around = null;
    expect((await bo.payments.pay(s1, r.id)).state).toBe('completed');
  });

  it('a payment the store returns as aborted is reported as payment_aborted with its failure', async () => {
    const { bo, raw, clock, hooks, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await raw.payments.create(pendingPayment('old1', s1, r.id, 100, clock.now()));
    const aborted = await raw.payments.abort('u1', 'old1', 'insufficient_balance', clock.now());
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'findByReservation') return aborted;
      return run();
    };
    const e = await domainError(bo.payments.pay(s1, r.id));
    expect(e.code).toBe('payment_aborted');
    expect(e.details).toEqual({ paymentId: 'old1', failure: 'insufficient_balance' });
    expect(e.message).toMatch(/rolled back/);
  });

  it('needs an active session for a new payment', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    await bo.queue.leave(Q, s1.token, 'u1');
    expect((await domainError(bo.payments.pay(s1, r.id))).code).toBe('token_expired');
    expect((await bo.reservations.get('u1', r.id)).state).toBe('held');
  });

  it('another user\'s reservation is reservation_not_found', async () => {
    const { bo, s1, s2 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u2', 1000);
    expect((await domainError(bo.payments.pay(s2, r.id))).code).toBe('reservation_not_found');
  });
});

describe('PaymentService.get', () => {
  it('an unknown or another user\'s payment is payment_not_found naming it', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    const p = await bo.payments.pay(s1, r.id);
    for (const [userId, id] of [
      ['u2', p.id],
      ['u1', 'nope'],
    ] as const) {
      const e = await domainError(bo.payments.get(userId, id));
      expect(e.code).toBe('payment_not_found');
      expect(e.details).toEqual({ paymentId: id });
      expect(e.message).toMatch(/payment/i);
    }
  });
});

describe('PaymentService.recover', () => {
  it('aborts a stale pending payment with failure "recovered" and frees its claim', async () => {
    const { bo, raw, clock, s1 } = await setup({ paymentRecoveryTimeout: 30 });
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await raw.payments.create(pendingPayment('pend1', s1, r.id, 100, clock.now()));
    await raw.inventory.claim(r.id, 'pend1', clock.now());
    clock.advance(14_999);
    expect(await bo.payments.recover()).toEqual({ completed: [], aborted: [], failed: [] });
    clock.advance(1); // half the recovery timeout
    expect(await bo.payments.recover()).toEqual({ completed: [], aborted: ['pend1'], failed: [] });
    expect(await bo.payments.get('u1', 'pend1')).toMatchObject({ state: 'aborted', failure: 'recovered' });
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'held', paymentId: null });
    expect(await bo.payments.recover()).toEqual({ completed: [], aborted: [], failed: [] });
  });

  it('finishes a stale debited payment', async () => {
    const { bo, raw, clock, s1 } = await setup({ paymentRecoveryTimeout: 30 });
    const r = await bo.reservations.hold(s1, 'cs1', [2]);
    await bo.wallet.charge('u1', 1000);
    await raw.payments.create(pendingPayment('deb1', s1, r.id, 200, clock.now()));
    await raw.inventory.claim(r.id, 'deb1', clock.now());
    await raw.payments.debit('u1', 'deb1', 'e1', clock.now());
    clock.advanceSeconds(15);
    expect(await bo.payments.recover()).toEqual({ completed: ['deb1'], aborted: [], failed: [] });
    expect(await bo.payments.get('u1', 'deb1')).toMatchObject({ state: 'completed' });
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'confirmed', paymentId: 'deb1' });
    expect((await bo.queue.status(Q, s1.token, 'u1')).state).toBe('completed');
    expect((await bo.wallet.balance('u1')).balance).toBe(800);
  });

  it('when the debit wins against the sweep, the pending payment it listed is finished', async () => {
    const { bo, raw, clock, hooks, s1 } = await setup({ paymentRecoveryTimeout: 30 });
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 1000);
    await raw.payments.create(pendingPayment('race1', s1, r.id, 100, clock.now()));
    await raw.inventory.claim(r.id, 'race1', clock.now());
    clock.advanceSeconds(15);
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'abort') await raw.payments.debit('u1', 'race1', 'e1', clock.now());
      return run();
    };
    expect(await bo.payments.recover()).toEqual({ completed: ['race1'], aborted: [], failed: [] });
    expect(await raw.inventory.get(r.id)).toMatchObject({ state: 'confirmed', paymentId: 'race1' });
  });

  it('counts a listed payment whose abort finds nothing (a tombstone now fences it) as aborted', async () => {
    const { bo, raw, clock, hooks, s1 } = await setup({ paymentRecoveryTimeout: 30 });
    await raw.payments.create(pendingPayment('gone1', s1, 'cs1.gone', 100, clock.now()));
    clock.advanceSeconds(15);
    hooks.around = async (call, run) => {
      if (call.port === 'payments' && call.method === 'abort') return null;
      return run();
    };
    expect(await bo.payments.recover()).toEqual({ completed: [], aborted: ['gone1'], failed: [] });
  });

  it('forgets the backoff of a payment that settled elsewhere, so the map does not keep settled payments', async () => {
    const { bo, raw, hooks, clock, s1 } = await setup({ paymentRecoveryTimeout: 30 });
    const r = await bo.reservations.hold(s1, 'cs1', [2]);
    await bo.wallet.charge('u1', 1000);
    await raw.payments.create(pendingPayment('deb2', s1, r.id, 200, clock.now()));
    await raw.inventory.claim(r.id, 'deb2', clock.now());
    await raw.payments.debit('u1', 'deb2', 'e2', clock.now());
    clock.advanceSeconds(15);
    hooks.around = async (call, run) => {
      if (call.port === 'inventory' && call.method === 'confirm') throw new Error('confirm down');
      return run();
    };
    expect((await bo.payments.recover()).failed.map((f) => f.paymentId)).toEqual(['deb2']);
    expect(bo.payments.backingOff).toBe(1);
    // The payer's retry (or another host) finishes it while this sweep backs off.
    hooks.around = null;
    const other = createBoxoffice({ store: raw, clock, ids: new SequenceIds('other'), config: { paymentRecoveryTimeout: 30 } });
    expect((await other.payments.recover()).completed).toEqual(['deb2']);
    await bo.payments.recover();
    expect(bo.payments.backingOff).toBe(0);
  });

  it('settles at most tickBatch payments per run, oldest first', async () => {
    const { bo, raw, clock, s1 } = await setup({ paymentRecoveryTimeout: 30, tickBatch: 1 });
    await raw.payments.create(pendingPayment('a1', s1, 'cs1.a', 100, clock.now()));
    clock.advance(1);
    await raw.payments.create(pendingPayment('a2', s1, 'cs1.b', 100, clock.now(), 'another-session'));
    clock.advanceSeconds(15);
    expect(await bo.payments.recover()).toEqual({ completed: [], aborted: ['a1'], failed: [] });
    expect(await bo.payments.recover()).toEqual({ completed: [], aborted: ['a2'], failed: [] });
  });
});
