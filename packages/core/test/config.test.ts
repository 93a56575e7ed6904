import { DEFAULT_CONFIG, DomainError, createConfig, type BoxofficeConfig } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';

/** Runs `fn`, expects a DomainError, and hands it back for closer checks. */
function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

const INTEGER_KEYS = ['maxActive', 'admitPerMinute', 'maxSeatsPerReservation', 'maxSeatsPerUser', 'maxCharge', 'maxBalance', 'tickBatch'] as const;
const SECONDS_KEYS = ['sessionTtl', 'idleTimeout', 'holdTtl', 'paymentRecoveryTimeout'] as const;

describe('createConfig: defaults (SPEC "Configuration")', () => {
  it('with no overrides is the documented defaults', () => {
    const config = createConfig();
    expect(config).toEqual({
      maxActive: 100,
      admitPerMinute: 600,
      admissionRampSeconds: 0,
      sessionTtl: 600,
      idleTimeout: 60,
      holdTtl: 300,
      payGraceSeconds: 30,
      maxSeatsPerReservation: 4,
      maxSeatsPerUser: 4,
      maxCharge: 10_000_000,
      maxBalance: 100_000_000,
      paymentRecoveryTimeout: 30,
      tickBatch: 1000,
      lineMemoryTokens: 100_000,
    });
    expect(createConfig({})).toEqual(DEFAULT_CONFIG);
  });

  it('returns a frozen object, and DEFAULT_CONFIG itself is frozen', () => {
    expect(Object.isFrozen(createConfig())).toBe(true);
    expect(Object.isFrozen(createConfig({ maxActive: 5 }))).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
  });

  it('merges overrides onto the defaults and leaves DEFAULT_CONFIG alone', () => {
    const config = createConfig({ maxActive: 7, holdTtl: 1.5 });
    expect(config.maxActive).toBe(7);
    expect(config.holdTtl).toBe(1.5);
    expect(config.admitPerMinute).toBe(600);
    expect(DEFAULT_CONFIG.maxActive).toBe(100);
    expect(DEFAULT_CONFIG.holdTtl).toBe(300);
  });

  it('treats an override of undefined as absent: the default stays', () => {
    const config = createConfig({ maxActive: undefined, sessionTtl: undefined, maxBalance: undefined } as Partial<BoxofficeConfig>);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(createConfig({ maxActive: undefined, tickBatch: 3 } as Partial<BoxofficeConfig>)).toEqual({ ...DEFAULT_CONFIG, tickBatch: 3 });
  });
});

describe('createConfig: admissionRampSeconds', () => {
  it('takes 0 to 60 seconds and refuses the rest, naming the key', () => {
    expect(createConfig({ admissionRampSeconds: 60 }).admissionRampSeconds).toBe(60);
    for (const bad of [-1, 61, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createConfig({ admissionRampSeconds: bad })).toThrow(/admissionRampSeconds must be 0 to 60/);
    }
  });
});

describe('createConfig: lineMemoryTokens', () => {
  it('takes 0 (off) or a positive integer and refuses the rest, naming the key', () => {
    expect(createConfig({ lineMemoryTokens: 0 }).lineMemoryTokens).toBe(0);
    expect(createConfig({ lineMemoryTokens: 1_000_000 }).lineMemoryTokens).toBe(1_000_000);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(domainErrorOf(() => createConfig({ lineMemoryTokens: bad }))).toMatchObject({ code: 'validation_failed', details: { key: 'lineMemoryTokens' } });
    }
  });
});

describe('createConfig: unknown keys', () => {
  it('rejects one unknown key, naming it', () => {
    const error = domainErrorOf(() => createConfig({ maxActiv: 5 } as unknown as Partial<BoxofficeConfig>));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ keys: ['maxActiv'] });
    expect(error.message).toBe('Unknown configuration key: maxActiv');
  });

  it('rejects several unknown keys, listing every one, even next to valid keys', () => {
    const error = domainErrorOf(() => createConfig({ maxActive: 5, foo: 1, bar: undefined } as unknown as Partial<BoxofficeConfig>));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ keys: ['foo', 'bar'] });
    expect(error.message).toBe('Unknown configuration key: foo, bar');
  });

  it('accepts every known key', () => {
    const all: BoxofficeConfig = { ...DEFAULT_CONFIG };
    expect(createConfig(all)).toEqual(DEFAULT_CONFIG);
  });
});

describe('createConfig: counts must be positive safe integers', () => {
  for (const key of INTEGER_KEYS) {
    describe(key, () => {
      it('accepts 1 (the smallest positive integer)', () => {
        // maxCharge may not exceed maxBalance, so lowering maxBalance lowers maxCharge with it.
        const overrides: Partial<BoxofficeConfig> = key === 'maxBalance' ? { maxBalance: 1, maxCharge: 1 } : { [key]: 1 };
        expect(createConfig(overrides)[key]).toBe(1);
      });

      for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '5', null]) {
        it(`rejects ${String(bad)}${typeof bad === 'string' ? ' (a string)' : ''}`, () => {
          const error = domainErrorOf(() => createConfig({ [key]: bad } as unknown as Partial<BoxofficeConfig>));
          expect(error.code).toBe('validation_failed');
          expect(error.details).toEqual({ key });
          expect(error.message).toBe(`${key} must be a positive integer, got ${String(bad)}`);
        });
      }
    });
  }

  it('rejects a count above Number.MAX_SAFE_INTEGER', () => {
    const error = domainErrorOf(() => createConfig({ maxActive: Number.MAX_SAFE_INTEGER + 1 }));
    expect(error.details).toEqual({ key: 'maxActive' });
  });
});

describe('createConfig: durations must be positive finite seconds', () => {
  for (const key of SECONDS_KEYS) {
    describe(key, () => {
      it('accepts fractions of a second and large values', () => {
        expect(createConfig({ [key]: 0.001 })[key]).toBe(0.001);
        expect(createConfig({ [key]: 1 })[key]).toBe(1);
        expect(createConfig({ [key]: 86_400 * 365 })[key]).toBe(86_400 * 365);
      });

      for (const bad of [0, -0.5, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '30', null]) {
        it(`rejects ${String(bad)}${typeof bad === 'string' ? ' (a string)' : ''}`, () => {
          const error = domainErrorOf(() => createConfig({ [key]: bad } as unknown as Partial<BoxofficeConfig>));
          expect(error.code).toBe('validation_failed');
          expect(error.details).toEqual({ key });
          expect(error.message).toBe(`${key} must be a positive number of seconds, got ${String(bad)}`);
        });
      }
    });
  }
});

describe('createConfig: charge and balance limits', () => {
  it('accepts maxCharge equal to maxBalance', () => {
    const config = createConfig({ maxCharge: 500, maxBalance: 500 });
    expect(config.maxCharge).toBe(500);
    expect(config.maxBalance).toBe(500);
  });

  it('rejects maxCharge one above maxBalance', () => {
    const error = domainErrorOf(() => createConfig({ maxCharge: 501, maxBalance: 500 }));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ key: 'maxCharge' });
    expect(error.message).toBe('maxCharge must not exceed maxBalance');
  });

  it('rejects a default maxCharge over a lowered maxBalance', () => {
    const error = domainErrorOf(() => createConfig({ maxBalance: DEFAULT_CONFIG.maxCharge - 1 }));
    expect(error.details).toEqual({ key: 'maxCharge' });
  });

  it('accepts maxBalance of exactly Number.MAX_SAFE_INTEGER', () => {
    expect(createConfig({ maxBalance: Number.MAX_SAFE_INTEGER }).maxBalance).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects maxBalance above Number.MAX_SAFE_INTEGER', () => {
    const error = domainErrorOf(() => createConfig({ maxBalance: Number.MAX_SAFE_INTEGER + 2 }));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ key: 'maxBalance' });
  });
});
