import { $, h } from './dom.js';
import { formatDate } from './format.js';
import type { Concert, Schedule } from './types.js';

/** Step 1: one button per concert. */
export function renderConcerts(concerts: readonly Concert[], pick: (c: Concert, b: HTMLButtonElement) => void): void {
  const items = concerts.map((c) => {
    const b = h(
      'button',
      { type: 'button', 'data-concert': c.id, 'aria-current': 'false' },
      c.name,
      c.venue ? h('span', { className: 'sub' }, c.venue) : null,
    );
    b.addEventListener('click', () => pick(c, b));
    return h('li', {}, b);
  });
  $('concert-list').replaceChildren(...items);
  if (items.length === 0) $('concert-list').append(h('li', {}, 'No concerts are on sale right now.'));
}

/** Step 2: one button per date, with the seats left; a sold-out date is disabled. */
export function renderSchedules(concert: Concert, schedules: readonly Schedule[], pick: (s: Schedule, b: HTMLButtonElement) => void): void {
  const items = schedules.map((s) => {
    const soldOut = s.availableSeats <= 0;
    const b = h(
      'button',
      { type: 'button', 'data-schedule': s.id, 'aria-current': 'false', disabled: soldOut },
      formatDate(s.startsAt),
      h('span', { className: 'sub' }, soldOut ? 'Sold out' : `${s.availableSeats} seats left`),
    );
    b.addEventListener('click', () => pick(s, b));
    return h('li', {}, b);
  });
  $('schedule-list').replaceChildren(...items);
  $('schedules-title').textContent = `2. Choose a date for ${concert.name}`;
}

/** Marks the chosen item of a list for sight (style) and for screen readers (aria-current). */
export function markCurrent(list: HTMLElement, current: HTMLElement): void {
  for (const b of list.querySelectorAll('button')) b.setAttribute('aria-current', b === current ? 'true' : 'false');
}
