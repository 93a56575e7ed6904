/**
 * The honest wait estimate (SPEC "Wait estimate"): the admission rate actually
 * measured over the last minute, which falls below admitPerMinute when
 * maxActive binds, falling back to the configured rate before there is data.
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

/** Shorter spans than this say too little about the rate. */
const MIN_SPAN_MS = 10_000;
const WINDOW_MS = 60_000;

/** Admissions per second to expect from here on. */
export function expectedRate(sample: RateSample | null, admitPerMinute: number): number {
  const configured = admitPerMinute / 60;
  if (!sample || sample.openedAt === null) return configured;
  const span = Math.min(WINDOW_MS, sample.at - sample.openedAt);
  if (span < MIN_SPAN_MS) return configured;
  let admitted = sample.admittedLastMinute;
  // The first minute's admissions include filling the empty room once (up to maxActive at the
  // opening), which is not repeated: when the room is full, only the turnover is a rate.
  if (sample.at - sample.openedAt < WINDOW_MS && sample.active >= sample.maxActive) {
    admitted = Math.max(0, admitted - sample.maxActive);
  }
  const measured = admitted / (span / 1000);
  // No admissions while the room is full: the turnover has not started; one session per window is the floor.
  if (measured <= 0) return sample.active >= sample.maxActive ? 1 / 60 : configured;
  return Math.min(configured, measured);
}

/** Seconds until a token at `position` is admitted. */
export function estimateWaitSeconds(position: number, sample: RateSample | null, admitPerMinute: number): number {
  return Math.ceil(position / expectedRate(sample, admitPerMinute));
}
