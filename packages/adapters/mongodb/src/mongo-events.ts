import type { DeliveryLease, EventDraft, EventFeed, EventPage } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import type { ClientSession, Collection } from 'mongodb';
import type { Steps } from './context.js';
import type { EventDoc, EventLeaseDoc } from './documents/events.js';
import {
  byPartition,
  decodeCursor,
  encodeCursor,
  eventDocs,
  eventFromDoc,
  FEED_HEAD,
  heldBy,
  partitionHead,
  sequencePlan,
  takeableLease,
  trimUpTo,
} from './documents/events.js';
import type { CounterDoc } from './documents/queue.js';
import { guarded, isDuplicateKey } from './errors.js';

/** Events kept per partition by default, like Redis's eventStreamMaxLen. */
export const DEFAULT_EVENTS_PER_PARTITION = 10_000;
/** Most unsequenced events one read gives feed places to. */
const SEQUENCE_BATCH = 2_000;

export const MONGO_OUTBOX_NEEDS_TRANSACTIONS =
  'the MongoDB outbox needs transactions (a replica set or mongos); this store runs without them';

/**
 * Where the steps append their events: inside the transaction of the change
 * (see documents/events.ts). Without transactions there is no outbox: an
 * event written beside a change in a separate write could exist without its
 * change, or the reverse, so `append` is given no session and writes nothing,
 * and the feed refuses every call (MongoEventsOff).
 */
export class MongoOutbox {
  /** Partition heads known to exist (this process made sure once). */
  private readonly heads = new Set<string>();

  constructor(
    private readonly counters: Collection<CounterDoc>,
    private readonly events: Collection<EventDoc>,
    private readonly steps: Steps,
    private readonly keep: number,
  ) {}

  /** Whether steps append events (the store runs transactions). */
  get enabled(): boolean {
    return this.steps.transactions;
  }

  /**
   * Runs a step that may append events to `partition`: in a transaction when
   * the store keeps an outbox, with the partition's head created first outside
   * it (racing first inserts of one head would otherwise abort each other).
   * Null: the partition is not known before the step (append then upserts it).
   */
  async run<T>(partition: string | null, body: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
    if (partition !== null) await this.prepare(partition);
    return this.steps.run(body);
  }

  /** Creates the head of `partition` if this process has not seen it yet. */
  async prepare(partition: string): Promise<void> {
    if (!this.enabled) return;
    const _id = partitionHead(partition);
    if (this.heads.has(_id)) return;
    await this.counters.updateOne({ _id }, { $setOnInsert: { seq: 0 } }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
    this.heads.add(_id);
  }

  /**
   * Appends the step's events in its transaction: per partition, one $inc of
   * the head (which write-locks it until the commit) and one insert. No
   * session: no transaction, no outbox (see the class).
   */
  async append(session: ClientSession | undefined, ...drafts: EventDraft[]): Promise<void> {
    if (!session || drafts.length === 0) return;
    for (const [partition, group] of byPartition(drafts)) {
      const head = await this.counters.findOneAndUpdate(
        { _id: partitionHead(partition) },
        { $inc: { seq: group.length } },
        { upsert: true, returnDocument: 'after', session, projection: { seq: 1 } },
      );
      if (!head) throw new Error(`the event head of ${partition} did not return a value`);
      await this.events.insertMany(eventDocs(partition, head.seq - group.length + 1, group), { session });
      const upTo = trimUpTo(head.seq, group.length, this.keep);
      if (upTo !== null) await this.events.deleteMany({ p: partition, s: { $lte: upTo } }, { session });
    }
  }
}

/** The feed over the outbox, and the delivery leases. */
export class MongoEvents implements EventFeed {
  constructor(
    private readonly counters: Collection<CounterDoc>,
    private readonly events: Collection<EventDoc>,
    private readonly leases: Collection<EventLeaseDoc>,
    private readonly steps: Steps,
  ) {}

  read(cursor: string | null, limit: number): Promise<EventPage> {
    return guarded(async () => {
      const after = cursor === null ? 0 : decodeCursor(cursor);
      await this.sequence();
      const docs = await this.events.find({ g: { $gt: after } }, { sort: { g: 1 }, limit }).toArray();
      const last = docs.at(-1);
      if (last?.g != null) return { events: docs.map(eventFromDoc), next: encodeCursor(last.g) };
      // An empty page: a cursor past the feed head is not one this store made.
      if (after > 0) {
        const head = await this.counters.findOne({ _id: FEED_HEAD }, { projection: { seq: 1 } });
        if (after > (head?.seq ?? 0)) throw new DomainError('validation_failed', 'Unknown events cursor.');
      }
      return { events: [], next: cursor ?? encodeCursor(0) };
    });
  }

  /**
   * Gives feed places to the oldest unsequenced events, in (partition, s)
   * order, in one transaction that first moves the feed head: racing readers
   * conflict there, so places commit in order and none is given twice.
   */
  private async sequence(): Promise<void> {
    const waiting = await this.events.findOne({ g: null }, { projection: { _id: 1 } });
    if (!waiting) return;
    await this.counters.updateOne({ _id: FEED_HEAD }, { $setOnInsert: { seq: 0 } }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
    await this.steps.run(async (session) => {
      const batch = await this.events
        .find({ g: null }, { session, sort: { p: 1, s: 1 }, limit: SEQUENCE_BATCH, projection: { _id: 1 } })
        .toArray();
      if (batch.length === 0) return;
      const head = await this.counters.findOneAndUpdate(
        { _id: FEED_HEAD },
        { $inc: { seq: batch.length } },
        { session, returnDocument: 'after', projection: { seq: 1 } },
      );
      if (!head) throw new Error('the feed head did not return a value');
      const plan = sequencePlan(
        batch.map((d) => d._id),
        head.seq,
      );
      await this.events.bulkWrite(
        plan.map(({ _id, g }) => ({ updateOne: { filter: { _id, g: null }, update: { $set: { g } } } })),
        { session, ordered: true },
      );
    });
  }

  lease(name: string, owner: string, now: number, ttlMs: number): Promise<DeliveryLease | null> {
    return guarded(async () => {
      try {
        const doc = await this.leases.findOneAndUpdate(
          takeableLease(name, owner, now),
          { $set: { owner, until: now + ttlMs }, $setOnInsert: { cursor: null } },
          { upsert: true, returnDocument: 'after' },
        );
        return doc ? { cursor: doc.cursor ?? null, until: doc.until } : null;
      } catch (error) {
        // The lease exists and another owner holds it: the upsert met the _id index.
        if (isDuplicateKey(error)) return null;
        throw error;
      }
    });
  }

  commit(name: string, owner: string, cursor: string, now: number): Promise<boolean> {
    return guarded(async () => (await this.leases.updateOne(heldBy(name, owner, now), { $set: { cursor } })).matchedCount === 1);
  }

  releaseLease(name: string, owner: string): Promise<void> {
    return guarded(async () => {
      await this.leases.updateOne({ _id: name, owner }, { $set: { owner: null, until: 0 } });
    });
  }
}

/**
 * The feed of a store without transactions: every call fails plainly
 * (store_unavailable), so a host never delivers a feed that misses events.
 */
export class MongoEventsOff implements EventFeed {
  read(): Promise<EventPage> {
    return refuse();
  }

  lease(): Promise<DeliveryLease | null> {
    return refuse();
  }

  commit(): Promise<boolean> {
    return refuse();
  }

  releaseLease(): Promise<void> {
    return refuse();
  }
}

function refuse(): Promise<never> {
  return Promise.reject(new DomainError('store_unavailable', `Domain events: ${MONGO_OUTBOX_NEEDS_TRANSACTIONS}.`));
}
