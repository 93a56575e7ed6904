import { randomUUID } from 'node:crypto';
import type { AuditDraft, AuditEntry, AuditLog, AuditPage, SalePrimitives, SaleRepository } from '@boxoffice/core';
import { DomainError, drafts } from '@boxoffice/core';
import type { Filter } from 'mongodb';
import type { MongoContext } from './context.js';
import { SALES_PARTITION } from './documents/events.js';
import type { SaleDoc } from './documents/sales.js';
import { auditFromDoc, auditKey, saleFromDoc, saleToDoc } from './documents/sales.js';
import { guarded, isDuplicateKey } from './errors.js';

/**
 * Sales, one document each; the _id index makes the first create of an id win.
 * A change is a compare-and-set on the version. The audit log is its own
 * collection, so without a transaction the change and its entry are two
 * writes: the change carries its entry (`pendingAudit`) and the entry is
 * inserted under the key `<saleId>@<version>`, once, by the writer or else by
 * the next reader of the log, which repairs any entry a crash left out.
 */
export class MongoSales implements SaleRepository, AuditLog {
  constructor(private readonly ctx: MongoContext) {}

  create(sale: SalePrimitives, audit?: AuditDraft): Promise<boolean> {
    return guarded(async () => {
      try {
        await this.ctx.sales.insertOne({ ...saleToDoc(sale), ...(audit ? { pendingAudit: audit } : {}) });
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
      if (audit) await this.insertEntry(auditKey(sale.id, sale.version), audit);
      return true;
    });
  }

  get(saleId: string): Promise<SalePrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.sales.findOne({ _id: saleId });
      return doc ? saleFromDoc(doc) : null;
    });
  }

  list(): Promise<SalePrimitives[]> {
    return guarded(async () => (await this.ctx.sales.find({}, { sort: { _id: 1 } }).toArray()).map(saleFromDoc));
  }

  update(next: SalePrimitives, expectedVersion: number, audit: AuditDraft): Promise<AuditEntry | null> {
    return guarded(async () => {
      // A sale stored before versions existed counts as version 0.
      const { _id, ...fields } = { ...saleToDoc(next), pendingAudit: audit };
      const filter: Filter<SaleDoc> =
        expectedVersion === 0 ? { _id, $or: [{ version: 0 }, { version: { $exists: false } }] } : { _id, version: expectedVersion };
      const changed = await this.ctx.outbox.run(SALES_PARTITION, async (session) => {
        const result = await this.ctx.sales.updateOne(filter, { $set: fields }, { session });
        if (result.matchedCount !== 1) return false;
        await this.ctx.outbox.append(session, drafts.saleChanged(next.id, audit.after ?? {}, Date.parse(audit.at)));
        return true;
      });
      if (!changed) return null;
      return this.insertEntry(auditKey(next.id, next.version), audit);
    });
  }

  append(draft: AuditDraft): Promise<AuditEntry> {
    return guarded(() => this.insertEntry(`x@${randomUUID()}`, draft));
  }

  page(cursor: string | null, limit: number): Promise<AuditPage> {
    return guarded(async () => {
      if (cursor !== null && !/^[1-9]\d{0,15}$/.test(cursor)) {
        throw new DomainError('validation_failed', 'cursor: must be a cursor this API returned', { path: 'cursor' });
      }
      await this.repair();
      const filter = cursor === null ? {} : { seq: { $lt: Number(cursor) } };
      const docs = await this.ctx.audit.find(filter, { sort: { seq: -1 }, limit: limit + 1 }).toArray();
      const entries = docs.slice(0, limit).map(auditFromDoc);
      return { entries, next: docs.length > limit ? entries[entries.length - 1]!.id : null };
    });
  }

  /** Inserts the entry under `key` unless it is there; answers the stored one either way. */
  private async insertEntry(key: string, draft: AuditDraft): Promise<AuditEntry> {
    const existing = await this.ctx.audit.findOne({ _id: key });
    if (existing) return auditFromDoc(existing);
    const seq = await this.ctx.nextSeq('audit');
    try {
      await this.ctx.audit.insertOne({ ...draft, _id: key, seq });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return auditFromDoc((await this.ctx.audit.findOne({ _id: key }))!);
  }

  /** The entries a writer that died between its change and its entry left out (sales are few: one read). */
  private async repair(): Promise<void> {
    const pending = await this.ctx.sales.find({ pendingAudit: { $exists: true } }, { projection: { _id: 1, version: 1, pendingAudit: 1 } }).toArray();
    if (pending.length === 0) return;
    const keys = pending.map((s) => auditKey(s._id, s.version ?? 0));
    const present = new Set((await this.ctx.audit.find({ _id: { $in: keys } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    for (const [i, s] of pending.entries()) if (!present.has(keys[i]!)) await this.insertEntry(keys[i]!, s.pendingAudit!);
  }
}
