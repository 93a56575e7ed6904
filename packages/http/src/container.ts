import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createBoxoffice, type Boxoffice, type BoxofficeStore, type Clock, type IdGenerator } from '@boxoffice/core';
import { createMemoryStore, CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import pino, { type Logger } from 'pino';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { JwtAuthenticator, type Authenticator } from './auth.js';
import { ConfigError, engineConfig, type Settings } from './config.js';
import type { AppDeps } from './deps.js';
import { Metrics } from './metrics.js';
import { Scheduler } from './scheduler.js';
import { SseHub } from './sse.js';
import { DEFAULT_WEB_ROOT } from './web-assets.js';

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
  scheduler: Symbol('Scheduler'),
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
}

/**
 * The composition root, and the only place that picks adapters. The store is
 * created first (it may need a connection), then every service is registered
 * by factory in a child container of its own, so several hosts can live in one
 * process (tests do).
 */
export async function buildContainer(settings: Settings, overrides: ContainerOverrides = {}): Promise<DependencyContainer> {
  const c = rootContainer.createChildContainer();
  const logger = overrides.logger ?? pino({ level: settings.logLevel, base: { service: 'boxoffice' } });
  const store = overrides.storeInstance ?? (await connect(settings));
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
      return new JwtAuthenticator(r.resolve<string>(TOKENS.secret), () => clock.now());
    }),
  });
  c.register(TOKENS.metrics, { useFactory: instanceCachingFactory((r) => new Metrics(r.resolve<Boxoffice>(TOKENS.boxoffice))) });
  c.register(TOKENS.sse, {
    useFactory: instanceCachingFactory(
      (r) =>
        new SseHub(r.resolve<Boxoffice>(TOKENS.boxoffice), logger, {
          pollMs: Math.min(Math.max(settings.tickMs, 250), 2000),
          heartbeatMs: overrides.sseHeartbeatMs ?? 15_000,
        }),
    ),
  });
  c.register(TOKENS.scheduler, {
    useFactory: instanceCachingFactory((r) => {
      const sse = r.resolve<SseHub>(TOKENS.sse);
      return new Scheduler(r.resolve<Boxoffice>(TOKENS.boxoffice), settings.tickMs, logger, r.resolve<Metrics>(TOKENS.metrics), () => sse.poke());
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
        demoSecret: settings.secret === undefined ? secret : null,
        webRoot: overrides.webRoot ?? DEFAULT_WEB_ROOT,
      }),
    ),
  });
  return c;
}

/** A store that cannot be reached at start stops the host with its kind and cause (never the URL: it may hold a password). */
async function connect(settings: Settings): Promise<BoxofficeStore> {
  try {
    return await createStore(settings);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    const reason = [error, cause].filter(Boolean).map((e) => (e as Error).message ?? String(e)).join(': ');
    throw new ConfigError(`BOXOFFICE_STORE=${settings.store}: cannot reach the store (${reason})`);
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
}

/** Adapters other than memory are optional packages, loaded only when chosen. */
async function createStore(settings: Settings): Promise<BoxofficeStore> {
  switch (settings.store) {
    case 'memory':
      return createMemoryStore();
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
      });
    }
    case 'mongodb': {
      const mod = await importAdapter<{ createMongoStore(o: { url: string; dbName?: string }): Promise<BoxofficeStore> }>(
        '@boxoffice/adapter-mongodb',
        'mongodb',
      );
      return mod.createMongoStore({ url: settings.mongodbUrl as string });
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
