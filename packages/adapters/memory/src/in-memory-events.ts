import type { DeliveryLease, DomainEvent, EventDraft, EventFeed, EventPage, EventSink } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';

/** Retained events by default: older ones are dropped, like a Redis stream's MAXLEN. */
export const DEFAULT_EVENT_RETENTION = 100_000;

/**
 * The memory store's outbox: one log for every partition, in append order
 * (which is change order, since no step awaits). The cursor is the sequence
 * number of the last event read, as a decimal string; event ids are `m<seq>`.
 */
export class InMemoryEventLog implements EventFeed, EventSink {
  /**
   * The retained events are log[head..]. Dropping the oldest moves `head`; the array is cut down only once `head`
   * reaches the retention, so a full log costs an append O(1) amortised. It used to splice the front off on every
   * append once full: a move of 100,000 entries an event (bench/README.md, "The memory store's event log").
   */
  private log: DomainEvent[] = [];
  private head = 0;
  /** Sequence number of log[head]. */
  private first = 1;
  private readonly leases = new Map<string, { owner: string | null; until: number; cursor: string | null }>();

  constructor(private readonly retention = DEFAULT_EVENT_RETENTION) {}

  /** Events retained. */
  get size(): number {
    return this.log.length - this.head;
  }

  append(...events: EventDraft[]): void {
    for (const draft of events) {
      const seq = this.first + this.size;
      this.log.push({ ...draft, id: `m${seq}` } as DomainEvent);
    }
    const excess = this.size - this.retention;
    if (excess > 0) {
      this.head += excess;
      this.first += excess;
      if (this.head >= this.retention) {
        this.log = this.log.slice(this.head);
        this.head = 0;
      }
    }
  }

  async read(cursor: string | null, limit: number): Promise<EventPage> {
    const after = cursor === null ? 0 : parseCursor(cursor, this.first + this.size - 1);
    const from = Math.max(after + 1, this.first);
    const at = this.head + from - this.first;
    const events = this.log.slice(at, at + limit).map(clone);
    const last = events.length > 0 ? from + events.length - 1 : after;
    return { events, next: String(last) };
  }

  async lease(name: string, owner: string, now: number, ttlMs: number): Promise<DeliveryLease | null> {
    const lease = this.leases.get(name) ?? { owner: null, until: 0, cursor: null };
    if (lease.owner !== null && lease.owner !== owner && lease.until > now) return null;
    const taken = { owner, until: now + ttlMs, cursor: lease.cursor };
    this.leases.set(name, taken);
    return { cursor: taken.cursor, until: taken.until };
  }

  async commit(name: string, owner: string, cursor: string, now: number): Promise<boolean> {
    const lease = this.leases.get(name);
    if (!lease || lease.owner !== owner || lease.until <= now) return false;
    lease.cursor = cursor;
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    const lease = this.leases.get(name);
    if (lease && lease.owner === owner) {
      lease.owner = null;
      lease.until = 0;
    }
  }
}

function parseCursor(cursor: string, last: number): number {
  const n = Number(cursor);
  if (!/^\d{1,15}$/.test(cursor) || n > last) throw new DomainError('validation_failed', 'Unknown events cursor.');
  return n;
}

const clone = (e: DomainEvent): DomainEvent => structuredClone(e);
