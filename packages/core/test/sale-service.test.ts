import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeStore } from '@boxoffice/core';
import { createBoxoffice, DEFAULT_SALE, estimateWaitSeconds, expectedRate, isDomainError, measureTurnover, rampedCap, saleOfToken, saleToken } from '@boxoffice/core';
import { interceptStore, ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const concert = (id: string, seats = 2) => ({
  id,
  name: id,
  schedules: [{ id: `${id}-1`, startsAt: '2027-06-01T19:00:00Z', seats: Array.from({ length: seats }, (_, i) => ({ number: i + 1, price: 10 })) }],
});

function setup(store: BoxofficeStore = createMemoryStore()) {
  const clock = new ManualClock();
  const host = () => createBoxoffice({ store, clock, ids: new SequenceIds(`s${Math.random().toString(36).slice(2, 6)}`), config: { maxActive: 1 } });
  return { clock, store, host, bo: host() };
}

async function code(action: Promise<unknown>): Promise<string | null> {
  try {
    await action;
    return null;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('sales', () => {
  it('with no sale stored any queue id is an open waiting room over every schedule; once one is stored, unknown ids are sale_not_found', async () => {
    const { bo } = setup();
    await bo.catalog.publish([concert('a'), concert('b')]);
    const { status } = await bo.queue.enter('anything', 'u1');
    expect(status).toMatchObject({ state: 'waiting', saleId: 'anything', opensAt: null });
    await bo.sales.create({ id: 'only-a', scheduleIds: ['a-1'] });
    expect(await code(bo.queue.enter('anything-else', 'u1'))).toBe('sale_not_found');
    expect(await code(bo.queue.enter('only-a', 'u1'))).toBeNull();
  });

  it('ensureDefault stores the default sale over every schedule, open now, once', async () => {
    const { bo, host, store } = setup();
    await bo.catalog.publish([concert('a'), concert('b')]);
    await Promise.all([bo.sales.ensureDefault(), host().sales.ensureDefault()]);
    const sales = await store.sales.list();
    expect(sales.map((s) => s.id)).toEqual([DEFAULT_SALE]);
    expect(sales[0]!.scheduleIds).toEqual(['a-1', 'b-1']);
    expect((await bo.sales.get(DEFAULT_SALE)).state).toBe('open');
    await bo.sales.ensureDefault();
    expect(await store.sales.list()).toHaveLength(1);
  });

  it('tick() with no argument ticks every stored sale; a sale made on another host is seen after a tick', async () => {
    const { bo, host } = setup();
    await bo.catalog.publish([concert('a'), concert('b')]);
    await bo.sales.create({ id: 'sa', scheduleIds: ['a-1'] });
    const other = host();
    await other.tick();
    await bo.sales.create({ id: 'sb', scheduleIds: ['b-1'] });
    expect(Object.keys((await other.tick()).queues)).toEqual(['sa', 'sb']);
  });

  it('a failed create (a time that is not one, an unknown schedule) writes nothing to the store', async () => {
    const calls: string[] = [];
    const store = interceptStore(createMemoryStore(), (call, run) => {
      if (call.mutating) calls.push(`${call.port}.${call.method}`);
      return run();
    });
    const { bo } = setup(store);
    await bo.catalog.publish([concert('a')]);
    calls.length = 0;
    expect(await code(bo.sales.create({ id: 'x', scheduleIds: ['a-1'], opensAt: '2027-02-30T25:00:00Z' }))).toBe('validation_failed');
    expect(await code(bo.sales.create({ id: 'x', scheduleIds: ['nope'] }))).toBe('validation_failed');
    expect(calls).toEqual([]);
  });

  it('settings fall back to the host, and a hold lasts the sale own holdTtlSeconds', async () => {
    const { bo } = setup();
    await bo.catalog.publish([concert('a')]);
    const sale = await bo.sales.create({ id: 'quick', scheduleIds: ['a-1'], settings: { holdTtlSeconds: 30 } });
    expect(sale.settings).toMatchObject({ holdTtlSeconds: 30, maxActive: 1, admitPerMinute: bo.config.admitPerMinute, maxSeatsPerUser: 4, proofOfWork: 0, refundUntil: null });
    const { status } = await bo.queue.enter('quick', 'u1');
    await bo.tick();
    const hold = await bo.reservations.hold({ queueId: 'quick', token: status.token, userId: 'u1' }, 'a-1', [1]);
    expect(hold.expiresAt - hold.createdAt).toBe(30_000);
  });

  it('a sold-out sale reads sold_out and refuses entry once its queue is sealed', async () => {
    const { bo } = setup();
    await bo.catalog.publish([concert('a', 1)]);
    await bo.sales.create({ id: 'tiny', scheduleIds: ['a-1'] });
    const { status } = await bo.queue.enter('tiny', 'buyer');
    await bo.tick();
    const session = { queueId: 'tiny', token: status.token, userId: 'buyer' };
    const hold = await bo.reservations.hold(session, 'a-1', [1]);
    expect((await bo.sales.get('tiny')).state).toBe('open');
    await bo.wallet.charge('buyer', 10, 'k');
    await bo.payments.pay(session, hold.id, 'p');
    expect((await bo.sales.get('tiny')).state).toBe('sold_out');
    await bo.tick();
    expect(await code(bo.queue.enter('tiny', 'late'))).toBe('sale_sold_out');
  });
});

describe('a closed sale', () => {
  it('refuses entry with sale_closed and its next tick ends the waiting with endReason closed', async () => {
    const { bo, store, clock } = setup();
    await bo.catalog.publish([concert('a')]);
    await bo.sales.create({ id: 'show', scheduleIds: ['a-1'] });
    const early = (await bo.queue.enter('show', 'u1')).status;
    const waiting = (await bo.queue.enter('show', 'u2')).status;
    await bo.tick();
    // What the operator work will write: the sale's closedAt (here straight into the store, as another host would).
    const record = (await store.sales.get('show'))!;
    const closed = createMemoryStore();
    await closed.sales.create({ ...record, closedAt: clock.now() });
    const host = createBoxoffice({ store: { ...store, sales: closed.sales }, clock, ids: new SequenceIds('cl'), config: { maxActive: 1 } });
    expect((await host.sales.get('show')).state).toBe('closed');
    expect(await code(host.queue.enter('show', 'u3'))).toBe('sale_closed');
    const report = await host.tick();
    expect(report.queues.show).toMatchObject({ ended: [waiting.token], admitted: [] });
    expect(await host.queue.status('show', waiting.token, 'u2')).toMatchObject({ state: 'expired', endReason: 'closed' });
    expect(await host.queue.status('show', early.token, 'u1')).toMatchObject({ state: 'active', endReason: null });
  });
});

describe('tokens name their sale', () => {
  it('<saleId>.<random>, and a plain first-release token has none', () => {
    expect(saleToken('rush', 'abc')).toBe('rush.abc');
    expect(saleOfToken('rush.abc')).toBe('rush');
    expect(saleOfToken('plainToken')).toBeNull();
    expect(saleOfToken('.abc')).toBeNull();
  });
});

describe('the wait estimate', () => {
  // The rush's shape: 100 at once, 1,200 a minute, sessions of up to 600 s.
  const rule = { maxActive: 100, admitPerMinute: 1200, sessionTtlSeconds: 600 };
  const full = { openedAt: 0, active: 100, maxActive: 100 };

  it('falls back to the configured rate before the queue opens or without a sample', () => {
    expect(estimateWaitSeconds(40, null, rule, null, 0)).toBe(2);
    expect(estimateWaitSeconds(40, { ...full, openedAt: null, admittedLastMinute: 0, at: 0 }, rule, null, 0)).toBe(2);
  });

  it('measures the turnover of a full room, leaving out the fill at the opening', () => {
    // 4 s after opening: 100 filled the room at once, 480 more came in as sessions ended: 120 a second.
    expect(measureTurnover({ ...full, admittedLastMinute: 580, at: 4_000 }, rule)).toBe(120);
    // A minute on, every admission in the window is turnover.
    expect(measureTurnover({ ...full, admittedLastMinute: 600, at: 200_000 }, rule)).toBe(10);
    // Cannot tell: too soon, the first room not yet half turned over, room not full, or the window holds admissions back.
    expect(measureTurnover({ ...full, admittedLastMinute: 150, at: 300 }, rule)).toBeNull();
    expect(measureTurnover({ ...full, admittedLastMinute: 110, at: 3_000 }, rule)).toBeNull();
    expect(measureTurnover({ ...full, active: 50, admittedLastMinute: 150, at: 4_000 }, rule)).toBeNull();
    expect(measureTurnover({ ...full, admittedLastMinute: 1200, at: 20_000 }, rule)).toBeNull();
  });

  it('within the window budget a place goes in at the turnover', () => {
    const sample = { ...full, admittedLastMinute: 580, at: 4_000 };
    expect(estimateWaitSeconds(600, sample, rule, 120, 4_000)).toBe(5);
  });

  it('past the budget a place waits for earlier admissions to leave the window', () => {
    // 10 s after opening the whole 1,200 went in (spread over those 10 s): the 50th place past the
    // budget goes in when the 50th of them ages out, about 60.4 s after the opening.
    const sample = { ...full, admittedLastMinute: 1200, at: 10_000 };
    expect(estimateWaitSeconds(50, sample, rule, 120, 10_000)).toBe(51);
  });

  it('a full room that has not turned over yet is at most a room per session length', () => {
    expect(expectedRate(0, rule)).toBeCloseTo(100 / 600);
    expect(estimateWaitSeconds(10, { ...full, admittedLastMinute: 100, at: 30_000 }, rule, 0, 30_000)).toBe(60);
  });

  it('a ramp of a minute caps the first window evenly, a second ahead of the time since the opening', () => {
    expect(rampedCap(1200, 60_000, 0, 0)).toBe(20);
    expect(rampedCap(1200, 60_000, 0, 4_000)).toBe(100);
    expect(rampedCap(1200, 60_000, 0, 59_000)).toBe(1200);
    expect(rampedCap(1200, 60_000, 0, 300_000)).toBe(1200);
    // No ramp: the whole minute at once; a tiny rate still lets one in.
    expect(rampedCap(1200, 0, 0, 0)).toBe(1200);
    expect(rampedCap(5, 60_000, 0, 0)).toBe(1);
  });

  it('on the ramp a place waits for the cap to reach it: the configured rate from the first poll', () => {
    const ramped = { ...rule, admissionRampMs: 60_000 };
    // 2 s after the opening, 60 in (20 a second, a second ahead), a free room: place 200 goes in when the cap
    // reaches 260, 12 s after the opening, 10 s from now; without a ramp it would be let in at the next tick.
    const sample = { openedAt: 0, active: 60, maxActive: 100, admittedLastMinute: 60, at: 2_000 };
    expect(estimateWaitSeconds(200, sample, ramped, null, 2_000)).toBe(10);
    expect(estimateWaitSeconds(20, sample, ramped, null, 2_000)).toBe(1);
    // A full room that turns over slower than the ramp: the room sets the wait.
    expect(estimateWaitSeconds(200, { ...sample, active: 100 }, ramped, 5, 2_000)).toBe(40);
    // The window's cap is the ramp's: a room turning over at 120 a second, held to 20 a second, is not measured.
    expect(measureTurnover({ ...full, admittedLastMinute: 100, at: 4_000 }, ramped)).toBeNull();
  });

  it('the free room lets the first places in at the next tick', () => {
    expect(estimateWaitSeconds(20, { ...full, active: 80, admittedLastMinute: 80, at: 5_000 }, rule, 120, 5_000)).toBe(1);
  });
});
