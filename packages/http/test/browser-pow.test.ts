import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ARTEFACTS, CHROMIUM, chromiumPresent, expectAccessible, focused, pageErrors, recordedTexts, recordTexts, signIn, snap } from './browser-harness.js';
import { BrowserRun } from './browser-host.js';
import { SALES_CONCERTS } from './support/sales.js';

// Proof of work on the page, in Chromium: a sale with proofOfWork > 0 is entered
// after "Checking your browser" (a focused heading, a live status, a progress
// bar, Cancel), the challenge solved in a web worker; then the buyer is in line.
// Rate limits are on (the host's defaults), as a buyer meets them.
const present = chromiumPresent();
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!present) console.warn(`[browser-pow.test] ${CHROMIUM} is absent: ${inCi ? 'FAILING in CI' : 'skipping'}`);

const WEB_ROOT = `${ARTEFACTS}../web-pow/`;
const WAIT = { timeout: 60_000 };

describe.runIf(present || inCi)('proof of work on the page in Chromium', () => {
  const run = new BrowserRun();
  beforeAll(() => {
    mkdirSync(ARTEFACTS, { recursive: true }); // WEB_ROOT is reached through it
    return run.start(WEB_ROOT);
  }, 120_000);
  afterAll(() => run.close());

  it('signing in to a guarded sale checks the browser in a worker, then joins the line; Cancel goes back to the lobby', async ({ expect }) => {
    // Enough attempts (up to 400k WebCrypto hashes) that the check is seen, few enough for a slow machine.
    const host = await run.host({ webRoot: WEB_ROOT, concerts: SALES_CONCERTS, sales: [{ id: 'guarded', name: 'Guarded sale', scheduleIds: ['big-1'], settings: { proofOfWork: 400_000 } }] });
    const page = await run.user(host);
    // Everything the polite announcer says, kept: the check can end, and the line move on to "your turn", before a
    // poll of its current text comes round (a fast machine solves 400k hashes in well under a second).
    await recordTexts(page, 'announcer');
    await signIn(page, 'ivy');
    const checking = page.getByRole('heading', { name: 'Checking your browser' });
    await checking.waitFor(WAIT);
    expect(await focused(page, 'id')).toBe('checking-title');
    expect(await page.locator('#checking-text').textContent()).toMatch(/Checking your browser before you join the line/);
    // Said as well as shown: through the page's polite announcer.
    await expect.poll(() => recordedTexts(page, 'announcer'), WAIT).toMatch(/Checking your browser|Still checking|Browser checked/);
    await snap(page, 'checking-browser', {});
    await expectAccessible(expect, page, 'checking your browser');
    await page.getByRole('heading', { name: 'You are in the waiting room' }).or(page.getByRole('heading', { name: /your turn/i })).waitFor(WAIT);
    expect((await host.boxoffice.queue.counts('guarded')).waiting + (await host.boxoffice.queue.counts('guarded')).active).toBe(1);

    const other = await run.user(host);
    await signIn(other, 'jack');
    await other.getByRole('heading', { name: 'Checking your browser' }).waitFor(WAIT);
    await other.keyboard.press('Tab');
    await other.getByRole('button', { name: 'Cancel' }).press('Enter');
    await other.getByRole('heading', { name: 'You are not in line' }).waitFor(WAIT);
    expect((await host.boxoffice.queue.counts('guarded')).waiting + (await host.boxoffice.queue.counts('guarded')).active).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);
});
