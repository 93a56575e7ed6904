import type { IdGenerator } from '../shared/ids.js';

/**
 * Deterministic ids for tests: `<prefix>i<n>` and `<prefix>t<n>`. Give each
 * test its own prefix, so that ids stay unique in a store that outlives the test.
 */
export class SequenceIds implements IdGenerator {
  private n = 0;

  constructor(private readonly prefix = 'seq') {}

  newToken(): string {
    return `${this.prefix}t${String(++this.n).padStart(6, '0')}`;
  }

  newId(): string {
    return `${this.prefix}i${String(++this.n).padStart(6, '0')}`;
  }
}

/** URL-safe base64 of `n` bytes from Web Crypto (a global in Node 20; the kit imports no node builtins). */
function randomBase64url(n: number): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(n));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * 128-bit tokens and 96-bit ids from a secure generator, recording what it issued so a check can compare
 * (`record: false` for a million tokens in a bench).
 */
export class RandomIds implements IdGenerator {
  readonly issuedTokens: string[] = [];

  constructor(private readonly options: { readonly record?: boolean } = {}) {}

  newToken(): string {
    const token = randomBase64url(16);
    if (this.options.record !== false) this.issuedTokens.push(token);
    return token;
  }

  newId(): string {
    return randomBase64url(12);
  }
}

/** A short random tag for one test run, so runs against a persistent store never collide. */
export function runTag(): string {
  return [...globalThis.crypto.getRandomValues(new Uint8Array(3))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
