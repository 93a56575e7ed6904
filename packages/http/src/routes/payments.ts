import { isDomainError } from '@boxoffice/core';
import type { PaymentPrimitives, RefundPrimitives } from '@boxoffice/core';
import type { AppDeps } from '../deps.js';
import { fingerprint, ridingIdempotency, withIdempotency } from '../idempotency.js';
import type { ParameterizedContext } from 'koa';
import { OPERATOR_ROLE } from '../auth.js';
import { presentPayment, presentRefund } from '../presenters.js';
import { Payment, Refund } from '../schemas/resources.js';
import { PaymentParams, PayRequest, RefundParams, RefundQuery, RefundRequest } from '../schemas/requests.js';
import type { z } from '../schemas/zod.js';
import { route } from './route.js';
import type { Reply } from './route.js';

/** A payment's outcome, counted. */
async function counted(metrics: AppDeps['metrics'], paying: Promise<PaymentPrimitives>): Promise<PaymentPrimitives> {
  try {
    const p = await paying;
    metrics.payments.inc({ outcome: 'completed' });
    return p;
  } catch (error) {
    metrics.payments.inc({ outcome: isDomainError(error) ? error.code : 'error' });
    throw error;
  }
}

/** The seats a payment sold, counted off the answer's path (a metric: best effort, one read). */
function countSeats({ boxoffice, metrics }: Pick<AppDeps, 'boxoffice' | 'metrics'>, p: PaymentPrimitives): void {
  void boxoffice.reservations.get(p.userId, p.reservationId).then(
    (r) => metrics.seatsSold.inc({ sale: p.queueId }, r.seats.length),
    () => undefined,
  );
}

/** The bearer grants the operator role. */
const isOperator = (ctx: ParameterizedContext): boolean => ((ctx.state as { roles?: readonly string[] }).roles ?? []).includes(OPERATOR_ROLE);

export const paymentRoutes = [
  route<unknown, unknown, z.infer<typeof PayRequest>>({
    method: 'post',
    path: '/v1/payments',
    operationId: 'pay',
    summary:
      'Pay for a hold from the wallet: records the payment, debits, confirms the seats and completes the queue token, all or nothing. 402 insufficient_balance means charge the wallet and pay again. ' +
      'A waiting-list offer (GET /v1/sales/{saleId}/waitlist/me) is paid without a Queue-Token; every other hold needs it (400 without).',
    tag: 'payments',
    auth: true,
    limits: ['payments'],
    queueToken: 'optional',
    // The Idempotency-Key record begins with the payment's first round trip and finishes with its last.
    idempotent: 'rides',
    body: PayRequest,
    responses: { 201: { description: 'The completed payment.', schema: Payment } },
    errors: [402, 403, 404, 409, 410, 422],
    handler: async ({ boxoffice, metrics }, { userId, session, body, idempotencyKey, ctx }) => {
      const clock = boxoffice.options.clock;
      const print = fingerprint(ctx.method, ctx.path, ctx.request.body);
      const replyOf = (p: PaymentPrimitives, refund: RefundPrimitives | null): Reply => ({
        status: 201,
        body: presentPayment(p, refund),
        headers: { Location: `/v1/payments/${p.id}` },
      });
      const store = boxoffice.store.idempotency;
      // A waiting-list offer (no Queue-Token) is paid through the list's own steps: the record goes around them.
      if (!session) {
        return withIdempotency(store, () => clock.now(), userId, idempotencyKey, print, async () => {
          const p = await counted(metrics, boxoffice.waitlist.pay(userId, body.reservationId, idempotencyKey));
          countSeats({ boxoffice, metrics }, p);
          return replyOf(p, await boxoffice.refunds.findByPayment(p.userId, p.id));
        });
      }
      return ridingIdempotency(store, () => clock.now(), userId, idempotencyKey, print, async (record) => {
        let reply: Reply | null = null;
        // A payment this call completes has no refund; one completed before may have one.
        const after = async (p: PaymentPrimitives, fresh: boolean): Promise<void> => {
          reply = replyOf(p, fresh ? null : await boxoffice.refunds.findByPayment(p.userId, p.id));
          await record.after(reply);
        };
        const p = await counted(metrics, boxoffice.payments.pay(session, body.reservationId, idempotencyKey, { before: record.before, after }));
        countSeats({ boxoffice, metrics }, p);
        return reply ?? replyOf(p, null);
      });
    },
  }),
  route<{ id: string }>({
    method: 'get',
    path: '/v1/payments/{id}',
    operationId: 'getPayment',
    summary: 'The caller\'s own payment; refundId names its refund, null when it has none.',
    tag: 'payments',
    auth: true,
    params: PaymentParams,
    responses: { 200: { description: 'The payment.', schema: Payment } },
    errors: [404],
    handler: async ({ boxoffice }, { userId, params }) => {
      const [payment, refund] = await Promise.all([boxoffice.payments.get(userId, params.id), boxoffice.refunds.findByPayment(userId, params.id)]);
      return { status: 200, body: presentPayment(payment, refund) };
    },
  }),
  route<{ paymentId: string }, z.infer<typeof RefundQuery>>({
    method: 'get',
    path: '/v1/payments/{paymentId}/refund',
    operationId: 'getRefund',
    summary:
      'A payment\'s refund as it stands (pending until its seats are released and its money is back). For the payer, or an operator naming the payer in ?userId=. 404 refund_not_found when the payment has none.',
    tag: 'payments',
    auth: true,
    params: RefundParams,
    query: RefundQuery,
    responses: { 200: { description: 'The refund.', schema: Refund } },
    errors: [403, 404],
    handler: async ({ boxoffice }, { userId, params, query, ctx }) => {
      const r = await boxoffice.refunds.ofPayment({ userId, operator: isOperator(ctx) }, query.userId ?? userId, params.paymentId);
      return { status: 200, body: presentRefund(r) };
    },
  }),
  route<{ paymentId: string }, unknown, z.infer<typeof RefundRequest> | undefined>({
    method: 'post',
    path: '/v1/payments/{paymentId}/refunds',
    operationId: 'refundPayment',
    summary:
      'Refund a completed payment: the money goes back to the wallet as a refund entry and the seats are released, all or nothing. By the payer before the sale\'s refundUntil (403 refund_not_allowed otherwise), or by an operator at any time (naming the payer in userId). A payment is refunded at most once: asking again answers the same refund.',
    tag: 'payments',
    auth: true,
    limits: ['payments'],
    idempotent: true,
    params: RefundParams,
    body: RefundRequest.optional(),
    responses: { 201: { description: 'The refund, completed.', schema: Refund } },
    errors: [403, 404, 409],
    handler: async ({ boxoffice }, { userId, params, body, idempotencyKey, ctx }) => {
      const r = await boxoffice.refunds.refund({ userId, operator: isOperator(ctx) }, body?.userId ?? userId, params.paymentId, idempotencyKey);
      return { status: 201, body: presentRefund(r) };
    },
  }),
];
