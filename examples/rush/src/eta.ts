/**
 * How honest the wait estimate was: for each admitted user, the `etaSeconds`
 * of their first status after the opening that showed them waiting (the enter
 * answer of a later arrival, the first poll or event of a pre-queue one),
 * against the wait they then had, up to the admission time the server
 * recorded (`activeUntil` minus the session length, so polling does not blur it).
 */
export interface EtaSample {
  readonly estimateS: number;
  readonly actualS: number;
}

export interface EtaAccuracy {
  readonly samples: number;
  /** Median of |estimate - actual| / actual; NaN with no samples. */
  readonly medianRelativeError: number;
  readonly p90RelativeError: number;
  /** Median of (estimate - actual) / actual: above 0 the estimate runs long, below 0 short. */
  readonly medianBias: number;
}

/** The estimate has whole-second resolution: a wait under a second counts as one second. */
const FLOOR_S = 1;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function etaAccuracy(samples: readonly EtaSample[]): EtaAccuracy {
  const signed = samples.map((s) => {
    const actual = Math.max(FLOOR_S, s.actualS);
    return (s.estimateS - actual) / actual;
  });
  const abs = signed.map(Math.abs).sort((a, b) => a - b);
  return {
    samples: samples.length,
    medianRelativeError: quantile(abs, 0.5),
    p90RelativeError: quantile(abs, 0.9),
    medianBias: quantile([...signed].sort((a, b) => a - b), 0.5),
  };
}

/** Follows one user's statuses and makes their sample once they are admitted. */
export class EtaWatch {
  private first: { at: number; eta: number } | null = null;

  constructor(private readonly sessionTtlMs: number) {}

  see(status: { state: string; etaSeconds?: number | null; activeUntil?: string | null }, at = Date.now()): EtaSample | null {
    if (status.state === 'waiting' && this.first === null && typeof status.etaSeconds === 'number') {
      this.first = { at, eta: status.etaSeconds };
    }
    if (status.state !== 'active' || this.first === null || !status.activeUntil) return null;
    const admittedAt = Date.parse(status.activeUntil) - this.sessionTtlMs;
    return { estimateS: this.first.eta, actualS: Math.max(0, (admittedAt - this.first.at) / 1000) };
  }
}
