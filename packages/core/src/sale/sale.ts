import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import { SAFE_ID } from '../shared/ids.js';

/** The sale every first-release call acts on (`DEFAULT_QUEUE` is the same id). */
export const DEFAULT_SALE = 'default';

/** Derived, never stored: scheduled before opensAt, then open, then sold_out or closed. */
export type SaleState = 'scheduled' | 'open' | 'sold_out' | 'closed';

/**
 * The operator's switch while open (SPEC "Operators"): `queue` admits by the
 * rules; `paused` admits nobody and stops the waiting tokens' idle clocks;
 * `passthrough` makes entrants active at once, with no cap or rate; `reject`
 * refuses new entrants while the waiting keep their places.
 */
export type SaleMode = 'queue' | 'paused' | 'passthrough' | 'reject';
export const SALE_MODES: readonly SaleMode[] = ['queue', 'paused', 'passthrough', 'reject'];

/** A sale's own settings (SPEC "Sales"). Durations in seconds, like the host's environment. */
export interface SaleSettings {
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly sessionTtlSeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly holdTtlSeconds: number;
  readonly maxSeatsPerUser: number;
  /** Expected attempts of the proof of work; 0 = off. */
  readonly proofOfWork: number;
  /** ISO time until which buyers may refund; null = no refunds by buyers. */
  readonly refundUntil: string | null;
  readonly offerTtlSeconds: number;
}

/** What is stored: only the settings the sale overrides, so the host's defaults keep applying to the rest. */
export interface SalePrimitives {
  readonly id: string;
  readonly name: string;
  readonly scheduleIds: readonly string[];
  /** Epoch ms. */
  readonly opensAt: number;
  readonly mode: SaleMode;
  /** 32 bytes, hex. Secret until the sale opens. */
  readonly seed: string;
  /** SHA-256 of the seed bytes, hex: public from creation. */
  readonly seedHash: string;
  readonly settings: Partial<SaleSettings>;
  /** Set when an operator closes the sale (the operator work); null while not closed. */
  readonly closedAt: number | null;
  readonly createdAt: number;
  /**
   * 1 at creation, +1 on every change: the compare-and-set fence of operator
   * changes (the host's ETag). Records stored before it existed read as 0.
   */
  readonly version: number;
}

/** A sale as clients see it: settings resolved, state derived, seed shown only once open. */
export interface Sale {
  readonly id: string;
  readonly name: string;
  readonly scheduleIds: readonly string[];
  /** ISO 8601. */
  readonly opensAt: string;
  readonly state: SaleState;
  readonly mode: SaleMode;
  readonly seedHash: string;
  /** null until the sale opens. */
  readonly seed: string | null;
  readonly settings: SaleSettings;
}

/** The input of `boxoffice.sales.create` (and of the catalog file's `sales`). */
export interface SaleInput {
  readonly id: string;
  readonly name?: string;
  readonly scheduleIds: readonly string[];
  /** ISO 8601 time; omitted = open now. */
  readonly opensAt?: string;
  readonly mode?: SaleMode;
  readonly settings?: Partial<SaleSettings>;
}

/** The settings a sale uses: its own, else the host's. */
export function resolveSettings(own: Partial<SaleSettings>, config: BoxofficeConfig): SaleSettings {
  return {
    maxActive: own.maxActive ?? config.maxActive,
    admitPerMinute: own.admitPerMinute ?? config.admitPerMinute,
    sessionTtlSeconds: own.sessionTtlSeconds ?? config.sessionTtl,
    idleTimeoutSeconds: own.idleTimeoutSeconds ?? config.idleTimeout,
    holdTtlSeconds: own.holdTtlSeconds ?? config.holdTtl,
    maxSeatsPerUser: own.maxSeatsPerUser ?? config.maxSeatsPerUser,
    proofOfWork: own.proofOfWork ?? 0,
    refundUntil: own.refundUntil ?? null,
    offerTtlSeconds: own.offerTtlSeconds ?? 600,
  };
}

/** The derived state. `soldOut` is what the inventory says (see SaleService). */
export function saleState(sale: Pick<SalePrimitives, 'opensAt' | 'closedAt'>, now: number, soldOut: boolean): SaleState {
  if (sale.closedAt !== null) return 'closed';
  if (now < sale.opensAt) return 'scheduled';
  return soldOut ? 'sold_out' : 'open';
}

const INTEGER_SETTINGS = ['maxActive', 'admitPerMinute', 'maxSeatsPerUser'] as const;
const SECONDS_SETTINGS = ['sessionTtlSeconds', 'idleTimeoutSeconds', 'holdTtlSeconds', 'offerTtlSeconds'] as const;
const SETTING_KEYS: ReadonlySet<string> = new Set([...INTEGER_SETTINGS, ...SECONDS_SETTINGS, 'proofOfWork', 'refundUntil']);

/** An ISO 8601 date-time with a zone, e.g. 2027-03-01T20:00:00Z; returns epoch ms or null. */
export function parseIsoTime(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

function fail(path: string, message: string): never {
  throw new DomainError('validation_failed', `${path}: ${message}`, { path });
}

/** Checks a sale's own settings; unknown keys and bad values are validation_failed naming the path. */
export function validateSaleSettings(input: unknown, where = 'settings'): Partial<SaleSettings> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) fail(where, 'must be an object');
  const raw = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!SETTING_KEYS.has(key)) fail(`${where}.${key}`, 'is not a sale setting');
    if (value === undefined) continue;
    if ((INTEGER_SETTINGS as readonly string[]).includes(key)) {
      if (!Number.isSafeInteger(value) || (value as number) <= 0) fail(`${where}.${key}`, 'must be a positive integer');
    } else if ((SECONDS_SETTINGS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 10 * 365 * 86_400) {
        fail(`${where}.${key}`, 'must be a positive number of seconds');
      }
    } else if (key === 'proofOfWork') {
      if (!Number.isSafeInteger(value) || (value as number) < 0) fail(`${where}.${key}`, 'must be a non-negative integer');
    } else if (key === 'refundUntil') {
      if (value !== null && parseIsoTime(value) === null) fail(`${where}.${key}`, 'must be an ISO 8601 time or null');
      out[key] = value === null ? null : new Date(parseIsoTime(value)!).toISOString();
      continue;
    }
    out[key] = value;
  }
  return out as Partial<SaleSettings>;
}

/** Checks everything but whether the schedules exist (the service asks the catalog). */
/** Most schedules one sale sells (the API document bounds the list the same way). */
export const SALE_SCHEDULES_MAX = 1000;

export function validateSaleInput(
  input: unknown,
  now: number,
  where = 'sale',
): { id: string; name: string; scheduleIds: string[]; opensAt: number; mode: SaleMode; settings: Partial<SaleSettings> } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail(where, 'must be an object');
  const s = input as Record<string, unknown>;
  if (typeof s.id !== 'string' || !SAFE_ID.test(s.id)) fail(`${where}.id`, 'must be 1-64 letters, digits, _ or -');
  const id = s.id;
  if (s.name !== undefined && (typeof s.name !== 'string' || s.name.length === 0 || s.name.length > 200)) {
    fail(`${where}.name`, 'must be a string of 1-200 characters');
  }
  if (!Array.isArray(s.scheduleIds) || s.scheduleIds.length === 0 || s.scheduleIds.length > SALE_SCHEDULES_MAX) {
    fail(`${where}.scheduleIds`, `must be a non-empty array of at most ${SALE_SCHEDULES_MAX}`);
  }
  const scheduleIds = s.scheduleIds as unknown[];
  scheduleIds.forEach((x, i) => {
    if (typeof x !== 'string' || !SAFE_ID.test(x)) fail(`${where}.scheduleIds[${i}]`, 'must be a schedule id');
  });
  if (new Set(scheduleIds).size !== scheduleIds.length) fail(`${where}.scheduleIds`, 'lists a schedule twice');
  let opensAt = now;
  if (s.opensAt !== undefined && s.opensAt !== null) {
    const at = parseIsoTime(s.opensAt);
    if (at === null) fail(`${where}.opensAt`, 'must be an ISO 8601 time with a zone, e.g. 2027-03-01T20:00:00Z');
    opensAt = at;
  }
  const mode = s.mode ?? 'queue';
  if (!(SALE_MODES as readonly unknown[]).includes(mode)) fail(`${where}.mode`, `must be one of ${SALE_MODES.join(', ')}`);
  const settings = validateSaleSettings(s.settings, `${where}.settings`);
  return { id, name: (s.name as string | undefined) ?? id, scheduleIds: scheduleIds as string[], opensAt, mode: mode as SaleMode, settings };
}
