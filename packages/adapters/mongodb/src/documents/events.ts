import type { DomainEvent, EventDraft } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';

/**
 * The outbox's documents: one per event in `events`, numbered twice.
 *
 * `s` is its place in its partition (the unit of atomicity, named like the
 * Redis hash tags: `q:<sale>` for the queue and sale events, `s:<schedule>`
 * for the reservation events, `u:<user>` for wallet, payment and refund
 * events, `sales` for sale.changed). It is taken from the partition's head
 * document (`counters`, `_id: ev|<partition>`) by an $inc in the transaction
 * of the change, so a later event of the partition cannot commit before an
 * earlier one: the head stays write-locked until the first commits.
 *
 * `g` is its place in the feed, null until a reader sequences it: one
 * transaction takes a run of `g` from the feed head (`ev*`) and gives it to
 * the oldest unsequenced events in (partition, s) order. Sequencing
 * transactions conflict on that head, so they commit in `g` order, and a
 * reader that has seen `g` = n can never meet a smaller `g` later: the cursor
 * is that one number.
 */
export interface EventDoc {
  /** `<partition>/<s>`: the event's id, stable and unique. */
  _id: string;
  p: string;
  s: number;
  g: number | null;
  type: DomainEvent['type'];
  at: number;
  saleId: string | null;
  userId: string | null;
  scheduleId: string | null;
  data: unknown;
}

/** A delivery lease and the cursor committed under it (`event_leases`, `_id`: the lease name). */
export interface EventLeaseDoc {
  _id: string;
  owner: string | null;
  until: number;
  cursor: string | null;
}

/** The feed head's id in `counters`: the last `g` given. */
export const FEED_HEAD = 'ev*';

/** A partition head's id in `counters`: the last `s` taken in that partition. */
export function partitionHead(partition: string): string {
  return `ev|${partition}`;
}

/** The partitions, named like the Redis hash tags. */
export const queuePartition = (saleId: string): string => `q:${saleId}`;
export const schedulePartition = (scheduleId: string): string => `s:${scheduleId}`;
export const userPartition = (userId: string): string => `u:${userId}`;
export const SALES_PARTITION = 'sales';

/** The partition an event is appended to, the one its step changes (as Redis: the hash tag of the script's keys). */
export function partitionOf(draft: EventDraft): string {
  switch (draft.type) {
    case 'queue.admitted':
    case 'queue.ended':
    case 'sale.opened':
    case 'sale.sold_out':
    case 'waitlist.offered':
      return queuePartition(required(draft.saleId, draft.type));
    case 'sale.changed':
      return SALES_PARTITION;
    case 'reservation.held':
    case 'reservation.released':
      return schedulePartition(required(draft.scheduleId, draft.type));
    case 'payment.completed':
    case 'payment.aborted':
    case 'wallet.charged':
    case 'refund.completed':
      return userPartition(required(draft.userId, draft.type));
  }
}

function required(id: string | null, type: string): string {
  if (id === null) throw new Error(`a ${type} event needs the id of its partition`);
  return id;
}

/** The drafts of one step grouped by partition, each group in the order the step appended them. */
export function byPartition(drafts: readonly EventDraft[]): Map<string, EventDraft[]> {
  const groups = new Map<string, EventDraft[]>();
  for (const d of drafts) {
    const p = partitionOf(d);
    const group = groups.get(p);
    if (group) group.push(d);
    else groups.set(p, [d]);
  }
  return groups;
}

/** The documents of `drafts`, numbered from `firstSeq` in their partition, not yet sequenced in the feed. */
export function eventDocs(partition: string, firstSeq: number, drafts: readonly EventDraft[]): EventDoc[] {
  return drafts.map((d, i) => {
    const s = firstSeq + i;
    return { _id: `${partition}/${s}`, p: partition, s, g: null, type: d.type, at: d.at, saleId: d.saleId, userId: d.userId, scheduleId: d.scheduleId, data: d.data };
  });
}

export function eventFromDoc(doc: EventDoc): DomainEvent {
  return { id: doc._id, type: doc.type, at: doc.at, saleId: doc.saleId, userId: doc.userId, scheduleId: doc.scheduleId, data: doc.data } as DomainEvent;
}

/**
 * Retention, like Redis's `MAXLEN ~`: when an append takes a partition past a
 * multiple of TRIM_EVERY, the events more than `keep` behind its newest go.
 * Returns the `s` up to which to delete, or null when this append trims nothing.
 */
export const TRIM_EVERY = 100;

export function trimUpTo(lastSeq: number, appended: number, keep: number): number | null {
  const crossed = Math.floor(lastSeq / TRIM_EVERY) > Math.floor((lastSeq - appended) / TRIM_EVERY);
  if (!crossed || lastSeq <= keep) return null;
  return lastSeq - keep;
}

/** Feed places for a run of unsequenced events (given in (p, s) order) once the feed head moved to `head`. */
export function sequencePlan(ids: readonly string[], head: number): Array<{ _id: string; g: number }> {
  const first = head - ids.length + 1;
  return ids.map((_id, i) => ({ _id, g: first + i }));
}

/** The cursor: base64url JSON `{"g":n}`, the last feed place read (0: nothing read yet). */
export function encodeCursor(g: number): string {
  return Buffer.from(JSON.stringify({ g }), 'utf8').toString('base64url');
}

/** The feed place in a cursor this store made; validation_failed for anything else. */
export function decodeCursor(cursor: string): number {
  const refuse = () => new DomainError('validation_failed', 'Unknown events cursor.');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse();
  const keys = Object.keys(parsed);
  const g = (parsed as { g?: unknown }).g;
  if (keys.length !== 1 || keys[0] !== 'g' || typeof g !== 'number' || !Number.isSafeInteger(g) || g < 0) throw refuse();
  // Only the canonical spelling: a cursor is one string per place.
  if (encodeCursor(g) !== cursor) throw refuse();
  return g;
}

/** The filter of a lease `owner` may take at `now`: never taken, lapsed, released, or its own. */
export function takeableLease(name: string, owner: string, now: number) {
  return { _id: name, $or: [{ owner }, { until: { $lte: now } }] };
}

/** The filter of a lease `owner` holds at `now`. */
export function heldBy(name: string, owner: string, now: number) {
  return { _id: name, owner, until: { $gt: now } };
}
