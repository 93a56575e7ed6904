import { WaitlistStatus } from '../schemas/resources.js';
import { SaleParams } from '../schemas/requests.js';
import { route } from './route.js';

const WHAT =
  'A sold-out sale\'s waiting list: every seat released after it sold out becomes an offer, a hold of that one seat for the first person waiting, ' +
  'for the sale\'s offerTtlSeconds; pay it with POST /v1/payments and no Queue-Token. Unpaid in time, it goes to the next person.';

export const waitlistRoutes = [
  route<{ saleId: string }>({
    method: 'post',
    path: '/v1/sales/{saleId}/waitlist',
    operationId: 'joinWaitlist',
    summary: `Join the waiting list (one place per user; a live place is returned again, 200). 409 waitlist_not_open until the sale is sold out. ${WHAT}`,
    tag: 'waitlist',
    auth: true,
    limits: ['enter'],
    params: SaleParams,
    responses: {
      201: { description: 'A new place.', schema: WaitlistStatus },
      200: { description: 'The caller\'s live place.', schema: WaitlistStatus },
    },
    errors: [404, 409],
    handler: async ({ boxoffice }, { userId, params }) => {
      const { status, created } = await boxoffice.waitlist.join(params.saleId, userId);
      return { status: created ? 201 : 200, body: status, headers: { Location: `/v1/sales/${params.saleId}/waitlist/me` } };
    },
  }),
  route<{ saleId: string }>({
    method: 'get',
    path: '/v1/sales/{saleId}/waitlist/me',
    operationId: 'waitlistStatus',
    summary: 'The caller\'s place: waiting with its position, offered with the reservation to pay and when it lapses, or how it ended (purchased, expired, left).',
    tag: 'waitlist',
    auth: true,
    limits: ['status'],
    params: SaleParams,
    responses: { 200: { description: 'The place.', schema: WaitlistStatus } },
    errors: [404],
    handler: async ({ boxoffice }, { userId, params }) => ({ status: 200, body: await boxoffice.waitlist.status(params.saleId, userId) }),
  }),
  route<{ saleId: string }>({
    method: 'get',
    path: '/v1/sales/{saleId}/waitlist/me/events',
    operationId: 'waitlistEvents',
    summary: 'The caller\'s place as Server-Sent Events (`event: status`, data a WaitlistStatus) while waiting; its last event is the offer, or how the place ended.',
    tag: 'waitlist',
    auth: true,
    limits: ['status'],
    params: SaleParams,
    responses: { 200: { description: 'An event stream of WaitlistStatus.', contentType: 'text/event-stream', schema: WaitlistStatus } },
    errors: [404, 429],
    handler: async ({ sse }, { userId, params, ctx }) => {
      await sse.openWaitlist(ctx, params.saleId, userId);
      return undefined;
    },
  }),
  route<{ saleId: string }>({
    method: 'delete',
    path: '/v1/sales/{saleId}/waitlist/me',
    operationId: 'leaveWaitlist',
    summary: 'Leave the waiting list; an open offer is cancelled and goes to the next person. Leaving twice is harmless.',
    tag: 'waitlist',
    auth: true,
    limits: ['enter'],
    params: SaleParams,
    responses: { 204: { description: 'Left.' } },
    errors: [404],
    handler: async ({ boxoffice }, { userId, params }) => {
      await boxoffice.waitlist.leave(params.saleId, userId);
      return { status: 204 };
    },
  }),
];
