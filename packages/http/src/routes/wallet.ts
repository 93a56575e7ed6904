import { presentEntry } from '../presenters.js';
import { Charge, Wallet } from '../schemas/resources.js';
import { ChargeRequest, WalletQuery } from '../schemas/requests.js';
import type { z } from '../schemas/zod.js';
import { route } from './route.js';

export const walletRoutes = [
  route<unknown, unknown, z.infer<typeof ChargeRequest>>({
    method: 'post',
    path: '/v1/wallet/charges',
    operationId: 'charge',
    summary: 'Add money to the caller\'s wallet. A positive safe integer up to maxCharge; the balance stays at or below maxBalance.',
    tag: 'wallet',
    auth: true,
    limits: ['charges'],
    idempotent: true,
    body: ChargeRequest,
    responses: { 201: { description: 'The new balance and its ledger entry.', schema: Charge } },
    errors: [409, 422],
    handler: async ({ boxoffice }, { userId, body, idempotencyKey }) => {
      const result = await boxoffice.wallet.charge(userId, body.amount, idempotencyKey);
      return { status: 201, body: { balance: result.balance, entry: presentEntry(result.entry) } };
    },
  }),
  route<unknown, z.infer<typeof WalletQuery>>({
    method: 'get',
    path: '/v1/wallet',
    operationId: 'wallet',
    summary: 'The balance and its ledger, newest first; ?limit= (1-100, default 20) and ?cursor= page it.',
    tag: 'wallet',
    auth: true,
    query: WalletQuery,
    responses: { 200: { description: 'Balance and history.', schema: Wallet } },
    errors: [],
    handler: async ({ boxoffice }, { userId, query }) => {
      const page = await boxoffice.wallet.balance(userId, query.limit ?? 20, query.cursor ?? null);
      return { status: 200, body: { balance: page.balance, history: page.entries.map(presentEntry), nextCursor: page.nextCursor } };
    },
  }),
];
