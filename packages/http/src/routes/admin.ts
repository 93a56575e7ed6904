import { DomainError } from '@boxoffice/core';
import { adminSale, adminSales, etagOf, versionOf } from '../admin-sales.js';
import {
  AdminSale,
  AdminSaleList,
  AuditPage,
  AuditQuery,
  ConcertInput,
  ConcertPublished,
  ETagHeader,
  IfMatchHeader,
  SaleCreateRequest,
  SalePatch,
} from '../schemas/admin.js';
import { ConcertParams, SaleParams } from '../schemas/requests.js';
import type { z } from '../schemas/zod.js';
import { route } from './route.js';

// The operator console's API (SPEC "Operators"). Every route needs the operator role, checked before
// its input is read; core makes each change, checks it and writes its audit entry.

const OPERATOR = { tag: 'admin', auth: true, role: 'operator' } as const;

export const adminRoutes = [
  route<{ concertId: string }, unknown, z.infer<typeof ConcertInput>>({
    ...OPERATOR,
    method: 'put',
    path: '/v1/admin/concerts/{concertId}',
    operationId: 'adminPublishConcert',
    summary:
      'Publishes a concert with its dates and seats, new or replacing the stored one whole. 409 catalog_conflict, with nothing changed, when it would drop or reprice a held or sold seat.',
    params: ConcertParams,
    body: ConcertInput,
    responses: { 200: { description: 'Published.', schema: ConcertPublished } },
    errors: [403, 409],
    handler: async ({ boxoffice }, { params, body, userId }) => {
      if (body.id !== undefined && body.id !== params.concertId) {
        throw new DomainError('validation_failed', 'body.id: must be the concertId of the path', { path: 'body.id' });
      }
      const [concert] = await boxoffice.catalog.publish([{ ...body, id: params.concertId }], { actor: userId });
      if (!concert) throw new Error('publish answered no concert');
      return {
        status: 200,
        body: {
          id: concert.id,
          name: concert.name,
          venue: concert.venue,
          schedules: concert.schedules.map((s) => ({ id: s.id, startsAt: new Date(s.startsAt).toISOString(), seats: s.seats.length })),
        },
      };
    },
  }),
  route<unknown, unknown, z.infer<typeof SaleCreateRequest>>({
    ...OPERATOR,
    method: 'post',
    path: '/v1/admin/sales',
    operationId: 'adminCreateSale',
    summary: 'Creates a sale over published schedules; its seed is drawn now and only its seedHash shown until it opens. 409 sale_exists for an id in use.',
    body: SaleCreateRequest,
    responses: { 201: { description: 'The sale, with its counts and ETag.', schema: AdminSale, headers: ETagHeader } },
    errors: [403, 409],
    handler: async ({ boxoffice }, { body, userId }) => {
      await boxoffice.sales.create(body, { actor: userId });
      const sale = await adminSale(boxoffice, body.id);
      return { status: 201, body: sale, headers: { ETag: etagOf(sale.version), Location: `/v1/admin/sales/${sale.id}` } };
    },
  }),
  route({
    ...OPERATOR,
    method: 'get',
    path: '/v1/admin/sales',
    operationId: 'adminListSales',
    summary: 'Every sale with its version and live counts, by id.',
    responses: { 200: { description: 'The sales.', schema: AdminSaleList } },
    errors: [403],
    handler: async ({ boxoffice }) => ({ status: 200, body: await adminSales(boxoffice) }),
  }),
  route<{ saleId: string }>({
    ...OPERATOR,
    method: 'get',
    path: '/v1/admin/sales/{saleId}',
    operationId: 'adminGetSale',
    summary: 'One sale with its live counts (pre-queue, waiting, active, admitted in the last minute, seats free/held/sold, the wait at the tail) and its ETag.',
    params: SaleParams,
    responses: { 200: { description: 'The sale.', schema: AdminSale, headers: ETagHeader } },
    errors: [403, 404],
    handler: async ({ boxoffice }, { params }) => {
      const sale = await adminSale(boxoffice, params.saleId);
      return { status: 200, body: sale, headers: { ETag: etagOf(sale.version), 'Cache-Control': 'no-store' } };
    },
  }),
  route<{ saleId: string }, unknown, z.infer<typeof SalePatch>>({
    ...OPERATOR,
    method: 'patch',
    path: '/v1/admin/sales/{saleId}',
    operationId: 'adminChangeSale',
    summary:
      'Changes a sale with a JSON merge patch of mode, settings, opensAt (before the opening) and closed: true. Needs If-Match with the ETag last read: 428 without, 412 version_conflict when another operator changed it first (nothing is changed then). Takes effect within one tick on every host.',
    params: SaleParams,
    headers: IfMatchHeader,
    body: SalePatch,
    bodyTypes: ['application/merge-patch+json', 'application/json'],
    responses: { 200: { description: 'The sale as changed, with its new ETag.', schema: AdminSale, headers: ETagHeader } },
    errors: [403, 404, 409, 412, 428],
    handler: async ({ boxoffice }, { params, body, userId, ctx }) => {
      const version = versionOf(ctx.get('if-match'));
      await boxoffice.sales.change(params.saleId, body, { expectedVersion: version, actor: userId });
      const sale = await adminSale(boxoffice, params.saleId);
      return { status: 200, body: sale, headers: { ETag: etagOf(sale.version) } };
    },
  }),
  route<{ saleId: string }>({
    ...OPERATOR,
    method: 'get',
    path: '/v1/admin/sales/{saleId}/events',
    operationId: 'adminSaleEvents',
    summary:
      'The sale with its live counts as Server-Sent Events (`event: counts`, data an AdminSale), after every tick of this host and at least once a tick of any; `: keep-alive` comments keep it open.',
    params: SaleParams,
    responses: { 200: { description: 'An event stream of AdminSale.', contentType: 'text/event-stream', schema: AdminSale } },
    errors: [403, 404, 429],
    handler: async ({ counts }, { params, userId, ctx }) => {
      await counts.open(ctx, params.saleId, userId);
      return undefined;
    },
  }),
  route<unknown, z.infer<typeof AuditQuery>>({
    ...OPERATOR,
    method: 'get',
    path: '/v1/admin/audit',
    operationId: 'adminAudit',
    summary: 'Operator actions, newest first: { id, at, actor, action, saleId, before, after }. Pass next as cursor for the older page.',
    query: AuditQuery,
    responses: { 200: { description: 'A page of the audit log.', schema: AuditPage } },
    errors: [403],
    handler: async ({ boxoffice }, { query }) => ({ status: 200, body: await boxoffice.sales.audit(query) }),
  }),
];
