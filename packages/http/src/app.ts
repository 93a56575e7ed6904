import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import { DomainError, isDomainError, type SessionRef } from '@boxoffice/core';
import Koa, { type Middleware, type ParameterizedContext } from 'koa';
import { ClientGone, MAX_BODY_BYTES, MAX_CATALOG_BODY_BYTES, mayHaveBody, readJsonBody } from './body.js';
import { PASS_HEADER } from './admission-pass.js';
import { clientAddress } from './client-address.js';
import { principalOf, type Authenticator } from './auth.js';
import type { AppDeps } from './deps.js';
import { mountDocs } from './docs.js';
import { fingerprint, idempotencyKeyOf, withIdempotency } from './idempotency.js';
import { openApiDocument } from './openapi.js';
import { HttpError, PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { ROUTES } from './routes/index.js';
import { limitsOf, sessionOf, validate, type HandlerInput, type Reply, type RouteSpec } from './routes/route.js';
import { RouteTable } from './routes/table.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { webAssets } from './web-assets.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Made request ids: a random per-process prefix and a counter, unique without a UUID per request. */
const BOOT = randomUUID().slice(0, 8);
let requestSeq = 0;
const NO_BEARER = new Set(['/v1/demo/token']);
const CATALOG_PATH = '/v1/admin/concerts/';

export interface AppState {
  requestId: string;
  userId?: string;
  /** The roles the bearer grants (`operator` opens /v1/admin). */
  roles?: readonly string[];
  route?: string;
}

/**
 * The Koa app. Middleware order: security headers, request id, logging and metrics, errors,
 * body, auth, then the routes. The first six run in one middleware: each
 * extra async layer showed up as a measurable share of a status poll.
 */
export function createApp(deps: AppDeps): Koa<AppState> {
  const app = new Koa<AppState>();
  app.proxy = false;
  app.silent = true;
  app.use(frame(deps));
  app.use(dispatch(deps));
  // The few routes outside the route table: the document and its page.
  const router = new Router<AppState>();
  router.get('/openapi.json', (ctx) => {
    ctx.state.route = '/openapi.json';
    ctx.body = openApiDocument();
  });
  mountDocs(router as unknown as Router, deps.webRoot);
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(webAssets(deps.webRoot));
  return app;
}

/**
 * Request id (X-Request-Id honoured and echoed), then timing, metrics and the
 * access log, then errors: every failure becomes problem+json, unknown routes
 * and wrong methods included, and no stack ever leaves.
 */
function frame({ logger, metrics, authenticator, settings, health }: AppDeps): Middleware<AppState> {
  const bodyTimeoutMs = settings.bodyTimeoutMs;
  return async (ctx, next) => {
    const start = performance.now();
    const res = ctx.res;
    // Security headers first, on every answer, errors included: nothing later removes them.
    for (let i = 0; i < SECURITY_HEADER_LIST.length; i += 2) res.setHeader(SECURITY_HEADER_LIST[i]!, SECURITY_HEADER_LIST[i + 1]!);
    let gone = false;
    const given = ctx.req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : `${BOOT}-${(++requestSeq).toString(36)}`;
    ctx.state.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    try {
      // The JSON body (see body.ts), then the bearer: every /v1 route but the demo sign-in needs one.
      // A concert an operator publishes may be large: its bearer is checked before its body is read.
      const path = ctx.path;
      const catalog = ctx.method === 'PUT' && path.startsWith(CATALOG_PATH);
      const bearer = path.startsWith('/v1/') && !NO_BEARER.has(path);
      if (catalog) await authenticate(ctx, authenticator);
      if (mayHaveBody(ctx.method)) await readJsonBody(ctx, bodyTimeoutMs, catalog ? MAX_CATALOG_BODY_BYTES : MAX_BODY_BYTES);
      if (!catalog && bearer) {
        // A bearer verified before needs no promise (a status poll repeats its own every second or so).
        const known = authenticator.known?.(ctx.req);
        if (known !== undefined) {
          ctx.state.userId = known.userId;
          ctx.state.roles = known.roles;
        } else await authenticate(ctx, authenticator);
      }
      await next();
      if (ctx.body == null && !ctx.response.headerSent) {
        if (ctx.status === 404) throw new DomainError('not_found', `No route ${ctx.method} ${ctx.path}.`);
        if (ctx.status === 405) {
          throw new HttpError('method_not_allowed', `${ctx.method} is not allowed on ${ctx.path}; allowed: ${ctx.response.get('Allow') || 'none'}.`);
        }
        if (ctx.status === 501) throw new HttpError('method_not_allowed', `${ctx.method} is not supported.`);
      }
      if (ctx.status < 400 && touchesStore(ctx.state.route)) health.up();
    } catch (error) {
      if (clientWentAway(error)) {
        // Nobody is left to answer and nothing is wrong with the host: no error line, no error count.
        gone = true;
        logger.debug({ reqId: requestId, method: ctx.method, url: ctx.url, reason: (error as Error).message }, 'client went away');
        return;
      }
      const { problem, headers } = toProblem(error, requestId);
      if (isDomainError(error, 'store_unavailable')) health.down(error, requestId);
      else if (problem.status >= 500) {
        logger.error({ reqId: requestId, err: error, code: problem.code, method: ctx.method, url: ctx.url }, 'request failed');
      }
      metrics.errors.inc({ code: problem.code });
      if (!ctx.response.headerSent) {
        ctx.status = problem.status;
        ctx.set(headers);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = problem;
        ctx.type = PROBLEM_CONTENT_TYPE;
      }
    } finally {
      const seconds = (performance.now() - start) / 1000;
      const route = ctx.state.route ?? (ctx.status === 404 ? 'unmatched' : ctx.path.startsWith('/docs') ? '/docs' : 'static');
      if (!gone) metrics.observeRequest(ctx.method, route, ctx.status, seconds);
      if (!gone && logger.isLevelEnabled('info')) {
        logger.info(
          { reqId: requestId, method: ctx.method, url: ctx.url, route, status: ctx.status, ms: Math.round(seconds * 1e4) / 10, userId: ctx.state.userId },
          'request',
        );
      }
    }
  };
}

/** The caller's principal into the request's state; unauthorized otherwise. */
async function authenticate(ctx: ParameterizedContext<AppState>, authenticator: Authenticator): Promise<void> {
  const principal = principalOf(await authenticator.authenticate(ctx.req));
  ctx.state.userId = principal.userId;
  ctx.state.roles = principal.roles;
}

/** SECURITY_HEADERS as name, value, name, value...: set with a counted loop on every answer. */
const SECURITY_HEADER_LIST: readonly string[] = Object.entries(SECURITY_HEADERS).flat();

const GONE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** A failure caused by the client closing its connection, not by the host. */
function clientWentAway(error: unknown): boolean {
  return error instanceof ClientGone || GONE_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** Routes whose success shows the store answers. */
function touchesStore(route: string | undefined): boolean {
  return route !== undefined && (route.startsWith('/v1/') || route === '/readyz');
}

type Handler = (ctx: ParameterizedContext<AppState>, params: Record<string, string>) => Promise<void>;

/** The methods @koa/router implemented; another is 501, as it was. */
const KNOWN_METHODS = new Set(['HEAD', 'OPTIONS', 'GET', 'PUT', 'PATCH', 'POST', 'DELETE']);

/**
 * The documented routes, looked up in a segment tree (routes/table.ts). A path that
 * names a route but not this method is 405 with Allow (OPTIONS: 200 with Allow);
 * a path that names none goes on to the document, the docs page and the static files.
 */
function dispatch(deps: AppDeps): Middleware<AppState> {
  const table = new RouteTable<Handler>();
  for (const spec of ROUTES) table.add(spec.method.toUpperCase(), spec.path, handlerOf(spec, deps));
  return (ctx, next) => {
    const found = table.find(ctx.method, ctx.path);
    if (found.kind === 'route') return found.value(ctx, found.params);
    if (found.kind === 'none') return next();
    ctx.set('Allow', found.allowed.join(', '));
    if (ctx.method === 'OPTIONS') {
      ctx.status = 200;
      ctx.body = '';
    } else ctx.status = KNOWN_METHODS.has(ctx.method) ? 405 : 501;
    return Promise.resolve();
  };
}

function handlerOf(spec: RouteSpec, deps: AppDeps): Handler {
  const inputOf = (ctx: ParameterizedContext<AppState>, params: Record<string, string>, idempotencyKey: string): HandlerInput<unknown, unknown, unknown> => {
    const userId = ctx.state.userId ?? '';
    const session =
      spec.queueToken === true || (spec.queueToken === 'optional' && ctx.get('queue-token') !== '')
        ? sessionOf(ctx, userId, (token) => deps.sales.saleOf(token))
        : (undefined as never);
    return {
      userId,
      params: spec.params ? validate(spec.params, params, 'path') : {},
      query: spec.query ? validate(spec.query, ctx.query, 'query') : {},
      body: spec.body ? validate(spec.body, ctx.request.body, 'body') : undefined,
      session,
      idempotencyKey,
      admitted: session !== undefined && spec.pass === true && passOf(ctx, session, deps),
      ctx: ctx as ParameterizedContext,
    };
  };
  // Only the limits in force: a route none of whose limits is on skips the limiter and its await.
  const inForce = deps.limits.inForce;
  const limited = limitsOf(spec).filter((name) => inForce.has(name));
  return async (ctx, params) => {
    ctx.state.route = spec.path;
    // The role comes before validation: a caller without it learns nothing about the route's input.
    if (spec.role && !(ctx.state.roles ?? []).includes(spec.role)) {
      throw new HttpError('forbidden', `This route needs the ${spec.role} role in the bearer token's roles claim.`);
    }
    spec.before?.(deps);
    // Rate limits come right after the bearer: a caller over them costs no validation, no store read.
    if (limited.length > 0) {
      const headers = await deps.limits.check(limited, { userId: ctx.state.userId ?? '', address: clientAddress(ctx.req, deps.settings.trustProxy) });
      if (headers) ctx.set(headers as Record<string, string>);
    }
    let reply: Reply | undefined;
    if (spec.idempotent === 'rides') {
      // The handler rides the record with its own steps (the payment route).
      reply = await spec.handler(deps, inputOf(ctx, params, idempotencyKeyOf(ctx.get('idempotency-key') || undefined)));
    } else if (spec.idempotent) {
      // The replay comes before any other check: validation runs inside.
      const key = idempotencyKeyOf(ctx.get('idempotency-key') || undefined);
      const print = fingerprint(ctx.method, ctx.path, ctx.request.body);
      const { boxoffice } = deps;
      const clock = boxoffice.options.clock;
      reply = await withIdempotency(boxoffice.store.idempotency, () => clock.now(), ctx.state.userId ?? '', key, print, async () => {
        const r = await spec.handler(deps, inputOf(ctx, params, key));
        if (!r) throw new Error('an idempotent route must reply');
        return r;
      });
    } else {
      reply = await spec.handler(deps, inputOf(ctx, params, ''));
    }
    if (!reply) return;
    ctx.status = reply.status;
    if (reply.headers) ctx.set(reply.headers);
    if (reply.json !== undefined) {
      // Serialised already: the type is set first, so Koa neither sniffs the string nor re-encodes it.
      ctx.set('Content-Type', JSON_TYPE);
      ctx.body = reply.json;
    } else if (reply.body !== undefined) ctx.body = reply.body;
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PASS = PASS_HEADER.toLowerCase();

/** Whether the request carries an Admission-Pass; one that does not verify for this session is 403 pass_invalid, never a silent fallback. */
function passOf(ctx: ParameterizedContext<AppState>, session: SessionRef, deps: AppDeps): boolean {
  const pass = ctx.get(PASS);
  if (pass === '') return false;
  deps.passes.verify(pass, session.userId, session.token, session.queueId);
  return true;
}
