import type { ClaimResult, WaitlistEntry, WaitlistMeta, WaitlistOffer, WaitlistPlace, WaitlistRepository, WaitlistState } from '@boxoffice/core';
import type { RedisKeys, WaitlistKeys } from './keys.js';
import type { RedisOutbox } from './redis-events.js';
import type { Scripts } from './scripts.js';

/** A place as the scripts store it: every number a decimal string, '' for null. */
interface StoredPlace {
  readonly saleId: string;
  readonly userId: string;
  readonly seq: string;
  readonly state: WaitlistState;
  readonly joinedAt: string;
  readonly endedAt: string;
  readonly offer: { id: string; scheduleId: string; seat: string; state: 'pending' | 'open'; createdAt: string; expiresAt: string } | null;
}

/**
 * Waiting lists in Redis, in the sale's queue tag, so that a list and its
 * waitlist.offered events are one partition: two scripts, waitlist-change
 * (every step) and waitlist-read. The line is a zset by arrival; each seat's
 * live offer is a hash field, the fence against offering it twice.
 */
export class RedisWaitlist implements WaitlistRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly outbox: RedisOutbox,
  ) {}

  async join(saleId: string, userId: string, now: number, activate: boolean): Promise<{ place: WaitlistPlace; created: boolean; gen: number } | { refused: 'inactive' }> {
    const reply = await this.change(saleId, 'join', now, [userId, activate ? '1' : '0']);
    if (reply[0] === 'refused') return { refused: 'inactive' };
    return { created: reply[1] === '1', gen: Number(reply[2]), place: toPlace(reply[3], reply[4]) };
  }

  async get(saleId: string, userId: string): Promise<WaitlistPlace | null> {
    const reply = await this.read(saleId, ['get', userId]);
    return reply[0] === 'none' ? null : toPlace(reply[1], reply[2]);
  }

  async leave(saleId: string, userId: string, now: number): Promise<WaitlistEntry | null> {
    const reply = await this.change(saleId, 'leave', now, [userId]);
    return reply[0] === 'none' ? null : decode(reply[1]);
  }

  async meta(saleId: string): Promise<WaitlistMeta> {
    const reply = await this.read(saleId, ['meta']);
    return { active: reply[1] === '1', gen: Number(reply[2]), waiting: Number(reply[3]) };
  }

  async activate(saleId: string, now: number): Promise<number> {
    return Number((await this.change(saleId, 'activate', now, []))[1]);
  }

  async deactivate(saleId: string, now: number): Promise<number | null> {
    const reply = await this.change(saleId, 'deactivate', now, []);
    return reply[0] === 'none' ? null : Number(reply[1]);
  }

  async claim(saleId: string, offer: Pick<WaitlistOffer, 'id' | 'scheduleId' | 'seat'>, now: number, expiredBefore: number): Promise<ClaimResult> {
    const reply = await this.change(saleId, 'claim', now, [offer.id, offer.scheduleId, offer.seat, expiredBefore]);
    if (reply[1] === 'claimed') return { kind: 'claimed', entry: decode(reply[2]) };
    return { kind: reply[1] === 'busy' ? 'busy' : 'empty' };
  }

  async open(saleId: string, offerId: string, expiresAt: number, now: number): Promise<WaitlistEntry | null> {
    const reply = await this.change(saleId, 'open', now, [offerId, expiresAt]);
    return reply[0] === 'none' ? null : decode(reply[1]);
  }

  async undo(saleId: string, offerId: string): Promise<void> {
    // `now` is unused by undo; 0 keeps the argument layout.
    await this.change(saleId, 'undo', 0, [offerId]);
  }

  async settle(saleId: string, offerId: string, outcome: 'purchased' | 'expired', now: number): Promise<WaitlistEntry | null> {
    const reply = await this.change(saleId, 'settle', now, [offerId, outcome]);
    return reply[0] === 'none' ? null : decode(reply[1]);
  }

  async offers(saleId: string, limit: number): Promise<WaitlistEntry[]> {
    return (await this.read(saleId, ['offers', limit])).slice(1).map(decode);
  }

  private async change(saleId: string, op: string, now: number, args: ReadonlyArray<string | number>): Promise<unknown[]> {
    const k = this.keys.waitlist(saleId);
    return (await this.scripts.raw('waitlist-change', listKeys(k), [op, now, ...args, ...(await this.outbox.args(k.events, saleId))])) as unknown[];
  }

  private async read(saleId: string, args: ReadonlyArray<string | number>): Promise<unknown[]> {
    return (await this.scripts.raw('waitlist-read', listKeys(this.keys.waitlist(saleId)), args)) as unknown[];
  }
}

function listKeys(k: WaitlistKeys): string[] {
  return [k.meta, k.places, k.line, k.seatOffers, k.offers, k.offerTimes];
}

const num = (s: string): number | null => (s === '' ? null : Number(s));

function decode(json: unknown): WaitlistEntry {
  const p = JSON.parse(String(json)) as StoredPlace;
  const o = p.offer;
  return {
    saleId: p.saleId,
    userId: p.userId,
    seq: Number(p.seq),
    state: p.state,
    joinedAt: Number(p.joinedAt),
    endedAt: num(p.endedAt),
    offer: o === null ? null : { id: o.id, scheduleId: o.scheduleId, seat: Number(o.seat), state: o.state, createdAt: Number(o.createdAt), expiresAt: num(o.expiresAt) },
  };
}

function toPlace(json: unknown, rank: unknown): WaitlistPlace {
  return { entry: decode(json), position: rank === '' || rank === undefined ? null : Number(rank) };
}
