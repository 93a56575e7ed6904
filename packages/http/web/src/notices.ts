import { $, h } from './dom.js';

export interface NoticeAction {
  label: string;
  run(): void;
}

/** A polite announcement for screen readers (queue progress, what just happened). */
export function announce(text: string): void {
  const region = $('announcer');
  // Clearing first makes a repeated message count as a change.
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

/** The alert box: a problem or an expiry, in plain words, with the next step as buttons. */
export function notice(text: string, kind: 'error' | 'info' = 'error', actions: NoticeAction[] = []): void {
  const box = $('notice');
  box.classList.toggle('info', kind === 'info');
  $('notice-text').textContent = text;
  $('notice-actions').replaceChildren(
    ...actions.map((a) => {
      const b = h('button', { type: 'button', className: 'primary' }, a.label);
      b.addEventListener('click', () => {
        clearNotice();
        a.run();
      });
      return b;
    }),
  );
  box.hidden = false;
  box.dataset.kind = kind;
  // The alert is announced wherever focus is; scroll it into sight for those who read the screen.
  box.scrollIntoView({ block: 'nearest' });
}

export function clearNotice(): void {
  $('notice').hidden = true;
  $('notice-text').textContent = '';
  $('notice-actions').replaceChildren();
}
