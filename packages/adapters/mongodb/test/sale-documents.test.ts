import type { SalePrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { auditFromDoc, auditKey, saleFromDoc, saleToDoc } from '../src/documents/sales.js';

describe('sale documents', () => {
  it('round-trip, keyed by the sale id', () => {
    const sale: SalePrimitives = {
      id: 'onsale',
      name: 'On sale',
      scheduleIds: ['s1'],
      opensAt: 10,
      mode: 'queue',
      seed: 'ab'.repeat(32),
      seedHash: 'cd'.repeat(32),
      settings: { maxActive: 5 },
      closedAt: null,
      createdAt: 1,
      version: 3,
    };
    const doc = saleToDoc(sale);
    expect(doc._id).toBe('onsale');
    expect(saleFromDoc(doc)).toEqual(sale);
  });

  it('keep the pending audit entry out of the sale, and give an entry its sequence as id', () => {
    const draft = { at: '2027-01-01T00:00:00.000Z', actor: 'op', action: 'sale.changed' as const, saleId: 'onsale', before: { mode: 'queue' }, after: { mode: 'paused' } };
    const doc = { ...saleToDoc({ id: 'onsale', name: 'x', scheduleIds: ['s1'], opensAt: 1, mode: 'paused', seed: 'a', seedHash: 'b', settings: {}, closedAt: null, createdAt: 1, version: 2 }), pendingAudit: draft };
    expect(saleFromDoc(doc)).not.toHaveProperty('pendingAudit');
    expect(auditKey('onsale', 2)).toBe('onsale@2');
    expect(auditFromDoc({ ...draft, _id: 'onsale@2', seq: 7 })).toEqual({ id: '7', ...draft });
  });
});
