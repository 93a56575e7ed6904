import { $ } from './dom.js';
import { formatWait } from './format.js';
import type { QueueStatus } from './types.js';
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
  $('queue-eta').textContent = formatWait(s.etaSeconds);
  const pct = first > 0 ? Math.round((100 * (first - position + 1)) / (first + 1)) : 0;
  const bar = $('queue-progress') as HTMLProgressElement;
  bar.value = pct;
  bar.textContent = `${pct}%`;
  bar.setAttribute('aria-valuetext', `${pct}%, ${people(ahead)} ahead`);
  // The tab title shows the place too, for someone who switched to another tab while waiting.
  document.title = position ? `#${position} in line · boxoffice` : 'Waiting · boxoffice';
  return `You are number ${position} in line, ${people(ahead)} ahead. Estimated wait ${formatWait(s.etaSeconds)}.`;
}

export function renderMode(mode: WatchMode): void {
  const el = $('queue-mode');
  el.textContent = mode === 'live' ? 'Live updates are on.' : 'Live updates are unavailable; checking every few seconds instead.';
  el.dataset.mode = mode;
}
