import { randomBytes } from 'node:crypto';
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

/** 128-bit tokens and 96-bit ids from node:crypto, recording what it issued so a check can compare. */
export class RandomIds implements IdGenerator {
  readonly issuedTokens: string[] = [];

  newToken(): string {
    const token = randomBytes(16).toString('base64url');
    this.issuedTokens.push(token);
    return token;
  }

  newId(): string {
    return randomBytes(12).toString('base64url');
  }
}

/** A short random tag for one test run, so runs against a persistent store never collide. */
export function runTag(): string {
  return randomBytes(3).toString('hex');
}
