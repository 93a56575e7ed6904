import type { ErrorCode } from '@boxoffice/core';
import { DomainError, ERROR_CODES, storeUnavailable } from '@boxoffice/core';

/** What the scripts return: a leading status ('ok', 'none', or an error code) and its values. */
export type ScriptReply = [string, ...unknown[]];

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  seat_unavailable: 'Some of these seats are not available.',
  hold_expired: 'This hold has expired.',
  reservation_not_found: 'No such reservation.',
  reservation_not_held: 'This reservation is not held.',
  payment_in_progress: 'This hold is being paid for.',
  payment_not_found: 'No such payment.',
  payment_aborted: 'This payment was rolled back.',
  payment_not_refundable: 'Only a completed payment is refunded.',
  refund_not_found: 'No such refund.',
  insufficient_balance: 'The wallet balance is short.',
  balance_limit: 'The balance would pass its limit.',
  idempotency_mismatch: 'This idempotency key was used for another amount.',
  validation_failed: 'Unknown history cursor.',
};

const CODES = new Set<string>(ERROR_CODES);

/**
 * The one mapping from a script's status code to core's typed errors. Returns
 * the reply when it is 'ok' or 'none'; throws the DomainError otherwise.
 */
export function checkReply(reply: ScriptReply): ScriptReply {
  const [status, ...rest] = reply;
  if (status === 'ok' || status === 'none') return reply;
  if (!CODES.has(status)) throw new Error(`Unexpected script status ${JSON.stringify(status)}`);
  const code = status as ErrorCode;
  const info = details(code, rest);
  throw new DomainError(code, message(code, info), info);
}

function message(code: ErrorCode, info: Record<string, unknown>): string {
  if (code === 'seat_unavailable') return `Seat ${(info.seats as number[]).join(', ')} is not available.`;
  if (code === 'balance_limit') return `The balance may not exceed ${String(info.maxBalance)}.`;
  return MESSAGES[code] ?? code;
}

function details(code: ErrorCode, rest: unknown[]): Record<string, unknown> {
  switch (code) {
    case 'seat_unavailable': {
      const seats = rest.map(Number).sort((a, b) => a - b);
      return { seats };
    }
    case 'balance_limit':
      return { balance: Number(rest[0]), maxBalance: Number(rest[1]) };
    case 'insufficient_balance':
      return { balance: Number(rest[0]), amount: Number(rest[1]) };
    case 'reservation_not_held':
    case 'payment_not_refundable':
      return rest[0] === undefined ? {} : { state: String(rest[0]) };
    default:
      return {};
  }
}

/** Server replies that mean "not now", never "done": the command did not run. */
const UNAVAILABLE_REPLIES = ['CLUSTERDOWN', 'LOADING', 'TRYAGAIN', 'MASTERDOWN', 'READONLY', 'BUSY', 'OOM', 'MOVED', 'ASK', 'NOREPLICAS', 'MISCONF'];

/**
 * Maps a fault from ioredis to `store_unavailable`: a lost or refused
 * connection, a timeout, the offline queue being off, a node that is loading or
 * down. DomainErrors pass through. A script error (a bug) is rethrown as is.
 */
export function toStoreError(error: unknown): Error {
  if (error instanceof DomainError) return error;
  if (!(error instanceof Error)) return storeUnavailable(error);
  if (error.name === 'ReplyError') {
    const first = error.message.split(' ', 1)[0] ?? '';
    return UNAVAILABLE_REPLIES.includes(first) ? storeUnavailable(error) : error;
  }
  // Connection closed, ECONNREFUSED, "Stream isn't writeable", command timeouts, MaxRetriesPerRequestError,
  // ClusterAllFailedError, "Cluster is ended.", too many redirections: nothing was confirmed.
  return storeUnavailable(error);
}
