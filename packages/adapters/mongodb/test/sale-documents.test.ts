import type { SalePrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { saleFromDoc, saleToDoc } from '../src/documents/sales.js';

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
    };
    const doc = saleToDoc(sale);
    expect(doc._id).toBe('onsale');
    expect(saleFromDoc(doc)).toEqual(sale);
  });
});
