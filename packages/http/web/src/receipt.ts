import { $, h } from './dom.js';
import { formatDate, formatMoney, seatList } from './format.js';
import type { Concert, Payment, Reservation, Schedule } from './types.js';

/** The confirmation after a payment: what was bought, what it cost, what is left. */
export function renderReceipt(
  hold: Reservation,
  payment: Payment,
  concert: Concert | null,
  schedule: Schedule | null,
  balance: number | null,
): void {
  const rows: [string, string][] = [
    ['Concert', concert?.name ?? '–'],
    ['Date', schedule ? formatDate(schedule.startsAt) : '–'],
    ['Seats', hold.seats.join(', ')],
    ['Paid', formatMoney(payment.amount ?? hold.amount)],
    ['Balance now', balance === null ? '–' : formatMoney(balance)],
    ['Payment id', payment.id],
  ];
  $('confirmation-receipt').replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  $('confirmation-text').textContent = `You bought ${seatList(hold.seats)}${concert ? ` for ${concert.name}` : ''}. Enjoy the show!`;
}
