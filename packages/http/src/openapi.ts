import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { limitsOf, type RouteSpec } from './routes/route.js';
import { ROUTES } from './routes/index.js';
import { AdmissionPassHeader, IdempotencyKeyHeader, PowSolutionHeader, Problem, QueueTokenHeader, RateLimitHeader, RateLimitPolicyHeader, RetryAfterHeader } from './schemas/common.js';
import { EVENT_TYPE_NAMES, webhookBodyOf } from './schemas/events.js';
import { z } from './schemas/zod.js';

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'validation_failed or idempotency_key_missing.',
  401: 'unauthorized: no, forged or expired bearer token.',
  402: 'insufficient_balance: charge the wallet and pay again.',
  403:
    'token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token\'s sale; ' +
    'pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route\'s role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale.',
  404: 'Not found, or not the caller\'s (sale_not_found for an unknown sale).',
  409: 'A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists.',
  408: 'request_timeout: the body did not arrive in time.',
  410: 'hold_expired.',
  412: 'version_conflict: another operator changed the sale since the ETag sent in If-Match; read it again.',
  428: 'precondition_required: send If-Match with the ETag of the sale as last read.',
  413: 'payload_too_large: bodies are at most 16 KiB.',
  415: 'unsupported_media_type: send application/json.',
  422: 'invalid_amount, balance_limit or idempotency_mismatch.',
  429: 'rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds.',
  500: 'An unexpected error; logged with the request id.',
  503: 'store_unavailable: retry after Retry-After seconds.',
};

/** The problem statuses a route may answer: its own plus those every route of its kind shares. */
export function problemStatuses(r: RouteSpec): number[] {
  const all = new Set<number>([...r.errors, 500]);
  if (r.path.startsWith('/v1')) [429, 503].forEach((s) => all.add(s));
  if (r.auth) all.add(401);
  if (r.params || r.query || r.queueToken || r.idempotent) all.add(400);
  if (r.role) all.add(403);
  if (r.queueToken) {
    all.add(403);
    all.add(404);
  }
  if (r.body) [400, 408, 413, 415].forEach((s) => all.add(s));
  if (r.idempotent) [409, 422].forEach((s) => all.add(s));
  return [...all].sort((a, b) => a - b);
}

function toRouteConfig(r: RouteSpec): RouteConfig {
  const headers: Record<string, z.ZodType> = { ...r.headers?.shape };
  if (r.queueToken) headers['Queue-Token'] = r.queueToken === 'optional' ? QueueTokenHeader.optional() : QueueTokenHeader;
  if (r.pass) headers['Admission-Pass'] = AdmissionPassHeader.optional();
  if (r.idempotent) headers['Idempotency-Key'] = IdempotencyKeyHeader;
  if (r.pow) headers['Pow-Solution'] = PowSolutionHeader.optional();
  // A limited route's answers carry its RateLimit headers, whatever their status.
  const limited = limitsOf(r).length > 0 ? { RateLimit: RateLimitHeader, 'RateLimit-Policy': RateLimitPolicyHeader } : {};
  const headersOf = (status: number, own?: z.ZodObject) => {
    const all = { ...limited, ...(status === 429 || status === 503 ? { 'Retry-After': RetryAfterHeader } : {}), ...(own?.shape ?? {}) };
    return Object.keys(all).length > 0 ? { headers: z.object(all) } : {};
  };
  const responses: RouteConfig['responses'] = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    responses[status] = {
      description: spec.description,
      ...headersOf(Number(status), spec.headers),
      ...(spec.schema ? { content: { [spec.contentType ?? 'application/json']: { schema: spec.schema } } } : {}),
    };
  }
  for (const status of problemStatuses(r)) {
    responses[status] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'A problem.',
      ...headersOf(status),
      content: { 'application/problem+json': { schema: Problem } },
    };
  }
  return {
    method: r.method,
    path: r.path,
    operationId: r.operationId,
    summary: r.summary,
    description: describe(r),
    tags: [r.tag],
    ...(r.auth ? { security: [r.role ? { [r.role]: [] } : { bearer: [] }] } : { security: [] }),
    request: {
      ...(r.params ? { params: r.params } : {}),
      ...(r.query ? { query: r.query } : {}),
      ...(Object.keys(headers).length > 0 ? { headers: z.object(headers) } : {}),
      ...(r.body ? { body: { required: true, content: Object.fromEntries((r.bodyTypes ?? ['application/json']).map((t) => [t, { schema: r.body as z.ZodType }])) } } : {}),
    },
    responses,
  };
}

/** The summary, then what a call needs, from the route's declaration. */
function describe(r: RouteSpec): string {
  const needs = [
    r.auth ? (r.role ? `a bearer token whose roles claim holds ${r.role}` : 'a bearer token') : 'no bearer token',
    ...(r.queueToken ? ["the Queue-Token header of the caller's active queue session"] : []),
    ...(r.pass ? ["and takes the Admission-Pass of that session's status in place of the store's session check"] : []),
    ...(r.idempotent ? ['an Idempotency-Key header (a retry with the same key replays the first answer)'] : []),
  ];
  return `${r.summary} Needs ${needs.join(', ')}.`;
}

/** Tag descriptions, in the order the docs page lists them. */
const TAGS = [
  { name: 'sales', description: 'On-sales: when each opens, its settings, its draw commitment, and its proof-of-work challenge.' },
  { name: 'queue', description: 'The waiting room: enter, poll or stream a place in line, leave.' },
  { name: 'waitlist', description: 'A sold-out sale\'s waiting list: join, read or stream your place, leave; released seats become offers, paid with no queue token.' },
  { name: 'catalog', description: 'Concerts, their dates and seats; an active queue session only.' },
  { name: 'reservations', description: 'Seat holds: all the seats asked for or none, for holdTtl.' },
  { name: 'payments', description: 'Paying a hold from the wallet; ends the queue session.' },
  { name: 'wallet', description: 'The prepaid balance: charges and the ledger.' },
  { name: 'demo', description: 'Demo mode only: a token for any name.' },
  { name: 'admin', description: 'Operators only: a bearer token whose roles claim holds operator.' },
  { name: 'webhooks', description: 'What the host POSTs to BOXOFFICE_WEBHOOK_URL: every domain event, signed (Standard Webhooks).' },
  { name: 'ops', description: 'Health, readiness, metrics and this document.' },
];

const WEBHOOK_HEADERS = z.object({
  'webhook-id': z.string().max(256).openapi({ description: 'The event id: the same on every attempt of one event, so a receiver drops repeats.' }),
  'webhook-timestamp': z.string().max(12).regex(/^\d{1,12}$/).openapi({ description: 'When this attempt was sent, in epoch seconds: refuse one too far from now.' }),
  'webhook-signature': z
    .string()
    .max(1024)
    .openapi({ description: 'v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET.' }),
});

/**
 * The webhooks section: one per event type, POSTed to BOXOFFICE_WEBHOOK_URL as Standard Webhooks
 * define it. Answer 2xx to acknowledge; anything else (or no answer in 10 s) is retried after 1 s,
 * doubling up to BOXOFFICE_WEBHOOK_MAX_BACKOFF_SECONDS, with the same webhook-id.
 */
function registerWebhooks(registry: OpenAPIRegistry): void {
  for (const type of EVENT_TYPE_NAMES) {
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `webhook_${type.replace('.', '_')}`,
      summary: `The ${type} event, POSTed to BOXOFFICE_WEBHOOK_URL.`,
      description:
        'Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.',
      tags: ['webhooks'],
      security: [],
      request: { headers: WEBHOOK_HEADERS, body: { required: true, content: { 'application/json': { schema: webhookBodyOf(type) } } } },
      responses: {
        204: { description: 'Any 2xx acknowledges the event.' },
        500: { description: 'Anything but a 2xx (or no answer within 10 s): the event is sent again later.' },
      },
    });
  }
}

let cached: object | null = null;

/** The OpenAPI 3.1 document, generated from the same schemas that validate requests. */
export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An HS256 JWT whose sub is the user id, checked as RFC8725 advises: the algorithm is pinned (no alg: none, no swaps) and exp is enforced.',
  });
  registry.registerComponent('securitySchemes', 'operator', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The same HS256 JWT, checked as RFC8725 advises, whose roles claim (an array of role names) holds operator; anyone else gets 403 forbidden.',
  });
  registry.register('Problem', Problem);
  for (const r of ROUTES) registry.registerPath(toRouteConfig(r));
  const serverError = { description: PROBLEM_DESCRIPTIONS[500] as string, content: { 'application/problem+json': { schema: Problem } } };
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This document.',
    description: 'This OpenAPI 3.1 document, generated from the schemas that validate requests. Needs no bearer token.',
    tags: ['ops'],
    security: [],
    responses: {
      200: { description: 'The OpenAPI 3.1 document.', content: { 'application/json': { schema: z.object({}).catchall(z.unknown()) } } },
      500: serverError,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    summary: 'A page that renders this document (Swagger UI, served by the host).',
    description: 'A page that renders this document; its scripts and styles are files of this host. Needs no bearer token.',
    tags: ['ops'],
    security: [],
    responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: z.string().max(4096) } } }, 500: serverError },
  });
  registerWebhooks(registry);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'boxoffice',
      version: '0.1.0',
      description:
        'Concert ticket sales during a rush: a waiting room, seat holds, a prepaid wallet and payment. Errors are RFC 9457 application/problem+json with a stable `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'boxoffice maintainers' },
    },
    // Relative: whichever host serves the document, local or production, serves the API too.
    servers: [{ url: '/', description: 'This host: local or production, whichever serves this document.', 'x-internal': false }],
    tags: TAGS,
    security: [{ bearer: [] }],
  });
  return cached;
}
