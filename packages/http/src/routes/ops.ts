import { Health, MetricsText } from '../schemas/resources.js';
import { route } from './route.js';

export const opsRoutes = [
  route({
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    summary: 'Liveness: the process answers.',
    tag: 'ops',
    auth: false,
    responses: { 200: { description: 'Alive.', schema: Health } },
    errors: [],
    handler: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
  route({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    summary: 'Readiness: the store answers.',
    tag: 'ops',
    auth: false,
    responses: { 200: { description: 'Ready.', schema: Health } },
    errors: [503],
    handler: async ({ boxoffice }) => {
      await boxoffice.store.ping();
      return { status: 200, body: { status: 'ok' } };
    },
  }),
  route({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics in the text exposition format.',
    tag: 'ops',
    auth: false,
    responses: { 200: { description: 'Metrics.', contentType: 'text/plain', schema: MetricsText } },
    errors: [],
    handler: async ({ metrics }) => ({
      status: 200,
      body: await metrics.text(),
      headers: { 'Content-Type': metrics.registry.contentType },
    }),
  }),
];
