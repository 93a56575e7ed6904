import { DEFAULT_QUEUE } from '@boxoffice/core';
import { QueueStatus } from '../schemas/resources.js';
import { TokenParams } from '../schemas/requests.js';
import { route } from './route.js';

export const queueRoutes = [
  route({
    method: 'post',
    path: '/v1/queue/tokens',
    operationId: 'enterQueue',
    summary: 'Enter the waiting room. Idempotent per user: a live token is returned again.',
    tag: 'queue',
    auth: true,
    responses: {
      201: { description: 'A new token.', schema: QueueStatus },
      200: { description: 'The caller\'s live token.', schema: QueueStatus },
    },
    errors: [],
    handler: async ({ boxoffice, metrics }, { userId }) => {
      const { status, created } = await boxoffice.queue.enter(DEFAULT_QUEUE, userId);
      if (created) metrics.queueEntered.inc();
      return { status: created ? 201 : 200, body: status, headers: { Location: `/v1/queue/tokens/${status.token}` } };
    },
  }),
  route<{ token: string }>({
    method: 'get',
    path: '/v1/queue/tokens/{token}',
    operationId: 'queueStatus',
    summary: 'The token\'s state and position; counts as a heartbeat. pollAfterMs says when to ask again.',
    tag: 'queue',
    auth: true,
    params: TokenParams,
    responses: { 200: { description: 'The status.', schema: QueueStatus } },
    errors: [404],
    handler: async ({ boxoffice }, { userId, params }) => ({
      status: 200,
      body: await boxoffice.queue.status(DEFAULT_QUEUE, params.token, userId),
    }),
  }),
  route<{ token: string }>({
    method: 'get',
    path: '/v1/queue/tokens/{token}/events',
    operationId: 'queueEvents',
    summary:
      'The status as Server-Sent Events (`event: status`, data a QueueStatus) until the token leaves waiting. An open stream is a heartbeat; `: keep-alive` comments keep it open.',
    tag: 'queue',
    auth: true,
    params: TokenParams,
    responses: { 200: { description: 'An event stream of QueueStatus.', contentType: 'text/event-stream', schema: QueueStatus } },
    errors: [404, 429],
    handler: async ({ sse }, { userId, params, ctx }) => {
      await sse.open(ctx, params.token, userId);
      return undefined;
    },
  }),
  route<{ token: string }>({
    method: 'delete',
    path: '/v1/queue/tokens/{token}',
    operationId: 'leaveQueue',
    summary: 'Leave the queue or end the session; the token becomes expired.',
    tag: 'queue',
    auth: true,
    params: TokenParams,
    responses: { 204: { description: 'Left.' } },
    errors: [404],
    handler: async ({ boxoffice }, { userId, params }) => {
      await boxoffice.queue.leave(DEFAULT_QUEUE, params.token, userId);
      return { status: 204 };
    },
  }),
];
