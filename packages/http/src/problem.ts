import { DomainError, type ErrorCode } from '@boxoffice/core';

/**
 * The one table from a domain code to an HTTP status. Choices worth noting:
 * insufficient_balance is 402 (the seed's "please charge"), hold_expired is 410,
 * invalid_amount and balance_limit are 422 (well-formed but outside the wallet's
 * limits), and another user's resources read as 404 (core reports *_not_found).
 * A token used on a schedule outside its sale is 403 not_in_sale; entering a
 * sold-out or closed sale is 409 (so is one an operator set to reject). An
 * operator's change against a stale ETag is 412, one without If-Match 428.
 */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  token_not_found: 404,
  token_not_active: 403,
  token_expired: 403,
  sale_not_found: 404,
  sale_exists: 409,
  not_in_sale: 403,
  sale_sold_out: 409,
  sale_closed: 409,
  sale_not_accepting: 409,
  version_conflict: 412,
  precondition_required: 428,
  concert_not_found: 404,
  schedule_not_found: 404,
  seat_unavailable: 409,
  hold_expired: 410,
  reservation_not_found: 404,
  reservation_not_held: 409,
  insufficient_balance: 402,
  invalid_amount: 422,
  balance_limit: 422,
  payment_not_found: 404,
  payment_in_progress: 409,
  payment_aborted: 409,
  catalog_conflict: 409,
  session_used: 409,
  refund_not_allowed: 403,
  payment_not_refundable: 409,
  refund_not_found: 404,
  purchase_limit: 409,
  waitlist_not_open: 409,
  waitlist_not_found: 404,
  validation_failed: 400,
  idempotency_conflict: 409,
  idempotency_mismatch: 422,
  idempotency_key_missing: 400,
  unauthorized: 401,
  not_found: 404,
  store_unavailable: 503,
};

/** Failures of the transport, not of the domain: core never sees or raises these. */
export const HTTP_STATUS_BY_CODE = {
  /** A role the route needs is missing from the bearer (core knows no roles). */
  forbidden: 403,
  method_not_allowed: 405,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  rate_limited: 429,
  pow_required: 403,
  pow_invalid: 403,
  /** An Admission-Pass that is forged, expired, or for another user, token or sale (gated reads). */
  pass_invalid: 403,
} as const;

export type HttpErrorCode = keyof typeof HTTP_STATUS_BY_CODE;

/** A transport failure with a stable code, answered as problem+json like a DomainError. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** Scalars shown in the problem, as DomainError's details are. */
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    /** Headers the answer carries (a rate limit's Retry-After and RateLimit). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.details = details;
  }
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_TYPE_BASE = 'https://boxoffice.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly requestId?: string;
  readonly [extension: string]: unknown;
}

/** Details that are safe to show: plain scalars and arrays of scalars, never nested objects or causes. */
function safeDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    if (['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId'].includes(k)) continue;
    const scalar = (x: unknown) => x === null || ['string', 'number', 'boolean'].includes(typeof x);
    if (scalar(v) || (Array.isArray(v) && v.every(scalar))) out[k] = v;
  }
  return out;
}

/** A problem for a domain error; anything else is an opaque 500 that never shows its message or stack. */
export function toProblem(error: unknown, requestId?: string): { problem: Problem; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (error instanceof DomainError || error instanceof HttpError) {
    const status = error instanceof HttpError ? HTTP_STATUS_BY_CODE[error.code] : (STATUS_BY_CODE[error.code] ?? 500);
    if (status === 503 || status === 429) headers['Retry-After'] = '1';
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
    // The rest of a cut-off body may still be on the wire: do not read it as a next request.
    if (status === 408 || status === 413) headers.Connection = 'close';
    if (error instanceof HttpError) Object.assign(headers, error.headers);
    return {
      problem: {
        type: PROBLEM_TYPE_BASE + error.code,
        title: TITLES[status] ?? 'Error',
        status,
        detail: error.message,
        code: error.code,
        ...(requestId ? { requestId } : {}),
        ...safeDetails(error.details),
      },
      headers,
    };
  }
  return {
    problem: {
      type: PROBLEM_TYPE_BASE + 'internal_error',
      title: TITLES[500] as string,
      status: 500,
      detail: 'An unexpected error occurred. It has been logged with this request id.',
      code: 'internal_error',
      ...(requestId ? { requestId } : {}),
    },
    headers,
  };
}
