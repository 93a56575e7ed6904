import { admissionsAhead } from '../queue/departures.js';

/**
 * The honest wait estimate (SPEC "Wait estimate"). Admission follows two
 * limits, and the estimate models both from what the store measures:
 *
 *  - the room: `maxActive` sessions at once, so once it is full a place frees
 *    only when a session ends. That turnover is measured from the admissions of
 *    the last minute (less the fill of the empty room after the opening),
 *    and is never taken below `maxActive / sessionTtl` (every session ends by then);
 *  - the window: at most `admitPerMinute` in any 60 seconds, reached evenly over
 *    the ramp after the opening (`rampedCap`), so beyond the budget left now a
 *    place waits for the ramp to grow, or for earlier admissions to age out.
 *
 * Before there is data (the queue has not opened, or the first room has not
 * turned over yet) it falls back to the configured rate. With a ramp of a
 * minute that rate is what admits people at the opening, so the estimate holds
 * from the first poll; with none, a minute's admissions go in as fast as the
 * first sessions end, which nobody can know before they do.
 */
export interface RateSample {
  /** Tokens admitted in the 60 seconds up to `at`. */
  readonly admittedLastMinute: number;
  /** When the queue opened; null before. */
  readonly openedAt: number | null;
  /** Tokens active at `at`, and the cap. */
  readonly active: number;
  readonly maxActive: number;
  readonly at: number;
}

export interface PaceRule {
  readonly admitPerMinute: number;
  readonly maxActive: number;
  readonly sessionTtlSeconds: number;
  /** The config's `admissionRampSeconds`, in ms; 0 or absent: no ramp. */
  readonly admissionRampMs?: number;
}

/** A ramp lets in a tick's worth ahead of the time since the opening: one second's. */
export const RAMP_LEAD_MS = 1_000;

/**
 * The admissions a 60-second window may hold at `now`, with a ramp of `rampMs` (config
 * `admissionRampSeconds`): over the ramp the cap grows evenly with the time since the opening (a tick's
 * worth ahead) instead of letting a whole minute's admissions in at the opening's instant. With a ramp of
 * a minute the first window fills at the configured rate, and from then on the sliding window keeps that
 * pace by itself: each admission ages out a minute after it came, making room for one more.
 */
export function rampedCap(admitPerMinute: number, rampMs: number, openedAt: number, now: number): number {
  const elapsed = Math.max(0, now - openedAt) + RAMP_LEAD_MS;
  if (elapsed >= rampMs) return admitPerMinute;
  return Math.max(1, Math.ceil((admitPerMinute * elapsed) / rampMs));
}

/** Shorter spans than this say too little about the turnover (ticks come every second). */
const MIN_SPAN_MS = 500;
const WINDOW_MS = 60_000;

/**
 * Sessions ending per second, as this sample shows it; null when it cannot
 * tell (too little time, a room not full, or admissions held by the window).
 */
export function measureTurnover(sample: RateSample, rule: PaceRule): number | null {
  if (sample.openedAt === null || sample.active < sample.maxActive) return null;
  if (sample.admittedLastMinute >= rampedCap(rule.admitPerMinute, rule.admissionRampMs ?? 0, sample.openedAt, sample.at)) return null;
  const windowStart = Math.max(sample.openedAt, sample.at - WINDOW_MS);
  const span = sample.at - windowStart;
  if (span < MIN_SPAN_MS) return null;
  // The opening fills the empty room at once; only what came after is turnover. The sessions of
  // that first room start together, so until half of it has turned over (or a whole window has
  // passed) the average since the opening mostly measures how long the first sessions last: no data yet.
  const fill = sample.openedAt > sample.at - WINDOW_MS ? sample.maxActive : 0;
  const turned = Math.max(0, sample.admittedLastMinute - fill);
  if (turned < sample.maxActive / 2 && span < WINDOW_MS) return null;
  return turned / (span / 1000);
}

/** Admissions per second the room allows: the measured turnover, at least a room's worth per session length. */
export function expectedRate(turnover: number | null, rule: PaceRule): number {
  const configured = rule.admitPerMinute / 60;
  if (turnover === null) return configured;
  return Math.max(turnover, rule.maxActive / rule.sessionTtlSeconds);
}

/**
 * Seconds until a token at `position` is admitted, at `now`, given the last
 * sample of its queue, the last turnover measured (null: none yet) and the
 * departure hazard of its line (0: nobody leaves).
 */
export function estimateWaitSeconds(
  position: number,
  sample: RateSample | null,
  rule: PaceRule,
  turnover: number | null,
  now: number,
  hazard = 0,
): number {
  const rate = expectedRate(turnover, rule);
  // People ahead who leave on their own bring the place closer without an admission (queue/departures.ts):
  // of the position - 1 ahead, some leave; the place's own admission is one more.
  const ahead = 1 + admissionsAhead(Math.max(0, position - 1), rate, hazard);
  if (!sample || sample.openedAt === null) return Math.max(1, Math.ceil(ahead / rate));
  // The free room and the window's budget let the first places in at the next tick.
  const free = Math.max(0, sample.maxActive - sample.active);
  const byRoom = ahead <= free ? 0 : (ahead - free) / rate;
  const ramp = rule.admissionRampMs ?? 0;
  const cap = rampedCap(rule.admitPerMinute, ramp, sample.openedAt, now);
  if (ahead <= cap - sample.admittedLastMinute) return Math.max(1, Math.ceil(byRoom));
  const need = sample.admittedLastMinute + ahead;
  if (need <= rule.admitPerMinute && cap < rule.admitPerMinute) {
    // On the ramp: the place goes in when the growing cap reaches the admissions so far and it.
    const at = sample.openedAt - RAMP_LEAD_MS + (need * ramp) / rule.admitPerMinute;
    return Math.max(1, Math.ceil(Math.max(byRoom, (at - now) / 1000)));
  }
  // Past the minute's budget: the place waits for as many earlier admissions to leave the window,
  // taken as spread evenly over the time they came in.
  const budget = Math.max(0, rule.admitPerMinute - sample.admittedLastMinute);
  const windowStart = Math.max(sample.openedAt, sample.at - WINDOW_MS);
  const span = Math.max(1, sample.at - windowStart);
  const beyond = ahead - budget;
  const agedOutAt =
    beyond <= sample.admittedLastMinute
      ? windowStart + WINDOW_MS + (beyond * span) / Math.max(1, sample.admittedLastMinute)
      : windowStart + WINDOW_MS + span + ((beyond - sample.admittedLastMinute) * WINDOW_MS) / rule.admitPerMinute;
  return Math.max(1, Math.ceil(Math.max(byRoom, (agedOutAt - now) / 1000)));
}
