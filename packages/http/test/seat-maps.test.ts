import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesEtag, SeatMaps } from '../src/seat-maps.js';
import { testHost, type Client, type TestHost } from './support/api.js';

const SCHEDULE = 'aurora-2027-03-14';

describe('seat maps: one render per version, ETag and 304', () => {
  let host: TestHost;
  let alice: Client, bob: Client;
  let aliceQt: string, bobQt: string;
  const seats = (who: Client, qt: string, etag?: string) =>
    who.get(`/v1/schedules/${SCHEDULE}/seats`, { queueToken: qt, headers: etag ? { 'if-none-match': etag } : {} });

  beforeAll(async () => {
    host = await testHost({ scheduler: false, maxActive: 5 });
    alice = await host.user('alice');
    bob = await host.user('bob');
    aliceQt = (await alice.enter()).body.token;
    bobQt = (await bob.enter()).body.token;
    await host.tickNow();
    await alice.charge(1_000_000, 'charge');
  });
  afterAll(() => host.close());

  it('answers 304 with no body while no seat changed, and a new ETag once a seat is held, sold or freed', async () => {
    const first = await seats(alice, aliceQt);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    // Another user of the same map, the same version: the same tag, and 304 for it.
    const same = await seats(bob, bobQt, etag);
    expect([same.status, same.text, same.headers.get('etag')]).toEqual([304, '', etag]);

    const held = await alice.hold(aliceQt, SCHEDULE, [7]);
    expect(held.status).toBe(201);
    const afterHold = await seats(bob, bobQt, etag);
    expect(afterHold.status).toBe(200);
    const heldTag = afterHold.headers.get('etag') as string;
    expect(heldTag).not.toBe(etag);
    expect(afterHold.body.find((s: { number: number }) => s.number === 7).available).toBe(false);

    const cancelled = await alice.delete(`/v1/reservations/${held.body.id}`);
    expect(cancelled.status).toBe(204);
    const freed = await seats(bob, bobQt, heldTag);
    expect([freed.status, freed.headers.get('etag')]).toEqual([200, etag]);

    const sold = await alice.hold(aliceQt, SCHEDULE, [8]);
    expect((await alice.pay(aliceQt, sold.body.id, 'pay-8')).status).toBe(201);
    const afterSale = await seats(bob, bobQt, etag);
    expect(afterSale.status).toBe(200);
    expect(afterSale.headers.get('etag')).not.toBe(etag);
    expect(afterSale.body.find((s: { number: number }) => s.number === 8).available).toBe(false);
  });

  it('the compact availability agrees with the seat list, bit for bit, and revalidates alike', async () => {
    const list = await seats(bob, bobQt);
    const compact = await bob.get(`/v1/schedules/${SCHEDULE}/availability`, { queueToken: bobQt });
    expect(compact.status).toBe(200);
    const bits = Buffer.from(compact.body.available, 'base64url');
    const fromBits = list.body.map((_: unknown, i: number) => ((bits[i >> 3] as number) & (0x80 >> (i & 7))) !== 0);
    expect(fromBits).toEqual(list.body.map((s: { available: boolean }) => s.available));
    expect(compact.body.free).toBe(list.body.filter((s: { available: boolean }) => s.available).length);
    const again = await bob.get(`/v1/schedules/${SCHEDULE}/availability`, { queueToken: bobQt, headers: { 'if-none-match': compact.headers.get('etag') as string } });
    expect(again.status).toBe(304);
    // Each representation has its own tag: the list's does not revalidate the bitmap.
    const crossed = await bob.get(`/v1/schedules/${SCHEDULE}/availability`, { queueToken: bobQt, headers: { 'if-none-match': list.headers.get('etag') as string } });
    expect(crossed.status).toBe(200);
    expect(compact.text.length).toBeLessThan(list.text.length / 10);
  });

  it('renders the bytes JSON.stringify wrote, and reuses them while the version holds', () => {
    const maps = new SeatMaps();
    const schedule = { id: 's', concertId: 'c', startsAt: '2027-01-01T00:00:00Z', seats: [1, 2, 3].map((n) => ({ number: n, price: 100 * n, grade: n === 2 ? null : 'A "quoted"\u2028' })) };
    const a = maps.render(schedule, [2]);
    expect(a.json.toString()).toBe(JSON.stringify(schedule.seats.map((s) => ({ ...s, available: s.number !== 2 }))));
    // Seats 1 and 3 free: bits 101 -> 0b1010_0000.
    expect(JSON.parse(a.availability.json.toString())).toEqual({ seats: 3, free: 2, available: Buffer.from([0xa0]).toString('base64url') });
    expect(a.availability.etag).not.toBe(a.etag);
    expect(maps.render(schedule, [2])).toBe(a);
    expect(maps.render(schedule, []).etag).not.toBe(a.etag);
    // A publication replaces the schedule object: a new render even with the same taken seats.
    const republished = { ...schedule, seats: schedule.seats.map((s) => ({ ...s, price: s.price + 1 })) };
    expect(maps.render(republished, [2]).etag).not.toBe(a.etag);
  });

  it('compares If-None-Match weakly, in lists and with *', () => {
    expect(matchesEtag('W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"x", W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('*', 'W/"abc"')).toBe(true);
    expect(matchesEtag('', 'W/"abc"')).toBe(false);
    expect(matchesEtag('W/"abd"', 'W/"abc"')).toBe(false);
  });
});
