import type { Problem } from './api.js';

/**
 * What to do next, for the codes a buyer can act on. The server's `detail` is always
 * shown first; this adds the next step in plain words.
 */
const NEXT_STEP: Record<string, string> = {
  seat_unavailable: 'Someone else got there first. The seat map has been refreshed: pick other seats.',
  hold_expired: 'Pick your seats again and hold them, then pay before the timer runs out.',
  reservation_not_found: 'Pick your seats again and hold them.',
  reservation_not_held: 'This hold is no longer open for payment. Pick your seats again if you still want them.',
  invalid_amount: 'Check the amount and try again.',
  balance_limit: 'Charge a smaller amount.',
  insufficient_balance: 'Charge your wallet, then pay again.',
  validation_failed: 'Check what you entered and try again.',
  idempotency_conflict: 'The same request is still being processed. Wait a moment and try again.',
  payment_in_progress: 'Your payment is still being processed. Wait a moment and check your wallet.',
  payment_aborted: 'Nothing was charged. Try paying again.',
  unauthorized: 'Sign in again.',
  store_unavailable: 'Nothing was changed. Try again in a moment.',
  network: 'Nothing is lost: try again when you are back online.',
  rate_limited: 'Wait a moment and try again.',
  purchase_limit: 'Pay for or cancel what you hold first: trying again and again past the limit releases your holds.',
  pow_invalid: 'Join the waiting room again: your browser is checked once more.',
  pow_required: 'Join the waiting room again: your browser is checked first.',
  not_in_sale: 'Your place in line is for another sale: join the waiting room of this one.',
  sale_not_found: 'Choose one of the sales listed.',
};

export function explain(p: Problem): string {
  const next = NEXT_STEP[p.code];
  return next ? `${ensureStop(p.detail)} ${next}` : ensureStop(p.detail);
}

/** Codes that mean the user's turn is over: the queue token is no longer active. */
export function endsSession(p: Problem): boolean {
  return p.code === 'token_expired' || p.code === 'token_not_active' || p.code === 'token_not_found';
}

/** A failure that says nothing about what was asked (lost connection, 429, 5xx): the same request may be sent again later. */
export function passing(p: Problem): boolean {
  return p.status === 0 || p.status === 429 || p.status >= 500;
}

/** How long the answer asked to wait before asking again (its retryAfterSeconds, as Retry-After says), in ms; 0 if it did not. */
export function retryAfterMs(p: Problem): number {
  const seconds = Number(p.extra.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** A passing failure the page retries by itself: what happened and what is kept, without the "try again" it does itself. */
export function retrying(p: Problem, kept: string): string {
  return `${ensureStop(p.detail)} ${kept}: this page asks again by itself.`;
}

function ensureStop(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
