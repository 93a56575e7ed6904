import { DomainError, isDomainError, storeUnavailable } from '@boxoffice/core';
import {
  MongoError,
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';

/** Duplicate key: a unique index refused the write. */
export const DUPLICATE_KEY = 11000;

/**
 * Server codes that mean "this server cannot serve the operation now": the
 * primary stepped down or is shutting down, or the node is unreachable. The
 * outcome of the operation is unknown or it did nothing; callers may retry.
 */
export const UNAVAILABLE_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  64, // WriteConcernFailed (wtimeoutMS passed): the write may or may not have reached a majority
  50, // MaxTimeMSExpired: a time limit passed on the server
  134, // ReadConcernMajorityNotAvailableYet: a new primary has no majority snapshot yet
  11601, // Interrupted: killOp or a step-down interrupted the operation
  43, // CursorNotFound: a follow-up batch after a failover or a killed cursor
  175, // QueryPlanKilled: the same, for a plan killed under the query
]);

/**
 * Write or update that would make a document larger than MongoDB's 16 MiB:
 * 17419 (update result too large), 10334 (BSONObjectTooLarge), 10328 (a
 * document too large to insert). The server refused it, so nothing changed.
 */
export const TOO_LARGE_CODES: ReadonlySet<number> = new Set([17419, 10334, 10328]);

const UNAVAILABLE_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'UnknownTransactionCommitResult'];

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** Whether a driver error means the store did not answer (core's store_unavailable). */
export function isUnavailable(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoOperationTimeoutError ||
    // The write happened on the primary but a majority did not confirm it in wtimeoutMS: outcome unknown.
    error instanceof MongoWriteConcernError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
  ) {
    return true;
  }
  if (!(error instanceof MongoError)) return false;
  if (UNAVAILABLE_LABELS.some((label) => error.hasErrorLabel(label))) return true;
  return typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code);
}

/** Whether the server (or the driver, before sending) refused a document over 16 MiB. */
export function isTooLarge(error: unknown): boolean {
  if (error instanceof MongoServerError && typeof error.code === 'number' && TOO_LARGE_CODES.has(error.code)) return true;
  // A bulk write checks maxBsonObjectSize in the driver before it sends anything.
  return error instanceof MongoInvalidArgumentError && /larger than the maximum size/.test(error.message);
}

/**
 * Domain errors pass through; connection faults, step-downs and timeouts become
 * store_unavailable; a document over 16 MiB is a typed refusal; the rest is a bug.
 */
export function mapError(error: unknown): unknown {
  if (isDomainError(error)) return error;
  if (isUnavailable(error)) return storeUnavailable(error);
  if (isTooLarge(error)) {
    return new DomainError('validation_failed', 'This change would make a stored document larger than MongoDB allows (16 MiB).', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  return error;
}

/** Runs one port call with its driver errors mapped. */
export async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapError(error);
  }
}
