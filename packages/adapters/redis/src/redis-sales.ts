import type { AuditDraft, AuditEntry, AuditLog, AuditPage, SalePrimitives, SaleRepository } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import type { RedisKeys } from './keys.js';
import type { RedisOutbox } from './redis-events.js';
import type { Scripts } from './scripts.js';

/**
 * Sales as JSON fields of one hash under the `{sales}` tag, and the operators'
 * audit log beside them (a zset scored by entry id), so a change and its entry
 * are one script. Few and read-mostly: hosts cache the sales.
 */
export class RedisSales implements SaleRepository, AuditLog {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly outbox: RedisOutbox,
  ) {}

  async create(sale: SalePrimitives, audit?: AuditDraft): Promise<boolean> {
    const a = this.keys.audit();
    const stored = await this.scripts.raw(
      'sale-create',
      [this.keys.sales(), a.log, a.seq],
      [sale.id, JSON.stringify(sale), audit ? JSON.stringify(audit) : ''],
    );
    return stored === 1;
  }

  async get(saleId: string): Promise<SalePrimitives | null> {
    const json = await this.scripts.command((c) => c.hget(this.keys.sales(), saleId));
    return json === null ? null : (JSON.parse(json) as SalePrimitives);
  }

  async list(): Promise<SalePrimitives[]> {
    const all = await this.scripts.command((c) => c.hgetall(this.keys.sales()));
    return Object.keys(all)
      .sort()
      .map((id) => JSON.parse(all[id]!) as SalePrimitives);
  }

  async update(next: SalePrimitives, expectedVersion: number, audit: AuditDraft): Promise<AuditEntry | null> {
    const a = this.keys.audit();
    const entry = (await this.scripts.raw(
      'sale-update',
      [this.keys.sales(), a.log, a.seq],
      [
        next.id,
        expectedVersion,
        JSON.stringify(next),
        JSON.stringify(audit),
        Date.parse(audit.at),
        JSON.stringify(audit.after ?? {}),
        ...(await this.outbox.args(a.events, next.id)),
      ],
    )) as string;
    return entry === '' ? null : (JSON.parse(entry) as AuditEntry);
  }

  async append(draft: AuditDraft): Promise<AuditEntry> {
    const a = this.keys.audit();
    return JSON.parse((await this.scripts.raw('audit-append', [a.log, a.seq], [JSON.stringify(draft)])) as string) as AuditEntry;
  }

  /** Newest first: ZREVRANGEBYSCORE below the cursor's id, one more than asked to know whether a next page exists. */
  async page(cursor: string | null, limit: number): Promise<AuditPage> {
    if (cursor !== null && !/^[1-9]\d{0,15}$/.test(cursor)) {
      throw new DomainError('validation_failed', 'cursor: must be a cursor this API returned', { path: 'cursor' });
    }
    const max = cursor === null ? '+inf' : `(${cursor}`;
    const rows = await this.scripts.command((c) => c.zrevrangebyscore(this.keys.audit().log, max, '-inf', 'LIMIT', 0, limit + 1));
    const entries = rows.slice(0, limit).map((row) => JSON.parse(row) as AuditEntry);
    return { entries, next: rows.length > limit ? entries[entries.length - 1]!.id : null };
  }
}
