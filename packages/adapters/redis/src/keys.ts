/**
 * The one place that makes Redis keys. Every key is `<prefix>:{<tag>}:<name>`,
 * and each Lua script touches keys of one hash tag only, so every script runs
 * on Redis Cluster without CROSSSLOT:
 *
 *   {q:<queueId>}     one queue (a sale's waiting room): waiting, heartbeats, active, admissions, users, live
 *                     token records, ended tokens, and the sale's pre-queue and draw, so the draw needs no
 *                     other slot on Redis Cluster
 *   {sales}           the sales, one hash field each, and the operators' audit log
 *   {s:<scheduleId>}  one schedule: seat owners, reservations, their states, live holds, claimed holds
 *   {u:<userId>}      one user: balance, ledger, charge keys, payments, refunds, HTTP idempotency records, allowances per sale
 *   {catalog}         concert summaries, schedules, schedule ids by concert
 *   {payments}        the cross-user index of unsettled payments (written by track, beside the payment's first reads)
 *   {refunds}         the cross-user index of pending refunds (the same way)
 *   {events}          the set of event streams (written before a partition's first change) and delivery leases
 *
 * Each of {q:}, {s:}, {u:} and {sales} also has its `events` stream: the outbox its scripts append to.
 *
 * Live queue tokens are fields of one hash per queue (compact, ~100 bytes less
 * per waiting token than a key each); an ended token moves to its own string
 * key so that it can carry a TTL. The one script that ends tokens it only
 * learns at run time (the tick's expiry) gets the ended-key prefix from here
 * (`queue.endedPrefix`) and appends the token: still this builder's key, in
 * the same tag.
 */

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
  readonly waiting: string;
  readonly heartbeats: string;
  readonly active: string;
  readonly admissions: string;
  readonly users: string;
  /** Live (waiting or active) token records: hash token -> record. */
  readonly live: string;
  /** The pre-queue still waiting: score 0, member drawKey..token, so the rank is the draw's order. */
  readonly preQueue: string;
  /** The whole draw, the same shape, never trimmed: what the order check reads. */
  readonly draw: string;
  /** openedAt, sealed, and the operator's mode: mode, modeVersion, pausedAt, pausedMs. */
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
  /** The schedule's outbox stream. */
  readonly events: string;
}

export interface UserKeys {
  readonly balance: string;
  readonly ledger: string;
  readonly chargeKeys: string;
  readonly payments: string;
  readonly paymentStates: string;
  readonly paymentByReservation: string;
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
      waiting: `${base}waiting`,
      heartbeats: `${base}hb`,
      active: `${base}active`,
      admissions: `${base}admits`,
      users: `${base}users`,
      live: `${base}live`,
      preQueue: `${base}pre`,
      draw: `${base}draw`,
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

  /** Every partition's event stream key that may hold events: the feed reads each. */
  eventStreams(): string {
    return `${this.tag('events')}streams`;
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
