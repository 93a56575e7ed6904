import { DomainError, type SessionRef } from '@boxoffice/core';
import type { ParameterizedContext } from 'koa';
import type { ZodType } from 'zod';
import type { AppDeps } from '../deps.js';
import type { LimitName } from '../rate-limits.js';
import { QueueTokenHeader } from '../schemas/common.js';
import type { z } from '../schemas/zod.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler answers; the route layer writes it (and the idempotency layer keeps it). */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** The body serialised already (a hot route's compiled serialiser, a cached seat map); sent as application/json. */
  readonly json?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HandlerInput<P, Q, B> {
  readonly userId: string;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Set on routes that need a Queue-Token. */
  readonly session: SessionRef;
  /** Set on idempotent routes. */
  readonly idempotencyKey: string;
  /** On pass routes: the session was proven by a valid Admission-Pass, so a read may skip the store's session check. */
  readonly admitted: boolean;
  readonly ctx: ParameterizedContext;
}

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: ZodType;
  /** Default application/json. */
  readonly contentType?: string;
  /** Response headers, for the document (e.g. ETag). */
  readonly headers?: z.ZodObject;
}

/**
 * One route, declared once: its schemas validate requests, feed the OpenAPI
 * document and, in the contract test, check every answer.
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  readonly method: Method;
  /** OpenAPI style, whole: /v1/queue/tokens/{token}. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  /** Needs a bearer token (every /v1 route but the demo sign-in). */
  readonly auth: boolean;
  /** Needs the Queue-Token header; 'optional': read when sent (paying a waiting-list offer needs none). */
  readonly queueToken?: boolean | 'optional';
  /** A gated read that takes an Admission-Pass header in place of the store's session check (reads only, never a write). */
  readonly pass?: boolean;
  /** A role the bearer must grant (else 403 forbidden), checked before anything else. */
  readonly role?: 'operator';
  /**
   * Takes an Idempotency-Key. true: the route layer wraps the handler in the record (withIdempotency).
   * 'rides': the handler sends the record's two ends beside its own store steps (ridingIdempotency), so they
   * cost no round trip; the request is validated before the record begins.
   */
  readonly idempotent?: boolean | 'rides';
  /** The rate limits a call spends a point of; default: `reads` on bearer routes of /v1, none elsewhere. */
  readonly limits?: readonly LimitName[];
  /** Takes a Pow-Solution header (entering a sale whose proofOfWork > 0). */
  readonly pow?: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: ZodType;
  /** The body's media types in the document (default application/json; every JSON type is read alike). */
  readonly bodyTypes?: readonly string[];
  /** Request headers the route reads, for the document (e.g. If-Match). */
  readonly headers?: z.ZodObject;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Problem statuses this route may answer besides the common ones. */
  readonly errors: readonly number[];
  /** Runs before validation (e.g. the demo route answers 404 when off, whatever the body). */
  readonly before?: (deps: AppDeps) => void;
  /** Returns a Reply, or undefined when it wrote the response itself (SSE). */
  readonly handler: (deps: AppDeps, input: HandlerInput<P, Q, B>) => Promise<Reply | undefined>;
}

/** Keeps the declared input types while erasing them for the route table. */
export function route<P = unknown, Q = unknown, B = unknown>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** The rate limits of a route (see RouteSpec.limits). */
export function limitsOf(r: RouteSpec): readonly LimitName[] {
  return r.limits ?? (r.auth && r.path.startsWith('/v1/') ? ['reads'] : []);
}

/** Parses with a schema; a failure is validation_failed naming the first bad field. */
export function validate<T>(schema: ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
  throw new DomainError('validation_failed', `${path}: ${issue?.message ?? 'invalid'}`, {
    errors: result.error.issues.slice(0, 10).map((i) => `${[where, ...i.path].join('.')}: ${i.message}`),
  });
}

/** The session of a Q route: the Queue-Token header, bound to the caller, in the queue of the token's sale. */
export function sessionOf(ctx: ParameterizedContext, userId: string, saleOf: (token: string) => string): SessionRef {
  const token = ctx.get('queue-token');
  if (!token) throw new DomainError('validation_failed', 'Send the Queue-Token header of your active queue token.');
  if (!QueueTokenHeader.safeParse(token).success) throw new DomainError('validation_failed', 'The Queue-Token header is malformed.');
  return { queueId: saleOf(token), token, userId };
}
