import { PowChallenge, Sale } from '../schemas/resources.js';
import { SaleParams } from '../schemas/requests.js';
import { z } from '../schemas/zod.js';
import { route } from './route.js';

/** A bound for the document: an operator runs a handful of sales at once, never thousands. */
const SALES_LISTED_MAX = 10_000;

export const saleRoutes = [
  route({
    method: 'get',
    path: '/v1/sales',
    operationId: 'listSales',
    summary: 'Every sale: when it opens, its state, its schedules, its settings, and the commitment to its draw (seedHash; seed once open).',
    tag: 'sales',
    auth: true,
    responses: { 200: { description: 'The sales, by id.', schema: z.array(Sale).max(SALES_LISTED_MAX) } },
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
  route<{ saleId: string }>({
    method: 'get',
    path: '/v1/sales/{saleId}/challenge',
    operationId: 'powChallenge',
    summary:
      'A proof-of-work challenge for entering the sale, exactly as altcha-lib (v2) createChallenge makes it: signed, expiring, bound to the sale. ' +
      'Solve it (altcha-lib solveChallenge, the ALTCHA widget or your own code: SHA-256 of salt + nonce + counter until the key starts with keyPrefix) ' +
      'and send base64 of {"challenge": <this>, "solution": {"counter", "derivedKey"}} as Pow-Solution when entering; each solution enters once. ' +
      'proofOfWork (a sale setting) bounds the counter, so it is the most attempts a solve takes.',
    tag: 'sales',
    auth: true,
    params: SaleParams,
    responses: { 200: { description: 'The challenge.', schema: PowChallenge } },
    errors: [404],
    handler: async ({ boxoffice, pow }, { params }) => {
      const sale = await boxoffice.sales.active(params.saleId);
      return { status: 200, body: await pow.challenge(sale.id, sale.settings.proofOfWork), headers: { 'Cache-Control': 'no-store' } };
    },
  }),
];
