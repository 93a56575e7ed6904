import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { ARTEFACTS, CHROMIUM, chromiumPresent, expectAccessible, focused, pageErrors, refuseNextRead, scrollWidth, signIn, signInWithToken, snap, STEP_TIMEOUT_MS } from './browser-harness.js';
import { signToken } from '../src/auth.js';
import { BrowserRun, takeTheTurn, type Host } from './browser-host.js';
import type { StartOptions } from '../src/index.js';

// The waiting-room page in a real browser (Debian's Chromium through playwright-core, phone-sized)
// against the real host (startServer), in four flows: the five steps with Alice and Bob
// (maxActive 1, short holds); a session running out; waiting by polling, a reload and leaving the
// line; and a host with a secret (demo sign-in off). Every state is screenshotted to test-results/browser/ and scanned
// with axe-core. UPDATE_SCREENSHOTS=1 also rewrites the README pictures in docs/screenshots/.
const present = chromiumPresent();
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!present) {
  console.warn(
    `[browser.test] ${CHROMIUM} is absent: ${inCi ? 'FAILING, because CI must run the browser tests' : 'skipping the browser tests'} ` +
      '(install it with `apt-get install chromium`).',
  );
}

const WEB_ROOT = `${ARTEFACTS}../web-main/`;

// Short enough to watch them run out, long enough that a loaded CI machine finishes each step first.
const HOLD_TTL_SECONDS = 8;
// Carol's session must outlast her first step from her admission on: 5 s alone, 10 s in a CI run with the
// flows side by side, and a loaded CI machine has run steps five times slower than alone.
const SESSION_TTL_SECONDS = 45;
const WAIT = { timeout: 15_000 };

// The four flows below run side by side (each on its own host; the steps of a flow in order,
// hence it.sequential), so the waits for holds and sessions to run out overlap.
describe.runIf(present || inCi)('waiting-room page in Chromium', { concurrent: true, timeout: STEP_TIMEOUT_MS }, () => {
  const run = new BrowserRun();
  // A page of its own, not web/dist: `npm test` packs the packages (which rebuilds web/dist) while this runs.
  beforeAll(() => run.start(WEB_ROOT), 120_000);
  afterAll(() => run.close());
  const user = (host: Host) => run.user(host);
  const host = (settings: StartOptions) => run.host(settings);

  async function openSeatMap(page: Page, expect: ExpectStatic): Promise<void> {
    await page.getByRole('button', { name: /Aurora Live 2027/ }).click();
    await page.locator('#schedule-list button').first().click();
    await expect.poll(() => page.locator('#seat-map button').count(), WAIT).toBe(50);
  }

  const seat = (page: Page, n: number) => page.getByRole('button', { name: new RegExp(`^Seat ${n},`) });

  describe('a sale with maxActive 1: Alice buys, Bob waits, then finds no money', () => {
    let alice: Page;
    let bob: Page;

    beforeAll(async () => {
      const h = await host({ maxActive: 1, holdTtlSeconds: HOLD_TTL_SECONDS, tickMs: 200 });
      alice = await user(h);
      bob = await user(h);
    });
    it.sequential('1. Alice is admitted; Bob waits at position 1 and sees it, announced politely', async ({ expect }) => {
      await alice.goto('/');
      await expectAccessible(expect, alice, 'sign-in');
      await signIn(alice, 'alice');
      await alice.getByRole('heading', { name: "It's your turn" }).waitFor(WAIT);
      await expect.poll(() => alice.locator('#session-left').textContent()).toMatch(/^\d+:\d\d$/);

      // Bob signs in with the keyboard alone: Tab past the skip link to the name, type, Enter.
      await bob.goto('/');
      await bob.keyboard.press('Tab');
      expect(await focused(bob, 'text')).toBe('Skip to content');
      await bob.keyboard.press('Tab');
      expect(await focused(bob, 'id')).toBe('signin-name');
      await bob.keyboard.type('bob');
      await bob.keyboard.press('Enter');
      await bob.getByRole('heading', { name: 'You are in the waiting room' }).waitFor(WAIT);
      await expect.poll(() => bob.locator('#queue-position').textContent(), WAIT).toBe('1');
      expect(await bob.locator('#queue-ahead').textContent()).toBe('0');
      expect(await bob.title()).toBe('#1 in line · boxoffice');
      expect(await bob.locator('#queue-eta').textContent()).not.toBe('–');
      await expect.poll(() => bob.locator('[aria-live="polite"][role="status"]').textContent(), WAIT).toContain('number 1 in line');
      await expect.poll(() => bob.locator('#queue-mode').getAttribute('data-mode'), WAIT).toBe('live');
      expect(await bob.locator('#queue-progress').getAttribute('value')).not.toBeNull();
      await snap(bob, 'bob-waiting');
      await expectAccessible(expect, bob, 'waiting room');
    });

    it.sequential('2. Alice charges, picks two seats, holds them, pays and sees the confirmation', async ({ expect }) => {
      await alice.getByLabel('Charge amount').fill('300000');
      await alice.getByRole('button', { name: 'Charge', exact: true }).click();
      await expect.poll(() => alice.locator('#wallet-balance').textContent(), WAIT).toBe('₩300,000');

      // The gated reads carry the session's admission pass (issue 17): the page fetched one after its first
      // read found none (the status stream carries none), and the host took it (200).
      const mapReads: { pass: string | undefined; status: Promise<number | undefined> }[] = [];
      const onRequest = (r: import('playwright-core').Request) => {
        if (/\/v1\/schedules\/[^/]+\/seats$/.test(new URL(r.url()).pathname)) {
          mapReads.push({ pass: r.headers()['admission-pass'], status: r.response().then((res) => res?.status()) });
        }
      };
      alice.on('request', onRequest);
      await openSeatMap(alice, expect);
      alice.off('request', onRequest);
      expect(mapReads.length).toBeGreaterThan(0);
      expect(mapReads[0]!.pass, 'the seat map read sent an Admission-Pass').toMatch(/^[\w-]+\.[\w-]+/);
      expect(await mapReads[0]!.status).toBe(200);
      // The seat limit (4): a fifth seat is refused, with the reason on screen.
      for (const n of [1, 2, 3, 4, 5]) await seat(alice, n).click();
      expect(await seat(alice, 5).getAttribute('aria-pressed')).toBe('false');
      expect(await alice.locator('#selection').textContent()).toContain('at most 4 seats');
      for (const n of [1, 2, 3, 4]) await seat(alice, n).click();
      expect(await alice.locator('#selection').textContent()).toBe('No seats selected.');
      await seat(alice, 11).click();
      await seat(alice, 12).click();
      expect(await seat(alice, 11).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => alice.locator('#selection').textContent()).toContain('₩220,000');
      await snap(alice, 'alice-seat-map');
      await expectAccessible(expect, alice, 'seat map with a selection');

      await alice.getByRole('button', { name: 'Hold 2 seats' }).click();
      await alice.getByRole('heading', { name: '4. Pay for your hold' }).waitFor(WAIT);
      await expect.poll(() => alice.locator('#hold-left').textContent()).toMatch(/^0:0\d$/);
      await snap(alice, 'hold');

      await alice.getByRole('button', { name: 'Pay', exact: true }).click();
      await alice.getByRole('heading', { name: /Payment complete/ }).waitFor(WAIT);
      const receipt = await alice.locator('#confirmation-receipt').textContent();
      expect(receipt).toContain('11, 12');
      expect(receipt).toContain('₩220,000');
      await expect.poll(() => alice.locator('#wallet-balance').textContent(), WAIT).toBe('₩80,000');
      expect(await alice.locator('#history-rows tr').count()).toBe(2);
      await snap(alice, 'confirmation');
      await expectAccessible(expect, alice, 'confirmation');
    });

    it.sequential("3. Bob's page turns to admitted without a reload, and Alice's seats show as sold", async ({ expect }) => {
      await bob.getByRole('heading', { name: "It's your turn" }).waitFor(WAIT);
      await openSeatMap(bob, expect);
      await expect.poll(() => seat(bob, 11).isDisabled()).toBe(true);
      expect(await seat(bob, 12).isDisabled()).toBe(true);
      expect(await seat(bob, 13).isDisabled()).toBe(false);
      await snap(bob, 'admitted-seat-map');
    });

    it.sequential('4. Bob, using only the keyboard, holds a seat and pays without money: the page offers to charge', async ({ expect }) => {
      // Into the seat grid: its one tab stop is the first free seat; End, ArrowLeft, Space picks seat 49.
      await seat(bob, 1).focus();
      await bob.keyboard.press('End');
      await bob.keyboard.press('ArrowLeft');
      expect(await focused(bob, 'data-seat')).toBe('49');
      await bob.keyboard.press('Space');
      expect(await seat(bob, 49).getAttribute('aria-pressed')).toBe('true');
    // The README picture: sold seats struck out, one picked, and the keyboard focus ring on it.
    await snap(bob, 'seat-map', { only: '#seats' });
      await bob.keyboard.press('Tab');
      expect(await focused(bob, 'id')).toBe('hold');
      await bob.keyboard.press('Enter');
      await bob.getByRole('heading', { name: '4. Pay for your hold' }).waitFor(WAIT);
      await bob.keyboard.press('Tab');
      expect(await focused(bob, 'id')).toBe('pay');
      await bob.keyboard.press('Enter');

      await bob.getByRole('heading', { name: 'Please charge your wallet' }).waitFor(WAIT);
      expect(await bob.locator('#charge-prompt-text').textContent()).toContain('₩80,000');
      expect(await bob.locator('#charge-prompt-amount').inputValue()).toBe('80000');
      expect(await focused(bob, 'id')).toBe('charge-prompt-amount');
      await snap(bob, 'charge-prompt');
      await expectAccessible(expect, bob, 'hold with the charge prompt');
      // The dark theme has its own colours: check their contrast too.
      await bob.emulateMedia({ colorScheme: 'dark' });
      await expectAccessible(expect, bob, 'hold with the charge prompt, dark theme');
      await snap(bob, 'charge-prompt-dark');
      await bob.emulateMedia({ colorScheme: 'light' });
    });

    it.sequential('5. The hold expires (short TTL) and the page says what happened and what to do', async ({ expect }) => {
      const notice = bob.getByRole('alert');
      await expect.poll(() => notice.textContent(), { timeout: (HOLD_TTL_SECONDS + 10) * 1000 }).toContain('expired');
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain('seat 49');
      expect(text).toContain('Pick your seats again');
      expect(await bob.locator('#hold-panel').isHidden()).toBe(true);
      await expect.poll(() => seat(bob, 49).isDisabled(), WAIT).toBe(false);
      await snap(bob, 'hold-expired');
      await expectAccessible(expect, bob, 'hold expired');
    });

    it.sequential('fits a 375px-wide screen without sideways scrolling, and the pages threw nothing', async ({ expect }) => {
      for (const page of [alice, bob]) {
        const width = await scrollWidth(page);
        expect(width).toBeLessThanOrEqual(375);
      }
      expect([...pageErrors(alice), ...pageErrors(bob)]).toEqual([]);
    });
  });

  describe('a session that runs out (short TTL)', () => {
    let carol: Page;

    beforeAll(async () => {
      const h = await host({ maxActive: 1, sessionTtlSeconds: SESSION_TTL_SECONDS, tickMs: 200 });
      carol = await user(h);
    });

    it.sequential('Carol holds a seat and a reload keeps both her turn and her hold, though the first read of the hold fails', async ({ expect }) => {
      await signIn(carol, 'carol');
      await carol.getByRole('heading', { name: "It's your turn" }).waitFor(WAIT);
      await openSeatMap(carol, expect);
      await seat(carol, 1).click();
      await carol.getByRole('button', { name: 'Hold 1 seat' }).click();
      await carol.getByRole('heading', { name: '4. Pay for your hold' }).waitFor(WAIT);
      // A store failing over answers the hold's first read after the reload with a 503: the page asks again.
      const refused = await refuseNextRead(carol, /\/v1\/reservations\/[^/?]+$/, 503, 'store_unavailable', 1);
      await carol.reload();
      await carol.getByRole('heading', { name: '4. Pay for your hold' }).waitFor(WAIT);
      expect(await carol.locator('#hold-summary').textContent()).toContain('Seat 1');
      expect(refused()).toBe(1);
    });

    it.sequential("Carol's session runs out: the page says so, releases her hold and offers to join again", async ({ expect }) => {
      const notice = carol.getByRole('alert');
      await expect.poll(() => notice.textContent(), { timeout: (SESSION_TTL_SECONDS + 10) * 1000 }).toContain('Your turn has ended');
      expect(await notice.textContent()).toContain('Your hold on seat 1 was released');
      expect(await focused(carol, 'text')).toBe('Join the waiting room again');
      await snap(carol, 'session-ended');
      await expectAccessible(expect, carol, 'session ended');
      await carol.keyboard.press('Enter');
      await carol.getByRole('heading', { name: "It's your turn" }).waitFor(WAIT);
      await openSeatMap(carol, expect);
      expect(await seat(carol, 1).isDisabled()).toBe(false);
      expect(pageErrors(carol)).toEqual([]);
    });
  });

  // Dave waits behind someone whose turn lasts the default ten minutes, so no slow step can let him in early
  // (a CI run once ended a short turn ahead of him while he reloaded, and he was admitted).
  describe('leaving the line, polling, and a reload that meets a 429', () => {
    let dave: Page;

    beforeAll(async () => {
      const h = await host({ maxActive: 1, tickMs: 200 });
      await takeTheTurn(h, 'olga');
      dave = await user(h);
    });

    it.sequential('Dave waits by polling when the event stream is blocked, keeps his place on a reload answered 429, then leaves', async ({ expect }) => {
      // A proxy that drops event streams: the page must fall back to polling at pollAfterMs.
      await dave.route(/\/events$/, (route) => route.abort());
      await signIn(dave, 'dave');
      await dave.getByRole('heading', { name: 'You are in the waiting room' }).waitFor(WAIT);
      await expect.poll(() => dave.locator('#queue-mode').getAttribute('data-mode'), WAIT).toBe('polling');
      expect(await dave.locator('#queue-position').textContent()).toBe('1');
      // The first status read after the reload is refused for its rate: the page keeps the token and asks again.
      const refused = await refuseNextRead(dave, /\/queue\/tokens\/[^/]+$/, 429, 'rate_limited', 1);
      await dave.reload();
      await dave.getByRole('heading', { name: 'You are in the waiting room' }).waitFor(WAIT);
      await expect.poll(() => dave.locator('#queue-position').textContent(), WAIT).toBe('1');
      expect(refused()).toBe(1);
      await dave.getByRole('button', { name: 'Leave the queue' }).click();
      await dave.getByRole('heading', { name: 'You are not in line' }).waitFor(WAIT);
      expect(await dave.locator('#lobby-text').textContent()).toContain('You left the line');
      expect(await focused(dave, 'id')).toBe('lobby-title');
      expect(pageErrors(dave)).toEqual([]);
    });
  });

  describe('with BOXOFFICE_SECRET set (demo sign-in off) and maxActive 5', () => {
    const secret = 'a-real-secret-for-this-test-0123456789';
    const queueTokens = new Map<string, string>();
    let h: Host;
    let erin: Page;

    beforeAll(async () => {
      // rateCharges 0: the wallet-history test seeds eleven charges in a second, faster than the default quota lets a person.
      h = await host({ secret, maxActive: 5, tickMs: 200, rateCharges: '0' });
    });

    it.sequential('says so and takes a bearer token instead', async ({ expect }) => {
      erin = await user(h);
      // Erin's phone clock is 20 minutes fast: countdowns must run on the server's time.
      await erin.clock.install({ time: Date.now() + 20 * 60_000 });
      await signIn(erin, 'erin');
      await expect.poll(() => erin.getByRole('alert').textContent(), WAIT).toContain('Demo sign-in is switched off');
      expect(await erin.locator('#signin-token').getAttribute('open')).not.toBeNull();
      await erin.getByLabel('Bearer token').fill(await signToken(secret, 'erin'));
      await erin.getByRole('button', { name: 'Use this token' }).click();
      await erin.getByRole('heading', { name: "It's your turn" }).waitFor(WAIT);
      expect(await erin.locator('#who-name').textContent()).toBe('erin');
      await expect.poll(() => erin.locator('#session-left').textContent(), WAIT).toMatch(/^(9|10):\d\d$/);

      // A problem answer shows its own detail, in the alert, plus what to do next.
      await erin.getByLabel('Charge amount').fill('20000000');
      const [answer] = await Promise.all([
        erin.waitForResponse((r) => r.url().endsWith('/v1/wallet/charges')),
        erin.getByRole('button', { name: 'Charge', exact: true }).click(),
      ]);
      const problem = (await answer.json()) as { code: string; detail: string };
      expect(answer.headers()['content-type']).toContain('application/problem+json');
      expect(problem.code).toBe('invalid_amount');
      await expect.poll(() => erin.getByRole('alert').textContent(), WAIT).toContain(problem.detail);
      expect(await erin.getByRole('alert').textContent()).toContain('Check the amount and try again.');
      await snap(erin, 'problem-detail');
    });

    it.sequential('Frank joins behind a full house and sees his place, the people ahead and the wait', async ({ expect }) => {
      // Four more users fill the five sessions (Erin has one) and two wait: Frank will be third in line.
      for (const id of ['u1', 'u2', 'u3', 'u4', 'w1', 'w2']) {
        const res = await fetch(`${h.url}/v1/queue/tokens`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${await signToken(secret, id)}`, 'Content-Type': 'application/json' },
          body: '{}',
        });
        expect(res.ok).toBe(true);
        queueTokens.set(id, ((await res.json()) as { token: string }).token);
      }
      const frank = await user(h);
      await signInWithToken(frank, await signToken(secret, 'frank'));
      await frank.getByRole('heading', { name: 'You are in the waiting room' }).waitFor(WAIT);
      await expect.poll(() => frank.locator('#queue-position').textContent(), WAIT).toBe('3');
      expect(await frank.locator('#queue-ahead').textContent()).toBe('2');
      expect(await frank.locator('#queue-eta').textContent()).toMatch(/^(about|any moment)/);
      await snap(frank, 'waiting-room', {});
      await expectAccessible(expect, frank, 'waiting room, third in line');
    });

    it.sequential('Erin loses a race for a seat: the page says so in plain words and refreshes the map', async ({ expect }) => {
      await openSeatMap(erin, expect);
      await seat(erin, 20).click();
      // u1, admitted in the test above, holds seat 20 first, through the API.
      const res = await fetch(`${h.url}/v1/reservations`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await signToken(secret, 'u1')}`,
          'Queue-Token': queueTokens.get('u1') ?? '',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ scheduleId: 'aurora-2027-03-14', seats: [20] }),
      });
      expect(res.status).toBe(201);
      await erin.getByRole('button', { name: 'Hold 1 seat' }).click();
      await expect.poll(() => erin.getByRole('alert').textContent(), WAIT).toContain('Someone else got there first');
      await expect.poll(() => seat(erin, 20).isDisabled(), WAIT).toBe(true);
      expect(await erin.locator('#selection').textContent()).toBe('No seats selected.');
      expect(await erin.locator('#schedule-list button[aria-current="true"]').textContent()).toContain('49 seats left');
      await snap(erin, 'seat-taken');
    });

    it.sequential("Erin's wallet history comes a page at a time", async ({ expect }) => {
      const bearer = await signToken(secret, 'erin');
      for (let i = 1; i <= 11; i++) {
        const res = await fetch(`${h.url}/v1/wallet/charges`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', 'Idempotency-Key': `erin-${i}` },
          body: JSON.stringify({ amount: 1000 * i }),
        });
        expect(res.status).toBe(201);
      }
      await erin.reload();
      await expect.poll(() => erin.locator('#wallet-balance').textContent(), WAIT).toBe('₩66,000');
      expect(await erin.locator('#history-rows tr').count()).toBe(10);
      await erin.getByRole('button', { name: 'Show older entries' }).click();
      await expect.poll(() => erin.locator('#history-rows tr').count(), WAIT).toBe(11);
      expect(await erin.locator('#history-more').isHidden()).toBe(true);
      expect(await erin.locator('#history-rows tr').last().textContent()).toContain('+₩1,000');
      expect(pageErrors(erin)).toEqual([]);
    });
  });
});
