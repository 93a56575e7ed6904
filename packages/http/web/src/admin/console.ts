import { Problem, sleep } from '../api.js';
import { $, $button, $input, focusOn, h, show } from '../dom.js';
import { formatDate, formatWait } from '../format.js';
import { announce, clearNotice, notice } from '../notices.js';
import { parseEventBlock, splitEvents } from '../sse-parse.js';
import { AdminApi, type AdminSale, type SaleMode, type SalePatch, type Tagged } from './admin-api.js';
import { auditItem } from './audit-view.js';
import { addSample, drawChart, type Sample } from './chart.js';
import { buildSettingsForm, differences, fillSettings, settingsPatch } from './settings-form.js';

const KEY = 'boxoffice.operator';

type Switch = SaleMode | 'close';

/** What each switch does, said before it is done (the confirmation step). */
const SWITCHES: Record<Switch, { label: string; confirm: (name: string) => string; patch: SalePatch }> = {
  queue: { label: 'Queue', confirm: (n) => `Resume ${n}: people are let in again at the configured pace.`, patch: { mode: 'queue' } },
  paused: {
    label: 'Pause',
    confirm: (n) => `Pause ${n}: nobody is let in; everyone waiting keeps their place and nobody times out for waiting.`,
    patch: { mode: 'paused' },
  },
  passthrough: { label: 'Let everyone in', confirm: (n) => `Let everyone into ${n} at once: new arrivals skip the line, with no cap or pace.`, patch: { mode: 'passthrough' } },
  reject: { label: 'Stop new arrivals', confirm: (n) => `Stop taking new people into ${n}: those already waiting keep their places.`, patch: { mode: 'reject' } },
  close: {
    label: 'Close the sale',
    confirm: (n) => `Close ${n} for good: everyone still waiting is told the sale is closed. This cannot be undone.`,
    patch: { closed: true },
  },
};

/**
 * The operator console at /admin: sign in, pick a sale, watch its counts live (SSE), switch its
 * mode after a confirmation, change its settings with If-Match (a 412 is said in plain words),
 * and read the audit log.
 */
export class Console {
  private bearer = sessionStorage.getItem(KEY) ?? '';
  private readonly api = new AdminApi(() => this.bearer);
  private current: Tagged | null = null;
  /** The sale as the settings form was filled: a save is made against its ETag. */
  private formBase: Tagged | null = null;
  private samples: Sample[] = [];
  private stream: AbortController | null = null;
  private pending: Switch | null = null;
  private auditCursor: string | null = null;

  start(): void {
    buildSettingsForm();
    $('demo-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.signInDemo();
    });
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.signIn($input('token-input').value.trim());
    });
    $button('sign-out').addEventListener('click', () => this.signOut());
    for (const sw of Object.keys(SWITCHES) as Switch[]) {
      $('modes').append(h('button', { type: 'button', id: `mode-${sw}`, 'data-switch': sw, className: sw === 'close' ? 'danger' : '' }, SWITCHES[sw].label));
      $button(`mode-${sw}`).addEventListener('click', () => this.ask(sw));
    }
    $button('confirm-yes').addEventListener('click', () => void this.confirm());
    $button('confirm-no').addEventListener('click', () => ($('confirm') as HTMLDialogElement).close());
    $('confirm').addEventListener('close', () => {
      if (this.pending) $button(`mode-${this.pending}`).focus();
      this.pending = null;
    });
    $('settings').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveSettings();
    });
    $button('settings-reload').addEventListener('click', () => void this.reloadForm());
    $button('audit-more').addEventListener('click', () => void this.loadAudit(false));
    if (this.bearer) void this.enter();
    else this.showSignIn();
  }

  private showSignIn(): void {
    show($('signin'), true);
    show($('console'), false);
    show($('who'), false);
  }

  private async signInDemo(): Promise<void> {
    const name = $input('demo-name').value.trim();
    if (!name) return notice('Type your name to sign in.');
    try {
      await this.signIn(await AdminApi.demoOperatorToken(name));
    } catch (error) {
      if (error instanceof Problem && error.status === 404) notice('Demo sign-in is off on this host: paste an operator token instead.');
      else this.fail(error);
    }
  }

  private async signIn(bearer: string): Promise<void> {
    if (!bearer) return notice('Paste an operator bearer token.');
    this.bearer = bearer;
    sessionStorage.setItem(KEY, bearer);
    await this.enter();
  }

  private signOut(): void {
    this.stream?.abort();
    this.bearer = '';
    this.current = null;
    sessionStorage.removeItem(KEY);
    clearNotice();
    this.showSignIn();
    focusOn($('signin-title'));
  }

  /** Loads the sales; a token without the operator role is told so and signed out. */
  private async enter(): Promise<void> {
    try {
      const sales = await this.api.sales();
      clearNotice();
      show($('signin'), false);
      show($('console'), true);
      show($('who'), true);
      $('who-name').textContent = this.userName();
      this.renderSales(sales);
      await this.loadAudit(true);
      focusOn($('sales-title'));
      const first = sales.find((s) => s.state === 'open') ?? sales[0];
      if (first) await this.select(first.id, false);
    } catch (error) {
      if (error instanceof Problem && (error.status === 401 || error.status === 403)) {
        this.signOut();
        notice(error.status === 403 ? 'This account is not an operator: sign in with an operator token.' : 'Your sign-in has expired: sign in again.');
        return;
      }
      this.fail(error);
    }
  }

  private userName(): string {
    try {
      const payload = JSON.parse(atob(this.bearer.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string };
      return payload.sub ?? 'operator';
    } catch {
      return 'operator';
    }
  }

  private renderSales(sales: readonly AdminSale[]): void {
    $('sale-list').replaceChildren(
      ...sales.map((s) => {
        const b = h('button', { type: 'button', 'data-sale': s.id, 'aria-current': this.current?.sale.id === s.id ? 'true' : null }, ...saleLabel(s));
        b.addEventListener('click', () => void this.select(s.id, true));
        return h('li', {}, b);
      }),
    );
  }

  private async select(saleId: string, focus: boolean): Promise<void> {
    try {
      const tagged = await this.api.sale(saleId);
      this.current = tagged;
      this.samples = [];
      this.fillForm(tagged);
      this.renderSale(tagged.sale);
      show($('sale'), true);
      if (focus) focusOn($('sale-title'));
      this.follow(saleId);
      this.renderSales(await this.api.sales());
    } catch (error) {
      this.fail(error);
    }
  }

  private fillForm(tagged: Tagged): void {
    this.formBase = tagged;
    fillSettings(tagged.sale.settings);
    show($('settings-conflict'), false);
    show($('settings-reload'), false);
  }

  private renderSale(sale: AdminSale): void {
    const c = sale.counts;
    $('sale-title').textContent = sale.name;
    $('sale-summary').textContent = `${sale.state.replace('_', ' ')} · mode ${sale.mode} · opens ${formatDate(sale.opensAt)}`;
    $('count-prequeue').textContent = String(c.preQueue);
    $('count-waiting').textContent = String(c.waiting);
    $('count-active').textContent = String(c.active);
    $('count-admitted').textContent = String(c.admittedLastMinute);
    $('count-seats').textContent = `${c.seats.free} / ${c.seats.held} / ${c.seats.sold}`;
    $('count-eta').textContent = c.waiting === 0 ? 'nobody waiting' : sale.mode === 'paused' ? 'paused: nobody moves' : formatWait(c.etaTailSeconds);
    // The list says the chosen sale's state and mode as they change too.
    document.querySelector(`[data-sale="${sale.id}"]`)?.replaceChildren(...saleLabel(sale));
    const closed = sale.state === 'closed';
    for (const sw of Object.keys(SWITCHES) as Switch[]) {
      const b = $button(`mode-${sw}`);
      b.setAttribute('aria-pressed', String(sw === sale.mode && !closed));
      b.disabled = closed;
    }
    this.samples = addSample(this.samples, { at: Date.now(), admitted: c.admittedLastMinute, waiting: c.waiting + c.preQueue });
    $('chart-summary').textContent = drawChart($('chart') as unknown as SVGSVGElement, this.samples, Date.now());
  }

  /** The counts stream of the chosen sale; on a fault, a fresh read and a new stream a moment later. */
  private follow(saleId: string): void {
    this.stream?.abort();
    const abort = new AbortController();
    this.stream = abort;
    void (async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await this.api.events(saleId, abort.signal);
          $('live').textContent = 'Live: the figures update every tick.';
          const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done || abort.signal.aborted) break;
            const { blocks, rest } = splitEvents(buffer + value);
            buffer = rest;
            for (const block of blocks) {
              const ev = parseEventBlock(block);
              if (ev?.event === 'counts' && this.current?.sale.id === saleId) {
                const sale = ev.data as AdminSale;
                this.current = { sale, etag: `"${sale.version}"` };
                this.renderSale(sale);
              }
            }
          }
        } catch (error) {
          // Signed out or the sale gone: retrying will not help. Anything else: reconnect below.
          if (error instanceof Problem && error.status >= 400 && error.status < 500 && error.status !== 429) {
            $('live').textContent = 'The live figures stopped.';
            if (!abort.signal.aborted) this.fail(error);
            return;
          }
        }
        if (abort.signal.aborted) return;
        $('live').textContent = 'Reconnecting to the live figures…';
        await sleep(2000);
      }
    })();
  }

  private ask(sw: Switch): void {
    if (!this.current) return;
    this.pending = sw;
    $('confirm-title').textContent = `${SWITCHES[sw].label}?`;
    $('confirm-text').textContent = SWITCHES[sw].confirm(this.current.sale.name);
    $('confirm-yes').textContent = `Yes, ${SWITCHES[sw].label.toLowerCase()}`;
    ($('confirm') as HTMLDialogElement).showModal();
    $button('confirm-no').focus();
  }

  private async confirm(): Promise<void> {
    const sw = this.pending;
    const at = this.current;
    ($('confirm') as HTMLDialogElement).close();
    if (!sw || !at) return;
    try {
      const tagged = await this.api.change(at.sale.id, SWITCHES[sw].patch, at.etag);
      this.current = tagged;
      this.renderSale(tagged.sale);
      announce(`Done: ${tagged.sale.name} is now ${sw === 'close' ? 'closed' : `in mode ${tagged.sale.mode}`}.`);
      await this.loadAudit(true);
    } catch (error) {
      if (error instanceof Problem && error.status === 412) {
        notice('Another operator changed this sale a moment ago, so nothing was changed. Look at its state now and try again if you still want to.');
        await this.refresh(at.sale.id);
      } else this.fail(error);
    }
  }

  private async saveSettings(): Promise<void> {
    const base = this.formBase;
    if (!base) return;
    const { patch, invalid } = settingsPatch(base.sale.settings);
    if (invalid) return notice(`${invalid}: type a whole number above zero.`);
    if (Object.keys(patch).length === 0) return announce('Nothing to save: the settings are as they were.');
    try {
      const tagged = await this.api.change(base.sale.id, { settings: patch }, base.etag);
      this.current = tagged;
      this.fillForm(tagged);
      this.renderSale(tagged.sale);
      announce('Settings saved. Every host applies them within a tick.');
      await this.loadAudit(true);
    } catch (error) {
      if (error instanceof Problem && error.status === 412) {
        const now = await this.api.sale(base.sale.id);
        const box = $('settings-conflict');
        box.textContent = `Not saved: another operator changed this sale while you were editing (${differences(base.sale.settings, now.sale.settings)}). Your values are still in the form. Load the current values, check them, then save again.`;
        show(box, true);
        show($('settings-reload'), true);
        this.current = now;
        this.renderSale(now.sale);
        await this.loadAudit(true);
      } else this.fail(error);
    }
  }

  private async reloadForm(): Promise<void> {
    if (!this.current) return;
    await this.refresh(this.current.sale.id);
    if (this.current) this.fillForm(this.current);
    $input(`setting-admitPerMinute`).focus();
  }

  private async refresh(saleId: string): Promise<void> {
    try {
      this.current = await this.api.sale(saleId);
      this.renderSale(this.current.sale);
    } catch (error) {
      this.fail(error);
    }
  }

  private async loadAudit(fromStart: boolean): Promise<void> {
    try {
      const page = await this.api.audit(fromStart ? null : this.auditCursor);
      const items = page.entries.map(auditItem);
      if (fromStart) $('audit-list').replaceChildren(...items);
      else $('audit-list').append(...items);
      show($('audit-empty'), $('audit-list').childElementCount === 0);
      this.auditCursor = page.next;
      show($('audit-more'), page.next !== null);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    notice(error instanceof Problem ? error.detail : 'Something went wrong; try again.');
  }
}

function saleLabel(s: AdminSale): (Node | string)[] {
  return [h('strong', {}, s.name), ` · ${s.state.replace('_', ' ')} · ${s.mode}`];
}
