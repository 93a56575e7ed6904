import type { DeliveryLease, DomainEvent, EventDraft, EventFeed, EventPage } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import { Cluster } from 'ioredis';
import type { RedisKeys } from './keys.js';
import type { RedisClient, Scripts } from './scripts.js';

/** Each partition's stream is trimmed to about this many events (XADD MAXLEN ~). */
export const DEFAULT_EVENT_STREAM_MAXLEN = 10_000;

/**
 * The write side of the outbox: the three trailing arguments every mutating
 * script takes (see scripts/event.lua). A stream is added to the set the feed
 * reads before its partition's first change (once per process), so a stream
 * with events is always listed.
 */
export class RedisOutbox {
  private readonly listed = new Set<string>();

  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly maxLen = DEFAULT_EVENT_STREAM_MAXLEN,
  ) {
    if (!Number.isSafeInteger(maxLen) || maxLen < 1) throw new RangeError(`eventStreamMaxLen must be a positive integer, got ${maxLen}`);
  }

  async args(stream: string, owner: string): Promise<[string, number, string]> {
    if (!this.listed.has(stream)) {
      await this.scripts.command((c) => c.sadd(this.keys.eventStreams(), stream));
      this.listed.add(stream);
    }
    return [stream, this.maxLen, owner];
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
 * The feed: every listed stream read up to a settled horizon and merged in
 * (stream id, stream key) order. Stream ids come from the Redis clock when the
 * script runs, so once every master's clock is past `ms + settle`, no event at
 * or before `ms` can still appear: a cursor is the last event's place, and the
 * next page starts after it. Costs one XRANGE per listed stream per page.
 */
export class RedisEventFeed implements EventFeed {
  readonly settleMs: number;

  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    /** Above the clock skew between Cluster masters; 0 on one node. */
    private readonly extraSettleMs = 0,
  ) {
    // The current millisecond is never settled: a script may still run in it.
    this.settleMs = extraSettleMs + 1;
  }

  async read(cursor: string | null, limit: number): Promise<EventPage> {
    const after = cursor === null ? null : this.parse(cursor);
    const [streams, horizon] = await Promise.all([
      this.scripts.command((c) => c.smembers(this.keys.eventStreams())),
      this.horizon(),
    ]);
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
