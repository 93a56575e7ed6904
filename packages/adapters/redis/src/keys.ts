/**
 * The one place that makes Redis keys. Every key is `<prefix>:{<tag>}:<name>`,
 * and each Lua script touches keys of one hash tag only, so every script runs
 * on Redis Cluster without CROSSSLOT:
 *
 *   {q:<queueId>}     one queue: waiting, heartbeats, active, admissions, users, token records
 *   {s:<scheduleId>}  one schedule: seat owners, reservations, their states, live holds
 *   {u:<userId>}      one user: balance, ledger, charge keys, payments, HTTP idempotency records
 *   {catalog}         concert summaries, schedules, schedule ids by concert
 *   {payments}        the cross-user index of unsettled payments (written in its own round trip)
 *
 * Queue token records are one key per token so that an ended token can carry a
 * TTL. Scripts that reach a token they only learn at run time get the record
 * key prefix from here (`queue.tokenPrefix`) and append the token: still this
 * builder's key, in the same tag.
 */

/** Parts that are safe to put in a key as they are; anything else is encoded. */
const PLAIN = /^[A-Za-z0-9_.@-]{1,128}$/;

/** A key part that cannot contain `{`, `}` or `:`, and that two different inputs never share. */
export function keyPart(value: string): string {
  return PLAIN.test(value) ? value : `~${Buffer.from(value, 'utf8').toString('base64url')}`;
}

export interface QueueKeys {
  readonly seq: string;
  readonly waiting: string;
  readonly heartbeats: string;
  readonly active: string;
  readonly admissions: string;
  readonly users: string;
  /** A token's record key is `tokenPrefix + token`. */
  readonly tokenPrefix: string;
  token(token: string): string;
}

export interface ScheduleKeys {
  readonly owners: string;
  readonly reservations: string;
  readonly states: string;
  readonly holds: string;
}

export interface UserKeys {
  readonly balance: string;
  readonly ledger: string;
  readonly chargeKeys: string;
  readonly payments: string;
  readonly paymentStates: string;
  readonly paymentByReservation: string;
  idempotency(key: string): string;
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
    const tokenPrefix = `${base}t:`;
    return {
      seq: `${base}seq`,
      waiting: `${base}waiting`,
      heartbeats: `${base}hb`,
      active: `${base}active`,
      admissions: `${base}admits`,
      users: `${base}users`,
      tokenPrefix,
      token: (token: string) => tokenPrefix + token,
    };
  }

  schedule(scheduleId: string): ScheduleKeys {
    const base = this.tag(`s:${keyPart(scheduleId)}`);
    return { owners: `${base}seats`, reservations: `${base}res`, states: `${base}rstate`, holds: `${base}holds` };
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
      idempotency: (key: string) => `${base}idem:${keyPart(key)}`,
    };
  }

  catalog(): CatalogKeys {
    const base = this.tag('catalog');
    return { concerts: `${base}concerts`, order: `${base}order`, schedules: `${base}schedules`, schedulesByConcert: `${base}bycon` };
  }

  /** Cross-user index of payments in pending or debited (member: JSON [userId, paymentId], score: createdAt). */
  unsettledPayments(): string {
    return `${this.tag('payments')}unsettled`;
  }
}
