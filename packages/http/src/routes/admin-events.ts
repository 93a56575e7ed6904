import { EventsPage } from '../schemas/events.js';
import { EventsQuery } from '../schemas/requests.js';
import type { z } from '../schemas/zod.js';
import { route } from './route.js';

export const adminEventRoutes = [
  route<unknown, z.infer<typeof EventsQuery>>({
    method: 'get',
    path: '/v1/admin/events',
    operationId: 'adminEvents',
    summary:
      'Domain events after ?after= (an opaque cursor; none: from the oldest kept), up to ?limit= (1-1000, default 100). A reader that always passes the next it got sees every event once, in change order within one user, schedule or sale, across host restarts.',
    tag: 'admin',
    auth: true,
    role: 'operator',
    query: EventsQuery,
    responses: { 200: { description: 'A page of events and the cursor of the next.', schema: EventsPage } },
    errors: [403],
    handler: async ({ boxoffice }, { query }) => ({ status: 200, body: await boxoffice.events.read(query.after ?? null, query.limit ?? 100) }),
  }),
];
