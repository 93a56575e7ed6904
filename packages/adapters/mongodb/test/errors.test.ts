import { DomainError, isDomainError } from '@boxoffice/core';
import {
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoWriteConcernError,
} from 'mongodb';
import { describe, expect, it } from 'vitest';
import { guarded, isDuplicateKey, isTooLarge, isUnavailable, mapError } from '../src/errors.js';

// Error mapping over the driver's own error classes (constructed here, not mocked): no server needed.

const serverError = (code: number, errorLabels: string[] = []) => new MongoServerError({ message: `code ${code}`, code, errorLabels });

describe('driver errors', () => {
  it('duplicate key is 11000 from the server, nothing else', () => {
    expect(isDuplicateKey(serverError(11000))).toBe(true);
    expect(isDuplicateKey(serverError(11001))).toBe(false);
    expect(isDuplicateKey(new Error('E11000'))).toBe(false);
  });

  it('network faults, server selection, step-down and shutdown are store_unavailable', () => {
    expect(isUnavailable(new MongoNetworkError('socket closed'))).toBe(true);
    expect(isUnavailable(new MongoServerSelectionError('no primary', { type: 'Unknown', servers: new Map() } as never))).toBe(true);
    for (const code of [10107, 13435, 11602, 189, 91, 11600]) expect(isUnavailable(serverError(code))).toBe(true);
    expect(isUnavailable(serverError(2, ['RetryableWriteError']))).toBe(true);
    expect(isUnavailable(serverError(112, ['TransientTransactionError']))).toBe(true);
  });

  it('other server errors are not: they are bugs to surface', () => {
    expect(isUnavailable(serverError(11000))).toBe(false);
    expect(isUnavailable(serverError(2))).toBe(false);
    expect(isUnavailable(new TypeError('x'))).toBe(false);
  });

  it('mapError keeps domain errors, wraps unavailability with its cause, passes the rest', () => {
    const domain = new DomainError('seat_unavailable', 'taken');
    expect(mapError(domain)).toBe(domain);
    const net = new MongoNetworkError('reset');
    const mapped = mapError(net);
    expect(isDomainError(mapped, 'store_unavailable')).toBe(true);
    expect((mapped as { cause?: unknown }).cause).toBe(net);
    const bug = serverError(2);
    expect(mapError(bug)).toBe(bug);
  });

  it('guarded maps what its body throws', async () => {
    await expect(guarded(() => Promise.reject(serverError(10107)))).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(guarded(async () => 5)).resolves.toBe(5);
  });

  it('failover and timeout errors that would otherwise be 500s are store_unavailable', () => {
    // 134 read concern majority not yet available, 11601 interrupted, 43/175 a follow-up batch after failover, 50 max time.
    for (const code of [134, 11601, 43, 175, 50]) expect(isDomainError(mapError(serverError(code)), 'store_unavailable')).toBe(true);
    expect(isDomainError(mapError(new MongoOperationTimeoutError('Timed out after timeoutMS')), 'store_unavailable')).toBe(true);
  });

  it('a write concern timeout (wtimeoutMS passed without a majority) is store_unavailable', () => {
    const wce = new MongoWriteConcernError({
      ok: 1,
      n: 1,
      writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } },
    } as never);
    expect(wce).toBeInstanceOf(MongoServerError);
    expect(isDomainError(mapError(wce), 'store_unavailable')).toBe(true);
    // Any other write concern failure leaves the outcome just as unknown.
    const other = new MongoWriteConcernError({ ok: 1, writeConcernError: { code: 100, errmsg: 'unsatisfiable' } } as never);
    expect(isDomainError(mapError(other), 'store_unavailable')).toBe(true);
  });

  it('a document over 16 MiB is a typed refusal (nothing was written), not a 500', () => {
    for (const code of [17419, 10334, 10328]) {
      expect(isTooLarge(serverError(code))).toBe(true);
      expect(isDomainError(mapError(serverError(code)), 'validation_failed')).toBe(true);
    }
    expect(isTooLarge(new MongoInvalidArgumentError('Document is larger than the maximum size 16777216'))).toBe(true);
    expect(isTooLarge(new MongoInvalidArgumentError('bad option'))).toBe(false);
    expect(isTooLarge(serverError(2))).toBe(false);
  });
});
