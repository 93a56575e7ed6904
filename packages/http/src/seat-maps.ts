import { createHash } from 'node:crypto';
import type { SchedulePrimitives } from '@boxoffice/core';

/** A rendered seat map: its JSON (encoded once: each read sends the bytes as they are) and the entity tag of that version. */
export interface SeatMap {
  readonly etag: string;
  readonly json: Buffer;
  /** The compact form: which seats are free, as a bitmap in the map's seat order. */
  readonly availability: SeatAvailability;
}

export interface SeatAvailability {
  readonly etag: string;
  readonly json: Buffer;
}

interface Entry {
  readonly schedule: SchedulePrimitives;
  readonly taken: string;
  readonly map: SeatMap;
}

/** Most schedules kept; past it the cache starts over (a catalog has far fewer). */
const MAX_SCHEDULES = 10_000;

/**
 * Seat maps rendered once per version. A version is the schedule's seats (the
 * object core caches, replaced by a publication) and its taken seats: a read
 * whose taken seats are those of the last render reuses its JSON, and a
 * client that sends the ETag back gets 304 with no body. So the losers of a
 * seat race, re-reading the map, cost the store read of the taken seats and a
 * string comparison; the map is serialised again only when a seat changed.
 */
export class SeatMaps {
  private readonly cache = new Map<string, Entry>();
  /** Per seat, the JSON up to its `available` value: computed once per schedule object. */
  private readonly parts = new WeakMap<SchedulePrimitives, { readonly prefixes: string[]; readonly digest: string }>();

  render(schedule: SchedulePrimitives, taken: readonly number[]): SeatMap {
    const key = taken.join(',');
    const hit = this.cache.get(schedule.id);
    if (hit && hit.schedule === schedule && hit.taken === key) return hit.map;
    const { prefixes, digest } = this.partsOf(schedule);
    const set = new Set(taken);
    const bits = Buffer.alloc(Math.ceil(schedule.seats.length / 8));
    let json = '[';
    let free = 0;
    schedule.seats.forEach((seat, i) => {
      const available = !set.has(seat.number);
      if (available) {
        bits[i >> 3] = (bits[i >> 3] as number) | (0x80 >> (i & 7));
        free++;
      }
      json += `${i === 0 ? '' : ','}${prefixes[i] as string}${available ? 'true' : 'false'}}`;
    });
    json += ']';
    const tag = createHash('sha256').update(`${digest}|${key}`).digest('base64url').slice(0, 27);
    const compact = { seats: schedule.seats.length, free, available: bits.toString('base64url') };
    // Two representations of one version: their tags differ, as RFC 9110 asks.
    const map = {
      etag: `W/"${tag}"`,
      json: Buffer.from(json),
      availability: { etag: `W/"${tag}-a"`, json: Buffer.from(JSON.stringify(compact)) },
    };
    if (this.cache.size >= MAX_SCHEDULES && !hit) this.cache.clear();
    this.cache.set(schedule.id, { schedule, taken: key, map });
    return map;
  }

  private partsOf(schedule: SchedulePrimitives) {
    let parts = this.parts.get(schedule);
    if (!parts) {
      const prefixes = schedule.seats.map((s) => `{"number":${JSON.stringify(s.number)},"price":${JSON.stringify(s.price)},"grade":${JSON.stringify(s.grade)},"available":`);
      const digest = createHash('sha256').update(JSON.stringify([schedule.id, schedule.seats])).digest('base64url');
      parts = { prefixes, digest };
      this.parts.set(schedule, parts);
    }
    return parts;
  }
}

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 13.1.2). */
export function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch === '') return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}
