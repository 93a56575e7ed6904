/**
 * How fast people leave a queue's line on their own (leave, or idle), per waiting person per second:
 * the wait estimate counts them, since everyone ahead who gives up brings a place closer without an
 * admission. Measured from what this host sees (its users' leaves and its ticks' idle expiries) over the
 * waiting count its ticks read; behind a balancer of N hosts it sees about 1/N of the departures, so the
 * hazard, and the correction, is then a lower bound.
 */
export class DepartureMeter {
  /** Departures since the last tick. */
  private pending = 0;
  private last: { at: number; waiting: number } | null = null;
  private readonly spans: { at: number; departed: number; exposure: number }[] = [];

  constructor(private readonly horizonMs = 30_000) {}

  depart(count = 1): void {
    this.pending += count;
  }

  /** A tick's reading of the line: the departures since the last one, over the people who waited meanwhile. */
  tick(at: number, waiting: number): void {
    if (this.last !== null && at > this.last.at) {
      this.spans.push({ at, departed: this.pending, exposure: (Math.max(this.last.waiting, waiting) * (at - this.last.at)) / 1000 });
      this.pending = 0;
    }
    this.last = { at, waiting };
    while (this.spans.length > 0 && this.spans[0]!.at <= at - this.horizonMs) this.spans.shift();
  }

  /** Departures per waiting person per second over the horizon; 0 before a few person-seconds were seen. */
  hazard(): number {
    let departed = 0;
    let exposure = 0;
    for (const s of this.spans) {
      departed += s.departed;
      exposure += s.exposure;
    }
    return exposure < MIN_EXPOSURE ? 0 : departed / exposure;
  }
}

/** Fewer waiting person-seconds than this say too little. */
const MIN_EXPOSURE = 100;

/**
 * The admissions that come before place `position`'s, when the line ahead also thins by `hazard` a
 * person a second: solving dp/dt = -(rate + hazard * p) from `position` to 0 gives the time
 * ln(1 + hazard * position / rate) / hazard, in which `rate` times that many are admitted.
 */
export function admissionsAhead(position: number, rate: number, hazard: number): number {
  if (!(hazard > 0) || !(rate > 0)) return position;
  return (rate / hazard) * Math.log1p((hazard * position) / rate);
}
