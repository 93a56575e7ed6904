import { $, show } from './dom.js';
import { formatClock, formatDate, formatDuration, formatTime, formatWait } from './format.js';
import type { QueueStatus } from './types.js';
import { toMs } from './types.js';
import type { WatchMode } from './watch.js';

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/**
 * Shows a waiting token: place, people ahead, the wait and a progress bar. `first` is the
 * place at joining; progress counts the places moved since, and the last step is being let in.
 * Returns the sentence to announce.
 */
export function renderWaiting(s: QueueStatus, first: number): string {
  const position = s.position ?? 0;
  const ahead = Math.max(0, position - 1);
  $('queue-position').textContent = position ? String(position) : '–';
  $('queue-ahead').textContent = String(ahead);
  // Paused: nobody moves, so no estimate holds; the paused notice says why.
  const wait = s.mode === 'paused' ? 'on hold while paused' : formatWait(s.etaSeconds);
  $('queue-eta').textContent = wait;
  const pct = first > 0 ? Math.round((100 * (first - position + 1)) / (first + 1)) : 0;
  const bar = $('queue-progress') as HTMLProgressElement;
  bar.value = pct;
  bar.textContent = `${pct}%`;
  bar.setAttribute('aria-valuetext', `${pct}%, ${people(ahead)} ahead`);
  // The tab title shows the place too, for someone who switched to another tab while waiting.
  document.title = position ? `#${position} in line · boxoffice` : 'Waiting · boxoffice';
  return `You are number ${position} in line, ${people(ahead)} ahead. Estimated wait ${wait}.`;
}

export function renderMode(mode: WatchMode): void {
  const el = $('queue-mode');
  el.textContent = mode === 'live' ? 'Live updates are on.' : 'Live updates are unavailable; checking every few seconds instead.';
  el.dataset.mode = mode;
}

/** "8:00 PM" (or the date too when it is not today): when a pre-queue's places are drawn. */
export function formatOpening(opensAt: number, now: number): string {
  const d = new Date(opensAt);
  const sameDay = d.toDateString() === new Date(now).toDateString();
  return sameDay ? formatTime(opensAt) : formatDate(opensAt);
}

/**
 * Shows a pre-queue token: in, with no place yet, and the time the places are drawn.
 * The countdown itself runs in `tickPreQueue`. Returns the sentence to announce.
 */
export function renderPreQueue(s: QueueStatus, now: number): string {
  const at = toMs(s.opensAt) ?? now;
  const when = formatOpening(at, now);
  $('queue-title').textContent = 'You are in';
  $('prequeue-text').textContent = `You are in; your place is drawn at ${when}, when the sale opens.`;
  show($('prequeue'), true);
  show($('queue-stats'), false);
  show($('queue-progress-box'), false);
  show($('queue-drawn'), false);
  tickPreQueue(at, now);
  document.title = `In the pre-queue · opens ${when} · boxoffice`;
  return `You are in. Your place in line is drawn at ${when}, when the sale opens.`;
}

/** The countdown to the draw, four times a second. */
export function tickPreQueue(opensAt: number, now: number): void {
  const left = opensAt - now;
  const el = $('prequeue-left');
  el.textContent = left > 0 ? formatClock(left) : 'now: drawing places…';
  el.setAttribute('aria-label', left > 0 ? formatDuration(left) : 'now');
}

/** Back to the waiting-room layout; `drawn` is the place drawn at the opening, for a token that was in the pre-queue. */
export function renderLine(drawn: number | null): void {
  $('queue-title').textContent = 'You are in the waiting room';
  show($('prequeue'), false);
  show($('queue-stats'), true);
  show($('queue-progress-box'), true);
  const el = $('queue-drawn');
  show(el, drawn !== null);
  if (drawn !== null) el.textContent = `The draw is done: your place was drawn as number ${drawn} in line.`;
}

export function renderSaleName(name: string | null): void {
  const el = $('queue-sale');
  show(el, name !== null);
  el.textContent = name ? `Sale: ${name}` : '';
}

/** A sale the organiser paused: nobody is let in, and nobody loses their place for waiting. */
export function renderPaused(paused: boolean): void {
  show($('queue-paused'), paused);
}
