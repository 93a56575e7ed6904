import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Debian's Chromium: Playwright's own browser download does not work here (see .ci/run).
 * BOXOFFICE_CHROMIUM points elsewhere, e.g. at a local Chrome.
 */
export const CHROMIUM = process.env.BOXOFFICE_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A browser test step's limit. Each wait inside a step has its own 15 s bound; this only stops a step that hangs.
 * A step is a dozen page actions with axe-core scans and screenshots: 5 s alone, 13 s with the three flows side
 * by side, and over 30 s in one CI run where the other lane (host suites, pack smoke test) had both cores.
 */
export const STEP_TIMEOUT_MS = 120_000;

export const WEB_CONFIG = fileURLToPath(new URL('../web/vite.config.ts', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));
export const ARTEFACTS = fileURLToPath(new URL('../test-results/browser/', import.meta.url));
export const DOCS_SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export function chromiumPresent(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * Builds the page with Vite's JS API, as `npm run build:web` does. `outDir` builds a
 * private copy instead of web/dist, for a test file that runs beside another one.
 */
export async function buildPage(outDir?: string): Promise<void> {
  const { build } = await import('vite');
  // Resolved first: `test-results/browser/../web-x/` cannot be read while `browser/` does not exist yet.
  await build({ configFile: WEB_CONFIG, logLevel: 'error', ...(outDir ? { build: { outDir: resolve(outDir), emptyOutDir: true } } : {}) });
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A phone-sized user (375 x 740), like the smallest common phone screens. */
export async function phoneUser(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  pageErrorLog.set(page, errors);
  return { context, page };
}

const pageErrorLog = new WeakMap<Page, string[]>();

/** Uncaught exceptions and unhandled rejections the page has thrown so far. */
export function pageErrors(page: Page): readonly string[] {
  return pageErrorLog.get(page) ?? [];
}

/**
 * Saves a full-page screenshot as a test artefact. README pictures (docs = true) are
 * rewritten only with UPDATE_SCREENSHOTS=1, so a plain test run leaves the work tree clean.
 */
export async function snap(page: Page, name: string, docs?: { readonly only?: string }): Promise<void> {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTEFACTS}${name}.png`, fullPage: true });
  if (docs && process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    const path = `${DOCS_SCREENSHOTS}${name}.png`;
    if (docs.only) await page.locator(docs.only).screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
  }
}

/** The focused element's id, attribute or text (evaluated in the page; the test's tsconfig has no DOM types). */
export function focused(page: Page, what: 'id' | 'text' | `data-${string}`): Promise<string | null> {
  const expr =
    what === 'id'
      ? 'document.activeElement?.id ?? null'
      : what === 'text'
        ? 'document.activeElement?.textContent ?? null'
        : `document.activeElement?.getAttribute(${JSON.stringify(what)}) ?? null`;
  return page.evaluate<string | null>(expr);
}

/** The page's full scroll width, to catch sideways scrolling. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;
const AXE_SOURCE = (): string => (axeSource ??= readFileSync(AXE_SCRIPT, 'utf8'));

/** Runs axe-core's WCAG 2.1 A and AA rules on the page as it stands; returns the violations, summarised. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not added as a <script>: the page's Content-Security-Policy
  // (script-src 'self') refuses inline scripts, and the tests keep that policy on.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE());
  return page.evaluate<AxeViolation[]>(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
      .then((r) => r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })))
  `);
}

/** Signs in on the demo form (demo mode) with a name; the page then enters the queue or lists the sales. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join the waiting room' }).click();
}

/**
 * Keeps every text the element `id` is given, from the page's next load on: a notice or an announcement can come
 * and go between two polls of its current text (on a fast machine, or a slow one). Read them with `recordedTexts`.
 * (A script as a string: the test's tsconfig has no DOM types.)
 */
export async function recordTexts(page: Page, id: string): Promise<void> {
  const key = JSON.stringify(id);
  await page.addInitScript(`(() => {
    const said = ((window.recorded = window.recorded || {})[${key}] = []);
    document.addEventListener('DOMContentLoaded', () => {
      const node = document.getElementById(${key});
      if (node) new MutationObserver(() => said.push(node.textContent || '')).observe(node, { childList: true, characterData: true, subtree: true });
    });
  })();`);
}

/** Every text `recordTexts` kept for the element `id` since the page last loaded, one a line. */
export function recordedTexts(page: Page, id: string): Promise<string> {
  return page.evaluate<string>(`((window.recorded || {})[${JSON.stringify(id)}] || []).join('\\n')`);
}

/** Signs in with a bearer token (a host with a secret: demo sign-in off). */
export async function signInWithToken(page: Page, bearer: string): Promise<void> {
  await page.goto('/');
  await page.getByText('Have an access token?').click();
  await page.getByLabel('Bearer token').fill(bearer);
  await page.getByRole('button', { name: 'Use this token' }).click();
}

/** No WCAG 2.x A/AA violation that axe-core can find, in the state the page is in now. */
export async function expectAccessible(expect: (value: unknown, message?: string) => { toEqual(v: unknown): void }, page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe-core on "${state}": ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/**
 * Answers the page's next GET whose URL matches `url` with a problem+json of `status` (a 429 or a 503, say) that
 * asks to retry after `retryAfterSeconds`, as a busy or failing-over host would; later requests go through.
 * Returns how many were answered so (0 or 1).
 */
export async function refuseNextRead(page: Page, url: RegExp, status: number, code: string, retryAfterSeconds: number): Promise<() => number> {
  let refused = 0;
  await page.route(
    url,
    (route) => {
      if (route.request().method() !== 'GET') return route.fallback();
      refused++;
      return route.fulfill({
        status,
        headers: { 'content-type': 'application/problem+json', 'retry-after': String(retryAfterSeconds) },
        body: JSON.stringify({ type: 'about:blank', title: 'Refused', status, code, detail: `Refused by the test (${status}).`, retryAfterSeconds }),
      });
    },
    { times: 1 },
  );
  return () => refused;
}
