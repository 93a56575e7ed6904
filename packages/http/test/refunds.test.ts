import { ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost, type Client, type TestHost } from './support/api.js';
import { iso, SALES_CONCERTS, wholeSecond } from './support/sales.js';
import { snapshot } from './support/state.js';

// Refunds over HTTP (issue 16): POST /v1/payments/{paymentId}/refunds with an Idempotency-Key, by the payer
// before the sale's refundUntil, or by an operator at any time; bad input changes nothing.

describe('refunds: POST /v1/payments/{paymentId}/refunds', () => {
  const clock = new ManualClock(wholeSecond(Date.now()));
  // Within the bearer tokens' hour, so moving past it leaves them valid.
  const refundUntil = clock.now() + 600_000;
  let host: TestHost;

  beforeAll(async () => {
    host = await testHost({
      scheduler: false,
      clock,
      concerts: SALES_CONCERTS,
      sales: [
        { id: 'spring', scheduleIds: ['big-1'], settings: { refundUntil: iso(refundUntil) } },
        { id: 'final', scheduleIds: ['tiny-1'] },
      ],
    });
  });
  afterAll(() => host.close());

  /** A user who paid for seats of `scheduleId` in `saleId`; returns the payment id and the reservation id. */
  async function buy(u: Client, saleId: string, scheduleId: string, seats: number[]): Promise<{ paymentId: string; reservationId: string }> {
    const entered = await u.post(`/v1/sales/${saleId}/queue/tokens`);
    expect(entered.status).toBe(201);
    await host.boxoffice.tick();
    const qt = entered.body.token as string;
    const hold = await u.hold(qt, scheduleId, seats);
    expect(hold.status).toBe(201);
    expect((await u.charge(hold.body.amount, `fund-${qt}`)).status).toBe(201);
    const paid = await u.pay(qt, hold.body.id, `pay-${qt}`);
    expect([paid.status, paid.body.state]).toEqual([201, 'completed']);
    return { paymentId: paid.body.id, reservationId: hold.body.id };
  }

  it('the payer refunds within refundUntil: 201, money back as a refund entry, seats free; a retry replays, another key answers the same refund', async () => {
    const u = await host.user('payer');
    const { paymentId, reservationId } = await buy(u, 'spring', 'big-1', [1, 2]);
    const refund = await u.post(`/v1/payments/${paymentId}/refunds`, undefined, { idempotencyKey: 'r1' });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ paymentId, reservationId, userId: 'payer', state: 'completed' });
    const wallet = (await u.wallet()).body;
    expect(wallet.history[0]).toMatchObject({ type: 'refund', amount: refund.body.amount, ref: refund.body.id });
    expect(wallet.balance).toBe(refund.body.amount);
    expect((await u.get(`/v1/reservations/${reservationId}`)).body.state).toBe('refunded');
    const replay = await u.post(`/v1/payments/${paymentId}/refunds`, undefined, { idempotencyKey: 'r1' });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body]).toEqual([201, 'true', refund.body]);
    const again = await u.post(`/v1/payments/${paymentId}/refunds`, {}, { idempotencyKey: 'r2' });
    expect([again.status, again.body.id]).toEqual([201, refund.body.id]);
    expect((await u.wallet()).body.history.filter((e: { type: string }) => e.type === 'refund')).toHaveLength(1);
  });

  it('refusals change nothing: no key 400, a stranger 404/403, a sale without refunds 403, bad input 400', async () => {
    const u = await host.user('keeper');
    const mallory = await host.user('mallory');
    const { paymentId } = await buy(u, 'final', 'tiny-1', [1]);
    const before = await snapshot(host.boxoffice, ['keeper', 'mallory']);
    const noKey = await u.post(`/v1/payments/${paymentId}/refunds`);
    expect([noKey.status, noKey.body.code]).toEqual([400, 'idempotency_key_missing']);
    const closed = await u.post(`/v1/payments/${paymentId}/refunds`, undefined, { idempotencyKey: 'x1' });
    expect([closed.status, closed.body.code]).toEqual([403, 'refund_not_allowed']);
    const stranger = await mallory.post(`/v1/payments/${paymentId}/refunds`, undefined, { idempotencyKey: 'x2' });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'payment_not_found']);
    const naming = await mallory.post(`/v1/payments/${paymentId}/refunds`, { userId: 'keeper' }, { idempotencyKey: 'x3' });
    expect([naming.status, naming.body.code]).toEqual([403, 'refund_not_allowed']);
    for (const [path, body] of [
      ['/v1/payments/no.dots/refunds', undefined],
      [`/v1/payments/${'x'.repeat(65)}/refunds`, undefined],
      [`/v1/payments/${paymentId}/refunds`, { userId: 'keeper', extra: 1 }],
      [`/v1/payments/${paymentId}/refunds`, { userId: 7 }],
      [`/v1/payments/${paymentId}/refunds`, []],
    ] as const) {
      const bad = await u.post(path, body, { idempotencyKey: `bad-${path.length}-${JSON.stringify(body)}` });
      expect([bad.status, bad.body.code], `${path} ${JSON.stringify(body)}`).toEqual([400, 'validation_failed']);
    }
    const unknown = await u.post('/v1/payments/nosuch/refunds', undefined, { idempotencyKey: 'x4' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'payment_not_found']);
    expect(await snapshot(host.boxoffice, ['keeper', 'mallory'])).toBe(before);

    // An operator refunds it all the same, naming the payer.
    const op = await host.operator('ops');
    const refund = await op.post(`/v1/payments/${paymentId}/refunds`, { userId: 'keeper' }, { idempotencyKey: 'op1' });
    expect([refund.status, refund.body.state, refund.body.userId]).toEqual([201, 'completed', 'keeper']);
  });

  it('after refundUntil the payer is refused (403) while an operator may refund', async () => {
    const u = await host.user('late');
    const { paymentId } = await buy(u, 'spring', 'big-1', [5]);
    clock.advance(refundUntil - clock.now());
    const before = await snapshot(host.boxoffice, ['late']);
    const late = await u.post(`/v1/payments/${paymentId}/refunds`, undefined, { idempotencyKey: 'l1' });
    expect([late.status, late.body.code]).toEqual([403, 'refund_not_allowed']);
    expect(await snapshot(host.boxoffice, ['late'])).toBe(before);
    const op = await host.operator('ops2');
    expect((await op.post(`/v1/payments/${paymentId}/refunds`, { userId: 'late' }, { idempotencyKey: 'l2' })).status).toBe(201);
  });

  it('GET /v1/payments/{paymentId}/refund answers the refund to its payer or an operator; the payment read names it in refundId', async () => {
    const u = await host.user('reader');
    const mallory = await host.user('peeker');
    const { paymentId } = await buy(u, 'spring', 'big-1', [7]);
    expect((await u.get(`/v1/payments/${paymentId}`)).body.refundId).toBeNull();
    const none = await u.get(`/v1/payments/${paymentId}/refund`);
    expect([none.status, none.body.code]).toEqual([404, 'refund_not_found']);
    const op = await host.operator('ops3');
    const refund = (await op.post(`/v1/payments/${paymentId}/refunds`, { userId: 'reader' }, { idempotencyKey: 'g1' })).body;
    const read = await u.get(`/v1/payments/${paymentId}/refund`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: refund.id, paymentId, amount: refund.amount, state: 'completed', createdAt: refund.createdAt });
    expect((await op.get(`/v1/payments/${paymentId}/refund?userId=reader`)).body).toEqual(read.body);
    expect((await u.get(`/v1/payments/${paymentId}`)).body).toMatchObject({ id: paymentId, state: 'completed', refundId: refund.id });

    // Others read nothing, and reading changes nothing.
    const before = await snapshot(host.boxoffice, ['reader', 'peeker']);
    const stranger = await mallory.get(`/v1/payments/${paymentId}/refund`);
    expect([stranger.status, stranger.body.code]).toEqual([404, 'refund_not_found']);
    const naming = await mallory.get(`/v1/payments/${paymentId}/refund?userId=reader`);
    expect([naming.status, naming.body.code]).toEqual([403, 'refund_not_allowed']);
    expect((await op.get(`/v1/payments/${paymentId}/refund`)).body.code).toBe('refund_not_found'); // the operator's own partition
    for (const path of [`/v1/payments/no.dots/refund`, `/v1/payments/${'x'.repeat(65)}/refund`, `/v1/payments/${paymentId}/refund?userId=${'u'.repeat(300)}`]) {
      const bad = await u.get(path);
      expect([bad.status, bad.body.code], path).toEqual([400, 'validation_failed']);
    }
    expect(await snapshot(host.boxoffice, ['reader', 'peeker'])).toBe(before);
  });
});
