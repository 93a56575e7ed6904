import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '@boxoffice/core';
import type { RedisKeys } from './keys.js';
import type { Scripts } from './scripts.js';

/**
 * Slack added to a record's Redis TTL. Logical expiry follows the caller's
 * clock; the TTL only bounds memory, so a skewed or simulated clock never
 * loses a record early.
 */
const TTL_SLACK_MS = 60 * 60 * 1000;

/** Idempotency-Key records in the user's tag (scope = userId), one hash per key. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
  ) {}

  async begin(scope: string, key: string, fingerprint: string, now: number, ttlMs: number): Promise<IdempotencyBegin> {
    const reply = (await this.scripts.raw('idempotency-begin', [this.keys.user(scope).idempotency(key)], [
      fingerprint,
      now,
      now + Math.ceil(ttlMs),
      Math.ceil(ttlMs) + TTL_SLACK_MS,
    ])) as [string, unknown?];
    switch (reply[0]) {
      case 'replay':
        return { outcome: 'replay', response: JSON.parse(String(reply[1])) as StoredResponse };
      case 'mismatch':
        return { outcome: 'mismatch' };
      case 'in_progress':
        return { outcome: 'in_progress' };
      default:
        return { outcome: 'started' };
    }
  }

  async renew(scope: string, key: string, now: number, ttlMs: number): Promise<boolean> {
    const reply = await this.scripts.raw('idempotency-end', [this.keys.user(scope).idempotency(key)], [
      'renew',
      now,
      now + Math.ceil(ttlMs),
      Math.ceil(ttlMs) + TTL_SLACK_MS,
    ]);
    return reply === 1;
  }

  async finish(scope: string, key: string, response: StoredResponse, now: number, ttlMs: number): Promise<void> {
    await this.scripts.raw('idempotency-end', [this.keys.user(scope).idempotency(key)], [
      'finish',
      JSON.stringify(response),
      now + Math.ceil(ttlMs),
      Math.ceil(ttlMs) + TTL_SLACK_MS,
    ]);
  }

  async abandon(scope: string, key: string): Promise<void> {
    await this.scripts.raw('idempotency-end', [this.keys.user(scope).idempotency(key)], ['abandon', '', '', '']);
  }
}
