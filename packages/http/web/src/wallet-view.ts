import type { Api } from './api.js';
import { $, h } from './dom.js';
import { formatDate, formatMoney, formatWhen } from './format.js';
import type { LedgerEntry, Wallet } from './types.js';

const LABEL: Record<LedgerEntry['type'], string> = { charge: 'Charge', payment: 'Payment', refund: 'Refund' };

/** The balance and the newest ledger entries. */
export class WalletView {
  balance: number | null = null;

  constructor(private readonly api: () => Api) {}

  async refresh(): Promise<Wallet> {
    const wallet = await this.api().wallet(10);
    this.render(wallet);
    return wallet;
  }

  render(wallet: Wallet): void {
    this.balance = wallet.balance;
    $('wallet-balance').textContent = formatMoney(wallet.balance);
    const rows = wallet.history.map((e) => {
      const sign = e.type === 'payment' ? '−' : '+';
      return h(
        'tr',
        { 'data-type': e.type },
        h('td', {}, h('time', { datetime: toIso(e.at), title: formatDate(e.at) }, formatWhen(e.at))),
        h('td', {}, LABEL[e.type] ?? e.type),
        h('td', { className: 'num' }, `${sign}${formatMoney(e.amount)}`),
        h('td', { className: 'num' }, formatMoney(e.balanceAfter)),
      );
    });
    $('history-rows').replaceChildren(...rows);
    $('history').hidden = rows.length === 0;
    $('history-empty').hidden = rows.length > 0;
  }

  clear(): void {
    this.balance = null;
    $('wallet-balance').textContent = '–';
    $('history-rows').replaceChildren();
  }
}

function toIso(value: string | number): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
