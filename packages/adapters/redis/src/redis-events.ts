import type { DeliveryLease, DomainEvent, EventDraft, EventFeed, EventPage } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import { Cluster } from 'ioredis';
import type { RedisKeys } from './keys.js';
import type { RedisClient, Scripts } from './scripts.js';

/** Each partition's stream is trimmed to about this many events (XADD MAXLEN ~). */
export const DEFAULT_EVENT_STREAM_MAXLEN = 10_000;

/**
 * The write side of the outbox: the four trailing arguments every mutating
 * script takes (see scripts/event.lua). On Redis Cluster a slot's index is
 * added to the set of indexes before its first write (once per process), so an
 * index with streams is always listed; on one node there is one index.
 */
export class RedisOutbox {
  private readonly listed = new Set<string>();

  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly maxLen = DEFAULT_EVENT_STREAM_MAXLEN,
    /** Redis Cluster: one stream index per slot (keys.ts eventIndex). */
    private readonly perSlot = false,
  ) {
    if (!Number.isSafeInteger(maxLen) || maxLen < 1) throw new RangeError(`eventStreamMaxLen must be a positive integer, got ${maxLen}`);
  }

  async args(stream: string, owner: string): Promise<[string, number, string, string]> {
    const index = this.keys.eventIndex(stream, this.perSlot);
    if (this.perSlot && !this.listed.has(index)) {
      await this.scripts.command((c) => c.sadd(this.keys.eventIndexes(), index));
      this.listed.add(index);
    }
    return [stream, this.maxLen, owner, index];
  }
}

interface Place {
  readonly ms: bigint;
  readonly seq: bigint;
  readonly stream: string;
}

interface Entry extends Place {
  readonly id: string;
  readonly json: string;
}

/**
 * The feed: the streams with events after the cursor read up to a settled
 * horizon and merged in (stream id, stream key) order. Stream ids come from the
 * Redis clock when the script runs, so once every master's clock is past
 * `ms + settle`, no event at or before `ms` can still appear: a cursor is the
 * last event's place, and the next page starts after it.
 *
 * Which streams: those whose score in the stream index (the ms of their last
 * event, raised by the script that appends it) is at or after the cursor's ms.
 * The index is read after the horizon is taken, so every event at or before the
 * horizon, and its score, is already written. A page costs the clock reads, one
 * ZRANGE per index (one on one node; one per slot in use on Cluster) and one
 * XRANGE per stream with events since the cursor: partitions that stayed quiet
 * cost nothing on one node, and one cheap ZRANGE per slot on Cluster.
 */
export class RedisEventFeed implements EventFeed {
  readonly settleMs: number;

  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    /** Above the clock skew between Cluster masters; 0 on one node. */
    private readonly extraSettleMs = 0,
    /** Redis Cluster: one stream index per slot, listed in a set. */
    private readonly perSlot = false,
  ) {
    // The current millisecond is never settled: a script may still run in it.
    this.settleMs = extraSettleMs + 1;
  }

  async read(cursor: string | null, limit: number): Promise<EventPage> {
    const after = cursor === null ? null : this.parse(cursor);
    const from = after === null ? '-inf' : String(after.ms);
    // The index must be read after the clocks. One node runs one connection's commands in the order sent, so
    // TIME then ZRANGE can share a round trip; on Cluster they go to different masters, so the read waits.
    const [horizon, streams] = this.perSlot
      ? await this.horizon().then(async (h) => [h, await this.streamsSince(from)] as const)
      : await Promise.all([this.horizon(), this.streamsSince(from)]);
    const pages = await Promise.all(
      streams.map(async (stream) => {
        const start = after === null ? '-' : `${stream > after.stream ? '' : '('}${after.ms}-${after.seq}`;
        const entries = await this.scripts.command((c) => c.xrange(stream, start, String(horizon), 'COUNT', limit));
        return entries.map(([id, fields]): Entry => {
          const [ms, seq] = id.split('-');
          return { stream, id, ms: BigInt(ms!), seq: BigInt(seq!), json: fields[1]! };
        });
      }),
    );
    const merged = pages.flat().sort(compare).slice(0, limit);
    const events = merged.map((e) => ({ id: `${this.keys.streamTag(e.stream)}-${e.id}`, ...(JSON.parse(e.json) as EventDraft) }) as DomainEvent);
    const last = merged.at(-1);
    return { events, next: last ? encode(last) : (cursor ?? encode({ ms: 0n, seq: 0n, stream: '' })) };
  }

  async lease(name: string, owner: string, now: number, ttlMs: number): Promise<DeliveryLease | null> {
    const reply = (await this.scripts.raw('event-delivery', [this.keys.delivery(name)], ['lease', owner, now, ttlMs])) as [number, string?, string?];
    if (reply[0] !== 1) return null;
    return { until: Number(reply[1]), cursor: reply[2] === '' ? null : reply[2]! };
  }

  async commit(name: string, owner: string, cursor: string, now: number): Promise<boolean> {
    return (await this.scripts.raw('event-delivery', [this.keys.delivery(name)], ['commit', owner, now, cursor])) === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.scripts.raw('event-delivery', [this.keys.delivery(name)], ['release', owner, 0, '']);
  }

  /** The streams whose last event is at or after `fromMs`, from every index. */
  private async streamsSince(fromMs: string): Promise<string[]> {
    const indexes = this.perSlot
      ? await this.scripts.command((c) => c.smembers(this.keys.eventIndexes()))
      : [this.keys.eventIndex('', false)];
    const lists = await Promise.all(indexes.map((index) => this.scripts.command((c) => c.zrangebyscore(index, fromMs, '+inf'))));
    return lists.flat();
  }

  /** The newest settled millisecond: every master's clock, less the settle delay. */
  private async horizon(): Promise<bigint> {
    const times = await this.scripts.command((c: RedisClient) => {
      const nodes = c instanceof Cluster ? c.nodes('master') : [c];
      return Promise.all(nodes.map((node) => node.time()));
    });
    const now = times.map((t) => BigInt(t[0]!) * 1000n + BigInt(t[1]!) / 1000n).reduce((a, b) => (a < b ? a : b));
    return now - BigInt(this.settleMs);
  }

  private parse(cursor: string): Place {
    const match = /^(\d{1,20})-(\d{1,20}) (.*)$/s.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    const stream = match?.[3];
    if (!/^[A-Za-z0-9_-]+$/.test(cursor) || !match || (stream !== '' && this.keys.streamTag(stream!) === null)) {
      throw new DomainError('validation_failed', 'Unknown events cursor.');
    }
    return { ms: BigInt(match[1]!), seq: BigInt(match[2]!), stream: stream! };
  }
}

function encode(p: Place): string {
  return Buffer.from(`${p.ms}-${p.seq} ${p.stream}`, 'utf8').toString('base64url');
}

function compare(a: Place, b: Place): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0;
}
