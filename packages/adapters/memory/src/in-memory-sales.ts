import type { AuditDraft, AuditEntry, AuditLog, AuditPage, EventSink, SalePrimitives, SaleRepository } from '@boxoffice/core';
import { drafts, NO_EVENTS } from '@boxoffice/core';

/**
 * Sales and the audit log in process memory, kept as stored copies. One
 * object holds both, so a change and its audit entry are one step.
 */
export class InMemorySales implements SaleRepository, AuditLog {
  private readonly sales = new Map<string, SalePrimitives>();
  /** Oldest first; an entry's id is its 1-based place. */
  private readonly entries: AuditEntry[] = [];

  /** Without a sink (a bare repository) events go nowhere. */
  constructor(private readonly events: EventSink = NO_EVENTS) {}

  async create(sale: SalePrimitives, audit?: AuditDraft): Promise<boolean> {
    if (this.sales.has(sale.id)) return false;
    this.sales.set(sale.id, structuredClone(sale));
    if (audit) this.push(audit);
    return true;
  }

  async get(saleId: string): Promise<SalePrimitives | null> {
    const sale = this.sales.get(saleId);
    return sale ? structuredClone(sale) : null;
  }

  async list(): Promise<SalePrimitives[]> {
    return [...this.sales.keys()].sort().map((id) => structuredClone(this.sales.get(id)!));
  }

  async update(next: SalePrimitives, expectedVersion: number, audit: AuditDraft): Promise<AuditEntry | null> {
    const current = this.sales.get(next.id);
    if (!current || (current.version ?? 0) !== expectedVersion) return null;
    this.sales.set(next.id, structuredClone(next));
    this.events.append(drafts.saleChanged(next.id, audit.after ?? {}, Date.parse(audit.at)));
    return this.push(audit);
  }

  async append(draft: AuditDraft): Promise<AuditEntry> {
    return this.push(draft);
  }

  async page(cursor: string | null, limit: number): Promise<AuditPage> {
    // Entries older than the cursor's: ids are places, so the cursor is an index.
    const end = cursor === null ? this.entries.length : Math.min(this.entries.length, Math.max(0, Number.parseInt(cursor, 10) - 1 || 0));
    const start = Math.max(0, end - limit);
    const entries = this.entries.slice(start, end).reverse().map((e) => structuredClone(e));
    return { entries, next: start > 0 && entries.length > 0 ? entries[entries.length - 1]!.id : null };
  }

  private push(draft: AuditDraft): AuditEntry {
    const entry: AuditEntry = structuredClone({ ...draft, id: String(this.entries.length + 1) });
    this.entries.push(entry);
    return structuredClone(entry);
  }
}
