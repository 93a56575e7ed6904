import type { ChargeMark, WalletDoc } from './documents/wallets.js';

/*
 * What a refused guarded write on a wallet means, read from the wallet as it
 * stands after the refusal (read back with read concern `local`, so a rival's
 * write that refused ours is in it). Each answer follows from what the document
 * shows, never from what it does not: a wallet that shows no reason for the
 * refusal is read again, never taken as a business outcome.
 */

export type ChargeRefusal =
  | { readonly kind: 'replay'; readonly mark: ChargeMark }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'balance_limit'; readonly balance: number }
  | { readonly kind: 'retry' };

/** A charge guarded on `chg.<field>` absent and `balance <= maxBalance - amount` was refused. */
export function chargeRefusal(
  wallet: Pick<WalletDoc, 'balance' | 'chg'> | null,
  field: string | null,
  amount: number,
  maxBalance: number,
): ChargeRefusal {
  const mark = field === null ? undefined : wallet?.chg?.[field];
  if (mark) return mark.amount === amount ? { kind: 'replay', mark } : { kind: 'mismatch' };
  const balance = wallet?.balance ?? 0;
  if (wallet && balance > maxBalance - amount) return { kind: 'balance_limit', balance };
  return { kind: 'retry' };
}

export type DebitRefusal = 'debited' | 'aborted' | 'insufficient_balance' | 'retry';

/** A debit guarded on `pay.<field>` absent and `balance >= amount` was refused (or not tried: not pending). */
export function debitRefusal(wallet: Pick<WalletDoc, 'balance' | 'pay'> | null, field: string, amount: number): DebitRefusal {
  const mark = wallet?.pay?.[field];
  if (mark !== undefined) return mark;
  if (!wallet || wallet.balance < amount) return 'insufficient_balance';
  return 'retry';
}

/** An abort guarded on `pay.<field>` absent was refused: settle as the mark says, and only then. */
export function abortRefusal(wallet: Pick<WalletDoc, 'pay'> | null, field: string): 'debited' | 'aborted' | 'retry' {
  return wallet?.pay?.[field] ?? 'retry';
}
