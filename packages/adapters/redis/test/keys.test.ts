import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyPart, RedisKeys } from '../src/keys.js';

// Issue 11, bug 4: keyPart encoded UTF-8, which maps every lone surrogate to U+FFFD, so the JWT subjects
// `victim\ud800`, `victim\ufffd` and `victim\udfff` shared one wallet and one queue token.

/** Any JS string, lone surrogates included (fast-check's 'binary' units are arbitrary UTF-16 code units). */
const anyString = fc.string({ unit: 'binary', maxLength: 40 });

describe('keyPart', () => {
  it('keeps ids that differ only in a lone surrogate apart', () => {
    const parts = ['victim\ud800', 'victim\ufffd', 'victim\udfff', 'victim'].map(keyPart);
    expect(new Set(parts).size).toBe(4);
  });

  it('is injective over arbitrary strings, lone surrogates included', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        fc.pre(a !== b);
        expect(keyPart(a)).not.toBe(keyPart(b));
      }),
      { numRuns: 5_000 },
    );
  });

  it('never yields a hash tag brace or the key separator, and keeps well-formed ids where they were', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(keyPart(s)).not.toMatch(/[{}:]/);
      }),
    );
    // Stored keys do not move for ids that were already encoded correctly.
    expect(keyPart('alice')).toBe('alice');
    expect(keyPart('zoë')).toBe(`~${Buffer.from('zoë', 'utf8').toString('base64url')}`);
  });

  it('gives two users whose ids differ only in a lone surrogate different wallets', () => {
    const keys = new RedisKeys('t');
    expect(keys.user('victim\ud800').balance).not.toBe(keys.user('victim\ufffd').balance);
  });
});
