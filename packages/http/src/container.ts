import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBoxoffice, isDomainError, type Boxoffice, type BoxofficeStore, type Clock, type IdGenerator } from '@boxoffice/core';
import { createMemoryStore, CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import pino, { type Logger } from 'pino';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { AdmissionPasses } from './admission-pass.js';
import { JwtAuthenticator, type Authenticator } from './auth.js';
import { ConfigError, engineConfig, type Settings } from './config.js';
import type { AppDeps } from './deps.js';
import { HostSales } from './host-sales.js';
import { Metrics } from './metrics.js';
import { ProofOfWork } from './pow.js';
import { counterBackend, RateLimits } from './rate-limits.js';
import { Scheduler } from './scheduler.js';
import { adminSale } from './admin-sales.js';
import { CountsStreams } from './counts-streams.js';
import { SeatMaps } from './seat-maps.js';
import { SseHub } from './sse.js';
import { probeTcp, storeAddress } from './store-address.js';
import { StoreHealth } from './store-health.js';
import { DEFAULT_WEB_ROOT } from './web-assets.js';
import { WebhookDelivery, type WebhookTuning } from './webhooks/delivery.js';

/** Injection tokens. Core classes carry no decorators: everything is registered by factory. */
export const TOKENS = {
  settings: Symbol('Settings'),
  store: Symbol('BoxofficeStore'),
  clock: Symbol('Clock'),
  ids: Symbol('IdGenerator'),
  boxoffice: Symbol('Boxoffice'),
  logger: Symbol('Logger'),
  secret: Symbol('Secret'),
  authenticator: Symbol('Authenticator'),
  metrics: Symbol('Metrics'),
  sse: Symbol('SseHub'),
  counts: Symbol('CountsStreams'),
  sales: Symbol('HostSales'),
  scheduler: Symbol('Scheduler'),
  health: Symbol('StoreHealth'),
  limits: Symbol('RateLimits'),
  pow: Symbol('ProofOfWork'),
  webhooks: Symbol('WebhookDelivery'),
  deps: Symbol('AppDeps'),
} as const;

/** What a caller may swap in: its own authenticator, store, clock or logger. */
export interface ContainerOverrides {
  /** A store already made (skips BOXOFFICE_STORE). */
  readonly storeInstance?: BoxofficeStore;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly authenticator?: Authenticator;
  readonly logger?: Logger;
  readonly webRoot?: string;
  /** How often an open status stream sends a keep-alive comment (default 15 s). */
  readonly sseHeartbeatMs?: number;
  /** How many times to try reaching the store at start (default: until it answers). */
  readonly connectAttempts?: number;
  /** Webhook delivery's page size, idle wait, attempt timeout, jitter source or fetch (tests). */
  readonly webhookTuning?: WebhookTuning;
}

/**
 * The composition root, and the only place that picks adapters. The store is
 * created first (it may need a connection), then every service is registered
 * by factory in a child container of its own, so several hosts can live in one
 * process (tests do).
 */
export async function buildContainer(settings: Settings, overrides: ContainerOverrides = {}): Promise<DependencyContainer> {
  if (overrides.storeInstance && settings.secret === undefined) {
    // The host cannot tell a store handed to it from a shared one: demo sign-in only on the memory store it makes.
    throw new ConfigError('A storeInstance needs a secret: demo mode (open demo sign-in) is for the memory store the host makes itself');
  }
  const c = rootContainer.createChildContainer();
  const logger = overrides.logger ?? pino({ level: settings.logLevel, base: { service: 'boxoffice' } });
  const store = overrides.storeInstance ?? (await connect(settings, logger, overrides.connectAttempts ?? Infinity));
  const secret = settings.secret ?? randomBytes(32).toString('base64url');

  c.register(TOKENS.settings, { useValue: settings });
  c.register(TOKENS.logger, { useValue: logger });
  c.register(TOKENS.store, { useValue: store });
  c.register(TOKENS.secret, { useValue: secret });
  c.register(TOKENS.clock, { useFactory: instanceCachingFactory(() => overrides.clock ?? new SystemClock()) });
  c.register(TOKENS.ids, { useFactory: instanceCachingFactory(() => overrides.ids ?? new CryptoIdGenerator()) });
  c.register(TOKENS.boxoffice, {
    useFactory: instanceCachingFactory((r) =>
      createBoxoffice({
        store: r.resolve<BoxofficeStore>(TOKENS.store),
        clock: r.resolve<Clock>(TOKENS.clock),
        ids: r.resolve<IdGenerator>(TOKENS.ids),
        config: engineConfig(settings),
      }),
    ),
  });
  c.register(TOKENS.authenticator, {
    useFactory: instanceCachingFactory((r) => {
      if (overrides.authenticator) return overrides.authenticator;
      const clock = r.resolve<Clock>(TOKENS.clock);
      return new JwtAuthenticator(r.resolve<string>(TOKENS.secret), () => clock.now(), { maxTtlSeconds: settings.tokenMaxTtlSeconds });
    }),
  });
  c.register(TOKENS.sales, {
    useFactory: instanceCachingFactory((r) => new HostSales(r.resolve<Boxoffice>(TOKENS.boxoffice), logger, settings.defaultSale)),
  });
  c.register(TOKENS.metrics, { useFactory: instanceCachingFactory((r) => new Metrics(r.resolve<Boxoffice>(TOKENS.boxoffice))) });
  c.register(TOKENS.health, { useFactory: instanceCachingFactory((r) => new StoreHealth(logger, r.resolve<Metrics>(TOKENS.metrics))) });
  c.register(TOKENS.sse, {
    useFactory: instanceCachingFactory(
      (r) =>
        new SseHub(r.resolve<Boxoffice>(TOKENS.boxoffice), logger, {
          pollMs: Math.min(Math.max(settings.tickMs, 250), 2000),
          heartbeatMs: overrides.sseHeartbeatMs ?? 15_000,
          maxStreams: settings.maxStreams,
        }),
    ),
  });
  // Rate limits and the proof-of-work replay set count in the host's store, so every host shares them.
  const counters = counterBackend(store, settings);
  c.register(TOKENS.limits, { useFactory: instanceCachingFactory(() => new RateLimits(settings, counters)) });
  c.register(TOKENS.pow, { useFactory: instanceCachingFactory(() => new ProofOfWork(secret, settings.powTtlSeconds, counters, settings.powSurgePerSecond)) });
  c.register(TOKENS.counts, {
    useFactory: instanceCachingFactory((r) => {
      const boxoffice = r.resolve<Boxoffice>(TOKENS.boxoffice);
      return new CountsStreams((saleId) => adminSale(boxoffice, saleId), logger, {
        pollMs: Math.min(Math.max(settings.tickMs, 250), 2000),
        heartbeatMs: overrides.sseHeartbeatMs ?? 15_000,
      });
    }),
  });
  c.register(TOKENS.scheduler, {
    useFactory: instanceCachingFactory((r) => {
      const sse = r.resolve<SseHub>(TOKENS.sse);
      const counts = r.resolve<CountsStreams>(TOKENS.counts);
      const metrics = r.resolve<Metrics>(TOKENS.metrics);
      return new Scheduler(r.resolve<Boxoffice>(TOKENS.boxoffice), settings.tickMs, logger, metrics, () => {
          sse.poke();
          counts.poke();
        }, r.resolve<StoreHealth>(TOKENS.health));
    }),
  });
  c.register(TOKENS.webhooks, {
    useFactory: instanceCachingFactory((r) => {
      const { webhookUrl: url, webhookSecret: secret } = settings;
      if (url === undefined || secret === undefined) return null;
      const webhookSettings = { url, secret, maxBackoffSeconds: settings.webhookMaxBackoffSeconds, leaseSeconds: settings.webhookLeaseSeconds };
      return new WebhookDelivery(r.resolve<Boxoffice>(TOKENS.boxoffice), webhookSettings, logger, r.resolve<Metrics>(TOKENS.metrics), overrides.webhookTuning);
    }),
  });
  c.register(TOKENS.deps, {
    useFactory: instanceCachingFactory(
      (r): AppDeps => ({
        settings,
        boxoffice: r.resolve<Boxoffice>(TOKENS.boxoffice),
        authenticator: r.resolve<Authenticator>(TOKENS.authenticator),
        logger,
        metrics: r.resolve<Metrics>(TOKENS.metrics),
        sse: r.resolve<SseHub>(TOKENS.sse),
        counts: r.resolve<CountsStreams>(TOKENS.counts),
        health: r.resolve<StoreHealth>(TOKENS.health),
        sales: r.resolve<HostSales>(TOKENS.sales),
        limits: r.resolve<RateLimits>(TOKENS.limits),
        pow: r.resolve<ProofOfWork>(TOKENS.pow),
        demoSecret: settings.secret === undefined ? secret : null,
        webRoot: overrides.webRoot ?? DEFAULT_WEB_ROOT,
        // Keyed from the secret every host of a deployment shares, so any host verifies any host's pass.
        passes: new AdmissionPasses(secret, () => r.resolve<Clock>(TOKENS.clock).now()),
        seatMaps: new SeatMaps(),
      }),
    ),
  });
  return c;
}

/** Waits between attempts to reach the store at start. */
const CONNECT_BACKOFF_MS = [1000, 2000, 4000, 5000];

/**
 * A store that cannot be reached at start is an outage, not a configuration
 * error: say where and why (never the URL, it may hold a password), and keep
 * trying, so a host started before its Redis comes up serves once it does.
 */
export async function connect(settings: Settings, logger?: Logger, attempts = 1): Promise<BoxofficeStore> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createStore(settings);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const { kind, address, first } = storeAddress(settings);
      const cause = (error as { cause?: unknown }).cause;
      if (!isDomainError(error, 'store_unavailable')) {
        // It answered and said no (bad credentials, a refused option): waiting will not help.
        const reason = [error, cause].filter(Boolean).map((e) => (e as Error).message ?? String(e)).join(': ');
        throw new ConfigError(`${kind} at ${address} refused the connection settings (${reason})`);
      }
      const refused = first ? await probeTcp(first.host, first.port) : null;
      // When the port answers, the driver's own words are the best clue (a password, TLS or a database number).
      const reason = refused ?? `${first ? 'the port answers, but ' : ''}${cause instanceof Error ? cause.message : error.message}`;
      if (attempt >= attempts) throw new Error(`cannot reach ${kind} at ${address} (${reason})`);
      const waitMs = CONNECT_BACKOFF_MS[Math.min(attempt, CONNECT_BACKOFF_MS.length) - 1] as number;
      logger?.warn({ store: settings.store, address, reason, attempt }, `cannot reach ${kind} at ${address} (${reason}); retrying in ${waitMs / 1000} s`);
      await sleep(waitMs);
    }
  }
}

/** What the host passes to createRedisStore (the adapter is loaded at run time, so its types are restated here). */
interface RedisStoreSettings {
  url?: string;
  clusterNodes?: string[];
  sentinels?: string[];
  sentinelName?: string;
  minReplicas?: number;
  waitMs?: number;
  prefix?: string;
  readyTimeoutMs?: number;
  endedTokenTtlMs?: number;
}

/** Adapters other than memory are optional packages, loaded only when chosen. */
async function createStore(settings: Settings): Promise<BoxofficeStore> {
  switch (settings.store) {
    case 'memory':
      return createMemoryStore({ endedTokenRetentionMs: settings.endedTokenTtlSeconds * 1000 });
    case 'redis': {
      const mod = await importAdapter<{ createRedisStore(o: RedisStoreSettings): Promise<BoxofficeStore> }>(
        '@boxoffice/adapter-redis',
        'redis',
      );
      return mod.createRedisStore({
        ...(settings.redisUrl ? { url: settings.redisUrl } : {}),
        ...(settings.redisClusterNodes ? { clusterNodes: settings.redisClusterNodes } : {}),
        ...(settings.redisSentinels ? { sentinels: settings.redisSentinels, sentinelName: settings.redisSentinelName } : {}),
        ...(settings.redisMinReplicas === undefined ? {} : { minReplicas: settings.redisMinReplicas }),
        waitMs: settings.redisWaitMs,
        prefix: settings.redisPrefix,
        endedTokenTtlMs: settings.endedTokenTtlSeconds * 1000,
        // An attempt that fails soon lets the retry loop say why, instead of a first line after 10 s.
        readyTimeoutMs: 3000,
      });
    }
    case 'mongodb': {
      const mod = await importAdapter<{ createMongoStore(o: { url: string; dbName?: string; queue?: { retentionMs?: number } }): Promise<BoxofficeStore> }>(
        '@boxoffice/adapter-mongodb',
        'mongodb',
      );
      return mod.createMongoStore({ url: settings.mongodbUrl as string, queue: { retentionMs: settings.endedTokenTtlSeconds * 1000 } });
    }
  }
}

export async function importAdapter<T>(name: string, store: string): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(name)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(
      `BOXOFFICE_STORE=${store} needs the package ${name}, which could not be loaded (${(error as Error).message}). Install it next to @boxoffice/http.`,
    );
  }
  const factory = store === 'redis' ? 'createRedisStore' : 'createMongoStore';
  if (typeof mod[factory] !== 'function') {
    throw new ConfigError(`BOXOFFICE_STORE=${store}: ${name} does not export ${factory} yet.`);
  }
  return mod as T;
}
