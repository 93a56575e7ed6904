import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { ReservationPrimitives, SessionRef } from '@boxoffice/core';
import { createBoxoffice, isDeadEntry } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const entry = { reservationId: 's.r', seats: 2, expiresAt: 10_000 };
const hold = (state: ReservationPrimitives['state']): ReservationPrimitives => ({
  id: 's.r',
  userId: 'u',
  scheduleId: 's',
  seats: [1, 2],
  amount: 2,
  state,
  createdAt: 0,
  expiresAt: 10_000,
  paymentId: state === 'held' ? null : 'p',
});

describe('isDeadEntry (which allowance entries the purchase limit gives back)', () => {
  it('gives back cancelled and expired holds at once', () => {
    expect(isDeadEntry(entry, hold('cancelled'), 0, 5_000)).toBe(true);
    expect(isDeadEntry(entry, hold('expired'), 0, 5_000)).toBe(true);
  });

  it('keeps a held hold, and one that never landed (maybe in flight), until its expiry plus the pay grace', () => {
    for (const r of [hold('held'), null]) {
      expect(isDeadEntry(entry, r, 10_000, 5_000)).toBe(false);
      expect(isDeadEntry(entry, r, 14_999, 5_000)).toBe(false);
      expect(isDeadEntry(entry, r, 15_000, 5_000)).toBe(true);
    }
  });

  it('never gives back a hold being paid for or sold', () => {
    expect(isDeadEntry(entry, hold('paying'), 1e12, 0)).toBe(false);
    expect(isDeadEntry(entry, hold('confirmed'), 1e12, 0)).toBe(false);
  });
});

describe('ReservationService.hold with the purchase limit', () => {
  async function full() {
    const clock = new ManualClock();
    const store = createMemoryStore();
    const bo = createBoxoffice({ store, clock, ids: new SequenceIds('pl'), config: { holdTtl: 60, payGraceSeconds: 0 } });
    await bo.catalog.publish([
      { id: 'c', name: 'C', schedules: [{ id: 'c1', startsAt: '2027-06-01T19:00:00Z', seats: Array.from({ length: 8 }, (_, i) => ({ number: i + 1, price: 10 })) }] },
    ]);
    const { status } = await bo.queue.enter('q', 'u');
    await bo.tick(['q']);
    const session: SessionRef = { queueId: 'q', token: status.token, userId: 'u' };
    await bo.reservations.hold(session, 'c1', [1, 2, 3, 4]);
    return { bo, store, session };
  }

  it('refuses a fifth seat with purchase_limit and stores nothing', async () => {
    const { bo, store, session } = await full();
    const before = { taken: await store.inventory.takenSeats('c1', 0), allowance: await store.allowances.list('u', 'q') };
    await expect(bo.reservations.hold(session, 'c1', [5])).rejects.toMatchObject({ code: 'purchase_limit', details: { limit: 4, used: 4, requested: 1 } });
    expect({ taken: await store.inventory.takenSeats('c1', 0), allowance: await store.allowances.list('u', 'q') }).toEqual(before);
  });

  it('reports a refused token before the limit, and gives back what the token check made it reserve', async () => {
    const { bo, store, session } = await full();
    await expect(bo.reservations.hold({ ...session, token: 'q.nosuchtoken' }, 'c1', [5])).rejects.toMatchObject({ code: 'token_not_found' });
    const other = await bo.queue.enter('q', 'v');
    await expect(bo.reservations.hold({ queueId: 'q', token: other.status.token, userId: 'v' }, 'c1', [5])).rejects.toMatchObject({ code: 'token_not_active' });
    expect(await store.allowances.list('v', 'q')).toEqual([]);
  });
});
