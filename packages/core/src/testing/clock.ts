import type { Clock } from '../shared/clock.js';

/** 2027-01-01T00:00:50Z: fifty seconds into a minute, so a fixed per-minute window differs from a sliding one. */
export const KIT_EPOCH = Date.UTC(2027, 0, 1, 0, 0, 50);

/** A clock that moves only when told. Epoch milliseconds, like Clock. */
export class ManualClock implements Clock {
  constructor(private current: number = KIT_EPOCH) {}

  now(): number {
    return this.current;
  }

  /** Moves forward by `ms` milliseconds (never backward). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance needs a non-negative duration, got ${ms}`);
    this.current += ms;
    return this.current;
  }

  advanceSeconds(seconds: number): number {
    return this.advance(seconds * 1000);
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }
}

/**
 * The wall clock, for tests and benches that run in real time (several processes, a real Redis TTL);
 * `jump` moves it ahead, as a test does to make sessions lapse without waiting for them.
 */
export class WallClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  jump(ms: number): void {
    this.offset += ms;
  }
}
