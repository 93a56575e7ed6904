import { Sale } from '../schemas/resources.js';
import { SaleParams } from '../schemas/requests.js';
import { z } from '../schemas/zod.js';
import { route } from './route.js';

export const saleRoutes = [
  route({
    method: 'get',
    path: '/v1/sales',
    operationId: 'listSales',
    summary: 'Every sale: when it opens, its state, its schedules, its settings, and the commitment to its draw (seedHash; seed once open).',
    tag: 'sales',
    auth: true,
    responses: { 200: { description: 'The sales, by id.', schema: z.array(Sale).max(10_000) } },
    errors: [],
    handler: async ({ boxoffice }) => ({ status: 200, body: await boxoffice.sales.list() }),
  }),
  route<{ saleId: string }>({
    method: 'get',
    path: '/v1/sales/{saleId}',
    operationId: 'getSale',
    summary:
      'One sale. Its pre-queue (who entered before opensAt) takes places 1..k in ascending HMAC-SHA256(seed, token) order; seed is null until the sale opens, and SHA-256(seed) is seedHash.',
    tag: 'sales',
    auth: true,
    params: SaleParams,
    responses: { 200: { description: 'The sale.', schema: Sale } },
    errors: [404],
    handler: async ({ boxoffice }, { params }) => ({ status: 200, body: await boxoffice.sales.get(params.saleId) }),
  }),
];
