import type { AuditDraft, AuditEntry, SalePrimitives } from '@boxoffice/core';

/* Sales: one document each, keyed by the sale id. */

/**
 * A sale as stored. `pendingAudit` is the audit entry of the change that made
 * this version, written in the same update; its entry in the audit collection
 * is keyed by `<saleId>@<version>`, so it is inserted exactly once whoever
 * finishes the job (see MongoSales).
 */
export type SaleDoc = Omit<SalePrimitives, 'id'> & { _id: string; pendingAudit?: AuditDraft };

export function saleToDoc(s: SalePrimitives): SaleDoc {
  const { id, ...rest } = s;
  return { _id: id, ...rest, scheduleIds: [...rest.scheduleIds], settings: { ...rest.settings } };
}

export function saleFromDoc(d: SaleDoc): SalePrimitives {
  const { _id, pendingAudit: _pending, ...rest } = d;
  return { id: _id, ...rest };
}

/** One audit entry: `_id` makes it unique (`<saleId>@<version>` for a sale's change), `seq` orders the log. */
export type AuditDoc = AuditDraft & { _id: string; seq: number };

export function auditFromDoc(d: AuditDoc): AuditEntry {
  const { _id, seq, ...rest } = d;
  return { id: String(seq), ...rest };
}

/** The audit key of the change that made `version` of a sale. */
export function auditKey(saleId: string, version: number): string {
  return `${saleId}@${version}`;
}
