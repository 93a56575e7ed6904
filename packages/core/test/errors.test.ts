import { DomainError, ERROR_CODES, InvariantViolation, invariant, isDomainError, storeUnavailable } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';

describe('ERROR_CODES', () => {
  it('holds every code SPEC.md names, once each', () => {
    // SPEC's example `not_owner` is not one: another user's resource answers *_not_found, exactly as a
    // missing one does, so ids cannot be probed.
    expect(ERROR_CODES).not.toContain('not_owner');
    const spec = [
      'token_not_found', 'token_not_active', 'token_expired',
      'seat_unavailable', 'hold_expired', 'reservation_not_found',
      'insufficient_balance', 'invalid_amount', 'balance_limit',
      'validation_failed', 'idempotency_conflict',
    ];
    for (const code of spec) expect(ERROR_CODES).toContain(code);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});

describe('DomainError', () => {
  it('carries its code, message and details, and is an Error named DomainError', () => {
    const error = new DomainError('seat_unavailable', 'Seat 3 is taken.', { seats: [3] });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('seat_unavailable');
    expect(error.message).toBe('Seat 3 is taken.');
    expect(error.details).toEqual({ seats: [3] });
    expect(String(error)).toBe('DomainError: Seat 3 is taken.');
    expect(error.stack).toContain('DomainError');
  });

  it('defaults details to an empty object', () => {
    const error = new DomainError('not_found', 'nothing here');
    expect(error.details).toEqual({});
  });
});

describe('isDomainError', () => {
  const error = new DomainError('hold_expired', 'The hold expired.');

  it('is true for any DomainError when no code is asked for', () => {
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, undefined)).toBe(true);
  });

  it('is true only for the matching code when one is asked for', () => {
    expect(isDomainError(error, 'hold_expired')).toBe(true);
    expect(isDomainError(error, 'seat_unavailable')).toBe(false);
  });

  it('is false for anything that is not a DomainError, even when it looks like one', () => {
    expect(isDomainError(new Error('hold_expired'))).toBe(false);
    expect(isDomainError(new InvariantViolation('x'))).toBe(false);
    expect(isDomainError({ name: 'DomainError', code: 'hold_expired', message: 'x', details: {} })).toBe(false);
    expect(isDomainError({ name: 'DomainError', code: 'hold_expired' }, 'hold_expired')).toBe(false);
    expect(isDomainError(null)).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
    expect(isDomainError('hold_expired')).toBe(false);
  });
});

describe('InvariantViolation and invariant()', () => {
  it('InvariantViolation is an Error named InvariantViolation, not a DomainError', () => {
    const error = new InvariantViolation('broken');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvariantViolation');
    expect(error.message).toBe('broken');
    expect(String(error)).toBe('InvariantViolation: broken');
    expect(error).not.toBeInstanceOf(DomainError);
  });

  it('passes silently on truthy conditions', () => {
    for (const ok of [true, 1, 'x', {}, [], -1]) expect(() => invariant(ok, 'never')).not.toThrow();
    expect(invariant(true, 'never')).toBeUndefined();
  });

  it('throws an InvariantViolation with the message on falsy conditions', () => {
    for (const bad of [false, 0, '', null, undefined, Number.NaN]) {
      let caught: unknown;
      try {
        invariant(bad, `bad ${String(bad)}`);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvariantViolation);
      expect((caught as InvariantViolation).message).toBe(`bad ${String(bad)}`);
    }
  });
});

describe('storeUnavailable', () => {
  it('wraps the cause in a store_unavailable DomainError that tells the caller to retry', () => {
    const cause = new Error('ECONNREFUSED');
    const error = storeUnavailable(cause);
    expect(error).toBeInstanceOf(DomainError);
    expect(isDomainError(error, 'store_unavailable')).toBe(true);
    expect(error.code).toBe('store_unavailable');
    expect(error.details).toEqual({});
    expect((error as { cause?: unknown }).cause).toBe(cause);
    expect(error.message).toBe('The store did not answer; nothing was confirmed. Retry later.');
    expect(error.message).toMatch(/retry/i);
  });

  it('keeps a cause that is not an Error as is', () => {
    expect((storeUnavailable('timeout') as { cause?: unknown }).cause).toBe('timeout');
  });
});
