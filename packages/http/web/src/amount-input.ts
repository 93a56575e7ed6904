import { $input } from './dom.js';
import { clearNotice, notice } from './notices.js';

/** Reads a whole, positive amount from an input; on a bad value marks it invalid, says why and focuses it. */
export function readAmount(inputId: string): number | null {
  const input = $input(inputId);
  const amount = Number(input.value);
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    input.setAttribute('aria-invalid', 'true');
    notice('Enter a whole amount greater than zero to charge.');
    input.focus();
    return null;
  }
  input.removeAttribute('aria-invalid');
  clearNotice();
  return amount;
}
