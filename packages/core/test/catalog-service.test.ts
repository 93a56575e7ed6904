import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeStore, DomainError, SessionRef } from '@boxoffice/core';
import { createBoxoffice, isDomainError } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const Q = 'q1';

function concert(id = 'c1', seats = 5) {
  return {
    id,
    name: `Concert ${id}`,
    venue: 'Hall',
    schedules: [1, 2].map((d) => ({
      id: `${id}s${d}`,
      concertId: id,
      startsAt: new Date(Date.UTC(2027, 5, d, 19)).toISOString(),
      seats: Array.from({ length: seats }, (_, j) => ({ number: j + 1, price: 100 * (j + 1), grade: j === 0 ? 'VIP' : null })),
    })),
  };
}

async function setup() {
  const clock = new ManualClock();
  const base = createMemoryStore();
  const calls = { getSchedule: 0 };
  const catalog = {
    ...base.catalog,
    saveConcert: base.catalog.saveConcert.bind(base.catalog),
    listConcerts: base.catalog.listConcerts.bind(base.catalog),
    listSchedules: base.catalog.listSchedules.bind(base.catalog),
    listScheduleIds: base.catalog.listScheduleIds.bind(base.catalog),
    getSchedule: (id: string) => {
      calls.getSchedule++;
      return base.catalog.getSchedule(id);
    },
  };
  const store: BoxofficeStore = { ...base, catalog };
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds('cs'), config: { holdTtl: 60 } });
  const { status } = await bo.queue.enter(Q, 'u1');
  await bo.queue.tick(Q);
  const session: SessionRef = { queueId: Q, token: status.token, userId: 'u1' };
  return { bo, clock, calls, session, base };
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

describe('CatalogService.publish and isEmpty', () => {
  it('is empty until a concert is published', async () => {
    const { bo } = await setup();
    expect(await bo.catalog.isEmpty()).toBe(true);
    const stored = await bo.catalog.publish([concert()]);
    expect(stored.map((c) => c.id)).toEqual(['c1']);
    expect(await bo.catalog.isEmpty()).toBe(false);
  });

  it('a bad concert fails with the index of the concert in its path, and nothing is stored', async () => {
    const { bo } = await setup();
    const e = await domainError(bo.catalog.publish([concert('ok'), { ...concert('bad'), name: '' }]));
    expect(e.code).toBe('validation_failed');
    expect(e.details).toEqual({ path: 'concerts[1].name' });
    expect(e.message).toContain('concerts[1].name');
    expect(await bo.catalog.isEmpty()).toBe(true);
  });
});

describe('CatalogService listing', () => {
  it('lists concerts, schedules with seat counts, and seats with availability', async () => {
    const { bo, session } = await setup();
    await bo.catalog.publish([concert()]);
    expect(await bo.catalog.listConcerts(session)).toEqual([{ id: 'c1', name: 'Concert c1', venue: 'Hall' }]);
    await bo.reservations.hold(session, 'c1s1', [2, 4]);
    expect(await bo.catalog.listSchedules(session, 'c1')).toEqual([
      { id: 'c1s1', concertId: 'c1', startsAt: '2027-06-01T19:00:00.000Z', totalSeats: 5, availableSeats: 3 },
      { id: 'c1s2', concertId: 'c1', startsAt: '2027-06-02T19:00:00.000Z', totalSeats: 5, availableSeats: 5 },
    ]);
    const seats = await bo.catalog.listSeats(session, 'c1s1');
    expect(seats).toEqual([
      { number: 1, price: 100, grade: 'VIP', available: true },
      { number: 2, price: 200, grade: null, available: false },
      { number: 3, price: 300, grade: null, available: true },
      { number: 4, price: 400, grade: null, available: false },
      { number: 5, price: 500, grade: null, available: true },
    ]);
  });

  it('an expired hold frees its seats in the listing, before any sweep', async () => {
    const { bo, clock, session } = await setup();
    await bo.catalog.publish([concert()]);
    await bo.reservations.hold(session, 'c1s1', [1]);
    clock.advanceSeconds(60);
    expect((await bo.catalog.listSeats(session, 'c1s1'))[0]!.available).toBe(true);
    expect((await bo.catalog.listSchedules(session, 'c1'))[0]!.availableSeats).toBe(5);
  });

  it('an unknown concert is concert_not_found naming it', async () => {
    const { bo, session } = await setup();
    await bo.catalog.publish([concert()]);
    const e = await domainError(bo.catalog.listSchedules(session, 'nope'));
    expect(e.code).toBe('concert_not_found');
    expect(e.details).toEqual({ concertId: 'nope' });
    expect(e.message).toMatch(/concert/i);
  });

  it('an unknown schedule is schedule_not_found naming it', async () => {
    const { bo, session } = await setup();
    await bo.catalog.publish([concert()]);
    for (const action of [bo.catalog.listSeats(session, 'nope'), bo.catalog.schedule('nope')]) {
      const e = await domainError(action);
      expect(e.code).toBe('schedule_not_found');
      expect(e.details).toEqual({ scheduleId: 'nope' });
      expect(e.message).toMatch(/schedule/i);
    }
  });

  it('every listing needs an active session', async () => {
    const { bo, session } = await setup();
    await bo.catalog.publish([concert()]);
    const foreign = { ...session, userId: 'other' };
    expect((await domainError(bo.catalog.listConcerts(foreign))).code).toBe('token_not_found');
    expect((await domainError(bo.catalog.listSchedules(foreign, 'c1'))).code).toBe('token_not_found');
    expect((await domainError(bo.catalog.listSeats(foreign, 'c1s1'))).code).toBe('token_not_found');
    await bo.queue.leave(Q, session.token, session.userId);
    expect((await domainError(bo.catalog.listConcerts(session))).code).toBe('token_expired');
  });

  it('lists schedule ids', async () => {
    const { bo } = await setup();
    await bo.catalog.publish([concert()]);
    expect((await bo.catalog.listScheduleIds()).sort()).toEqual(['c1s1', 'c1s2']);
  });
});

describe('CatalogService schedule cache', () => {
  it('reads a schedule from the store once, then from the cache', async () => {
    const { bo, calls } = await setup();
    await bo.catalog.publish([concert()]);
    const first = await bo.catalog.schedule('c1s1');
    const second = await bo.catalog.schedule('c1s1');
    expect(second).toBe(first);
    expect(calls.getSchedule).toBe(1);
  });

  it('listing schedules fills the cache', async () => {
    const { bo, calls, session } = await setup();
    await bo.catalog.publish([concert()]);
    await bo.catalog.listSchedules(session, 'c1');
    expect((await bo.catalog.schedule('c1s2')).id).toBe('c1s2');
    expect(calls.getSchedule).toBe(0);
  });

  it('publishing again clears the cache', async () => {
    const { bo, calls } = await setup();
    await bo.catalog.publish([concert('c1', 5)]);
    expect((await bo.catalog.schedule('c1s1')).seats).toHaveLength(5);
    await bo.catalog.publish([concert('c1', 3)]);
    expect((await bo.catalog.schedule('c1s1')).seats).toHaveLength(3);
    expect(calls.getSchedule).toBe(2);
  });
});
