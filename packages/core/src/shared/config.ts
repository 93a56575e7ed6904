import { DomainError } from './errors.js';

/** Every tunable of the engine. Durations are in seconds, like the host's environment. */
export interface BoxofficeConfig {
  /** Most tokens active at once, per queue. */
  readonly maxActive: number;
  /** Most tokens admitted in any sliding 60-second window, per queue. */
  readonly admitPerMinute: number;
  /**
   * Over this many seconds after a queue opens, its window's cap grows evenly from a second's worth to
   * `admitPerMinute` (60: an even pace from the first second; 0: a whole minute's admissions may go in
   * at the opening, as fast as the room turns over). The wait estimate can only be right at the opening
   * when the pace, not the unknown length of sessions, sets the wait (sale/wait-estimate.ts).
   */
  readonly admissionRampSeconds: number;
  /** How long an admitted session lasts. */
  readonly sessionTtl: number;
  /** A waiting token that has not polled for this long expires. */
  readonly idleTimeout: number;
  /** How long a seat hold lasts. */
  readonly holdTtl: number;
  /**
   * How long after a hold lapses its owner may still pay for it, provided nobody
   * took any of its seats meanwhile (rivals may, from the moment it lapses). So a
   * buyer told "retry later" by an outage near the end of a hold can still pay.
   * 0 turns it off.
   */
  readonly payGraceSeconds: number;
  readonly maxSeatsPerReservation: number;
  /** The purchase limit of a sale that sets none (SPEC "Fair play"): seats one user holds plus bought in one sale. */
  readonly maxSeatsPerUser: number;
  /** Largest single charge. */
  readonly maxCharge: number;
  /** Largest balance a wallet may hold. */
  readonly maxBalance: number;
  /** A payment left half-done is settled by the recovery sweep within this time. */
  readonly paymentRecoveryTimeout: number;
  /** Most tokens, holds or payments one tick step touches: bounds the work of a tick. */
  readonly tickBatch: number;
  /**
   * Waiting tokens one process remembers for the lean status path (queue/line-memory.ts, about 300 bytes each):
   * between heartbeats a poll of a remembered token asks the store only for its place. A host that sees every
   * waiter of a queue of 10^6 needs 10^6 (about 300 MB); 0 turns the path off.
   */
  readonly lineMemoryTokens: number;
}

export const DEFAULT_CONFIG: BoxofficeConfig = Object.freeze({
  maxActive: 100,
  admitPerMinute: 600,
  admissionRampSeconds: 0,
  sessionTtl: 600,
  idleTimeout: 60,
  holdTtl: 300,
  payGraceSeconds: 30,
  maxSeatsPerReservation: 4,
  maxSeatsPerUser: 4,
  maxCharge: 10_000_000,
  maxBalance: 100_000_000,
  paymentRecoveryTimeout: 30,
  tickBatch: 1000,
  lineMemoryTokens: 100_000,
});

const POSITIVE_INTEGER: ReadonlyArray<keyof BoxofficeConfig> = [
  'maxActive',
  'admitPerMinute',
  'maxSeatsPerReservation',
  'maxSeatsPerUser',
  'maxCharge',
  'maxBalance',
  'tickBatch',
];
const POSITIVE_SECONDS: ReadonlyArray<keyof BoxofficeConfig> = [
  'sessionTtl',
  'idleTimeout',
  'holdTtl',
  'paymentRecoveryTimeout',
];

/** Merges overrides onto the defaults and validates the result once. */
export function createConfig(overrides: Partial<BoxofficeConfig> = {}): BoxofficeConfig {
  const unknown = Object.keys(overrides).filter((key) => !(key in DEFAULT_CONFIG));
  if (unknown.length > 0) {
    throw new DomainError('validation_failed', `Unknown configuration key: ${unknown.join(', ')}`, { keys: unknown });
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const config = { ...DEFAULT_CONFIG, ...defined } as BoxofficeConfig;
  for (const key of POSITIVE_INTEGER) {
    const value = config[key];
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new DomainError('validation_failed', `${key} must be a positive integer, got ${String(value)}`, { key });
    }
  }
  for (const key of POSITIVE_SECONDS) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new DomainError('validation_failed', `${key} must be a positive number of seconds, got ${String(value)}`, { key });
    }
  }
  if (!Number.isFinite(config.admissionRampSeconds) || config.admissionRampSeconds < 0 || config.admissionRampSeconds > 60) {
    throw new DomainError('validation_failed', `admissionRampSeconds must be 0 to 60 seconds, got ${String(config.admissionRampSeconds)}`, { key: 'admissionRampSeconds' });
  }
  if (!Number.isSafeInteger(config.lineMemoryTokens) || config.lineMemoryTokens < 0) {
    throw new DomainError('validation_failed', `lineMemoryTokens must be 0 or a positive integer, got ${String(config.lineMemoryTokens)}`, { key: 'lineMemoryTokens' });
  }
  if (!Number.isFinite(config.payGraceSeconds) || config.payGraceSeconds < 0) {
    throw new DomainError('validation_failed', `payGraceSeconds must be 0 or more seconds, got ${String(config.payGraceSeconds)}`, { key: 'payGraceSeconds' });
  }
  if (config.maxCharge > config.maxBalance) {
    throw new DomainError('validation_failed', 'maxCharge must not exceed maxBalance', { key: 'maxCharge' });
  }
  if (config.maxBalance > Number.MAX_SAFE_INTEGER) {
    throw new DomainError('validation_failed', 'maxBalance must be a safe integer', { key: 'maxBalance' });
  }
  return Object.freeze(config);
}
