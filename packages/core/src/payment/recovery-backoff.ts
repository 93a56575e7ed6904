import { isDomainError } from '../shared/errors.js';

const BASE_MS = 1_000;
const MAX_MS = 60_000;
const MAX_ENTRIES = 1_000;

/** The error code, or the error's name for an unexpected one. */
export function failureCode(error: unknown): string {
  if (isDomainError(error)) return error.code;
  return error instanceof Error ? error.name : 'unknown';
}

/**
 * A recovery sweep's memory of the items (payments, refunds) whose recovery
 * failed in this process, and when to try each again: exponential backoff, so
 * items that keep failing, which list first (oldest first), cannot take the
 * whole batch on every tick and starve newer ones. Bounded; the oldest entry
 * goes first.
 */
export class RecoveryBackoff {
  private readonly retryAt = new Map<string, { attempts: number; at: number }>();

  /** How many items the sweep lists: a batch past the ones backing off. */
  listLimit(batch: number): number {
    return batch + this.retryAt.size;
  }

  /**
   * The listed items to try now, at most `batch`. A list shorter than `limit`
   * is every item left: one backing off that is not in it settled elsewhere
   * (its owner's retry, another host), so its entry goes rather than waiting
   * to be evicted.
   */
  due<T extends { readonly id: string }>(listed: readonly T[], limit: number, batch: number, now: number): T[] {
    if (listed.length < limit) {
      const left = new Set(listed.map((x) => x.id));
      for (const id of this.retryAt.keys()) if (!left.has(id)) this.retryAt.delete(id);
    }
    return listed.filter((x) => (this.retryAt.get(x.id)?.at ?? 0) <= now).slice(0, batch);
  }

  succeeded(id: string): void {
    this.retryAt.delete(id);
  }

  /** Records a failed attempt: how many so far and how long until the next. */
  failed(id: string, now: number): { attempts: number; retryInMs: number } {
    const attempts = (this.retryAt.get(id)?.attempts ?? 0) + 1;
    const retryInMs = Math.min(MAX_MS, BASE_MS * 2 ** (attempts - 1));
    this.retryAt.delete(id);
    this.retryAt.set(id, { attempts, at: now + retryInMs });
    if (this.retryAt.size > MAX_ENTRIES) this.retryAt.delete(this.retryAt.keys().next().value!);
    return { attempts, retryInMs };
  }

  /** How many items this process is backing off from. */
  get size(): number {
    return this.retryAt.size;
  }
}
