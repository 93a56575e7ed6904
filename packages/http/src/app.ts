import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import { DomainError } from '@boxoffice/core';
import Koa, { type Middleware, type ParameterizedContext } from 'koa';
import { jsonBody } from './body.js';
import type { AppDeps } from './deps.js';
import { mountDocs } from './docs.js';
import { fingerprint, idempotencyKeyOf, withIdempotency } from './idempotency.js';
import { openApiDocument } from './openapi.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { ROUTES } from './routes/index.js';
import { koaPath, sessionOf, validate, type Reply, type RouteSpec } from './routes/route.js';
import { webAssets } from './web-assets.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const NO_BEARER = new Set(['/v1/demo/token']);

export interface AppState {
  requestId: string;
  userId?: string;
  route?: string;
}

/** The Koa app. Middleware order: request id, logging and metrics, errors, body, auth, routes. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const app = new Koa<AppState>();
  app.proxy = false;
  app.silent = true;
  app.use(requestId());
  app.use(logging(deps));
  app.use(errors(deps));
  if (deps.settings.testDelayMs > 0) app.use(testDelay(deps.settings.testDelayMs));
  app.use(jsonBody());
  app.use(auth(deps));
  const router = new Router<AppState>();
  for (const spec of ROUTES) mount(router, spec, deps);
  router.get('/openapi.json', (ctx) => {
    ctx.state.route = '/openapi.json';
    ctx.body = openApiDocument();
  });
  mountDocs(router as unknown as Router);
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(webAssets(deps.webRoot));
  return app;
}

function requestId(): Middleware<AppState> {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    ctx.state.requestId = REQUEST_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}

function logging({ logger, metrics }: AppDeps): Middleware<AppState> {
  return async (ctx, next) => {
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = ctx.state.route ?? (ctx.status === 404 ? 'unmatched' : ctx.path.startsWith('/docs') ? '/docs' : 'static');
      metrics.httpDuration.observe({ method: ctx.method, route, status: ctx.status }, seconds);
      if (logger.isLevelEnabled('info')) {
        logger.info(
          { reqId: ctx.state.requestId, method: ctx.method, url: ctx.url, route, status: ctx.status, ms: Math.round(seconds * 1e4) / 10, userId: ctx.state.userId },
          'request',
        );
      }
    }
  };
}

/** Every failure becomes problem+json, unknown routes and wrong methods included. No stack ever leaves. */
function errors({ logger, metrics }: AppDeps): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body == null && ctx.status === 404 && !ctx.response.headerSent) {
        throw new DomainError('not_found', `No route ${ctx.method} ${ctx.path}.`);
      }
      if (ctx.body == null && ctx.status === 405) {
        throw new DomainError('method_not_allowed', `${ctx.method} is not allowed on ${ctx.path}; allowed: ${ctx.response.get('Allow') || 'none'}.`);
      }
      if (ctx.body == null && ctx.status === 501) {
        throw new DomainError('method_not_allowed', `${ctx.method} is not supported.`);
      }
    } catch (error) {
      const { problem, headers } = toProblem(error, ctx.state.requestId);
      if (problem.status >= 500) {
        logger.error({ reqId: ctx.state.requestId, err: error, code: problem.code, method: ctx.method, url: ctx.url }, 'request failed');
      }
      metrics.errors.inc({ code: problem.code });
      if (ctx.response.headerSent) return;
      ctx.status = problem.status;
      ctx.set(headers);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = problem;
      ctx.type = PROBLEM_CONTENT_TYPE;
    }
  };
}

function testDelay(ms: number): Middleware<AppState> {
  return async (ctx, next) => {
    if (ctx.get('x-test-delay')) await sleep(ms);
    await next();
  };
}

function auth({ authenticator }: AppDeps): Middleware<AppState> {
  return async (ctx, next) => {
    if (ctx.path.startsWith('/v1/') && !NO_BEARER.has(ctx.path)) {
      ctx.state.userId = await authenticator.authenticate(ctx.req);
    }
    await next();
  };
}

function mount(router: Router<AppState>, spec: RouteSpec, deps: AppDeps): void {
  const handler = async (ctx: ParameterizedContext<AppState>) => {
    ctx.state.route = spec.path;
    spec.before?.(deps);
    const userId = ctx.state.userId ?? '';
    const run = async (): Promise<Reply | undefined> => {
      const params = spec.params ? validate(spec.params, ctx.params, 'path') : {};
      const query = spec.query ? validate(spec.query, ctx.query, 'query') : {};
      const body = spec.body ? validate(spec.body, ctx.request.body, 'body') : undefined;
      const session = spec.queueToken ? sessionOf(ctx, userId) : (undefined as never);
      return spec.handler(deps, { userId, params, query, body, session, idempotencyKey, ctx: ctx as ParameterizedContext });
    };
    let idempotencyKey = '';
    let reply: Reply | undefined;
    if (spec.idempotent) {
      idempotencyKey = idempotencyKeyOf(ctx.get('idempotency-key') || undefined);
      const print = fingerprint(ctx.method, ctx.path, ctx.request.body);
      const { boxoffice } = deps;
      const clock = boxoffice.options.clock;
      reply = await withIdempotency(boxoffice.store.idempotency, () => clock.now(), userId, idempotencyKey, print, async () => {
        const r = await run();
        if (!r) throw new Error('an idempotent route must reply');
        return r;
      });
    } else {
      reply = await run();
    }
    if (!reply) return;
    ctx.status = reply.status;
    if (reply.headers) ctx.set(reply.headers);
    if (reply.body !== undefined) ctx.body = reply.body;
  };
  router[spec.method](koaPath(spec.path), handler);
}
