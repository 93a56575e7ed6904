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

/** A memory store with one date of eight seats at 10, holds of 60 s and no pay grace. */
async function eightSeats(idPrefix: string) {
  const store = createMemoryStore();
  const bo = createBoxoffice({ store, clock: new ManualClock(), ids: new SequenceIds(idPrefix), config: { holdTtl: 60, payGraceSeconds: 0 } });
  await bo.catalog.publish([
    { id: 'c', name: 'C', schedules: [{ id: 'c1', startsAt: '2027-06-01T19:00:00Z', seats: Array.from({ length: 8 }, (_, i) => ({ number: i + 1, price: 10 })) }] },
  ]);
  return { bo, store };
}

describe('ReservationService.hold with the purchase limit', () => {
  async function full() {
    const { bo, store } = await eightSeats('pl');
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

describe('ReservationService.forfeit (the penalty for probing the limit)', () => {
  async function setup() {
    const { bo, store } = await eightSeats('ff');
    const sessionOf = async (userId: string): Promise<SessionRef> => {
      const { status } = await bo.queue.enter('q', userId);
      await bo.tick(['q']);
      return { queueId: 'q', token: status.token, userId };
    };
    return { bo, store, sessionOf };
  }

  it('cancels the user\'s held holds, gives their allowance back, and leaves other users\' holds alone', async () => {
    const { bo, store, sessionOf } = await setup();
    const u = await sessionOf('u');
    const v = await sessionOf('v');
    const a = await bo.reservations.hold(u, 'c1', [1, 2]);
    const b = await bo.reservations.hold(u, 'c1', [3]);
    const other = await bo.reservations.hold(v, 'c1', [4]);
    const result = await bo.reservations.forfeit(u, 'c1');
    expect(result.cancelled.sort()).toEqual([a.id, b.id].sort());
    expect(result.pending).toEqual([]);
    expect((await bo.reservations.get('u', a.id)).state).toBe('cancelled');
    expect((await bo.reservations.get('v', other.id)).state).toBe('held');
    expect(await store.allowances.list('u', 'q')).toEqual([]);
    expect((await store.inventory.takenSeats('c1', 0)).map((s) => s.number)).toEqual([4]);
  });

  it('never undoes a paid hold', async () => {
    const { bo, sessionOf } = await setup();
    const u = await sessionOf('u');
    await bo.wallet.charge('u', 100, 'k1');
    const paid = await bo.reservations.hold(u, 'c1', [1]);
    await bo.payments.pay(u, paid.id);
    const result = await bo.reservations.forfeit(u, 'c1');
    expect(result).toEqual({ cancelled: [], pending: [] });
    expect((await bo.reservations.get('u', paid.id)).state).toBe('confirmed');
  });
});
