import { DomainError } from '../shared/errors.js';

/** What an operator did (SPEC "Operators": the audit log). */
export type AuditAction = 'sale.created' | 'sale.changed' | 'sale.closed' | 'concert.published';

/**
 * One operator action, as stored and as clients read it. `before` and `after`
 * hold only what the action changed (a sale's seed never appears: it is secret
 * until the opening).
 */
export interface AuditEntry {
  /** Given by the store: unique, and later entries sort after earlier ones (the page cursor). */
  readonly id: string;
  /** ISO 8601. */
  readonly at: string;
  /** The operator's user id. */
  readonly actor: string;
  readonly action: AuditAction;
  /** null for an action on no sale (a concert published). */
  readonly saleId: string | null;
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
}

/** An entry before the store gives it its id. */
export type AuditDraft = Omit<AuditEntry, 'id'>;

export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null when this page is the last. */
  readonly next: string | null;
}

/**
 * The audit log, kept in the store (never in a process) beside the sales: a
 * sale's change and its entry are written in one atomic step by
 * `SaleRepository.update`, so the log has exactly one entry per change.
 * `append` is for actions outside the sales partition (a concert published).
 */
export interface AuditLog {
  append(draft: AuditDraft): Promise<AuditEntry>;
  /**
   * Newest first: up to `limit` entries older than the entry `cursor` names
   * (null: from the newest). `next` is the last entry's id when more may follow.
   */
  page(cursor: string | null, limit: number): Promise<AuditPage>;
}

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;
/** Cursors are store-made ids: short and plain. */
const CURSOR = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** Checks a page request from a client: validation_failed naming `cursor` or `limit`. */
export function validateAuditQuery(query: { cursor?: unknown; limit?: unknown }): { cursor: string | null; limit: number } {
  const { cursor, limit } = query;
  if (cursor !== undefined && cursor !== null && (typeof cursor !== 'string' || !CURSOR.test(cursor))) {
    throw new DomainError('validation_failed', 'cursor: must be a cursor this API returned', { path: 'cursor' });
  }
  if (limit !== undefined && (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > AUDIT_PAGE_MAX)) {
    throw new DomainError('validation_failed', `limit: must be an integer from 1 to ${AUDIT_PAGE_MAX}`, { path: 'limit' });
  }
  return { cursor: (cursor as string | undefined) ?? null, limit: (limit as number | undefined) ?? AUDIT_PAGE_DEFAULT };
}
