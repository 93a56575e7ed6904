import { h } from '../dom.js';
import { formatWhen } from '../format.js';
import type { AuditEntry } from './admin-api.js';

const ACTIONS: Record<string, string> = {
  'sale.created': 'created sale',
  'sale.changed': 'changed sale',
  'sale.closed': 'closed sale',
  'concert.published': 'published a concert',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return 'default';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** "mode: queue → paused; admitPerMinute: 600 → 60", from an entry's before and after. */
export function describeChange(e: AuditEntry): string {
  const after = (e.after ?? {}) as Record<string, unknown>;
  const before = (e.before ?? {}) as Record<string, unknown>;
  if (e.action === 'sale.created') return `mode ${show(after.mode)}, opens ${show(after.opensAt)}`;
  if (e.action === 'concert.published') return `${show(after.concertId)}${e.before === null ? ' (new)' : ' (replaced)'}`;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (key === 'settings' && value && typeof value === 'object') {
      const was = (before.settings ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) parts.push(`${k}: ${show(was[k])} → ${show(v)}`);
    } else {
      parts.push(`${key}: ${show(before[key])} → ${show(value)}`);
    }
  }
  return parts.join('; ') || 'no change';
}

/** One list item per entry: who did what, when, and what changed. */
export function auditItem(e: AuditEntry): HTMLLIElement {
  const what = `${ACTIONS[e.action] ?? e.action}${e.saleId ? ` ${e.saleId}` : ''}`;
  return h(
    'li',
    { 'data-action': e.action },
    h('time', { datetime: e.at }, formatWhen(e.at)),
    ' ',
    h('strong', {}, e.actor),
    ` ${what}: `,
    describeChange(e),
  );
}
