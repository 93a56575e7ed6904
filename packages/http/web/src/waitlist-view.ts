import { $, show } from './dom.js';
import { formatClock, formatDuration, formatMoney, seatList } from './format.js';
import type { Reservation, WaitlistStatus } from './types.js';

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/** The words for a place that has ended, by its state. */
const ENDED: Partial<Record<WaitlistStatus['state'], string>> = {
  purchased: 'You bought the seat you were offered. Your place on the list is done.',
  expired: 'Your offer ran out before it was paid, so the seat went to the next person on the list.',
  left: 'You left the waiting list.',
};

/** Whether the page keeps following this place: waiting, or holding an offer. */
export function following(s: WaitlistStatus): boolean {
  return s.state === 'waiting' || s.state === 'offered';
}

/**
 * Shows a place on a sold-out sale's waiting list, or the offer it became (`offer`, the hold
 * offered, once read). Returns the sentence to announce.
 */
export function renderWaitlist(s: WaitlistStatus, offer: Reservation | null, saleName: string | null): string {
  const sale = $('waitlist-sale');
  show(sale, saleName !== null);
  sale.textContent = saleName ? `Sale: ${saleName}` : '';
  const offered = s.state === 'offered';
  show($('waitlist-offer'), offered);
  show($('waitlist-stats'), s.state === 'waiting');
  show($('waitlist-leave'), following(s));
  if (s.state === 'waiting') {
    const position = s.position ?? 0;
    $('waitlist-title').textContent = 'You are on the waiting list';
    $('waitlist-position').textContent = position ? String(position) : '–';
    const ahead = Math.max(0, position - 1);
    const text = `If a seat comes back (a refund, say), it is offered to the people on the list in their order. ${people(ahead)} ahead of you.`;
    $('waitlist-text').textContent = text;
    document.title = position ? `#${position} on the waiting list · boxoffice` : 'Waiting list · boxoffice';
    return `You are number ${position} on the waiting list, ${people(ahead)} ahead.`;
  }
  if (offered) {
    $('waitlist-title').textContent = 'A seat came back for you';
    $('waitlist-text').textContent = 'It is held in your name for a short while. Pay for it before the timer runs out.';
    const what = offer ? `${seatList(offer.seats)} for ${formatMoney(offer.amount)}` : 'One seat';
    $('waitlist-offer-text').textContent = `${what[0]!.toUpperCase()}${what.slice(1)}, held in your name.`;
    document.title = 'A seat for you · boxoffice';
    return `A seat came back for you: ${what}. Pay for it before the timer runs out.`;
  }
  $('waitlist-title').textContent = 'Waiting list';
  const text = ENDED[s.state] ?? 'Your place on the waiting list has ended.';
  $('waitlist-text').textContent = text;
  document.title = 'Waiting list · boxoffice';
  return text;
}

/** The offer's countdown, four times a second. */
export function tickOffer(expiresAt: number, now: number): void {
  const left = Math.max(0, expiresAt - now);
  const el = $('waitlist-offer-left');
  el.textContent = formatClock(left);
  el.setAttribute('aria-label', formatDuration(left));
}
