/** Stable codes of expected business failures. Clients match on these. */
export const ERROR_CODES = [
  // queue
  'token_not_found',
  'token_not_active',
  'token_expired',
  // sales
  'sale_not_found',
  'sale_exists',
  'not_in_sale',
  'sale_sold_out',
  'sale_closed',
  'sale_not_accepting',
  // operators: a change made against a stale version (412), or without one (428)
  'version_conflict',
  'precondition_required',
  // catalog
  'concert_not_found',
  'schedule_not_found',
  'catalog_conflict',
  // seats and reservations
  'seat_unavailable',
  'hold_expired',
  'reservation_not_found',
  'reservation_not_held',
  // wallet and payment
  'insufficient_balance',
  'invalid_amount',
  'balance_limit',
  'payment_not_found',
  'payment_in_progress',
  'payment_aborted',
  'session_used',
  // refunds
  'refund_not_allowed',
  'payment_not_refundable',
  'refund_not_found',
  // fair play
  'purchase_limit',
  // waiting list: joined before the sale sold out (409); no place on the list (404)
  'waitlist_not_open',
  'waitlist_not_found',
  // requests
  'validation_failed',
  'idempotency_conflict',
  'idempotency_mismatch',
  'idempotency_key_missing',
  'unauthorized',
  'not_found',
  // infrastructure
  'store_unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure with a stable code. It never means stored state changed. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** A broken invariant: a bug in core or an adapter, never a business outcome. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/** Adapters wrap connection and server faults with this, so callers can retry. */
export function storeUnavailable(cause: unknown): DomainError {
  const error = new DomainError('store_unavailable', 'The store did not answer; nothing was confirmed. Retry later.');
  (error as { cause?: unknown }).cause = cause;
  return error;
}
