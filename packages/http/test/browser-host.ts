import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer, type StartOptions } from '../src/index.js';
import { buildPage, CHROMIUM, chromiumPresent, launch, phoneUser } from './browser-harness.js';
import { Client } from './support/api.js';

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

/**
 * Signs `userId` in over HTTP (demo mode), joins the queue a page would join (the one open sale, else the
 * host's one queue) and waits until let in: the turn that a page then waits behind.
 */
export async function takeTheTurn(host: Host, userId: string): Promise<void> {
  const signedIn = await new Client(host.url, null).post('/v1/demo/token', { userId });
  if (signedIn.status !== 200) throw new Error(`demo sign-in for ${userId}: ${signedIn.status}`);
  const user = new Client(host.url, String(signedIn.body.token), userId);
  const sales = await user.get<{ id: string; state: string }[]>('/v1/sales');
  const open = sales.status === 200 ? sales.body.filter((s) => s.state === 'open') : [];
  if (open.length > 1) throw new Error(`takeTheTurn: ${open.length} open sales, the page would ask which`);
  const base = open[0] ? `/v1/sales/${open[0].id}/queue/tokens` : '/v1/queue/tokens';
  const entered = await user.post(base);
  if (entered.status !== 201) throw new Error(`takeTheTurn: entering answered ${entered.status} ${entered.text}`);
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if ((await user.get(`${base}/${String(entered.body.token)}`)).body.state === 'active') return;
  }
  throw new Error(`takeTheTurn: ${userId} was not let in within 15 s`);
}
