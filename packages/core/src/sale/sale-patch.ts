import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import type { AuditAction } from './audit.js';
import type { SaleMode, SalePrimitives, SaleSettings } from './sale.js';
import { parseIsoTime, resolveSettings, SALE_MODES, validateSaleSettings } from './sale.js';

/** What an operator may change (SPEC "Operators": PATCH of mode, settings, opensAt before the opening, closed: true). */
const PATCH_KEYS: ReadonlySet<string> = new Set(['mode', 'settings', 'opensAt', 'closed']);

/** A patch applied to a stored sale: the next record, and what changed for the audit log. */
export interface AppliedPatch {
  /** null when the patch changes nothing (nothing is written then). */
  readonly next: SalePrimitives | null;
  readonly action: AuditAction;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
}

function fail(path: string, message: string): never {
  throw new DomainError('validation_failed', `${path}: ${message}`, { path });
}

/**
 * Applies a JSON merge patch (RFC 7396) to a sale: `settings` members set to
 * null go back to the host's defaults, `settings: null` drops every override.
 * Bad input is validation_failed naming its path; a closed sale is sale_closed.
 * Pure: `now` decides whether `opensAt` may still move.
 */
export function applySalePatch(record: SalePrimitives, patch: unknown, now: number, config: BoxofficeConfig): AppliedPatch {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) fail('patch', 'must be a JSON object');
  const p = patch as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!PATCH_KEYS.has(key)) fail(`patch.${key}`, 'cannot be changed (mode, settings, opensAt or closed)');
  if (record.closedAt !== null) throw new DomainError('sale_closed', 'This sale is closed: it cannot change any more.', { saleId: record.id });

  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  let next: SalePrimitives = record;

  if (p.mode !== undefined) {
    if (!(SALE_MODES as readonly unknown[]).includes(p.mode)) fail('patch.mode', `must be one of ${SALE_MODES.join(', ')}`);
    const mode = p.mode as SaleMode;
    if (mode !== record.mode) {
      before.mode = record.mode;
      after.mode = mode;
      next = { ...next, mode };
    }
  }

  if (p.settings !== undefined) {
    const own = mergeSettings(record.settings, p.settings);
    const was = resolveSettings(record.settings, config);
    const will = resolveSettings(own, config);
    const changed = (Object.keys(will) as Array<keyof SaleSettings>).filter((k) => was[k] !== will[k] || record.settings[k] !== own[k]);
    if (changed.length > 0) {
      before.settings = Object.fromEntries(changed.map((k) => [k, was[k]]));
      after.settings = Object.fromEntries(changed.map((k) => [k, will[k]]));
      next = { ...next, settings: own };
    }
  }

  if (p.opensAt !== undefined) {
    const at = parseIsoTime(p.opensAt);
    if (at === null) fail('patch.opensAt', 'must be an ISO 8601 time with a zone, e.g. 2027-03-01T20:00:00Z');
    if (at !== record.opensAt) {
      if (now >= record.opensAt) fail('patch.opensAt', 'can change only before the sale opens');
      if (at < now) fail('patch.opensAt', 'must not be in the past');
      before.opensAt = new Date(record.opensAt).toISOString();
      after.opensAt = new Date(at).toISOString();
      next = { ...next, opensAt: at };
    }
  }

  if (p.closed !== undefined) {
    if (p.closed !== true) fail('patch.closed', 'can only be true: a closed sale does not open again');
    before.closed = false;
    after.closed = true;
    next = { ...next, closedAt: now };
  }

  const changed = next !== record;
  return {
    next: changed ? { ...next, version: (record.version ?? 0) + 1 } : null,
    action: after.closed === true ? 'sale.closed' : 'sale.changed',
    before,
    after,
  };
}

function mergeSettings(own: Partial<SaleSettings>, patch: unknown): Partial<SaleSettings> {
  if (patch === null) return {};
  if (typeof patch !== 'object' || Array.isArray(patch)) fail('patch.settings', 'must be an object or null');
  const merged: Record<string, unknown> = { ...own };
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) {
      delete merged[key];
      set[key] = undefined;
    } else {
      set[key] = value;
    }
  }
  // Validates the members being set (and refuses unknown keys, null ones included).
  const valid = validateSaleSettings(set, 'patch.settings') as Record<string, unknown>;
  for (const [key, value] of Object.entries(valid)) merged[key] = value;
  return merged as Partial<SaleSettings>;
}
