import { $, h } from '../dom.js';
import type { AdminSale } from './admin-api.js';

type Settings = AdminSale['settings'];
type NumericKey = 'maxActive' | 'admitPerMinute' | 'sessionTtlSeconds' | 'idleTimeoutSeconds' | 'holdTtlSeconds' | 'maxSeatsPerUser';

/** The settings an operator changes live, in the words of a box office. */
export const FIELDS: ReadonlyArray<{ key: NumericKey; label: string; help: string }> = [
  { key: 'admitPerMinute', label: 'People let in per minute', help: 'The pace of the line.' },
  { key: 'maxActive', label: 'People shopping at once', help: 'The cap on active sessions.' },
  { key: 'sessionTtlSeconds', label: 'Shopping time (seconds)', help: 'How long an admitted person has.' },
  { key: 'idleTimeoutSeconds', label: 'Idle timeout (seconds)', help: 'A waiting page silent this long loses its place.' },
  { key: 'holdTtlSeconds', label: 'Hold time (seconds)', help: 'How long held seats wait for payment.' },
  { key: 'maxSeatsPerUser', label: 'Seats per person', help: 'The most one person may hold and buy.' },
];

/** Builds the inputs once. */
export function buildSettingsForm(): void {
  $('settings-fields').replaceChildren(
    ...FIELDS.map((f) =>
      h(
        'div',
        { className: 'field' },
        h('label', { for: `setting-${f.key}` }, f.label),
        h('input', { id: `setting-${f.key}`, name: f.key, type: 'number', inputmode: 'numeric', min: 1, step: 1, required: true, 'aria-describedby': `setting-${f.key}-help` }),
        h('p', { id: `setting-${f.key}-help`, className: 'help' }, f.help),
      ),
    ),
  );
}

export function fillSettings(settings: Settings): void {
  for (const f of FIELDS) ($(`setting-${f.key}`) as HTMLInputElement).value = String(settings[f.key]);
}

/** The fields that differ from `current`, as a settings merge patch; a field that is not a positive number names itself. */
export function settingsPatch(current: Settings): { patch: Partial<Record<NumericKey, number>>; invalid: string | null } {
  const patch: Partial<Record<NumericKey, number>> = {};
  for (const f of FIELDS) {
    const input = $(`setting-${f.key}`) as HTMLInputElement;
    const value = Number(input.value);
    if (input.value.trim() === '' || !Number.isInteger(value) || value <= 0) return { patch, invalid: f.label };
    if (value !== current[f.key]) patch[f.key] = value;
  }
  return { patch, invalid: null };
}

/** What another operator changed between the form's sale and the sale now, in plain words. */
export function differences(mine: Settings, now: Settings): string {
  const changed = FIELDS.filter((f) => mine[f.key] !== now[f.key]).map((f) => `${f.label.toLowerCase()} is now ${now[f.key]} (was ${mine[f.key]})`);
  return changed.length ? changed.join('; ') : 'the sale changed in another way (its mode or opening)';
}
