import { dyingSale } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, until, type TestHost } from './support/api.js';
import { openStream } from './support/sse.js';

// The waiting list on one memory host: its status stream, and bad input that changes nothing.
describe('waiting list routes', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await testHost({ tickMs: 30 });
  });
  afterAll(async () => {
    await host?.close();
  });

  it('streams the place while waiting, and ends with the offer', async () => {
    const sale = await dyingSale(host.boxoffice, { tag: 'sse', seats: 2, dying: 1 });
    const u = await host.user('sse-waiter');
    expect((await u.post(`/v1/sales/${sale.saleId}/waitlist`)).status).toBe(201);
    const stream = openStream(host, u, '', `/v1/sales/${sale.saleId}/waitlist/me/events`);
    await until(() => stream.events.length === 1);
    expect(stream.events[0]).toMatchObject({ event: 'status', data: { state: 'waiting', position: 1 } });
    await sale.release(2);
    await stream.done;
    expect(stream.events.at(-1)).toMatchObject({ event: 'status', data: { state: 'offered', position: null } });
    expect(stream.events.at(-1)!.data.reservationId).toMatch(new RegExp(`^${sale.scheduleId}\\.`));
  });

  it('answers bad input with a problem and changes nothing', async () => {
    const sale = await dyingSale(host.boxoffice, { tag: 'bad', seats: 1, dying: 1 });
    const u = await host.user('bad-input');
    expect((await u.post('/v1/sales/not%20safe/waitlist')).status).toBe(400);
    expect((await u.post('/v1/sales/nope/waitlist')).status).toBe(404);
    expect((await u.get(`/v1/sales/${sale.saleId}/waitlist/me`)).body.code).toBe('waitlist_not_found');
    // Paying with no Queue-Token a reservation that is not the caller's offer: 404, and nothing recorded.
    const paid = await u.post('/v1/payments', { reservationId: `${sale.scheduleId}.badr1` }, { idempotencyKey: 'bad-1' });
    expect(paid.status).toBe(404);
    expect(await host.boxoffice.store.waitlist.meta(sale.saleId)).toMatchObject({ waiting: 0 });
  });
});
