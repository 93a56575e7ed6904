import type { DomainEvent } from './domain-event.js';

/** One page of the feed. */
export interface EventPage {
  readonly events: readonly DomainEvent[];
  /**
   * Pass it as `cursor` for the next page. Always a cursor, never null: when
   * the page is empty it is the cursor that was passed in (or the start).
   */
  readonly next: string;
}

/** A delivery lease as `lease` grants it: the cursor saved under it, or null when nothing was saved yet. */
export interface DeliveryLease {
  readonly cursor: string | null;
  readonly until: number;
}

/**
 * The outbox read back: every partition's events merged behind one opaque
 * cursor, plus named delivery cursors guarded by leases (for webhooks shared
 * by several hosts). Appending is not part of this port: each mutating step of
 * the other ports appends its own events in its own atomic step.
 *
 * Guarantees of `read`: a reader that always passes the `next` it got sees
 * every retained event exactly once, in change order within each partition
 * (a user, a schedule, a queue), across host restarts; events of different
 * partitions may interleave in any order. An event is readable once its step
 * has returned (a store may hold back events younger than a short settle
 * delay so that no earlier one can still appear behind the cursor).
 */
export interface EventFeed {
  /** How long after its step returned an event may still be held back from `read` (0 or absent: readable at once). */
  readonly settleMs?: number;

  /**
   * Up to `limit` events after `cursor` (null: from the oldest retained).
   * Throws `validation_failed` for a cursor this store did not make.
   */
  read(cursor: string | null, limit: number): Promise<EventPage>;

  /**
   * Takes the delivery lease `name` for `owner` until `now + ttlMs` when it is
   * free (never taken, or lapsed at `now`) or already `owner`'s (a renewal).
   * Returns the lease with the cursor last committed under that name, or null
   * when another owner holds it. Atomic: of owners racing, one wins.
   */
  lease(name: string, owner: string, now: number, ttlMs: number): Promise<DeliveryLease | null>;

  /**
   * Saves `cursor` as the delivery cursor of `name` if `owner` holds its lease
   * at `now`; false (nothing saved) otherwise, so a host that lost its lease
   * never moves the cursor of the one that took over.
   */
  commit(name: string, owner: string, cursor: string, now: number): Promise<boolean>;

  /** Gives the lease up at once (a host shutting down) if `owner` holds it. The cursor stays. */
  releaseLease(name: string, owner: string): Promise<void>;
}
