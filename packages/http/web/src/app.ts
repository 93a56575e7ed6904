import { Api, newKey, Problem, serverNow, sleep } from './api.js';
import { $, $button, $input, focusOn, show } from './dom.js';
import { formatClock, formatDuration, formatMoney, seatList } from './format.js';
import { endsSession, explain, retrying } from './messages.js';
import { readAmount } from './amount-input.js';
import { announce, clearNotice, notice } from './notices.js';
import { solveInWorker } from './pow.js';
import { renderLine, renderMode, renderPaused, renderPreQueue, renderSaleName, renderWaiting, tickPreQueue } from './queue-view.js';
import { renderReceipt } from './receipt.js';
import { joinable, renderSales } from './sale-list.js';
import { DEFAULT_SEAT_LIMIT, Shop } from './shop.js';
import type { Saved } from './session-store.js';
import { load, save, subjectOf, userIdFor } from './session-store.js';
import type { Concert, Payment, QueueStatus, Reservation, Sale, Schedule, WaitlistStatus } from './types.js';
import { toMs } from './types.js';
import { WalletView } from './wallet-view.js';
import { following, renderWaitlist, tickOffer } from './waitlist-view.js';
import { untilAnswered } from './retry.js';
import { StatusWatch } from './watch.js';

const VIEWS = ['signin', 'lobby', 'checking', 'queue', 'session', 'waitlist', 'confirmation'] as const;
type View = (typeof VIEWS)[number];
const TITLES: Record<View, string> = {
  signin: 'boxoffice · waiting room',
  lobby: 'boxoffice · waiting room',
  checking: 'Checking your browser · boxoffice',
  queue: 'Waiting · boxoffice',
  session: "It's your turn · boxoffice",
  waitlist: 'Waiting list · boxoffice',
  confirmation: 'Booked · boxoffice',
};

/** The lobby's words for a token that ended while the page was not in a session (sold out and closed have their own). */
const ENDED: Partial<Record<string, string>> = {
  idle: 'Your place in line expired. Join the waiting room again to get a new place.',
  left: 'You left the line (perhaps in another tab). Join the waiting room again to get a new place.',
  session_ended: 'Your turn ended: the time to pick seats and pay ran out. Join the waiting room again for a new turn.',
  paid: 'Your last turn ended with a payment. Join again to buy more seats.',
};

/** How often a place on a waiting list is read again: an offer lasts minutes, a few seconds late is fine. */
const WAITLIST_POLL_MS = 3_000;

/** The page's flow: sign in, wait, pick seats, hold, pay. One instance per tab. */
export class App {
  private saved: Saved | null = null;
  private api = new Api(() => ({ bearer: this.saved?.bearer ?? '', queueToken: this.saved?.queueToken ?? null }));
  private watch: StatusWatch | null = null;
  /** The browser check in progress (proof of work), so Cancel can stop it. */
  private checking: AbortController | null = null;
  private lastPosition: number | null = null;
  /** The sale was paused at the last status: announced once when it changes. */
  private paused = false;
  private activeUntil: number | null = null;
  private checkingSession = false;
  /** The pre-queue's opening (server time), while the page shows its countdown. */
  private opensAt: number | null = null;
  /** The sales as last listed, for their names. */
  private sales: Sale[] = [];
  /** The sold-out sale whose waiting list the lobby offers to join. */
  private listSale: string | null = null;
  /** Following a place on a waiting list: stops the polling. */
  private waitlistStop: AbortController | null = null;
  /** The hold a waiting list offered, its end (server time), and the key of paying for it. */
  private offer: Reservation | null = null;
  private offerExpiresAt: number | null = null;
  private offerKey: { reservationId: string; key: string } | null = null;
  /** The last waiting-list state announced, so a poll that changed nothing says nothing. */
  private lastWaitlist = '';
  private readonly wallet = new WalletView(() => this.api, (e) => this.problem(e));
  private readonly shop = new Shop({
    api: () => this.api,
    wallet: this.wallet,
    busy: (button, action) => this.busy(button, action),
    inSession: () => Boolean(this.saved?.queueToken),
    rememberHold: (id) => {
      if (this.saved && this.saved.holdId !== id) {
        this.saved.holdId = id;
        this.persist();
      }
    },
    paid: (hold, payment, concert, schedule) => this.paid(hold, payment, concert, schedule),
  });

  start(): void {
    this.bind();
    setInterval(() => this.tick(), 250);
    const saved = load();
    if (saved) void this.resume(saved);
    else this.view('signin', false);
  }

  // ---- wiring -------------------------------------------------------------

  private bind(): void {
    $('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.signIn();
    });
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.useToken();
    });
    $button('sign-out').addEventListener('click', () => void this.signOut());
    $button('join').addEventListener('click', () => void this.enterQueue(this.saved?.saleId ?? null));
    $button('checking-cancel').addEventListener('click', () => this.checking?.abort());
    $button('again').addEventListener('click', () => void this.enterQueue(this.saved?.saleId ?? null));
    $button('leave').addEventListener('click', () => void this.leave('You left the line. Your place was given up.'));
    $button('end-session').addEventListener('click', () => void this.leave('You gave up your turn. Seats you held were released.'));
    $button('waitlist-join').addEventListener('click', () => {
      if (this.listSale) void this.busy($button('waitlist-join'), () => this.joinWaitlist(this.listSale!));
    });
    $button('waitlist-leave').addEventListener('click', () => void this.leaveWaitlist());
    $button('waitlist-pay').addEventListener('click', () => void this.payOffer());
    $('charge-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.charge();
    });
  }

  /** Shows one view; the lobby reads the sales afresh unless the caller just did (`listed`). */
  private view(name: View, focus = true, listed = false): void {
    for (const v of VIEWS) show($(v), v === name);
    document.title = TITLES[name];
    if (name === 'lobby') {
      $('lobby-title').textContent = 'You are not in line';
      show($('waitlist-join'), false);
      if (!listed) void this.listSales().catch(() => undefined);
    }
    const signedIn = this.saved !== null;
    show($('who'), signedIn);
    show($('wallet'), signedIn);
    if (focus) {
      const heading = $(name).querySelector<HTMLElement>('h1');
      if (heading) focusOn(heading);
    }
  }

  private problem(error: unknown): void {
    const p = error instanceof Problem ? error : new Problem(0, 'client', String(error), 'Error');
    if (p.code === 'unauthorized' || p.status === 401) {
      notice(`${explain(p)}`, 'error', [{ label: 'Sign in again', run: () => void this.signOut() }]);
      return;
    }
    if (endsSession(p) && this.saved?.queueToken) {
      this.sessionEnded(p);
      return;
    }
    notice(explain(p));
  }

  /**
   * Runs a user action with its button busy, so a double click cannot send it twice. The button
   * stays focusable (aria-disabled, not disabled) so a keyboard user does not lose their place.
   */
  private async busy(button: HTMLButtonElement | null, action: () => Promise<void>): Promise<void> {
    if (button?.getAttribute('aria-busy') === 'true') return;
    button?.setAttribute('aria-busy', 'true');
    button?.setAttribute('aria-disabled', 'true');
    try {
      await action();
    } catch (error) {
      this.problem(error);
    } finally {
      button?.removeAttribute('aria-busy');
      button?.removeAttribute('aria-disabled');
      if (button?.id === 'hold') this.shop.syncHoldButton();
    }
  }

  private persist(): void {
    save(this.saved);
  }

  // ---- sign-in ------------------------------------------------------------

  private async signIn(): Promise<void> {
    const input = $input('signin-name');
    const name = input.value.trim();
    if (!name) {
      input.setAttribute('aria-invalid', 'true');
      notice('Enter a name to sign in.');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    clearNotice();
    await this.busy($button('signin-submit'), async () => {
      try {
        const bearer = await Api.demoToken(userIdFor(name));
        await this.signedIn(name, userIdFor(name), bearer);
      } catch (error) {
        if (error instanceof Problem && error.status === 404) {
          notice('Demo sign-in is switched off on this server. Use an access token instead.');
          ($('signin-token') as HTMLDetailsElement).open = true;
          $input('token-input').focus();
          return;
        }
        throw error;
      }
    });
  }

  private async useToken(): Promise<void> {
    const bearer = $input('token-input').value.trim();
    if (!bearer) {
      notice('Paste a bearer token to sign in.');
      return;
    }
    clearNotice();
    const sub = subjectOf(bearer) ?? 'you';
    await this.signedIn(sub, sub, bearer);
  }

  private async signedIn(name: string, userId: string, bearer: string): Promise<void> {
    this.saved = { name, userId, bearer, queueToken: null, saleId: null, preQueue: false, firstPosition: null, holdId: null, waitlistSaleId: null };
    this.persist();
    $('who-name').textContent = name;
    await this.chooseSale();
    void this.wallet.refresh().catch((e: unknown) => this.problem(e));
  }

  private async resume(saved: Saved): Promise<void> {
    this.saved = saved;
    $('who-name').textContent = saved.name;
    void this.wallet.refresh().catch((e: unknown) => this.problem(e));
    if (saved.waitlistSaleId) {
      const saleId = saved.waitlistSaleId;
      await this.listSales().catch(() => undefined);
      this.view('waitlist', false);
      let place: WaitlistStatus | null;
      try {
        place = await untilAnswered(
          () => this.api.waitlist(saleId),
          () => this.saved === saved && saved.waitlistSaleId === saleId,
          (error) => notice(retrying(error, 'Your place on the waiting list is kept')),
        );
      } catch {
        this.forgetWaitlist();
        this.view('lobby', false);
        return;
      }
      if (!place) return;
      await this.onWaitlist(place);
      this.followWaitlist(saleId);
      return;
    }
    if (!saved.queueToken) {
      this.view('lobby', false);
      return;
    }
    const token = saved.queueToken;
    let status: QueueStatus | null;
    try {
      status = await untilAnswered(
        () => this.api.status(saved.saleId, token),
        () => this.saved === saved && saved.queueToken === token,
        (error) => {
          // Until the host answers, the waiting room's layout, its figures blank ("Connecting…").
          this.view('queue', false);
          notice(retrying(error, 'Your place is kept'));
        },
      );
    } catch (error) {
      this.forgetToken();
      this.view('lobby', false);
      // A token that is gone (a restarted demo host, say) just means joining again.
      if (!(error instanceof Problem && endsSession(error))) this.problem(error);
      return;
    }
    if (!status) return;
    this.onStatus(status, false);
    if (saved.holdId && !$('session').hidden) await this.shop.restore(saved.holdId);
  }

  private async signOut(): Promise<void> {
    const token = this.saved?.queueToken;
    const hold = this.shop.hold;
    this.stopWatch();
    this.stopWaitlist();
    if (hold) await this.api.cancel(hold.id).catch(() => undefined);
    if (token) await this.api.leave(this.saved?.saleId ?? null, token).catch(() => undefined);
    this.resetSession();
    this.saved = null;
    this.persist();
    this.wallet.clear();
    clearNotice();
    $input('signin-name').value = '';
    this.view('signin');
  }

  // ---- the queue ----------------------------------------------------------

  /** The host's sales, shown in the lobby; [] from a host without sales (the first release). */
  private async listSales(): Promise<Sale[]> {
    try {
      this.sales = await this.api.sales();
    } catch (error) {
      if (error instanceof Problem && error.status === 404) this.sales = [];
      else throw error;
    }
    renderSales(
      this.sales,
      (sale, button) => void this.busy(button, () => this.join(sale.id)),
      (sale, button) => void this.busy(button, () => this.joinWaitlist(sale.id)),
    );
    return this.sales;
  }

  /** After sign-in: straight into the one sale on offer; with several, the list to choose from. */
  private async chooseSale(): Promise<void> {
    let sales: Sale[];
    try {
      sales = await this.listSales();
    } catch (error) {
      this.view('lobby');
      this.problem(error);
      return;
    }
    const open = sales.filter(joinable);
    if (sales.length === 0 || open.length === 1) {
      await this.enterQueue(open[0]?.id ?? null);
      return;
    }
    this.view('lobby', true, true);
    $('lobby-text').textContent = open.length === 0 ? 'Nothing is on sale right now.' : 'Choose a sale to join its waiting room.';
  }

  private async enterQueue(saleId: string | null): Promise<void> {
    clearNotice();
    await this.busy(null, () => this.join(saleId));
  }

  private async join(saleId: string | null): Promise<void> {
    clearNotice();
    let status: QueueStatus;
    // A sale known to want proof of work is solved for before entering; one that asks anyway (its
    // setting changed, or the default sale) is solved for once when it answers pow_required.
    const wants = (this.sales.find((s) => s.id === saleId)?.settings.proofOfWork ?? 0) > 0;
    let pow = wants && saleId !== null ? await this.checkBrowser(saleId) : undefined;
    if (pow === null) return;
    for (let attempt = 0; ; attempt++) {
      try {
        status = await this.api.enter(saleId, pow);
        break;
      } catch (error) {
        if (error instanceof Problem && (error.code === 'sale_sold_out' || error.code === 'sale_closed')) {
          this.saleEnded(error.code === 'sale_sold_out' ? 'sold_out' : 'closed', saleId, true);
          return;
        }
        const powSale = error instanceof Problem ? (error.extra.saleId ?? saleId) : null;
        if (attempt === 0 && error instanceof Problem && error.code.startsWith('pow_') && typeof powSale === 'string') {
          pow = await this.checkBrowser(powSale);
          if (pow === null) return;
          continue;
        }
        throw error;
      }
    }
    if (!this.saved) return;
    if (this.saved.queueToken !== status.token) {
      this.saved.queueToken = status.token;
      this.saved.saleId = status.saleId ?? saleId;
      this.saved.preQueue = status.state === 'pre_queue';
      this.saved.firstPosition = status.position;
      this.persist();
    }
    this.lastPosition = null;
    this.onStatus(status, true);
  }

  /**
   * The "checking your browser" step: the sale's proof-of-work challenge, solved in a web worker
   * while the page says so (a heading that takes focus, a live status, a progress bar, a Cancel
   * button). The Pow-Solution header, or null when the buyer cancelled.
   */
  private async checkBrowser(saleId: string): Promise<string | null> {
    const controller = new AbortController();
    this.checking = controller;
    this.view('checking');
    const started = Date.now();
    // Shown, and said through the page's one polite announcer (the heading takes focus too).
    const say = (words: string) => {
      $('checking-text').textContent = words;
      announce(words);
    };
    say('Checking your browser before you join the line. This takes a few seconds.');
    const slow = setInterval(() => say(`Still checking your browser (${Math.round((Date.now() - started) / 1000)} s). Keep this page open.`), 5000);
    try {
      const pow = await solveInWorker(await this.api.challenge(saleId), controller.signal);
      announce('Browser checked. Joining the line.');
      return pow;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        this.view('lobby');
        announce('Cancelled. You are not in line.');
        return null;
      }
      this.view('lobby');
      throw error;
    } finally {
      clearInterval(slow);
      this.checking = null;
    }
  }

  private saleName(saleId: string | null): string | null {
    return this.sales.find((s) => s.id === saleId)?.name ?? null;
  }

  private onStatus(s: QueueStatus, focus: boolean): void {
    if (!this.saved) return;
    if (s.state === 'waiting' || s.state === 'pre_queue') {
      this.showWaiting(s, focus);
      if (!this.watch) {
        this.watch = new StatusWatch(this.api, this.saved.saleId, s.token, {
          status: (next) => this.onStatus(next, true),
          mode: (m) => renderMode(m),
          problem: (p) => {
            this.watch = null;
            this.problem(p);
          },
        });
        this.watch.start(s);
      }
      return;
    }
    this.stopWatch();
    this.opensAt = null;
    if (s.endReason === 'sold_out' || s.endReason === 'closed') this.saleEnded(s.endReason, this.saved.saleId, focus);
    else if (s.state === 'active') this.admitted(s, focus);
    else if (s.state === 'completed') {
      this.forgetToken();
      if ($('confirmation').hidden) {
        this.view('lobby', focus);
        $('lobby-text').textContent = 'Your last turn ended with a payment. Join again to buy more seats.';
      }
    } else if (s.endReason === 'session_ended' && !$('session').hidden) {
      this.sessionEnded(null);
    } else {
      this.forgetToken();
      this.view('lobby', focus);
      $('lobby-text').textContent = ENDED[s.endReason ?? 'idle'] ?? ENDED.idle!;
      if (s.endReason === 'idle' || !s.endReason) {
        notice('Your place in line expired because the page stopped checking in. Join the waiting room again.', 'info');
      }
    }
  }

  private showWaiting(s: QueueStatus, focus: boolean): void {
    const wasWaiting = !$('queue').hidden;
    if (!wasWaiting) this.view('queue', focus);
    renderSaleName(this.saleName(this.saved?.saleId ?? null));
    const paused = s.mode === 'paused';
    renderPaused(paused);
    if (paused !== this.paused) {
      this.paused = paused;
      announce(paused ? 'The organiser has paused the sale. You keep your place.' : 'The sale is moving again.');
    }
    if (s.state === 'pre_queue') {
      this.opensAt = toMs(s.opensAt);
      const sentence = renderPreQueue(s, serverNow());
      if (this.lastPosition !== 0) {
        this.lastPosition = 0;
        announce(sentence);
      }
      return;
    }
    this.opensAt = null;
    const position = s.position ?? 0;
    const drawn = this.lastPosition === 0;
    if (this.saved && (this.saved.firstPosition === null || position > this.saved.firstPosition)) {
      this.saved.firstPosition = position;
      this.persist();
    }
    const sentence = renderWaiting(s, this.saved?.firstPosition ?? position);
    renderLine(this.saved?.preQueue ? (this.saved.firstPosition ?? position) : null);
    if (position !== this.lastPosition) {
      this.lastPosition = position;
      announce(drawn ? `The draw is done. ${sentence}` : sentence);
    }
  }

  private stopWatch(): void {
    this.watch?.stop();
    this.watch = null;
  }

  private forgetToken(): void {
    if (!this.saved) return;
    this.saved.queueToken = null;
    this.saved.firstPosition = null;
    this.persist();
    this.resetSession();
  }

  private async leave(message: string): Promise<void> {
    const token = this.saved?.queueToken;
    if (!token) return;
    const hold = this.shop.hold;
    await this.busy(null, async () => {
      this.stopWatch();
      // Giving up a turn gives back its seats now, rather than when the hold runs out.
      if (hold) await this.api.cancel(hold.id).catch(() => undefined);
      await this.api.leave(this.saved?.saleId ?? null, token);
      this.forgetToken();
      $('lobby-text').textContent = message;
      this.view('lobby');
      announce(message);
    });
  }

  // ---- the admitted session -----------------------------------------------

  private admitted(s: QueueStatus, focus: boolean): void {
    const first = $('session').hidden;
    this.activeUntil = toMs(s.activeUntil);
    if (!first) return;
    clearNotice();
    this.view('session', focus);
    $('seat-limit').textContent = String(DEFAULT_SEAT_LIMIT);
    this.tick();
    const left = this.activeUntil ? formatDuration(this.activeUntil - serverNow()) : 'a few minutes';
    // Drawn among the first at the opening: straight from the pre-queue to a turn.
    const drawn = this.lastPosition === 0 ? 'The draw is done and you were among the first. ' : '';
    announce(`${drawn}It's your turn. You have ${left} to pick seats and pay.`);
    void this.shop.loadConcerts();
  }

  private resetSession(): void {
    this.activeUntil = null;
    this.shop.reset();
  }

  /**
   * The sale sold out (or was closed): the wait stops, in plain words. From a status that
   * ended the token, or from an entry the host refused.
   */
  private saleEnded(reason: 'sold_out' | 'closed', saleId: string | null, focus: boolean): void {
    this.stopWatch();
    this.forgetToken();
    const name = this.saleName(saleId);
    const what = name ? `“${name}”` : 'this sale';
    // A stored sale has a waiting list once sold out (the host's implicit default sale has none).
    const list = reason === 'sold_out' && saleId !== null;
    const text =
      reason === 'sold_out'
        ? `Sold out: every seat of ${what} has been sold, so there is nothing left to wait for in line. You were not charged.` +
          (list ? ' You can join its waiting list: a seat that comes back is offered to the people on it, in their order.' : '')
        : `${what[0]!.toUpperCase()}${what.slice(1)} was closed by the organiser, so there is nothing left to wait for. You were not charged.`;
    this.view('lobby', false);
    $('lobby-title').textContent = reason === 'sold_out' ? 'Sold out' : 'Sale closed';
    $('lobby-text').textContent = text;
    this.listSale = list ? saleId : null;
    show($('waitlist-join'), list);
    announce(text);
    if (focus) focusOn($('lobby-title'));
  }

  private sessionEnded(p: Problem | null): void {
    const held = this.shop.hold;
    this.stopWatch();
    this.forgetToken();
    // A hold outlives its session but can no longer be paid for: give the seats back to others now.
    if (held) void this.api.cancel(held.id).catch(() => undefined);
    const why = p ? `${p.detail.replace(/\.?$/, '.')} Your turn has ended.` : 'Your turn has ended: the time to pick seats and pay ran out.';
    const seats = held ? ` Your hold on ${seatList(held.seats)} was released, and nothing was charged.` : '';
    $('lobby-text').textContent = 'Your turn has ended.';
    this.view('lobby', false);
    notice(`${why}${seats} Join the waiting room again to get a new turn.`, 'error', [
      { label: 'Join the waiting room again', run: () => void this.enterQueue(this.saved?.saleId ?? null) },
    ]);
    $('notice-actions').querySelector('button')?.focus();
  }

  /** Runs four times a second: the session and hold countdowns. */
  private tick(): void {
    const now = serverNow();
    if (this.activeUntil !== null && !$('session').hidden) {
      const left = this.activeUntil - now;
      const el = $('session-left');
      el.textContent = formatClock(left);
      el.setAttribute('aria-label', formatDuration(left));
      if (left <= 0) void this.checkSession();
    }
    if (this.opensAt !== null && !$('queue').hidden) tickPreQueue(this.opensAt, now);
    if (this.offerExpiresAt !== null && !$('waitlist').hidden) tickOffer(this.offerExpiresAt, now);
    this.shop.tick(now);
  }

  /** The clock says the session is over; the server has the last word (clocks differ by a tick or so). */
  private async checkSession(): Promise<void> {
    const token = this.saved?.queueToken;
    if (this.checkingSession || !token) return;
    this.checkingSession = true;
    try {
      const s = await this.api.status(this.saved?.saleId ?? null, token);
      if (s.state === 'active') {
        this.activeUntil = Math.max(serverNow() + 1000, toMs(s.activeUntil) ?? 0);
      } else if (s.state === 'completed') {
        this.forgetToken();
      } else {
        this.sessionEnded(null);
      }
    } catch (error) {
      if (error instanceof Problem && endsSession(error)) this.sessionEnded(null);
      else await sleep(1000);
    } finally {
      this.checkingSession = false;
    }
  }

  // ---- the waiting list ---------------------------------------------------

  /** Joins a sold-out sale's waiting list and follows the place. */
  private async joinWaitlist(saleId: string): Promise<void> {
    clearNotice();
    const s = await this.api.joinWaitlist(saleId);
    if (!this.saved) return;
    this.saved.waitlistSaleId = saleId;
    this.persist();
    this.view('waitlist');
    await this.onWaitlist(s);
    this.followWaitlist(saleId);
  }

  /** Reads the place every few seconds until it ends (an offer too: it ends paid, or lapsed). */
  private followWaitlist(saleId: string): void {
    this.stopWaitlist();
    const stop = new AbortController();
    this.waitlistStop = stop;
    void (async () => {
      while (!stop.signal.aborted) {
        await sleep(WAITLIST_POLL_MS);
        if (stop.signal.aborted) return;
        try {
          const s = await this.api.waitlist(saleId);
          if (!stop.signal.aborted) await this.onWaitlist(s);
        } catch (error) {
          // Gone (left in another tab): the lobby. A network blip: the next round asks again.
          if (error instanceof Problem && error.code === 'waitlist_not_found') {
            this.stopWaitlist();
            this.forgetWaitlist();
            this.view('lobby', false);
          }
        }
      }
    })();
  }

  private async onWaitlist(s: WaitlistStatus): Promise<void> {
    if (s.state === 'offered' && s.reservationId && this.offer?.id !== s.reservationId) {
      this.offer = await this.api.reservation(s.reservationId).catch(() => null);
    }
    if (s.state !== 'offered') this.offer = null;
    this.offerExpiresAt = s.state === 'offered' ? toMs(s.expiresAt) : null;
    const text = renderWaitlist(s, this.offer, this.saleName(s.saleId));
    const seen = `${s.state}:${s.position ?? ''}:${s.reservationId ?? ''}`;
    if (seen !== this.lastWaitlist) {
      this.lastWaitlist = seen;
      announce(text);
      // An offer is worth the user's attention at once: the Pay button takes focus.
      if (s.state === 'offered') $button('waitlist-pay').focus();
    }
    this.tick();
    if (!following(s)) {
      // The place is over (paid in another tab, lapsed, left): back to the lobby, saying why.
      this.stopWaitlist();
      this.forgetWaitlist();
      this.view('lobby', false);
      $('lobby-text').textContent = text;
    }
  }

  private async payOffer(): Promise<void> {
    const offer = this.offer;
    if (!offer) return;
    await this.busy($button('waitlist-pay'), async () => {
      // A retry of the same payment (a network failure, a charge in between) reuses its key.
      if (this.offerKey?.reservationId !== offer.id) this.offerKey = { reservationId: offer.id, key: newKey() };
      const payment = await this.api.payOffer(offer.id, this.offerKey.key);
      this.stopWaitlist();
      this.forgetWaitlist();
      await this.paid(offer, payment, null, null);
    });
  }

  private async leaveWaitlist(): Promise<void> {
    const saleId = this.saved?.waitlistSaleId;
    if (!saleId) return;
    await this.busy($button('waitlist-leave'), async () => {
      await this.api.leaveWaitlist(saleId);
      this.stopWaitlist();
      this.forgetWaitlist();
      const message = 'You left the waiting list.';
      this.view('lobby');
      $('lobby-text').textContent = message;
      announce(message);
    });
  }

  private stopWaitlist(): void {
    this.waitlistStop?.abort();
    this.waitlistStop = null;
  }

  private forgetWaitlist(): void {
    this.offer = null;
    this.offerExpiresAt = null;
    this.lastWaitlist = '';
    if (!this.saved) return;
    this.saved.waitlistSaleId = null;
    this.persist();
  }

  // ---- wallet and payment -------------------------------------------------

  private async charge(): Promise<void> {
    const amount = readAmount('charge-amount');
    if (amount === null) return;
    await this.busy($button('charge'), async () => {
      const result = await this.api.charge(amount, newKey());
      announce(`Charged ${formatMoney(amount)}. Your balance is ${formatMoney(result.balance)}.`);
      await this.wallet.refresh();
    });
  }

  private async paid(hold: Reservation, payment: Payment, concert: Concert | null, schedule: Schedule | null): Promise<void> {
    this.stopWatch();
    this.forgetToken();
    const wallet = await this.wallet.refresh().catch(() => null);
    renderReceipt(hold, payment, concert, schedule, wallet?.balance ?? null);
    this.view('confirmation');
    announce(`Payment complete. You bought ${seatList(hold.seats)}.`);
  }
}
