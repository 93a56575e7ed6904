import { describe, expect, it } from 'vitest';
import { allowanceId, entriesFromDoc, releaseUpdate, reserveUpdate } from '../src/documents/allowances.js';

// No MongoDB server runs here: these check the documents and the conditions the queries are built from.
describe('allowance documents', () => {
  it('are keyed by user and sale, and read back as entries', () => {
    expect(allowanceId('u', 's')).toBe('["u","s"]');
    expect(allowanceId('u', 's')).not.toBe(allowanceId('u"', 's'));
    expect(entriesFromDoc(null)).toEqual([]);
    expect(entriesFromDoc({ _id: 'x', used: 3, entries: [{ r: 's1.a', seats: 3, expiresAt: 9 }] })).toEqual([{ reservationId: 's1.a', seats: 3, expiresAt: 9 }]);
  });

  it('reserve matches only an absent entry that fits the limit, and adds its seats to used', () => {
    const { filter, update } = reserveUpdate('id', { reservationId: 's1.a', seats: 2, expiresAt: 9 }, 4);
    expect(filter).toEqual({ _id: 'id', 'entries.r': { $ne: 's1.a' }, used: { $lte: 2 } });
    expect(update).toEqual({ $push: { entries: { r: 's1.a', seats: 2, expiresAt: 9 } }, $inc: { used: 2 } });
  });

  it('release takes the id as a literal, so an id is never read as a field path', () => {
    expect(JSON.stringify(releaseUpdate('$used'))).toContain('{"$literal":"$used"}');
  });
});
