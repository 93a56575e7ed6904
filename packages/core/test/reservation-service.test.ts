import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeConfig, DomainError, SessionRef } from '@boxoffice/core';
import { createBoxoffice, isDomainError } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const Q = 'q1';

function concert(id: string, schedules: number, seats: number) {
  return {
    id,
    name: `Concert ${id}`,
    schedules: Array.from({ length: schedules }, (_, d) => ({
      id: `${id}s${d + 1}`,
      concertId: id,
      startsAt: new Date(Date.UTC(2027, 5, d + 1, 19)).toISOString(),
      seats: Array.from({ length: seats }, (_, j) => ({ number: j + 1, price: 100 * (j + 1), grade: null })),
    })),
  };
}

async function setup(config: Partial<BoxofficeConfig> = {}) {
  const clock = new ManualClock();
  const store = createMemoryStore();
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds('rs'), config: { holdTtl: 60, sessionTtl: 3600, payGraceSeconds: 0, ...config } });
  await bo.catalog.publish([concert('c', 2, 6)]);
  const sessions: SessionRef[] = [];
  for (const userId of ['u1', 'u2']) {
    const { status } = await bo.queue.enter(Q, userId);
    sessions.push({ queueId: Q, token: status.token, userId });
  }
  await bo.queue.tick(Q);
  return { bo, clock, store, s1: sessions[0]!, s2: sessions[1]! };
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

async function freeSeats(bo: Awaited<ReturnType<typeof setup>>['bo'], session: SessionRef, scheduleId: string) {
  return (await bo.catalog.listSeats(session, scheduleId)).filter((s) => s.available).map((s) => s.number);
}

describe('ReservationService.hold', () => {
  it('holds sorted seats for holdTtl, priced from the schedule, under an id in the schedule', async () => {
    const { bo, clock, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [3, 1]);
    expect(r).toEqual({
      id: r.id,
      userId: 'u1',
      scheduleId: 'cs1',
      seats: [1, 3],
      amount: 400,
      state: 'held',
      createdAt: clock.now(),
      expiresAt: clock.now() + 60_000,
      paymentId: null,
    });
    expect(r.id.startsWith('cs1.')).toBe(true);
    expect(await bo.reservations.get('u1', r.id)).toEqual(r);
    expect(await freeSeats(bo, s1, 'cs1')).toEqual([2, 4, 5, 6]);
  });

  it('holds up to maxSeatsPerReservation seats', async () => {
    const { bo, s1 } = await setup({ maxSeatsPerReservation: 2 });
    expect((await bo.reservations.hold(s1, 'cs1', [5, 6])).seats).toEqual([5, 6]);
    const e = await domainError(bo.reservations.hold(s1, 'cs1', [1, 2, 3]));
    expect(e.code).toBe('validation_failed');
    expect(e.details).toEqual({ max: 2 });
  });

  it.each([
    ['no seats', []],
    ['not an array', 3],
    ['too many', [1, 2, 3, 4, 5]],
    ['a zero seat', [0]],
    ['a fraction', [1.5]],
    ['a string', ['1']],
    ['a duplicate', [2, 2]],
  ])('rejects %s with validation_failed and holds nothing', async (_name, seats) => {
    const { bo, s1 } = await setup();
    expect((await domainError(bo.reservations.hold(s1, 'cs1', seats))).code).toBe('validation_failed');
    expect(await freeSeats(bo, s1, 'cs1')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('seats not in the schedule are validation_failed naming them, and nothing is held', async () => {
    const { bo, s1 } = await setup();
    const e = await domainError(bo.reservations.hold(s1, 'cs1', [9, 1, 7]));
    expect(e.code).toBe('validation_failed');
    expect(e.details).toEqual({ seats: [7, 9] });
    expect(e.message).toContain('7, 9');
    expect(await freeSeats(bo, s1, 'cs1')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('is all or nothing: a taken seat fails the whole hold with seat_unavailable', async () => {
    const { bo, s1, s2 } = await setup();
    await bo.reservations.hold(s1, 'cs1', [2]);
    const e = await domainError(bo.reservations.hold(s2, 'cs1', [1, 2, 3]));
    expect(e.code).toBe('seat_unavailable');
    expect(e.details).toEqual({ seats: [2] });
    expect(await freeSeats(bo, s2, 'cs1')).toEqual([1, 3, 4, 5, 6]);
  });

  it('an unknown schedule is schedule_not_found', async () => {
    const { bo, s1 } = await setup();
    expect((await domainError(bo.reservations.hold(s1, 'nope', [1]))).code).toBe('schedule_not_found');
  });

  it('needs an active session', async () => {
    const { bo, s1 } = await setup();
    expect((await domainError(bo.reservations.hold({ ...s1, userId: 'u2' }, 'cs1', [1]))).code).toBe('token_not_found');
    await bo.queue.leave(Q, s1.token, 'u1');
    expect((await domainError(bo.reservations.hold(s1, 'cs1', [1]))).code).toBe('token_expired');
  });
});

describe('ReservationService.get', () => {
  it('another user\'s, unknown and malformed ids all read as reservation_not_found', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    for (const [userId, id] of [
      ['u2', r.id],
      ['u1', 'cs1.nope'],
      ['u1', 'malformed'],
      ['u1', '.x'],
      ['u1', 'cs1.'],
    ] as const) {
      const e = await domainError(bo.reservations.get(userId, id));
      expect(e.code).toBe('reservation_not_found');
      expect(e.details).toEqual({ reservationId: id });
      expect(e.message).toMatch(/reservation/i);
    }
  });

  it('a lapsed hold reads as expired before any sweep', async () => {
    const { bo, clock, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    clock.advance(59_999);
    expect((await bo.reservations.get('u1', r.id)).state).toBe('held');
    clock.advance(1);
    expect((await bo.reservations.get('u1', r.id)).state).toBe('expired');
  });
});

describe('ReservationService.cancel', () => {
  it('releases a held reservation', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1, 2]);
    expect(await bo.reservations.cancel('u1', r.id)).toMatchObject({ id: r.id, state: 'cancelled' });
    expect(await freeSeats(bo, s1, 'cs1')).toEqual([1, 2, 3, 4, 5, 6]);
    // Cancelling again changes nothing.
    expect(await bo.reservations.cancel('u1', r.id)).toMatchObject({ state: 'cancelled' });
  });

  it('cancelling a lapsed hold changes nothing: it stays expired', async () => {
    const { bo, clock, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    clock.advanceSeconds(60);
    expect((await bo.reservations.cancel('u1', r.id)).state).toBe('expired');
    expect((await bo.reservations.get('u1', r.id)).state).toBe('expired');
    expect(await bo.reservations.sweep()).toEqual([r.id]);
    expect((await bo.reservations.get('u1', r.id)).state).toBe('expired');
  });

  it('a hold being paid for cannot be cancelled (payment_in_progress)', async () => {
    const { bo, store, clock, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await store.inventory.claim(r.id, 'pay1', clock.now());
    const e = await domainError(bo.reservations.cancel('u1', r.id));
    expect(e.code).toBe('payment_in_progress');
    expect(e.details).toEqual({ reservationId: r.id });
    expect(e.message).toMatch(/paid/);
    expect((await bo.reservations.get('u1', r.id)).state).toBe('paying');
  });

  it('a paid reservation cannot be cancelled (reservation_not_held)', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.wallet.charge('u1', 100);
    await bo.payments.pay(s1, r.id);
    const e = await domainError(bo.reservations.cancel('u1', r.id));
    expect(e.code).toBe('reservation_not_held');
    expect(e.details).toEqual({ reservationId: r.id });
    expect(e.message).toMatch(/paid/);
    expect((await bo.reservations.get('u1', r.id)).state).toBe('confirmed');
  });

  it('another user cannot cancel it', async () => {
    const { bo, s1 } = await setup();
    const r = await bo.reservations.hold(s1, 'cs1', [1]);
    expect((await domainError(bo.reservations.cancel('u2', r.id))).code).toBe('reservation_not_found');
    expect((await bo.reservations.get('u1', r.id)).state).toBe('held');
  });
});

describe('ReservationService.sweep', () => {
  it('expires lapsed holds in every schedule and leaves live ones', async () => {
    const { bo, clock, s1, s2 } = await setup();
    const a = await bo.reservations.hold(s1, 'cs1', [1]);
    const b = await bo.reservations.hold(s2, 'cs2', [1]);
    clock.advanceSeconds(30);
    const c = await bo.reservations.hold(s1, 'cs1', [2]);
    expect(await bo.reservations.sweep()).toEqual([]);
    clock.advanceSeconds(30);
    expect((await bo.reservations.sweep()).sort()).toEqual([a.id, b.id].sort());
    expect((await bo.reservations.get('u1', c.id)).state).toBe('held');
    expect(await bo.reservations.sweep()).toEqual([]);
  });

  it('expires at most tickBatch holds per schedule', async () => {
    const { bo, clock, s1, s2 } = await setup({ tickBatch: 1 });
    await bo.queue.tick(Q); // one admission per tick: admit u2 as well
    await bo.reservations.hold(s1, 'cs1', [1]);
    await bo.reservations.hold(s2, 'cs1', [2]);
    await bo.reservations.hold(s1, 'cs2', [1]);
    clock.advanceSeconds(60);
    expect(await bo.reservations.sweep()).toHaveLength(2);
    expect(await bo.reservations.sweep()).toHaveLength(1);
  });
});
