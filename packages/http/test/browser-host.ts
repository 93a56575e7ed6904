import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer, type StartOptions } from '../src/index.js';
import { buildPage, CHROMIUM, chromiumPresent, launch, phoneUser } from './browser-harness.js';

export type Host = RunningServer;

/**
 * The real host, in process, on a free port of the loopback interface, quiet. With no
 * `secret` it is in demo mode (POST /v1/demo/token works), as a first `npm start` is.
 * It serves the page from web/dist, which the test builds first.
 */
export function startHost(options: StartOptions): Promise<Host> {
  return startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...options });
}

/** One test file's browser with its phone-sized users and its hosts, all closed together. */
export class BrowserRun {
  private browser: Browser | null = null;
  private readonly contexts: BrowserContext[] = [];
  private readonly hosts: Host[] = [];
  private webRoot: string | undefined;

  /** Builds the page (into `webRoot` when given, else web/dist; the hosts serve it) and launches Chromium. */
  async start(webRoot?: string): Promise<void> {
    if (!chromiumPresent()) throw new Error(`${CHROMIUM} is required in CI for the browser tests`);
    this.webRoot = webRoot;
    await buildPage(webRoot);
    this.browser = await launch();
  }

  async user(host: Host): Promise<Page> {
    if (!this.browser) throw new Error('BrowserRun.start() first');
    const { context, page } = await phoneUser(this.browser, host.url);
    this.contexts.push(context);
    return page;
  }

  async host(options: StartOptions): Promise<Host> {
    const h = await startHost({ ...(this.webRoot === undefined ? {} : { webRoot: this.webRoot }), ...options });
    this.hosts.push(h);
    return h;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    for (const h of this.hosts) await h.close();
  }
}
