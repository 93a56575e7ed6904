import { Api, newKey, Problem, serverNow, sleep } from './api.js';
import { markCurrent, renderConcerts, renderSchedules } from './catalog-view.js';
import { $, $button, $input, focusOn, show } from './dom.js';
import { formatClock, formatDate, formatDuration, formatMoney, seatList } from './format.js';
import { endsSession, explain } from './messages.js';
import { announce, clearNotice, notice } from './notices.js';
import { renderMode, renderWaiting } from './queue-view.js';
import { renderReceipt } from './receipt.js';
import { SeatMap } from './seat-map.js';
import type { Saved } from './session-store.js';
import { load, save, subjectOf, userIdFor } from './session-store.js';
import type { Concert, Payment, QueueStatus, Reservation, Schedule } from './types.js';
import { toMs } from './types.js';
import { WalletView } from './wallet-view.js';
import { StatusWatch } from './watch.js';

/** The SPEC's default; a host that answers with a different `max` updates it. */
const DEFAULT_SEAT_LIMIT = 4;
const VIEWS = ['signin', 'lobby', 'queue', 'session', 'confirmation'] as const;
type View = (typeof VIEWS)[number];
const TITLES: Record<View, string> = {
  signin: 'boxoffice · waiting room',
  lobby: 'boxoffice · waiting room',
  queue: 'Waiting · boxoffice',
  session: "It's your turn · boxoffice",
  confirmation: 'Booked · boxoffice',
};

/** The page's flow: sign in, wait, pick seats, hold, pay. One instance per tab. */
export class App {
  private saved: Saved | null = null;
  private api = new Api(() => ({ bearer: this.saved?.bearer ?? '', queueToken: this.saved?.queueToken ?? null }));
  private watch: StatusWatch | null = null;
  private lastPosition: number | null = null;
  private activeUntil: number | null = null;
  private concert: Concert | null = null;
  private schedule: Schedule | null = null;
  private hold: Reservation | null = null;
  private checkingHold = false;
  private checkingSession = false;
  private readonly wallet = new WalletView(() => this.api, (e) => this.problem(e));
  private readonly seatMap = new SeatMap($('seat-map'), {
    limit: DEFAULT_SEAT_LIMIT,
    onChange: (sel) => this.onSelection(sel),
    // #selection is a polite live region: sighted and screen-reader users both hear of the limit.
    onLimit: (n) => ($('selection').textContent = `You can hold at most ${n} seats at a time. Unselect one first.`),
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
    $button('join').addEventListener('click', () => void this.enterQueue());
    $button('again').addEventListener('click', () => void this.enterQueue());
    $button('leave').addEventListener('click', () => void this.leave('You left the line. Your place was given up.'));
    $button('end-session').addEventListener('click', () => void this.leave('You gave up your turn. Seats you held were released.'));
    $button('hold').addEventListener('click', () => void this.holdSeats());
    $button('pay').addEventListener('click', () => void this.pay());
    $button('cancel-hold').addEventListener('click', () => void this.cancelHold());
    $('charge-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.charge();
    });
    $('charge-prompt-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.chargeAndPay();
    });
  }

  private view(name: View, focus = true): void {
    for (const v of VIEWS) show($(v), v === name);
    document.title = TITLES[name];
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
      if (button?.id === 'hold') button.disabled = this.seatMap.selection.length === 0 || this.hold !== null;
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
    this.saved = { name, userId, bearer, queueToken: null, firstPosition: null, holdId: null };
    this.persist();
    $('who-name').textContent = name;
    await this.enterQueue();
    void this.wallet.refresh().catch((e: unknown) => this.problem(e));
  }

  private async resume(saved: Saved): Promise<void> {
    this.saved = saved;
    $('who-name').textContent = saved.name;
    void this.wallet.refresh().catch((e: unknown) => this.problem(e));
    if (!saved.queueToken) {
      this.view('lobby', false);
      return;
    }
    try {
      this.onStatus(await this.api.status(saved.queueToken), false);
    } catch (error) {
      this.forgetToken();
      this.view('lobby', false);
      // A token that is gone (a restarted demo host, say) just means joining again.
      if (!(error instanceof Problem && endsSession(error))) this.problem(error);
      return;
    }
    if (saved.holdId && !$('session').hidden) await this.restoreHold(saved.holdId);
  }

  private async restoreHold(id: string): Promise<void> {
    try {
      const r = await this.api.reservation(id);
      if (r.state === 'held' && (toMs(r.expiresAt) ?? 0) > serverNow()) this.setHold(r);
      else this.setHold(null);
    } catch {
      this.setHold(null);
    }
  }

  private async signOut(): Promise<void> {
    const token = this.saved?.queueToken;
    const hold = this.hold;
    this.stopWatch();
    if (hold) await this.api.cancel(hold.id).catch(() => undefined);
    if (token) await this.api.leave(token).catch(() => undefined);
    this.resetSession();
    this.saved = null;
    this.persist();
    this.wallet.clear();
    clearNotice();
    $input('signin-name').value = '';
    this.view('signin');
  }

  // ---- the queue ----------------------------------------------------------

  private async enterQueue(): Promise<void> {
    clearNotice();
    await this.busy(null, async () => {
      const status = await this.api.enter();
      if (!this.saved) return;
      if (this.saved.queueToken !== status.token) {
        this.saved.queueToken = status.token;
        this.saved.firstPosition = status.position;
        this.persist();
      }
      this.lastPosition = null;
      this.onStatus(status, true);
    });
  }

  private onStatus(s: QueueStatus, focus: boolean): void {
    if (!this.saved) return;
    if (s.state === 'waiting') {
      this.showWaiting(s, focus);
      if (!this.watch) {
        this.watch = new StatusWatch(this.api, s.token, {
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
    if (s.state === 'active') this.admitted(s, focus);
    else if (s.state === 'completed') {
      this.forgetToken();
      if ($('confirmation').hidden) {
        this.view('lobby', focus);
        $('lobby-text').textContent = 'Your last turn ended with a payment. Join again to buy more seats.';
      }
    } else {
      this.forgetToken();
      this.view('lobby', focus);
      $('lobby-text').textContent = 'Your place in line expired. Join the waiting room again to get a new place.';
      notice('Your place in line expired because the page stopped checking in. Join the waiting room again.', 'info');
    }
  }

  private showWaiting(s: QueueStatus, focus: boolean): void {
    const wasWaiting = !$('queue').hidden;
    if (!wasWaiting) this.view('queue', focus);
    const position = s.position ?? 0;
    if (this.saved && (this.saved.firstPosition === null || position > this.saved.firstPosition)) {
      this.saved.firstPosition = position;
      this.persist();
    }
    const sentence = renderWaiting(s, this.saved?.firstPosition ?? position);
    if (position !== this.lastPosition) {
      this.lastPosition = position;
      announce(sentence);
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
    const hold = this.hold;
    await this.busy(null, async () => {
      this.stopWatch();
      // Giving up a turn gives back its seats now, rather than when the hold runs out.
      if (hold) await this.api.cancel(hold.id).catch(() => undefined);
      await this.api.leave(token);
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
    announce(`It's your turn. You have ${left} to pick seats and pay.`);
    void this.loadConcerts();
  }

  private resetSession(): void {
    this.activeUntil = null;
    this.concert = null;
    this.schedule = null;
    this.setHold(null);
    this.seatMap.clear();
    $('concert-list').replaceChildren();
    $('schedule-list').replaceChildren();
    $('seat-map').replaceChildren();
    show($('schedules'), false);
    show($('seats'), false);
  }

  private sessionEnded(p: Problem | null): void {
    const held = this.hold;
    this.stopWatch();
    this.forgetToken();
    // A hold outlives its session but can no longer be paid for: give the seats back to others now.
    if (held) void this.api.cancel(held.id).catch(() => undefined);
    const why = p ? `${p.detail.replace(/\.?$/, '.')} Your turn has ended.` : 'Your turn has ended: the time to pick seats and pay ran out.';
    const seats = held ? ` Your hold on ${seatList(held.seats)} was released, and nothing was charged.` : '';
    $('lobby-text').textContent = 'Your turn has ended.';
    this.view('lobby', false);
    notice(`${why}${seats} Join the waiting room again to get a new turn.`, 'error', [
      { label: 'Join the waiting room again', run: () => void this.enterQueue() },
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
    if (this.hold) {
      const left = (toMs(this.hold.expiresAt) ?? now) - now;
      const el = $('hold-left');
      el.textContent = formatClock(left);
      el.setAttribute('aria-label', formatDuration(left));
      if (left <= 0) void this.checkHold();
    }
  }

  /** The clock says the session is over; the server has the last word (clocks differ by a tick or so). */
  private async checkSession(): Promise<void> {
    const token = this.saved?.queueToken;
    if (this.checkingSession || !token) return;
    this.checkingSession = true;
    try {
      const s = await this.api.status(token);
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

  private async checkHold(): Promise<void> {
    const hold = this.hold;
    if (this.checkingHold || !hold) return;
    this.checkingHold = true;
    try {
      const r = await this.api.reservation(hold.id);
      if (this.hold?.id !== hold.id) return;
      if (r.state === 'held') {
        // The server's clock is a little behind; look again shortly.
        this.hold = { ...hold, expiresAt: serverNow() + 1000 };
      } else if (r.state === 'expired' || r.state === 'cancelled') {
        this.holdExpired(hold);
      } else if (r.state === 'paying') {
        // A payment has claimed it and is settling: look again shortly.
        this.hold = { ...hold, expiresAt: serverNow() + 2000 };
      } else {
        // Confirmed (paid, perhaps from another tab): nothing left to pay here.
        this.setHold(null);
        await this.reloadSeats();
      }
    } catch (error) {
      if (error instanceof Problem && (error.code === 'hold_expired' || error.code === 'reservation_not_found')) this.holdExpired(hold);
      else await sleep(1000);
    } finally {
      this.checkingHold = false;
    }
  }

  private holdExpired(hold: Reservation): void {
    this.setHold(null);
    notice(
      `Your hold on ${seatList(hold.seats)} expired, so ${hold.seats.length === 1 ? 'it' : 'they'} went back on sale and nothing was charged. ` +
        'Pick your seats again and hold them, then pay before the timer runs out.',
    );
    announce('Your hold expired.');
    void this.reloadSeats();
  }

  // ---- concerts, dates and seats ------------------------------------------

  private async loadConcerts(): Promise<void> {
    await this.busy(null, async () => {
      renderConcerts(await this.api.concerts(), (c, b) => void this.pickConcert(c, b));
    });
  }

  private async pickConcert(c: Concert, button: HTMLButtonElement): Promise<void> {
    clearNotice();
    markCurrent($('concert-list'), button);
    this.concert = c;
    this.schedule = null;
    show($('seats'), false);
    await this.busy(button, async () => {
      renderSchedules(c, await this.api.schedules(c.id), (s, b) => void this.pickSchedule(s, b));
      show($('schedules'), true);
      focusOn($('schedules-title'));
    });
  }

  private async pickSchedule(s: Schedule, button: HTMLButtonElement): Promise<void> {
    clearNotice();
    markCurrent($('schedule-list'), button);
    this.schedule = s;
    this.seatMap.clear();
    await this.busy(button, async () => {
      await this.reloadSeats();
      show($('seats'), true);
      $('seats-title').textContent = `3. Choose seats for ${formatDate(s.startsAt)}`;
      focusOn($('seats-title'));
    });
  }

  private async reloadSeats(): Promise<void> {
    if (!this.schedule || !this.saved?.queueToken) return;
    const seats = await this.api.seats(this.schedule.id);
    this.seatMap.render(seats);
    // Keep the date's "seats left" in step with the map just read.
    const left = seats.filter((x) => x.available).length;
    const sub = $('schedule-list').querySelector(`[data-schedule="${CSS.escape(this.schedule.id)}"] .sub`);
    if (sub) sub.textContent = left > 0 ? `${left} seats left` : 'Sold out';
  }

  private onSelection(sel: number[]): void {
    const hold = $button('hold');
    hold.disabled = sel.length === 0 || this.hold !== null;
    if (sel.length === 0) {
      $('selection').textContent = 'No seats selected.';
      hold.textContent = 'Hold selected seats';
      return;
    }
    const total = this.seatMap.total;
    $('selection').textContent = `Selected ${seatList(sel)}: ${formatMoney(total)}.`;
    hold.textContent = `Hold ${sel.length} seat${sel.length === 1 ? '' : 's'}`;
  }

  private async holdSeats(): Promise<void> {
    const schedule = this.schedule;
    const seats = this.seatMap.selection;
    if (!schedule || seats.length === 0) return;
    clearNotice();
    await this.busy($button('hold'), async () => {
      try {
        const r = await this.api.hold(schedule.id, seats);
        this.seatMap.clear();
        this.setHold(r);
        focusOn($('hold-title'));
        announce(`Held ${seatList(r.seats)} for ${formatDuration((toMs(r.expiresAt) ?? serverNow()) - serverNow())}.`);
        await this.reloadSeats();
      } catch (error) {
        if (error instanceof Problem && error.code === 'seat_unavailable') await this.reloadSeats().catch(() => undefined);
        if (error instanceof Problem && typeof error.extra.max === 'number') {
          this.seatMap.limit = error.extra.max;
          $('seat-limit').textContent = String(error.extra.max);
        }
        throw error;
      }
    });
  }

  private setHold(r: Reservation | null): void {
    this.hold = r;
    if (this.saved && this.saved.holdId !== (r?.id ?? null)) {
      this.saved.holdId = r?.id ?? null;
      this.persist();
    }
    show($('hold-panel'), r !== null);
    show($('charge-prompt'), false);
    $button('hold').disabled = r !== null || this.seatMap.selection.length === 0;
    if (!r) return;
    const where = [this.concert?.name, this.schedule ? formatDate(this.schedule.startsAt) : null].filter(Boolean).join(', ');
    $('hold-summary').textContent = `${capitalise(seatList(r.seats))}${where ? ` for ${where}` : ''}: ${formatMoney(r.amount)} in total.`;
    this.tick();
  }

  private async cancelHold(): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    await this.busy($button('cancel-hold'), async () => {
      await this.api.cancel(hold.id);
      this.setHold(null);
      announce(`Released ${seatList(hold.seats)}.`);
      await this.reloadSeats();
      focusOn($('seats-title'));
    });
  }

  // ---- wallet and payment -------------------------------------------------

  private async charge(): Promise<void> {
    const input = $input('charge-amount');
    const amount = Number(input.value);
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      input.setAttribute('aria-invalid', 'true');
      notice('Enter a whole amount greater than zero to charge.');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    clearNotice();
    await this.busy($button('charge'), async () => {
      const result = await this.api.charge(amount, newKey());
      announce(`Charged ${formatMoney(amount)}. Your balance is ${formatMoney(result.balance)}.`);
      await this.wallet.refresh();
    });
  }

  private async pay(): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    clearNotice();
    await this.busy($button('pay'), () => this.payFor(hold));
  }

  private async payFor(hold: Reservation): Promise<void> {
    try {
      // One key per click: the client's own retries of this click reuse it.
      let payment = await this.api.pay(hold.id, newKey());
      for (let i = 0; i < 10 && (payment.state === 'pending' || payment.state === 'debited'); i++) {
        await sleep(300);
        payment = await this.api.payment(payment.id);
      }
      if (payment.state === 'aborted') {
        throw new Problem(409, payment.failure ?? 'payment_aborted', 'The payment was stopped and nothing was charged.', 'Payment aborted');
      }
      await this.paid(hold, payment);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      if (error.code === 'insufficient_balance') return this.promptCharge(hold);
      if (error.code === 'hold_expired') return this.holdExpired(hold);
      throw error;
    }
  }

  /** The seed's "please charge" answer: offer to top up by what is missing, then pay. */
  private async promptCharge(hold: Reservation): Promise<void> {
    const wallet = await this.wallet.refresh().catch(() => null);
    const balance = wallet?.balance ?? this.wallet.balance ?? 0;
    const missing = Math.max(1, hold.amount - balance);
    $('charge-prompt-text').textContent =
      `Your wallet has ${formatMoney(balance)}, and these seats cost ${formatMoney(hold.amount)}. ` +
      `Charge at least ${formatMoney(missing)} to pay. Your seats stay held while the timer runs.`;
    $input('charge-prompt-amount').value = String(missing);
    show($('charge-prompt'), true);
    announce(`Not enough money in your wallet. Charge at least ${formatMoney(missing)} to pay.`);
    $input('charge-prompt-amount').focus();
  }

  private async chargeAndPay(): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    const input = $input('charge-prompt-amount');
    const amount = Number(input.value);
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      input.setAttribute('aria-invalid', 'true');
      notice('Enter a whole amount greater than zero to charge.');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    clearNotice();
    await this.busy($button('charge-and-pay'), async () => {
      await this.api.charge(amount, newKey());
      await this.wallet.refresh();
      show($('charge-prompt'), false);
      await this.payFor(hold);
    });
  }

  private async paid(hold: Reservation, payment: Payment): Promise<void> {
    const concert = this.concert;
    const schedule = this.schedule;
    this.stopWatch();
    this.forgetToken();
    const wallet = await this.wallet.refresh().catch(() => null);
    renderReceipt(hold, payment, concert, schedule, wallet?.balance ?? null);
    this.view('confirmation');
    announce(`Payment complete. You bought ${seatList(hold.seats)}.`);
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
