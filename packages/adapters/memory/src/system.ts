import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '@boxoffice/core';

/** The wall clock, for production wiring. Core itself never reads it. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/** Tokens of 128 random bits and ids of 96, from the OS's secure generator, base64url. */
export class CryptoIdGenerator implements IdGenerator {
  newToken(): string {
    return randomBytes(16).toString('base64url');
  }

  newId(): string {
    return randomBytes(12).toString('base64url');
  }
}
