import { storeUnavailable, type BoxofficeStore } from '@boxoffice/core';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Settings } from './config.js';
import { HttpError } from './problem.js';

/** The limits a route may count against. Each has its own quota setting (config.ts). */
export type LimitName = 'enter' | 'enterPerAddress' | 'status' | 'holds' | 'payments' | 'charges' | 'reads' | 'limitProbes';

/**
 * Penalty limits: a route's own refusals spend their points (see `RateLimits.spend`), and the routes that
 * name them only read them. `limitProbes` counts a user's `purchase_limit` refusals: a script holding from
 * many tabs at once meets it, a person who tries one seat too many does not.
 */
const PENALTIES: ReadonlySet<LimitName> = new Set(['limitProbes']);

/** What a limit counts by. Per-address limits stay on entering only, and high: carrier NATs put many buyers behind one address. */
const KEYED_BY: Readonly<Record<LimitName, 'user' | 'address'>> = {
  enter: 'user',
  enterPerAddress: 'address',
  status: 'user',
  holds: 'user',
  payments: 'user',
  charges: 'user',
  reads: 'user',
  limitProbes: 'user',
};

const SETTING: Readonly<Record<LimitName, keyof Settings>> = {
  enter: 'rateEnter',
  enterPerAddress: 'rateEnterPerAddress',
  status: 'rateStatus',
  holds: 'rateHolds',
  payments: 'ratePayments',
  charges: 'rateCharges',
  reads: 'rateReads',
  limitProbes: 'rateLimitProbes',
};

export interface Quota {
  readonly points: number;
  readonly seconds: number;
}

/** `30/10` -> 30 requests per 10 s; `0` -> null (off). */
export function parseQuota(raw: string): Quota | null {
  if (raw === '0') return null;
  const [points, seconds] = raw.split('/').map(Number) as [number, number];
  return { points, seconds };
}

/** The store a limiter counts in: Redis or MongoDB when the host's store is, so every host shares the counts. */
export interface CounterBackend {
  /** `blockSeconds`: once over the quota, the key stays refused this long (0: until the window ends). */
  limiter(name: string, quota: Quota, blockSeconds?: number): RateLimiterAbstract;
}

/**
 * Picks rate-limiter-flexible's backend from the store the host runs on: its
 * Redis client (atomic counters under `<prefix>:rl:`), its MongoDB database,
 * or process memory for the memory store (one process holds all of its state).
 */
export function counterBackend(store: BoxofficeStore, settings: Settings): CounterBackend {
  const redis = store as BoxofficeStore & { client?: unknown; keys?: { prefix?: string } };
  if (redis.client !== undefined) {
    const prefix = redis.keys?.prefix ?? settings.redisPrefix;
    return {
      limiter: (name, q, block = 0) =>
        new RateLimiterRedis({
          storeClient: redis.client,
          keyPrefix: `${prefix}:rl:${name}`,
          points: q.points,
          duration: q.seconds,
          blockDuration: block,
          rejectIfRedisNotReady: true,
        }),
    };
  }
  const mongo = store as BoxofficeStore & { db?: { client: unknown; databaseName: string } };
  if (mongo.db !== undefined) {
    const { client, databaseName } = mongo.db;
    return {
      limiter: (name, q, block = 0) =>
        new RateLimiterMongo({ storeClient: client, dbName: databaseName, tableName: 'rateLimits', keyPrefix: name, points: q.points, duration: q.seconds, blockDuration: block }),
    };
  }
  return { limiter: (_name, q, block = 0) => new RateLimiterMemory({ points: q.points, duration: q.seconds, blockDuration: block }) };
}

interface Active {
  readonly name: LimitName;
  readonly quota: Quota;
  readonly limiter: RateLimiterAbstract;
  /** The RateLimit-Policy item: `"status";q=30;w=10`. */
  readonly policy: string;
  readonly blockSeconds: number;
}

export interface Caller {
  readonly userId: string;
  readonly address: string;
}

/** What a check answers: headers for every answer of the route, whatever its outcome. */
export type LimitHeaders = Readonly<Record<'RateLimit-Policy' | 'RateLimit', string>>;

/**
 * The host's rate limits, shared by every host through the store. A request
 * spends one point of each limit its route names; over any of them it is 429
 * `rate_limited` with Retry-After. Every answer of a limited route carries the
 * IETF draft headers (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy`
 * (`"<name>";q=<requests>;w=<seconds>`) and `RateLimit` (`"<name>";r=<left>;t=<seconds to reset>`).
 */
export class RateLimits {
  private readonly active = new Map<LimitName, Active>();

  constructor(settings: Settings, backend: CounterBackend) {
    if (settings.rateLimits === 'off') return;
    for (const name of Object.keys(SETTING) as LimitName[]) {
      const quota = parseQuota(settings[SETTING[name]] as string);
      if (!quota) continue;
      // A user who keeps calling past the quota (a script ignoring Retry-After) stays refused for the block;
      // an address is never blocked: many buyers may share it.
      const block = KEYED_BY[name] === 'user' && settings.rateBlockSeconds > 0 ? Math.max(quota.seconds, settings.rateBlockSeconds) : 0;
      this.active.set(name, { name, quota, limiter: backend.limiter(name, quota, block), policy: `"${name}";q=${quota.points};w=${quota.seconds}`, blockSeconds: block || quota.seconds });
    }
  }

  /** The limits in force (for the log at start and for tests). */
  get inForce(): ReadonlyMap<LimitName, Quota> {
    return new Map([...this.active].map(([n, a]) => [n, a.quota]));
  }

  /** Spends a point of each limit; throws rate_limited (429) when one is spent out. Null when none is in force. */
  async check(names: readonly LimitName[], caller: Caller): Promise<LimitHeaders | null> {
    const limits = names.map((n) => this.active.get(n)).filter((a): a is Active => a !== undefined);
    if (limits.length === 0) return null;
    const results = await Promise.all(
      limits.map(async (l) => {
        const key = KEYED_BY[l.name] === 'user' ? caller.userId : caller.address;
        try {
          if (PENALTIES.has(l.name)) {
            const res = (await l.limiter.get(key)) ?? new RateLimiterRes(l.quota.points, 0, 0, false);
            return { l, res, over: res.consumedPoints > l.quota.points };
          }
          return { l, res: await l.limiter.consume(key), over: false };
        } catch (error) {
          if (error instanceof RateLimiterRes) return { l, res: error, over: true };
          // The counters live in the store: when it does not answer, neither would the route.
          throw storeUnavailable(error);
        }
      }),
    );
    const headers: LimitHeaders = {
      'RateLimit-Policy': results.map(({ l }) => l.policy).join(', '),
      RateLimit: results.map(({ l, res }) => `"${l.name}";r=${Math.max(0, res.remainingPoints)};t=${Math.ceil(res.msBeforeNext / 1000)}`).join(', '),
    };
    const over = results.filter((r) => r.over);
    if (over.length > 0) {
      const retryAfter = Math.max(1, ...over.map(({ res }) => Math.ceil(res.msBeforeNext / 1000)));
      const names = over.map(({ l }) => l.name);
      throw new HttpError(
        'rate_limited',
        `Too many requests (${names.join(', ')}): at most ${over.map(({ l }) => `${l.quota.points} per ${l.quota.seconds} s`).join(' and ')}. Retry after ${retryAfter} s.`,
        { limit: names.join(','), retryAfterSeconds: retryAfter },
        { ...headers, 'Retry-After': String(retryAfter) },
      );
    }
    return headers;
  }

  /** How long a caller over the limit stays refused (its block, else its window), in seconds; 0 when it is off. */
  blockSeconds(name: LimitName): number {
    const l = this.active.get(name);
    return l ? l.blockSeconds : 0;
  }

  /**
   * Spends a point of a penalty limit on the caller's behalf (a refusal it earned). True when that puts the
   * caller over the quota: from then on, routes naming the limit refuse them for the block. False when the
   * limit is off. A store that does not answer counts as no penalty: the refusal itself already stands.
   */
  async spend(name: LimitName, caller: Caller): Promise<boolean> {
    const l = this.active.get(name);
    if (!l || !PENALTIES.has(name)) return false;
    try {
      await l.limiter.consume(KEYED_BY[name] === 'user' ? caller.userId : caller.address);
      return false;
    } catch (error) {
      return error instanceof RateLimiterRes;
    }
  }
}
