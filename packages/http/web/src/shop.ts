import type { Api } from './api.js';
import { newKey, Problem, serverNow, sleep } from './api.js';
import { markCurrent, renderConcerts, renderSchedules } from './catalog-view.js';
import { $, $button, $input, focusOn, show } from './dom.js';
import { formatClock, formatDate, formatDuration, formatMoney, seatList } from './format.js';
import { readAmount } from './amount-input.js';
import { retrying } from './messages.js';
import { announce, clearNotice, notice } from './notices.js';
import { untilAnswered } from './retry.js';
import { SeatMap } from './seat-map.js';
import type { Concert, Payment, Reservation, Schedule } from './types.js';
import { toMs } from './types.js';
import type { WalletView } from './wallet-view.js';

/** The SPEC's default; a host that answers with a different `max` updates it. */
export const DEFAULT_SEAT_LIMIT = 4;

/** What the shop needs from the page around it. */
export interface ShopHost {
  api(): Api;
  readonly wallet: WalletView;
  /** Runs a user action with its button busy; a failure becomes a notice. */
  busy(button: HTMLButtonElement | null, action: () => Promise<void>): Promise<void>;
  /** True while the user holds a live queue token. */
  inSession(): boolean;
  /** Remembers the open hold across reloads. */
  rememberHold(id: string | null): void;
  paid(hold: Reservation, payment: Payment, concert: Concert | null, schedule: Schedule | null): Promise<void>;
}

/** An admitted session's shopping: concerts, dates, the seat map, the hold and its payment. */
export class Shop {
  hold: Reservation | null = null;
  private concert: Concert | null = null;
  private schedule: Schedule | null = null;
  private checkingHold = false;
  private readonly seatMap = new SeatMap($('seat-map'), {
    limit: DEFAULT_SEAT_LIMIT,
    onChange: (sel) => this.onSelection(sel),
    // #selection is a polite live region: sighted and screen-reader users both hear of the limit.
    onLimit: (n) => ($('selection').textContent = `You can hold at most ${n} seats at a time. Unselect one first.`),
  });

  constructor(private readonly host: ShopHost) {
    $button('hold').addEventListener('click', () => void this.holdSeats());
    $button('pay').addEventListener('click', () => void this.pay());
    $button('cancel-hold').addEventListener('click', () => void this.cancelHold());
    $('charge-prompt-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.chargeAndPay();
    });
  }

  /** Back to nothing chosen, when a session ends. */
  reset(): void {
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

  /** After a reload: the open hold, if it is still open. A moment's failure to read it does not forget it. */
  async restore(id: string): Promise<void> {
    let r: Reservation | null;
    try {
      r = await untilAnswered(
        () => this.host.api().reservation(id),
        () => this.host.inSession() && this.hold === null,
        (error) => notice(retrying(error, 'Your hold is kept')),
      );
    } catch {
      this.setHold(null);
      return;
    }
    if (r) this.setHold(r.state === 'held' && (toMs(r.expiresAt) ?? 0) > serverNow() ? r : null);
  }

  /** The hold button is enabled only with seats picked and no hold open. */
  syncHoldButton(): void {
    $button('hold').disabled = this.seatMap.selection.length === 0 || this.hold !== null;
  }

  /** The hold countdown, from the page's clock tick. */
  tick(now: number): void {
    if (!this.hold) return;
    const left = (toMs(this.hold.expiresAt) ?? now) - now;
    const el = $('hold-left');
    el.textContent = formatClock(left);
    el.setAttribute('aria-label', formatDuration(left));
    if (left <= 0) void this.checkHold();
  }

  private async checkHold(): Promise<void> {
    const hold = this.hold;
    if (this.checkingHold || !hold) return;
    this.checkingHold = true;
    try {
      const r = await this.host.api().reservation(hold.id);
      if (this.hold?.id !== hold.id) return;
      if (r.state === 'held') {
        // The server's clock is a little behind; look again shortly.
        this.hold = { ...hold, expiresAt: new Date(serverNow() + 1000).toISOString() };
      } else if (r.state === 'expired' || r.state === 'cancelled') {
        this.holdExpired(hold);
      } else if (r.state === 'paying') {
        // A payment has claimed it and is settling: look again shortly.
        this.hold = { ...hold, expiresAt: new Date(serverNow() + 2000).toISOString() };
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
    void this.reloadSeats().catch(() => undefined);
  }

  // ---- concerts, dates and seats ------------------------------------------

  async loadConcerts(): Promise<void> {
    await this.host.busy(null, async () => {
      renderConcerts(await this.host.api().concerts(), (c, b) => void this.pickConcert(c, b));
    });
  }

  private async pickConcert(c: Concert, button: HTMLButtonElement): Promise<void> {
    clearNotice();
    markCurrent($('concert-list'), button);
    this.concert = c;
    this.schedule = null;
    show($('seats'), false);
    await this.host.busy(button, async () => {
      renderSchedules(c, await this.host.api().schedules(c.id), (s, b) => void this.pickSchedule(s, b));
      show($('schedules'), true);
      focusOn($('schedules-title'));
    });
  }

  private async pickSchedule(s: Schedule, button: HTMLButtonElement): Promise<void> {
    clearNotice();
    markCurrent($('schedule-list'), button);
    this.schedule = s;
    this.seatMap.clear();
    await this.host.busy(button, async () => {
      await this.reloadSeats();
      show($('seats'), true);
      $('seats-title').textContent = `3. Choose seats for ${formatDate(s.startsAt)}`;
      focusOn($('seats-title'));
    });
  }

  async reloadSeats(): Promise<void> {
    if (!this.schedule || !this.host.inSession()) return;
    const seats = await this.host.api().seats(this.schedule.id);
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
    await this.host.busy($button('hold'), async () => {
      try {
        const r = await this.host.api().hold(schedule.id, seats);
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

  setHold(r: Reservation | null): void {
    this.hold = r;
    this.host.rememberHold(r?.id ?? null);
    show($('hold-panel'), r !== null);
    show($('charge-prompt'), false);
    $button('hold').disabled = r !== null || this.seatMap.selection.length === 0;
    if (!r) return;
    const where = [this.concert?.name, this.schedule ? formatDate(this.schedule.startsAt) : null].filter(Boolean).join(', ');
    $('hold-summary').textContent = `${capitalise(seatList(r.seats))}${where ? ` for ${where}` : ''}: ${formatMoney(r.amount)} in total.`;
    this.tick(serverNow());
  }

  private async cancelHold(): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    await this.host.busy($button('cancel-hold'), async () => {
      await this.host.api().cancel(hold.id);
      this.setHold(null);
      announce(`Released ${seatList(hold.seats)}.`);
      await this.reloadSeats();
      focusOn($('seats-title'));
    });
  }

  // ---- payment ----------------------------------------------------------

  private async pay(): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    clearNotice();
    await this.host.busy($button('pay'), () => this.payFor(hold));
  }

  private async payFor(hold: Reservation): Promise<void> {
    try {
      // One key per click: the client's own retries of this click reuse it.
      let payment = await this.host.api().pay(hold.id, newKey());
      for (let i = 0; i < 10 && (payment.state === 'pending' || payment.state === 'debited'); i++) {
        await sleep(300);
        payment = await this.host.api().payment(payment.id);
      }
      if (payment.state === 'aborted') {
        throw new Problem(409, payment.failure ?? 'payment_aborted', 'The payment was stopped and nothing was charged.', 'Payment aborted');
      }
      await this.host.paid(hold, payment, this.concert, this.schedule);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      if (error.code === 'insufficient_balance') return this.promptCharge(hold);
      if (error.code === 'hold_expired') return this.holdExpired(hold);
      throw error;
    }
  }

  /** The seed's "please charge" answer: offer to top up by what is missing, then pay. */
  private async promptCharge(hold: Reservation): Promise<void> {
    const wallet = await this.host.wallet.refresh().catch(() => null);
    const balance = wallet?.balance ?? this.host.wallet.balance ?? 0;
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
    const amount = readAmount('charge-prompt-amount');
    if (amount === null) return;
    await this.host.busy($button('charge-and-pay'), async () => {
      await this.host.api().charge(amount, newKey());
      await this.host.wallet.refresh();
      show($('charge-prompt'), false);
      await this.payFor(hold);
    });
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
