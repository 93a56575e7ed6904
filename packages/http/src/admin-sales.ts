import { DomainError, type Boxoffice } from '@boxoffice/core';

/** A sale as the console sees it: the public view, its version (the ETag) and its live counts. */
export async function adminSale(boxoffice: Boxoffice, saleId: string) {
  const [{ sale, version }, counts] = await Promise.all([boxoffice.sales.read(saleId), boxoffice.sales.counts(saleId)]);
  return { ...sale, version, counts };
}

/** Every sale with its version and counts, by id. */
export async function adminSales(boxoffice: Boxoffice) {
  const sales = await boxoffice.sales.list();
  const all = await Promise.all(sales.map((s) => adminSale(boxoffice, s.id)));
  return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The strong ETag of a sale version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version an If-Match names. Without one the change is 428 (a console
 * that never read the sale must not overwrite it); `*` or a weak or foreign
 * tag never matches a version, so it is 412 like a stale one.
 */
export function versionOf(ifMatch: string): number {
  const value = ifMatch.trim();
  if (value === '') {
    throw new DomainError('precondition_required', 'Send If-Match with the ETag of the sale as you last read it (GET /v1/admin/sales/{saleId}).');
  }
  const match = /^"(\d{1,15})"$/.exec(value);
  if (!match) {
    throw new DomainError('version_conflict', 'If-Match must be the ETag of the sale as you last read it; read the sale again.', { ifMatch: value.slice(0, 64) });
  }
  return Number(match[1]);
}
