import { describe, expect, it } from 'vitest';
import type { LedgerDoc, OutboxEntry } from '../src/documents/wallets.js';
import { appendEntryPipeline, fieldKey, keptChargeMarks, ledgerDocFromOutbox, mergeHistory, parseCursor } from '../src/documents/wallets.js';

describe('wallet documents', () => {
  it('fieldKey makes any key a safe, distinct field name', () => {
    const keys = ['a.b', '$set', '', 'ключ', 'a b/c', 'x'.repeat(200)];
    const fields = keys.map(fieldKey);
    for (const f of fields) expect(f).toMatch(/^k[A-Za-z0-9_-]*$/);
    expect(new Set(fields).size).toBe(keys.length);
  });

  it('the append pipeline moves the balance, numbers the entry and wraps client values in $literal', () => {
    const pipeline = appendEntryPipeline(
      { id: 'e1', type: 'charge', amount: 5, at: 9, ref: '$danger.key', key: 'charge:$danger.key' },
      { 'chg.kXYZ': { amount: 5, entryId: 'e1' } },
    );
    expect(pipeline[0]).toEqual({
      $set: { balance: { $add: [{ $ifNull: ['$balance', 0] }, 5] }, n: { $add: [{ $ifNull: ['$n', 0] }, 1] } },
    });
    const second = pipeline[1] as { $set: Record<string, unknown> };
    const pushed = (second.$set.outbox as { $concatArrays: [unknown, Array<Record<string, unknown>>] }).$concatArrays[1][0]!;
    expect(pushed).toMatchObject({ seq: '$n', balanceAfter: '$balance', ref: { $literal: '$danger.key' }, key: { $literal: 'charge:$danger.key' } });
    expect(second.$set['chg.kXYZ']).toEqual({ $literal: { amount: 5, entryId: 'e1' } });
  });

  it('a payment entry subtracts, and a keyless entry has no key', () => {
    const pipeline = appendEntryPipeline({ id: 'e', type: 'payment', amount: 7, at: 1, ref: 'p', key: null }, {});
    expect(JSON.stringify(pipeline[0])).toContain('-7');
    expect(JSON.stringify(pipeline[1])).not.toContain('"key"');
  });

  it('with a retention, the same update prunes charge marks older than it whose entry left the outbox', () => {
    const pipeline = appendEntryPipeline({ id: 'e', type: 'charge', amount: 1, at: 9, ref: 'e', key: null }, {}, 1234);
    expect((pipeline[0] as { $set: Record<string, unknown> }).$set.chg).toEqual(keptChargeMarks(1234));
    const kept = JSON.stringify(keptChargeMarks(1234));
    expect(kept).toContain('{"$gt":["$$m.v.at",{"$literal":1234}]}');
    expect(kept).toContain('{"$in":["$$m.v.entryId",{"$ifNull":["$outbox.id",[]]}]}');
    // Marks are set in the next stage, after the pruning, so a new mark is never pruned by its own write.
    expect(JSON.stringify(pipeline[1])).not.toContain('$objectToArray');
    expect((appendEntryPipeline({ id: 'e', type: 'charge', amount: 1, at: 9, ref: 'e', key: null }, {})[0] as { $set: object }).$set).not.toHaveProperty('chg');
  });

  const entry = (seq: number, key?: string): OutboxEntry => ({
    id: `e${seq}`,
    seq,
    type: 'charge',
    amount: seq,
    balanceAfter: (seq * (seq + 1)) / 2,
    at: seq * 1000,
    ref: `e${seq}`,
    ...(key === undefined ? {} : { key }),
  });
  const ledger = (seqs: number[]): LedgerDoc[] => seqs.map((s) => ledgerDocFromOutbox('u1', entry(s)));

  it('history merges the ledger with the outbox, newest first, without repeats', () => {
    const wallet = { balance: 15, n: 5, outbox: [entry(4), entry(5)] };
    const page = mergeHistory(wallet, ledger([4, 3, 2]), 6, 3);
    expect(page.entries.map((e) => e.id)).toEqual(['e5', 'e4', 'e3']);
    expect(page.nextCursor).toBe('3');
    expect(page.balance).toBe(15);
    const next = mergeHistory(wallet, ledger([2, 1]), 3, 3);
    expect(next.entries.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(next.nextCursor).toBeNull();
  });

  it('history ignores ledger entries written after the wallet snapshot', () => {
    const page = mergeHistory({ balance: 3, n: 2, outbox: [] }, ledger([3, 2, 1]), 3, 10);
    expect(page.entries.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(page.entries[0]).toEqual({ id: 'e2', type: 'charge', amount: 2, balanceAfter: 3, at: 2000, ref: 'e2' });
  });

  it('a cursor is a ledger position from 1 to n', () => {
    expect(parseCursor('3', 5)).toBe(3);
    for (const bad of ['0', '6', '-1', '1.5', 'abc', '', '99999999999999999']) {
      expect(() => parseCursor(bad, 5)).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    }
  });

  it('a ledger document keeps the outbox entry whole, key included', () => {
    expect(ledgerDocFromOutbox('u1', entry(2, 'charge:k'))).toEqual({
      _id: 'e2',
      userId: 'u1',
      seq: 2,
      type: 'charge',
      amount: 2,
      balanceAfter: 3,
      at: 2000,
      ref: 'e2',
      key: 'charge:k',
    });
  });
});
