import { h } from './dom.js';
import { formatMoney } from './format.js';
import type { Seat } from './types.js';

export const COLUMNS = 10;

export interface SeatMapOptions {
  limit: number;
  onChange(selected: number[]): void;
  onLimit(limit: number): void;
}

/**
 * The seat map: one group per grade, each a grid of toggle buttons. Taken seats are
 * disabled. One seat button is in the tab order at a time (roving tabindex); the arrow
 * keys, Home and End move between the free seats, so the keyboard alone can reach any seat.
 */
export class SeatMap {
  private readonly selected = new Set<number>();
  private buttons: HTMLButtonElement[] = [];
  private prices = new Map<number, number>();

  constructor(
    private readonly root: HTMLElement,
    private readonly opts: SeatMapOptions,
  ) {
    root.addEventListener('keydown', (e) => this.onKey(e));
  }

  get selection(): number[] {
    return [...this.selected].sort((a, b) => a - b);
  }

  /** The total price of the selected seats. */
  get total(): number {
    return this.selection.reduce((sum, n) => sum + (this.prices.get(n) ?? 0), 0);
  }

  set limit(n: number) {
    this.opts.limit = n;
  }

  clear(): void {
    this.selected.clear();
    for (const b of this.buttons) b.setAttribute('aria-pressed', 'false');
    this.opts.onChange([]);
  }

  render(seats: readonly Seat[]): void {
    // Keep a selection across refreshes only for seats that are still free.
    const free = new Set(seats.filter((s) => s.available).map((s) => s.number));
    for (const n of [...this.selected]) if (!free.has(n)) this.selected.delete(n);

    this.prices = new Map(seats.map((s) => [s.number, s.price]));
    const groups = new Map<string, Seat[]>();
    for (const seat of [...seats].sort((a, b) => a.number - b.number)) {
      const grade = seat.grade ?? 'General';
      groups.set(grade, [...(groups.get(grade) ?? []), seat]);
    }

    const hadFocus = this.root.contains(document.activeElement) ? Number((document.activeElement as HTMLElement).dataset.seat) : NaN;
    this.root.replaceChildren();
    this.buttons = [];
    for (const [grade, list] of groups) {
      const prices = [...new Set(list.map((s) => s.price))];
      const price = prices.length === 1 ? formatMoney(prices[0]!) : `from ${formatMoney(Math.min(...prices))}`;
      const left = list.filter((s) => s.available).length;
      const grid = h('div', { className: 'seat-grid', role: 'group', 'aria-label': `${grade} seats` });
      for (const seat of list) {
        const taken = !seat.available;
        const b = h(
          'button',
          {
            type: 'button',
            className: 'seat',
            'data-seat': seat.number,
            'data-grade': grade,
            'aria-pressed': this.selected.has(seat.number) ? 'true' : 'false',
            'aria-label': `Seat ${seat.number}, ${grade}, ${formatMoney(seat.price)}${taken ? ', taken' : ''}`,
            title: taken ? `Seat ${seat.number} is taken` : `Seat ${seat.number}, ${formatMoney(seat.price)}`,
            disabled: taken,
            tabindex: -1,
          },
          String(seat.number),
        );
        b.addEventListener('click', () => this.toggle(b));
        grid.append(b);
        this.buttons.push(b);
      }
      this.root.append(
        h('fieldset', {}, h('legend', {}, `${grade} · ${price} · ${left} free`), grid),
      );
    }
    const focusable = this.buttons.find((b) => Number(b.dataset.seat) === hadFocus && !b.disabled);
    this.setRoving(focusable ?? this.buttons.find((b) => !b.disabled) ?? null, focusable !== undefined);
    this.opts.onChange(this.selection);
  }

  private toggle(b: HTMLButtonElement): void {
    const n = Number(b.dataset.seat);
    if (this.selected.has(n)) {
      this.selected.delete(n);
    } else {
      if (this.selected.size >= this.opts.limit) {
        this.opts.onLimit(this.opts.limit);
        return;
      }
      this.selected.add(n);
    }
    b.setAttribute('aria-pressed', this.selected.has(n) ? 'true' : 'false');
    this.setRoving(b, false);
    this.opts.onChange(this.selection);
  }

  private setRoving(target: HTMLButtonElement | null, focus: boolean): void {
    for (const b of this.buttons) b.tabIndex = b === target ? 0 : -1;
    if (target && focus) target.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const current = e.target instanceof HTMLButtonElement ? this.buttons.indexOf(e.target) : -1;
    if (current < 0) return;
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    let next = -1;
    if (e.key in step) next = this.nextFree(current, step[e.key]!);
    else if (e.key === 'Home') next = this.buttons.findIndex((b) => !b.disabled);
    else if (e.key === 'End') next = this.buttons.length - 1 - [...this.buttons].reverse().findIndex((b) => !b.disabled);
    else return;
    e.preventDefault();
    if (next >= 0 && next < this.buttons.length) this.setRoving(this.buttons[next]!, true);
  }

  /** The next free seat in a direction; a vertical move that lands on a taken seat keeps going that way. */
  private nextFree(from: number, delta: number): number {
    for (let i = from + delta; i >= 0 && i < this.buttons.length; i += delta) {
      if (!this.buttons[i]!.disabled) return i;
    }
    return from;
  }
}
