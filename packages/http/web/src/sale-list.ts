import { $, h, show } from './dom.js';
import { formatDate } from './format.js';
import type { Sale } from './types.js';

/** What a sale's button says under its name, in plain words. */
function describe(sale: Sale): string {
  switch (sale.state) {
    case 'open':
      return 'On sale now · join the waiting room';
    case 'scheduled':
      return `Opens ${formatDate(sale.opensAt)} · join now, places are drawn at the opening`;
    case 'sold_out':
      return 'Sold out · join the waiting list';
    case 'closed':
      return 'Closed';
  }
}

export function joinable(sale: Sale): boolean {
  return sale.state === 'open' || sale.state === 'scheduled';
}

/**
 * The lobby's sale list: one button per sale. An open or scheduled one joins its waiting room, a
 * sold-out one its waiting list; a closed one is shown, disabled.
 */
export function renderSales(
  sales: readonly Sale[],
  join: (sale: Sale, button: HTMLButtonElement) => void,
  joinList: (sale: Sale, button: HTMLButtonElement) => void,
): void {
  const items = sales.map((sale) => {
    const listed = sale.state === 'sold_out';
    const b = h('button', { type: 'button', 'data-sale': sale.id, disabled: !joinable(sale) && !listed }, sale.name, h('span', { className: 'sub' }, describe(sale)));
    b.addEventListener('click', () => (listed ? joinList(sale, b) : join(sale, b)));
    return h('li', {}, b);
  });
  $('sale-list').replaceChildren(...items);
  show($('sales'), sales.length > 0);
  // With several sales the list is the choice; the single join button is for one open sale (or a host without sales).
  show($('join'), sales.length === 0 || (sales.length === 1 && joinable(sales[0]!)));
}
