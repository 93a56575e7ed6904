import { DomainError } from '../shared/errors.js';
import type { DeliveryLease, EventFeed, EventPage } from './event-feed.js';

/** Largest page a reader may ask for. */
export const MAX_EVENT_PAGE = 1000;

/** `boxoffice.events`: the feed read with its limits checked, and the delivery leases. */
export class EventService {
  constructor(private readonly feed: EventFeed) {}

  /** Up to `limit` (1..1000, default 100) events after `cursor`; `validation_failed` for a bad limit or cursor. */
  async read(cursor: string | null = null, limit = 100): Promise<EventPage> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE) {
      throw new DomainError('validation_failed', `limit is an integer from 1 to ${MAX_EVENT_PAGE}.`, { max: MAX_EVENT_PAGE });
    }
    if (cursor !== null && (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 4096)) {
      throw new DomainError('validation_failed', 'Unknown events cursor.');
    }
    return this.feed.read(cursor, limit);
  }

  lease(name: string, owner: string, now: number, ttlMs: number): Promise<DeliveryLease | null> {
    return this.feed.lease(name, owner, now, ttlMs);
  }

  commit(name: string, owner: string, cursor: string, now: number): Promise<boolean> {
    return this.feed.commit(name, owner, cursor, now);
  }

  releaseLease(name: string, owner: string): Promise<void> {
    return this.feed.releaseLease(name, owner);
  }
}
