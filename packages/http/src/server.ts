import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoCatalog, isDomainError, type Boxoffice } from '@boxoffice/core';
import type { Logger } from 'pino';
import type { DependencyContainer } from 'tsyringe';
import { createApp } from './app.js';
import { checkCatalogFile, readCatalogFile, type CatalogFile } from './catalog-file.js';
import { ConfigError, DEFAULT_SETTINGS, loadSettings, nameOf, type Settings } from './config.js';
import { buildContainer, TOKENS, type ContainerOverrides } from './container.js';
import type { AppDeps } from './deps.js';
import type { Scheduler } from './scheduler.js';
import type { WebhookDelivery } from './webhooks/delivery.js';
import { storeAddress } from './store-address.js';

export interface StartOptions extends Partial<Settings>, ContainerOverrides {
  /** Run the admission scheduler (default true); tests may step it with `tickNow()` instead. */
  readonly scheduler?: boolean;
  /** Concerts to publish instead of a catalog file or the demo catalog. */
  readonly concerts?: readonly unknown[];
  /** Sales to store (SaleInput), with `concerts` or over the catalog in use; none: the host makes `default`. */
  readonly sales?: readonly unknown[];
  /** How long close() waits for in-flight requests before cutting connections. */
  readonly drainTimeoutMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly settings: Settings;
  readonly boxoffice: Boxoffice;
  readonly container: DependencyContainer;
  readonly server: Server;
  readonly logger: Logger;
  /** The HS256 secret bearer tokens are signed with (random in demo mode). */
  readonly secret: string;
  readonly demoMode: boolean;
  /** One admission tick now. */
  tickNow(): Promise<void>;
  /** Graceful: stop accepting, finish in-flight requests, end SSE streams, stop the scheduler, close the store. */
  close(): Promise<void>;
}

/**
 * Starts a host. Settings not given take their defaults (not the environment:
 * the CLI reads that), so tests and programs state what they mean.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const {
    scheduler: runScheduler = true,
    concerts,
    sales,
    drainTimeoutMs = 10_000,
    storeInstance,
    clock,
    ids,
    authenticator,
    logger: givenLogger,
    webRoot,
    sseHeartbeatMs,
    connectAttempts,
    webhookTuning,
    ...rest
  } = options;
  const settings = loadSettings({}, [], { ...DEFAULT_SETTINGS, ...rest });
  const c = await buildContainer(settings, { storeInstance, clock, ids, authenticator, logger: givenLogger, webRoot, sseHeartbeatMs, connectAttempts, webhookTuning });
  const deps = c.resolve<AppDeps>(TOKENS.deps);
  const { boxoffice, logger, sse } = deps;
  try {
    const file = await seedCatalog(boxoffice, settings, concerts);
    await deps.sales.start(sales ?? file?.sales ?? [], sales || !settings.catalog ? null : `${nameOf(settings, 'catalog')} file ${settings.catalog}`);
  } catch (error) {
    await boxoffice.store.close().catch(() => undefined);
    throw error;
  }

  const app = createApp(deps);
  const server = createServer(app.callback());
  server.keepAliveTimeout = 5_000;
  // Backstops under body.ts's own timer: slow headers, and a request that never completes.
  server.headersTimeout = 10_000;
  server.requestTimeout = settings.bodyTimeoutMs + 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const scheduler = c.resolve<Scheduler>(TOKENS.scheduler);
  if (runScheduler) scheduler.start();
  const webhooks = c.resolve<WebhookDelivery | null>(TOKENS.webhooks);
  webhooks?.start();
  const port = (server.address() as AddressInfo).port;
  const shownHost = !settings.host || settings.host === '0.0.0.0' || settings.host === '::' ? 'localhost' : settings.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  // Where the data lives, so an operator sees which Redis and prefix this host writes to (never a password).
  const where = storeInstance ? {} : { storeAddress: storeAddress(settings).address || undefined, keyPrefix: settings.store === 'redis' ? settings.redisPrefix : undefined };
  // The limits in force, so an operator sees what a load test or a tuning changed.
  const rateLimits = deps.limits.inForce.size === 0 ? 'off' : Object.fromEntries([...deps.limits.inForce].map(([n, q]) => [n, `${q.points}/${q.seconds}s`]));
  logger.info({ url, store: settings.store, ...where, demoMode: deps.demoSecret !== null, rateLimits, webhooks: webhooks !== null }, 'boxoffice listening');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down: draining requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sse.closeAll();
      deps.counts.closeAll();
      // Keep-alive sockets go as soon as they are idle; in-flight requests finish first.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
      server.closeIdleConnections();
      await closed;
      clearInterval(sweep);
      clearTimeout(deadline);
      await scheduler.stop();
      // Cuts an attempt in flight and hands the lease to another host at once.
      await webhooks?.stop();
      await boxoffice.store.close();
      logger.info('shut down');
    })());

  return {
    url,
    port,
    settings,
    boxoffice,
    container: c,
    server,
    logger,
    secret: c.resolve<string>(TOKENS.secret),
    demoMode: deps.demoSecret !== null,
    tickNow: () => scheduler.tickNow(),
    close,
  };
}

/**
 * BOXOFFICE_CATALOG replaces the catalog; otherwise an empty store gets the
 * demo catalog. Returns the catalog file when one was read (its sales come next).
 */
async function seedCatalog(boxoffice: Boxoffice, settings: Settings, concerts: readonly unknown[] | undefined): Promise<CatalogFile | null> {
  if (concerts) {
    await boxoffice.catalog.publish(concerts);
    return null;
  }
  if (settings.catalog) {
    const name = nameOf(settings, 'catalog');
    const file = readCatalogFile(settings.catalog, name);
    checkCatalogFile(file, settings.catalog, await boxoffice.catalog.listScheduleIds(), boxoffice.options.clock.now(), name);
    try {
      await boxoffice.catalog.publish(file.concerts);
    } catch (error) {
      // A file that would drop or reprice a held or sold seat stops the host with the reason, like a bad file.
      if (isDomainError(error, 'validation_failed') || isDomainError(error, 'catalog_conflict')) {
        throw new ConfigError(`${name} file ${settings.catalog}: ${error.message}`);
      }
      throw error;
    }
    return file;
  }
  if (await boxoffice.catalog.isEmpty()) await boxoffice.catalog.publish(demoCatalog());
  return null;
}
