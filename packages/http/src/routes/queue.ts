import type { QueueStatus as Status } from '@boxoffice/core';
import type { AppDeps } from '../deps.js';
import { PASS_HEADER } from '../admission-pass.js';
import { queueStatusJson } from '../presenters.js';
import { AdmissionPassHeader } from '../schemas/common.js';
import { QueueStatus } from '../schemas/resources.js';
import { SaleParams, SaleTokenParams, TokenParams } from '../schemas/requests.js';
import { z } from '../schemas/zod.js';
import { route, type RouteSpec } from './route.js';

const PassResponseHeaders = z.object({ [PASS_HEADER]: AdmissionPassHeader.optional() });

/** An active status's pass, as a response header; nothing for any other state. */
function passHeaders(deps: AppDeps, userId: string, status: Status): { headers?: Record<string, string> } {
  const pass = deps.passes.issue(userId, status);
  return pass === null ? {} : { headers: { [PASS_HEADER]: pass } };
}

interface QueueFamily {
  /** Where the tokens live: /v1/queue/tokens or /v1/sales/{saleId}/queue/tokens. */
  readonly base: string;
  /** Operation id suffix, so both families have distinct ids. */
  readonly suffix: string;
  readonly which: string;
  readonly params: z.ZodObject | undefined;
  readonly tokenParams: z.ZodObject;
  /** The sale the route acts on: from the path, never a constant. */
  readonly sale: (deps: AppDeps, params: { saleId?: string }) => string;
  readonly errors: readonly number[];
}

/** The waiting-room routes of one family: enter, status, its event stream, leave. */
function queueRoutesOf(f: QueueFamily): RouteSpec[] {
  type P = { saleId?: string; token: string };
  return [
    route<{ saleId?: string }>({
      method: 'post',
      path: f.base,
      operationId: `enterQueue${f.suffix}`,
      summary:
        `Enter the waiting room of ${f.which}. Idempotent per user: a live token is returned again. Before the sale opens the token is pre_queue; ` +
        'its place is drawn at opensAt. 409 sale_sold_out (naming the waiting list) or sale_closed once the sale has ended. ' +
        'When the sale\'s proofOfWork > 0, send a solved challenge of GET /v1/sales/{saleId}/challenge in the Pow-Solution header (403 pow_required, pow_invalid).',
      tag: 'queue',
      auth: true,
      limits: ['enter', 'enterPerAddress'],
      pow: true,
      ...(f.params ? { params: f.params } : {}),
      responses: {
        201: { description: 'A new token (active at once under passthrough, with its Admission-Pass).', schema: QueueStatus, headers: PassResponseHeaders },
        200: { description: 'The caller\'s live token.', schema: QueueStatus, headers: PassResponseHeaders },
      },
      errors: [...f.errors, 403, 409],
      handler: async (deps, { userId, params, ctx }) => {
        const saleId = f.sale(deps, params);
        const sale = await deps.boxoffice.sales.active(saleId);
        await deps.pow.check(saleId, sale.settings.proofOfWork, ctx.get('pow-solution') || undefined);
        const { status, created } = await deps.boxoffice.queue.enter(saleId, userId);
        if (created) deps.metrics.queueEntered.inc();
        // Passthrough lets an entrant straight in: an admission the scheduler never sees.
        if (created && status.state === 'active') deps.metrics.queueAdmitted.inc({ sale: status.saleId });
        const location = `${f.base.replace('{saleId}', status.saleId)}/${status.token}`;
        return { status: created ? 201 : 200, body: status, headers: { Location: location, ...passHeaders(deps, userId, status).headers } };
      },
    }),
    route<P>({
      method: 'get',
      path: `${f.base}/{token}`,
      operationId: `queueStatus${f.suffix}`,
      summary: `The token's state and position in ${f.which}; counts as a heartbeat. pollAfterMs says when to ask again; an ended token carries its endReason.`,
      tag: 'queue',
      auth: true,
      limits: ['status'],
      params: f.tokenParams,
      responses: { 200: { description: 'The status; an active token\'s carries its Admission-Pass header.', schema: QueueStatus, headers: PassResponseHeaders } },
      errors: [404],
      handler: async (deps, { userId, params }) => {
        const status = await deps.boxoffice.queue.status(f.sale(deps, params), params.token, userId);
        return { status: 200, json: queueStatusJson(status), ...passHeaders(deps, userId, status) };
      },
    }),
    route<P>({
      method: 'get',
      path: `${f.base}/{token}/events`,
      operationId: `queueEvents${f.suffix}`,
      summary:
        `The status in ${f.which} as Server-Sent Events (\`event: status\`, data a QueueStatus) while the token is pre_queue or waiting, and its last ` +
        'status (active, or ended with its endReason: sold_out is pushed the tick the sale sells out). An open stream is a heartbeat; `: keep-alive` comments keep it open.',
      tag: 'queue',
      auth: true,
      limits: ['status'],
      params: f.tokenParams,
      responses: { 200: { description: 'An event stream of QueueStatus.', contentType: 'text/event-stream', schema: QueueStatus } },
      errors: [404, 429],
      handler: async (deps, { userId, params, ctx }) => {
        await deps.sse.open(ctx, f.sale(deps, params), params.token, userId);
        return undefined;
      },
    }),
    route<P>({
      method: 'delete',
      path: `${f.base}/{token}`,
      operationId: `leaveQueue${f.suffix}`,
      summary: `Leave ${f.which}'s queue or end the session; the token becomes expired (endReason left).`,
      tag: 'queue',
      auth: true,
      limits: ['enter'],
      params: f.tokenParams,
      responses: { 204: { description: 'Left.' } },
      errors: [404],
      handler: async (deps, { userId, params }) => {
        await deps.boxoffice.queue.leave(f.sale(deps, params), params.token, userId);
        return { status: 204 };
      },
    }),
  ];
}

/** The first release's routes: they act on the default sale (BOXOFFICE_DEFAULT_SALE, else `default`, else the first). */
export const queueRoutes = queueRoutesOf({
  base: '/v1/queue/tokens',
  suffix: '',
  which: 'the default sale',
  params: undefined,
  tokenParams: TokenParams,
  sale: (deps) => deps.sales.defaultSale,
  errors: [],
});

/** Each sale's own waiting room. An unknown sale is 404 sale_not_found; an id that is not a safe id, 400. */
export const saleQueueRoutes = queueRoutesOf({
  base: '/v1/sales/{saleId}/queue/tokens',
  suffix: 'OfSale',
  which: 'the sale',
  params: SaleParams,
  tokenParams: SaleTokenParams,
  sale: (_deps, params) => params.saleId as string,
  errors: [404],
});
