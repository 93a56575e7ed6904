import type { SalePrimitives } from '@boxoffice/core';

/* Sales: one document each, keyed by the sale id. */

export type SaleDoc = Omit<SalePrimitives, 'id'> & { _id: string };

export function saleToDoc(s: SalePrimitives): SaleDoc {
  const { id, ...rest } = s;
  return { _id: id, ...rest, scheduleIds: [...rest.scheduleIds], settings: { ...rest.settings } };
}

export function saleFromDoc(d: SaleDoc): SalePrimitives {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
}
