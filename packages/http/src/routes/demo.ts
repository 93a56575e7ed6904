import { DomainError } from '@boxoffice/core';
import { signToken } from '../auth.js';
import { DemoToken } from '../schemas/resources.js';
import { DemoTokenRequest } from '../schemas/requests.js';
import type { z } from '../schemas/zod.js';
import { route } from './route.js';

export const demoRoutes = [
  route<unknown, unknown, z.infer<typeof DemoTokenRequest>>({
    method: 'post',
    path: '/v1/demo/token',
    operationId: 'demoToken',
    summary: 'Demo mode only (BOXOFFICE_SECRET unset): a signed bearer token for any user id, with the roles asked for (operator included). 404 otherwise.',
    tag: 'demo',
    auth: false,
    body: DemoTokenRequest,
    responses: { 200: { description: 'A bearer token valid for 12 hours.', schema: DemoToken } },
    errors: [404],
    before: ({ demoSecret }) => {
      if (demoSecret === null) throw new DomainError('not_found', 'Demo sign-in is off: this host has a BOXOFFICE_SECRET.');
    },
    handler: async ({ demoSecret }, { body }) => ({
      status: 200,
      body: { token: await signToken(demoSecret ?? '', body.userId, 12 * 3600, Date.now(), [...new Set(body.roles ?? [])]) },
    }),
  }),
];
