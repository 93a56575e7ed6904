import { describe, expect, it } from 'vitest';
import { abortRefusal, chargeRefusal, debitRefusal } from '../src/wallet-refusals.js';

// What a refused guarded wallet write means, from the wallet read back after it. The bug this
// guards (issue 20, item 1): a losing abort whose read-back missed the winner's mark settled the
// payment as debited with no debit; now only a mark that says 'debited' does.

describe('a refused abort', () => {
  it('settles as the mark says, and never as debited without the mark', () => {
    expect(abortRefusal({ pay: { kP: 'debited' } }, 'kP')).toBe('debited');
    expect(abortRefusal({ pay: { kP: 'aborted' } }, 'kP')).toBe('aborted');
    expect(abortRefusal({ pay: { kOther: 'debited' } }, 'kP')).toBe('retry');
    expect(abortRefusal({}, 'kP')).toBe('retry');
    expect(abortRefusal(null, 'kP')).toBe('retry');
  });
});

describe('a refused debit', () => {
  it('reports insufficient_balance only when the balance is short and there is no mark', () => {
    expect(debitRefusal({ balance: 5, pay: {} }, 'kP', 10)).toBe('insufficient_balance');
    expect(debitRefusal(null, 'kP', 10)).toBe('insufficient_balance');
    expect(debitRefusal({ balance: 50, pay: { kP: 'debited' } }, 'kP', 10)).toBe('debited');
    expect(debitRefusal({ balance: 0, pay: { kP: 'aborted' } }, 'kP', 10)).toBe('aborted');
    // The guard refused, yet the read-back shows enough money and no mark: read again, do not guess.
    expect(debitRefusal({ balance: 50 }, 'kP', 10)).toBe('retry');
  });
});

describe('a refused charge', () => {
  it('replays or refuses on the mark, reports balance_limit only when the balance shows it', () => {
    const mark = { amount: 10, entryId: 'e1', at: 5 };
    expect(chargeRefusal({ balance: 0, chg: { kK: mark } }, 'kK', 10, 100)).toEqual({ kind: 'replay', mark });
    expect(chargeRefusal({ balance: 0, chg: { kK: mark } }, 'kK', 11, 100)).toEqual({ kind: 'mismatch' });
    expect(chargeRefusal({ balance: 95 }, 'kK', 10, 100)).toEqual({ kind: 'balance_limit', balance: 95 });
    expect(chargeRefusal({ balance: 95 }, null, 10, 100)).toEqual({ kind: 'balance_limit', balance: 95 });
    // No mark and room under the limit: a rival's write the read-back missed; read again.
    expect(chargeRefusal({ balance: 10 }, 'kK', 10, 100)).toEqual({ kind: 'retry' });
    expect(chargeRefusal(null, 'kK', 10, 100)).toEqual({ kind: 'retry' });
  });
});
