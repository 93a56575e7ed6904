import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage, CHROMIUM, chromiumPresent, launch, phoneUser } from './browser-harness.js';
import { startHost, type Host } from './browser-host.js';

// Security headers on every kind of answer, compressed static files, and a real browser loading the
// page and the docs page under that Content-Security-Policy with no violation.
const present = chromiumPresent();
const inCi = process.env.CI === 'true' || process.env.CI === '1';

describe('security headers, compression and the CSP in a browser', () => {
  let host: Host;
  // A page of its own: the browser suite rebuilds web/dist at the same time.
  const webRoot = mkdtempSync(join(tmpdir(), 'boxoffice-page-'));
  beforeAll(async () => {
    await buildPage(webRoot);
    host = await startHost({ webRoot });
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const SECURITY = ['content-security-policy', 'cross-origin-opener-policy', 'referrer-policy', 'x-content-type-options'];

  it('are on the page, the docs, the API, a problem answer and a 404', async () => {
    const answers = await Promise.all(
      ['/', '/admin', '/docs', '/docs/swagger-ui-bundle.js', '/openapi.json', '/healthz', '/v1/concerts', '/nowhere'].map(async (path) => {
        const r = await fetch(`${host.url}${path}`);
        await r.arrayBuffer();
        return [path, r] as const;
      }),
    );
    for (const [path, r] of answers) {
      for (const name of SECURITY) expect(r.headers.get(name), `${name} on ${path}`).toBeTruthy();
      expect(r.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    expect(answers.find(([p]) => p === '/v1/concerts')?.[1].status).toBe(401);
    expect(answers.find(([p]) => p === '/nowhere')?.[1].status).toBe(404);
    expect(answers.find(([p]) => p === '/admin')?.[1].headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('serves the page, its assets and the docs assets compressed when the client accepts it', async () => {
    const html = await (await fetch(`${host.url}/`, { headers: { 'accept-encoding': 'identity' } })).text();
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => `/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const path of ['/', ...assets, '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']) {
      for (const encoding of ['br', 'gzip']) {
        // Node's fetch decodes the body itself; the header says what travelled.
        const r = await fetch(`${host.url}${path}`, { headers: { 'accept-encoding': encoding } });
        await r.arrayBuffer();
        expect(r.headers.get('content-encoding'), `${path} ${encoding}`).toBe(encoding);
        expect(r.headers.get('vary'), path).toMatch(/accept-encoding/i);
      }
    }
    const plain = await fetch(`${host.url}/`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(html);
  });

  it('gives the page and the docs page a meta description', async () => {
    for (const path of ['/', '/docs']) {
      const html = await (await fetch(`${host.url}${path}`)).text();
      expect(html, path).toMatch(/<meta name="description" content="[^"]{40,}"/);
    }
  });

  describe.runIf(present || inCi)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      if (!present) throw new Error(`${CHROMIUM} is required in CI for the browser tests`);
      browser = await launch();
    }, 60_000);
    afterAll(() => browser?.close());

    it.each(['/', '/docs'])('loads %s with no Content-Security-Policy violation', async (path) => {
      const { context, page } = await phoneUser(browser, host.url);
      try {
        const violations: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
        });
        await page.goto(path);
        if (path === '/docs') await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 15_000 });
        else await page.getByLabel('Your name').waitFor();
        expect(violations).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  });
});
