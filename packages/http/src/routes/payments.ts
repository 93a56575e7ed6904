import { isDomainError } from '@boxoffice/core';
import { presentPayment } from '../presenters.js';
import { Payment } from '../schemas/resources.js';
import { PaymentParams, PayRequest } from '../schemas/requests.js';
import type { z } from '../schemas/zod.js';
import { route } from './route.js';

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
    idempotent: true,
    body: PayRequest,
    responses: { 201: { description: 'The completed payment.', schema: Payment } },
    errors: [402, 403, 404, 409, 410, 422],
    handler: async ({ boxoffice, metrics }, { userId, session, body, idempotencyKey }) => {
      try {
        const p = session
          ? await boxoffice.payments.pay(session, body.reservationId, idempotencyKey)
          : await boxoffice.waitlist.pay(userId, body.reservationId, idempotencyKey);
        metrics.payments.inc({ outcome: 'completed' });
        const seats = (await boxoffice.reservations.get(p.userId, p.reservationId)).seats.length;
        metrics.seatsSold.inc({ sale: p.queueId }, seats);
        return { status: 201, body: presentPayment(p), headers: { Location: `/v1/payments/${p.id}` } };
      } catch (error) {
        metrics.payments.inc({ outcome: isDomainError(error) ? error.code : 'error' });
        throw error;
      }
    },
  }),
  route<{ id: string }>({
    method: 'get',
    path: '/v1/payments/{id}',
    operationId: 'getPayment',
    summary: 'The caller\'s own payment.',
    tag: 'payments',
    auth: true,
    params: PaymentParams,
    responses: { 200: { description: 'The payment.', schema: Payment } },
    errors: [404],
    handler: async ({ boxoffice }, { userId, params }) => ({
      status: 200,
      body: presentPayment(await boxoffice.payments.get(userId, params.id)),
    }),
  }),
];
