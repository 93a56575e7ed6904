import type { EtaSample } from './eta.js';

/** What the simulated crowd saw, counted as it happens. */
export class Tally {
  arrived = 0;
  admitted = 0;
  gaveUp = 0;
  soldOut = 0;
  holdAttempts = 0;
  holds = 0;
  conflicts = 0;
  sales = 0;
  seatsSold = 0;
  abandoned = 0;
  expiries = 0;
  /** Tokens that expired while waiting (idle timeout) or whose session ended. */
  tokensExpired = 0;
  paymentsFailed = 0;
  /** Buyers who asked for a refund, and the refunds answered completed. */
  refundsRequested = 0;
  refundsCompleted = 0;
  /** Buyers chosen to refund, as each sale completes (see user.ts: a share of the sales so far, not a draw). */
  refundsChosen = 0;
  /** The waiting list: people who joined, offers they saw, offers paid, offers let lapse. */
  waitlistJoined = 0;
  waitlistOffers = 0;
  waitlistPaid = 0;
  waitlistLapsed = 0;
  finished = 0;
  count5xx = 0;
  networkErrors = 0;
  readonly codes4xx = new Map<string, number>();
  /** Got a pre_queue token: arrived before the opening. */
  preQueued = 0;
  /** Turned away at the door: the sale had sold out (409 sale_sold_out). */
  soldOutAtEntry = 0;
  /** In line when the sale sold out: their tokens ended with endReason sold_out. */
  soldOutWhileWaiting = 0;
  /** The wait estimate against the wait, per admitted user (see eta.ts). */
  readonly etaSamples: EtaSample[] = [];
  /** ms from entering the queue to seeing `active`. */
  readonly waitMs: number[] = [];
  /** ms since the start at each admission seen. */
  readonly admittedAt: number[] = [];
  /** ms since the start of the first and last hold answers. */
  firstHoldAt = Number.NaN;
  lastHoldAt = Number.NaN;
  /** Sample server-side failures, for the summary. */
  readonly serverErrors: string[] = [];
  /** Bots in the crowd, and how far they got. */
  bots = 0;
  botsEntered = 0;
  /** Seats paid for, by cohort. */
  humanSeats = 0;
  botSeats = 0;
  /** Bot requests refused, by the defence that refused them (see defenceOf). */
  readonly botRefusals = new Map<string, number>();
  /** 429s a person saw (the goal is none). */
  human429 = 0;

  constructor(private readonly start: number) {}

  elapsed(): number {
    return Date.now() - this.start;
  }

  fourxx(code: string): void {
    this.codes4xx.set(code, (this.codes4xx.get(code) ?? 0) + 1);
  }

  /** Counts a refusal by who got it: a bot's by the defence, a person's 429. */
  refused(cohort: 'human' | 'bot', status: number, code: string | undefined, limit: string | undefined): void {
    if (cohort === 'human') {
      if (status === 429) this.human429 += 1;
      return;
    }
    const defence = defenceOf(status, code, limit);
    if (defence) this.botRefusals.set(defence, (this.botRefusals.get(defence) ?? 0) + 1);
  }

  holdAnswered(): void {
    const t = this.elapsed();
    if (Number.isNaN(this.firstHoldAt)) this.firstHoldAt = t;
    this.lastHoldAt = t;
  }

  total4xx(): number {
    let n = 0;
    for (const v of this.codes4xx.values()) n += v;
    return n;
  }
}

/** The defence behind a refusal, or null when the answer was an ordinary business outcome. */
export function defenceOf(status: number, code: string | undefined, limit: string | undefined): string | null {
  if (code === 'rate_limited') return `rate limit (${limit ?? '?'})`;
  if (code === 'too_many_requests' || code === 'stream_refused') return 'stream cap';
  if (code === 'pow_required' || code === 'pow_invalid') return `proof of work (${code})`;
  if (code === 'purchase_limit') return 'purchase limit';
  if (code === 'session_used') return 'one session buys once';
  return status === 429 ? 'rate limit (?)' : null;
}

export interface SeriesRow {
  readonly second: number;
  readonly arrived: number;
  readonly waiting: number;
  readonly admitted: number;
  readonly holds: number;
  readonly conflicts: number;
  readonly sales: number;
  readonly gaveUp: number;
  readonly soldOut: number;
  readonly errors4xx: number;
  readonly errors5xx: number;
}

export function snapshot(t: Tally, second: number): SeriesRow {
  return {
    second,
    arrived: t.arrived,
    waiting: t.arrived - t.admitted - t.gaveUp - t.tokensExpired - t.soldOutAtEntry - t.soldOutWhileWaiting,
    admitted: t.admitted,
    holds: t.holds,
    conflicts: t.conflicts,
    sales: t.sales,
    gaveUp: t.gaveUp,
    soldOut: t.soldOut,
    errors4xx: t.total4xx(),
    errors5xx: t.count5xx,
  };
}
