import { createMemoryStore } from '@boxoffice/adapter-memory';
import { Boxoffice, DEFAULT_CONFIG, DEFAULT_QUEUE, createBoxoffice, isDomainError } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

function setup(config = {}) {
  const clock = new ManualClock();
  const store = createMemoryStore();
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds('bx'), config });
  return { bo, clock, store };
}

const concert = {
  id: 'c',
  name: 'Concert',
  schedules: [{ id: 'cs1', concertId: 'c', startsAt: '2027-06-01T19:00:00.000Z', seats: [{ number: 1, price: 100, grade: null }] }],
};

describe('createBoxoffice', () => {
  it('wires the services to the given store with the merged config', () => {
    const { bo, store } = setup({ holdTtl: 5 });
    expect(bo).toBeInstanceOf(Boxoffice);
    expect(bo.store).toBe(store);
    expect(bo.config).toEqual({ ...DEFAULT_CONFIG, holdTtl: 5 });
  });

  it('rejects a bad config', () => {
    let caught: unknown;
    try {
      setup({ maxActive: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, 'validation_failed')).toBe(true);
  });
});

describe('Boxoffice.tick', () => {
  it('ticks the default queue when no queue is named', async () => {
    const { bo } = setup();
    const { status } = await bo.queue.enter(DEFAULT_QUEUE, 'u1');
    const report = await bo.tick();
    expect(report).toEqual({
      queues: { [DEFAULT_QUEUE]: { expiredSessions: [], expiredIdle: [], admitted: [status.token], ended: [] } },
      expiredHolds: [],
      recoveredPayments: { completed: [], aborted: [], failed: [] },
      recoveredRefunds: { completed: [], failed: [] },
      // The implicit sale has no waiting list.
      waitlists: { [DEFAULT_QUEUE]: { active: false, offered: [], settled: [] } },
    });
    expect(Object.keys(report.queues)).toEqual(['default']);
  });

  it('ticks every named queue, then sweeps holds, then recovers payments', async () => {
    const { bo, clock, store } = setup({ holdTtl: 10, paymentRecoveryTimeout: 20, payGraceSeconds: 0 });
    await bo.catalog.publish([concert]);
    const a = await bo.queue.enter('qa', 'u1');
    const b = await bo.queue.enter('qb', 'u2');
    const first = await bo.tick(['qa', 'qb']);
    expect(first.queues).toEqual({
      qa: { expiredSessions: [], expiredIdle: [], admitted: [a.status.token], ended: [] },
      qb: { expiredSessions: [], expiredIdle: [], admitted: [b.status.token], ended: [] },
    });
    const session = { queueId: 'qa', token: a.status.token, userId: 'u1' };
    const r = await bo.reservations.hold(session, 'cs1', [1]);
    await store.payments.create({
      id: 'p1',
      userId: 'u1',
      reservationId: 'cs1.other',
      queueId: 'qa',
      token: a.status.token,
      amount: 100,
      state: 'pending',
      idempotencyKey: null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      failure: null,
    });
    clock.advanceSeconds(10);
    const second = await bo.tick(['qa']);
    expect(second).toEqual({
      queues: { qa: { expiredSessions: [], expiredIdle: [], admitted: [], ended: [] } },
      expiredHolds: [r.id],
      recoveredPayments: { completed: [], aborted: ['p1'], failed: [] },
      recoveredRefunds: { completed: [], failed: [] },
      waitlists: { qa: { active: false, offered: [], settled: [] } },
    });
  });

  it('an empty list of queues ticks no queue but still sweeps', async () => {
    const { bo } = setup();
    await bo.queue.enter(DEFAULT_QUEUE, 'u1');
    expect(await bo.tick([])).toEqual({ queues: {}, expiredHolds: [], recoveredPayments: { completed: [], aborted: [], failed: [] }, recoveredRefunds: { completed: [], failed: [] }, waitlists: {} });
    expect(await bo.queue.counts(DEFAULT_QUEUE)).toMatchObject({ waiting: 1, active: 0 });
  });
});
