import type { Api } from './api.js';
import { $, h } from './dom.js';
import { formatDate, formatMoney, formatWhen } from './format.js';
import type { LedgerEntry, Wallet } from './types.js';

const LABEL: Record<LedgerEntry['type'], string> = { charge: 'Charge', payment: 'Payment', refund: 'Refund' };

const PAGE = 10;

/** The balance and its ledger, newest first, a page at a time. */
export class WalletView {
  balance: number | null = null;
  private cursor: string | null = null;

  constructor(
    private readonly api: () => Api,
    onError: (error: unknown) => void,
  ) {
    $('history-more').addEventListener('click', () => void this.more().catch(onError));
  }

  /** Reads the balance and the newest page again (after a charge or a payment). */
  async refresh(): Promise<Wallet> {
    const wallet = await this.api().wallet(PAGE);
    this.balance = wallet.balance;
    $('wallet-balance').textContent = formatMoney(wallet.balance);
    $('history-rows').replaceChildren(...wallet.history.map(row));
    this.paged(wallet.nextCursor);
    return wallet;
  }

  /** Appends the next older page. */
  private async more(): Promise<void> {
    if (!this.cursor) return;
    const wallet = await this.api().wallet(PAGE, this.cursor);
    const rows = wallet.history.map(row);
    $('history-rows').append(...rows);
    this.paged(wallet.nextCursor);
    // Keyboard users continue at the first entry just added.
    if (rows[0]) {
      rows[0].tabIndex = -1;
      rows[0].focus();
    }
  }

  private paged(next: string | null): void {
    this.cursor = next;
    const count = $('history-rows').childElementCount;
    $('history').hidden = count === 0;
    $('history-empty').hidden = count > 0;
    $('history-more').hidden = next === null;
  }

  clear(): void {
    this.balance = null;
    this.cursor = null;
    $('wallet-balance').textContent = '–';
    $('history-rows').replaceChildren();
    $('history-more').hidden = true;
  }
}

function row(e: LedgerEntry): HTMLTableRowElement {
  const sign = e.type === 'payment' ? '−' : '+';
  return h(
    'tr',
    { 'data-type': e.type },
    h('td', {}, h('time', { datetime: toIso(e.at), title: formatDate(e.at) }, formatWhen(e.at))),
    h('td', {}, LABEL[e.type] ?? e.type),
    h('td', { className: 'num' }, `${sign}${formatMoney(e.amount)}`),
    h('td', { className: 'num' }, formatMoney(e.balanceAfter)),
  );
}

function toIso(value: string | number): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
