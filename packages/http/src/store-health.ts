import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

/**
 * Whether the store answers, as requests and ticks find it. An outage is
 * expected operation, not a bug: its first failure is one warn line with the
 * reason (no stack), the rest are debug lines, and its end is one info line,
 * so a burst of 503s does not flood the log.
 */
export class StoreHealth {
  private downSince: number | null = null;
  private failures = 0;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  get isDown(): boolean {
    return this.downSince !== null;
  }

  /** A store_unavailable seen by `where` (a request id or "tick"). */
  down(error: unknown, where: string): void {
    this.metrics.storeUp.set(0);
    this.failures++;
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.logger.warn({ reason, where }, 'store unavailable: answering 503 with Retry-After until it answers again');
    } else {
      this.logger.debug({ reason, where }, 'store still unavailable');
    }
  }

  /** The store answered. Cheap when it was up already: this runs on every request. */
  up(): void {
    if (this.downSince === null) return;
    this.metrics.storeUp.set(1);
    this.logger.info({ downMs: Date.now() - this.downSince, failures: this.failures }, 'store answers again');
    this.downSince = null;
    this.failures = 0;
  }
}
