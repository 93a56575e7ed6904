import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createMemoryStore, CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';
import { createBoxoffice, demoCatalog } from '@boxoffice/core';
import pino from 'pino';
import { createApp } from '../src/app.js';
import { JwtAuthenticator } from '../src/auth.js';
import { engineConfig, loadSettings, type Settings } from '../src/config.js';
import { Metrics } from '../src/metrics.js';
import { SseHub } from '../src/sse.js';
import { WEB_DIST } from './browser-harness.js';

export interface Host {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * TEMPORARY: wires the host's own Koa app by hand, in demo mode on the memory store,
 * until packages/http/src exports startServer.
 */
export async function startHost(overrides: Partial<Settings>): Promise<Host> {
  const settings = loadSettings({}, [], { port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides });
  const boxoffice = createBoxoffice({
    store: createMemoryStore(),
    clock: new SystemClock(),
    ids: new CryptoIdGenerator(),
    config: engineConfig(settings),
  });
  await boxoffice.catalog.publish(demoCatalog());
  const logger = pino({ level: 'silent' });
  const secret = settings.secret ?? 'browser-test-secret';
  const sse = new SseHub(boxoffice, logger, { pollMs: 500, heartbeatMs: 15_000 });
  const app = createApp({
    settings,
    boxoffice,
    authenticator: new JwtAuthenticator(secret),
    logger,
    metrics: new Metrics(boxoffice),
    sse,
    demoSecret: settings.secret ? null : secret,
    webRoot: WEB_DIST,
  });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setInterval(() => {
    void boxoffice.tick().then(() => sse.poke(), () => undefined);
  }, settings.tickMs);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      clearInterval(timer);
      sse.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
