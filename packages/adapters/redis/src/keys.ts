/**
 * The one place that makes Redis keys. Every key is `<prefix>:{<tag>}:<name>`,
 * and each Lua script touches keys of one hash tag only, so every script runs
 * on Redis Cluster without CROSSSLOT:
 *
 *   {q:<queueId>}     one queue (a sale's waiting room): the line, idle groups, active, admissions, the bucketed live
 *                     token records, ended tokens, and the sale's pre-queue and draw, so the draw needs no
 *                     other slot on Redis Cluster; and the sale's waiting list (`wl:` keys)
 *   {sales}           the sales, one hash field each, and the operators' audit log
 *   {s:<scheduleId>}  one schedule: seat owners, reservations, their states, live holds, claimed holds, waitlist modes
 *   {u:<userId>}      one user: balance, ledger, charge keys, payments, refunds, HTTP idempotency records, allowances per sale
 *   {catalog}         concert summaries, schedules, schedule ids by concert
 *   {payments}        the cross-user index of unsettled payments (written by track, beside the payment's first reads)
 *   {refunds}         the cross-user index of pending refunds (the same way)
 *   {events}          the index of event streams (one node), the set of per-slot indexes (Cluster), delivery leases
 *   {ix<n>}           on Cluster, one slot's index of event streams (n chosen so the tag hashes to that slot)
 *
 * Each of {q:}, {s:}, {u:} and {sales} also has its `events` stream: the outbox its scripts append to.
 *
 * A live queue token owns no key and no sorted-set entry (issue 17's compact layout, ~150 bytes per waiting
 * token): it is a field of bucketed hashes small enough to stay listpacks, a bit of the line's bitmap and a share
 * of its seq group's idle score (queue-record.lua says how). Those buckets are named by the scripts from
 * `queue.buckets`, as an ended token's own string key (it carries a TTL) is from `queue.endedPrefix`: still this
 * builder's prefix, in the same tag. Redis data is not migrated across versions: a deployment moving to this
 * layout starts on a fresh key prefix (or an empty Redis) and lets the old one expire.
 */

import { keySlot, tagForSlot } from './slots.js';

/** Parts that are safe to put in a key as they are; anything else is encoded. */
const PLAIN = /^[A-Za-z0-9_.@-]{1,128}$/;

/** A lone UTF-16 surrogate: `\p{Cs}` in unicode mode matches only unpaired halves. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A key part that cannot contain `{`, `}` or `:`, and that two different
 * inputs never share. UTF-8 maps every lone surrogate to U+FFFD, so
 * `victim\ud800` and `victim\ufffd` once shared a wallet: a string that is not
 * well-formed UTF-16 is encoded code unit by code unit (UTF-16LE) under its own
 * marker instead. Well-formed ones keep the UTF-8 form they always had, so
 * stored keys do not move. (The host refuses such ids before they get here.)
 */
export function keyPart(value: string): string {
  if (PLAIN.test(value)) return value;
  if (LONE_SURROGATE.test(value)) return `!${Buffer.from(value, 'utf16le').toString('base64url')}`;
  return `~${Buffer.from(value, 'utf8').toString('base64url')}`;
}

export interface QueueKeys {
  readonly seq: string;
  /** The line after the pre-queue: a bitmap over seq, a set bit for each waiting token. */
  readonly line: string;
  /** The line's Fenwick tree of 4096-bit block counts (u32 at #i; #0 its size): a rank in O(log n). */
  readonly lineTree: string;
  /** Seq groups of 64 scored by their earliest pause-free heartbeat (the idle sweep's and the seal's index). */
  readonly idle: string;
  readonly active: string;
  readonly admissions: string;
  /**
   * The prefix of the bucketed hashes that hold each live token in a few bytes (queue-record.lua appends the bucket):
   * `k<bucket>` short token -> waiting record (the line), `p<bucket>` the same for the pre-queue (records with a draw key),
   * `a` short token -> active record, `s<seq/64>` seq%64 -> short token, `h` heartbeats by seq (u48 ms at #seq),
   * `d<bucket>` the draw (see drawTree),
   * `u<bucket>` 8 hex digits of the userId's sha1 -> seq.
   */
  readonly buckets: string;
  /**
   * The pre-queue: member drawKey..short token, scored by the key's first 48 bits, so the rank is the draw's order
   * and a rank's walk compares scores, seldom members (see queue-enter). Frozen from the opening: the drawn who are
   * gone are bits of their ranks in `<preQueue>:gone` (a bit index like the line's), each waiting one's rank is kept
   * in `r<bucket>` under `buckets` once read, and admission walks the ranks from the meta's `dhead` (queue-record.lua).
   * Unlinked with its gone index and `dhead` when the last drawn token is admitted or ends.
   */
  readonly preQueue: string;
  /**
   * The whole draw, never trimmed (what the order check reads): sorted sets `d<bucket>` under `buckets` by draw key,
   * and this Fenwick tree of their sizes (queue-draw.lua says how).
   */
  readonly drawTree: string;
  /** openedAt, sealed, head (the line's first possibly set bit), dhead (the pre-queue's first possibly waiting rank), and the operator's mode: mode, modeVersion, pausedAt, pausedMs. */
  readonly meta: string;
  /** An ended token's record key is `endedPrefix + token`. */
  readonly endedPrefix: string;
  ended(token: string): string;
  /** The queue's outbox stream. */
  readonly events: string;
}

export interface ScheduleKeys {
  readonly owners: string;
  readonly reservations: string;
  readonly states: string;
  readonly holds: string;
  /** Holds claimed by a payment, scored by expiry: the recovery of dead claims reads it. */
  readonly claims: string;
  /** Per sale, whether the schedule's seats are kept for its waiting list: hash saleId -> 'gen|1' | 'gen|0'. */
  readonly waitlistModes: string;
  /** The schedule's outbox stream. */
  readonly events: string;
}

/** A sale's waiting list, in its queue's tag (the sale partition): the six keys of the waitlist scripts, in order. */
export interface WaitlistKeys {
  readonly meta: string;
  readonly places: string;
  readonly line: string;
  readonly seatOffers: string;
  readonly offers: string;
  readonly offerTimes: string;
  /** The queue's outbox stream. */
  readonly events: string;
}

export interface UserKeys {
  readonly balance: string;
  readonly ledger: string;
  readonly chargeKeys: string;
  readonly payments: string;
  readonly paymentStates: string;
  readonly paymentByReservation: string;
  /** A payment id aborted before it was ever stored (a string with a TTL): payment-create refuses that id. */
  paymentTombstone(paymentId: string): string;
  /** Refunds: immutable JSON by id, 'state|updatedAt|entryIndex' by id, and the fence paymentId -> refundId. */
  readonly refunds: string;
  readonly refundStates: string;
  readonly refundByPayment: string;
  idempotency(key: string): string;
  /** The purchase limit's allowance in one sale: hash reservationId -> 'seats|expiresAt'. */
  allowance(saleId: string): string;
  /** The user's outbox stream. */
  readonly events: string;
}

export interface CatalogKeys {
  readonly concerts: string;
  readonly order: string;
  readonly schedules: string;
  readonly schedulesByConcert: string;
}

export class RedisKeys {
  constructor(readonly prefix = 'bo') {
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) {
      throw new TypeError(`Redis key prefix must be 1-64 letters, digits, _ . : or -, got ${JSON.stringify(prefix)}`);
    }
  }

  /** Every key of this store matches this pattern (for SCAN in tests and tooling). */
  get pattern(): string {
    return `${this.prefix}:{*`;
  }

  private tag(tag: string): string {
    return `${this.prefix}:{${tag}}:`;
  }

  queue(queueId: string): QueueKeys {
    const base = this.tag(`q:${keyPart(queueId)}`);
    const endedPrefix = `${base}t:`;
    return {
      seq: `${base}seq`,
      line: `${base}line`,
      lineTree: `${base}tree`,
      idle: `${base}idle`,
      active: `${base}active`,
      admissions: `${base}admits`,
      buckets: `${base}b:`,
      preQueue: `${base}pre`,
      drawTree: `${base}drawtree`,
      meta: `${base}meta`,
      endedPrefix,
      ended: (token: string) => endedPrefix + token,
      events: `${base}events`,
    };
  }

  schedule(scheduleId: string): ScheduleKeys {
    const base = this.tag(`s:${keyPart(scheduleId)}`);
    return {
      owners: `${base}seats`,
      reservations: `${base}res`,
      states: `${base}rstate`,
      holds: `${base}holds`,
      claims: `${base}claims`,
      waitlistModes: `${base}wlmodes`,
      events: `${base}events`,
    };
  }

  waitlist(saleId: string): WaitlistKeys {
    const base = this.tag(`q:${keyPart(saleId)}`);
    return {
      meta: `${base}wl:meta`,
      places: `${base}wl:places`,
      line: `${base}wl:line`,
      seatOffers: `${base}wl:seats`,
      offers: `${base}wl:offers`,
      offerTimes: `${base}wl:times`,
      events: `${base}events`,
    };
  }

  user(userId: string): UserKeys {
    const base = this.tag(`u:${keyPart(userId)}`);
    return {
      balance: `${base}bal`,
      ledger: `${base}ledger`,
      chargeKeys: `${base}charges`,
      payments: `${base}pay`,
      paymentStates: `${base}paystate`,
      paymentByReservation: `${base}payres`,
      paymentTombstone: (paymentId: string) => `${base}paydead:${keyPart(paymentId)}`,
      refunds: `${base}rfd`,
      refundStates: `${base}rfdstate`,
      refundByPayment: `${base}rfdpay`,
      idempotency: (key: string) => `${base}idem:${keyPart(key)}`,
      allowance: (saleId: string) => `${base}allow:${keyPart(saleId)}`,
      events: `${base}events`,
    };
  }

  catalog(): CatalogKeys {
    const base = this.tag('catalog');
    return { concerts: `${base}concerts`, order: `${base}order`, schedules: `${base}schedules`, schedulesByConcert: `${base}bycon` };
  }

  /** Every sale: hash saleId -> JSON. */
  sales(): string {
    return `${this.tag('sales')}all`;
  }

  /** The operators' audit log beside the sales (one tag: a change and its entry are one script): a zset id -> entry JSON, and its id counter. */
  audit(): { readonly log: string; readonly seq: string; readonly events: string } {
    const base = this.tag('sales');
    return { log: `${base}audit`, seq: `${base}auditseq`, events: `${base}events` };
  }

  /**
   * The index the feed finds streams by: a sorted set, member a stream key, score the ms of its last event,
   * written by the script that appends the event (event.lua). On one node one index holds every stream; on
   * Redis Cluster a script may only touch its own slot, so there is one index per slot in use, named with a
   * tag that hashes to the stream's slot, and listed in `eventIndexes` before it is first written.
   */
  eventIndex(stream: string, perSlot: boolean): string {
    return perSlot ? `${this.tag(tagForSlot(keySlot(stream)))}evindex` : `${this.tag('events')}index`;
  }

  /** On Redis Cluster, the set of the per-slot event indexes that may hold streams. */
  eventIndexes(): string {
    return `${this.tag('events')}indexes`;
  }

  /** A named delivery lease and its cursor (hash: owner, until, cursor). */
  delivery(name: string): string {
    return `${this.tag('events')}delivery:${keyPart(name)}`;
  }

  /** The partition a stream key belongs to (its hash tag), for event ids; null for a key not of this store. */
  streamTag(stream: string): string | null {
    const open = `${this.prefix}:{`;
    if (!stream.startsWith(open) || !stream.endsWith('}:events')) return null;
    return stream.slice(open.length, -'}:events'.length);
  }

  /** Cross-user index of pending refunds (member: JSON [userId, refundId], score: createdAt). */
  unsettledRefunds(): string {
    return `${this.tag('refunds')}pending`;
  }

  /** Cross-user index of payments in pending or debited (member: JSON [userId, paymentId], score: createdAt). */
  unsettledPayments(): string {
    return `${this.tag('payments')}unsettled`;
  }
}
