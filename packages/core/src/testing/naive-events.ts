import type { DomainEvent, EventDraft } from '../events/domain-event.js';
import type { EventSink } from '../events/event-drafts.js';
import type { DeliveryLease, EventFeed, EventPage } from '../events/event-feed.js';
import { DomainError } from '../shared/errors.js';

export interface NaiveEventBugs {
  /** A page's cursor points one event too far: the first event of every next page is skipped. */
  readonly skippingCursor?: boolean;
  /** lease() grants the lease to anyone, so two hosts deliver at once. */
  readonly sharedLease?: boolean;
}

/** A deliberately simple outbox for the kit's self-tests: one array, the cursor an index. Correct with no bugs on. */
export class NaiveEventLog implements EventFeed, EventSink {
  private readonly log: DomainEvent[] = [];
  private readonly leases = new Map<string, { owner: string | null; until: number; cursor: string | null }>();

  constructor(private readonly bugs: NaiveEventBugs = {}) {}

  append(...events: EventDraft[]): void {
    for (const e of events) this.log.push({ ...e, id: `n${this.log.length + 1}` } as DomainEvent);
  }

  async read(cursor: string | null, limit: number): Promise<EventPage> {
    const from = cursor === null ? 0 : Number(cursor);
    if (cursor !== null && (!/^\d+$/.test(cursor) || from > this.log.length)) throw new DomainError('validation_failed', 'Unknown events cursor.');
    const events = this.log.slice(from, from + limit).map((e) => structuredClone(e));
    const next = from + events.length + (this.bugs.skippingCursor && events.length > 0 ? 1 : 0);
    return { events, next: String(Math.min(next, this.log.length)) };
  }

  async lease(name: string, owner: string, now: number, ttlMs: number): Promise<DeliveryLease | null> {
    const lease = this.leases.get(name) ?? { owner: null, until: 0, cursor: null };
    if (!this.bugs.sharedLease && lease.owner !== null && lease.owner !== owner && lease.until > now) return null;
    this.leases.set(name, { ...lease, owner, until: now + ttlMs });
    return { cursor: lease.cursor, until: now + ttlMs };
  }

  async commit(name: string, owner: string, cursor: string, now: number): Promise<boolean> {
    const lease = this.leases.get(name);
    if (!lease || (!this.bugs.sharedLease && (lease.owner !== owner || lease.until <= now))) return false;
    lease.cursor = cursor;
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    const lease = this.leases.get(name);
    if (lease?.owner === owner) this.leases.set(name, { ...lease, owner: null, until: 0 });
  }
}
