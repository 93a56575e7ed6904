import type { DomainEvent, EventType } from '../events/domain-event.js';
import type { CheckContext } from './check.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Does the event belong to this run (a shared store carries other runs' events)? */
export function ofRun(ctx: Pick<CheckContext, 'tag'>, e: DomainEvent): boolean {
  return [e.saleId, e.userId, e.scheduleId].some((id) => id !== null && id.startsWith(ctx.tag));
}

/** Reads the feed from where it stood when made: `take()` returns this run's events appended since the last take. */
export class EventTail {
  private cursor: string | null = null;

  private constructor(
    private readonly ctx: CheckContext,
    private readonly pageSize: number,
  ) {}

  /** A tail at the feed's current end. */
  static async at(ctx: CheckContext, pageSize = 50): Promise<EventTail> {
    const tail = new EventTail(ctx, pageSize);
    await tail.all();
    return tail;
  }

  /** This run's new events, in feed order. */
  async take(): Promise<DomainEvent[]> {
    return (await this.all()).filter((e) => ofRun(this.ctx, e));
  }

  /** The new events' types, for short assertions. */
  async types(): Promise<EventType[]> {
    return (await this.take()).map((e) => e.type);
  }

  /** Every new event of the store, page by page. */
  async all(): Promise<DomainEvent[]> {
    const feed = this.ctx.store.events;
    await sleep((feed.settleMs ?? 0) + 2);
    const events: DomainEvent[] = [];
    for (let pages = 0; pages < 10_000; pages++) {
      const page = await feed.read(this.cursor, this.pageSize);
      this.cursor = page.next;
      events.push(...page.events);
      if (page.events.length === 0) return events;
    }
    throw new Error('the feed never ends');
  }

  get position(): string | null {
    return this.cursor;
  }
}
