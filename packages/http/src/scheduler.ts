import { isDomainError, type Boxoffice } from '@boxoffice/core';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import type { StoreHealth } from './store-health.js';

/**
 * The in-process admission scheduler: boxoffice.tick() every `tickMs`, never
 * two at once in this process. Other host processes on the same store may
 * tick at the same time; core keeps that correct.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly boxoffice: Boxoffice,
    private readonly tickMs: number,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly afterTick: () => void = () => {},
    private readonly health?: StoreHealth,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Runs one tick now (tests use this to step the queue). */
  async tickNow(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.tick();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Stops the loop and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tickNow().finally(() => this.schedule());
    }, this.tickMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const report = await this.boxoffice.tick();
      for (const [sale, q] of Object.entries(report.queues)) {
        if (q.admitted.length) this.metrics.queueAdmitted.inc({ sale }, q.admitted.length);
        if (q.expiredSessions.length) this.metrics.queueExpired.inc({ reason: 'session' }, q.expiredSessions.length);
        if (q.expiredIdle.length) this.metrics.queueExpired.inc({ reason: 'idle' }, q.expiredIdle.length);
        if (q.ended.length) this.metrics.queueExpired.inc({ reason: 'sale_ended' }, q.ended.length);
      }
      if (report.expiredHolds.length) this.metrics.holdsExpired.inc(report.expiredHolds.length);
      const { completed, aborted, failed } = report.recoveredPayments;
      if (completed.length || aborted.length) this.logger.warn({ completed, aborted }, 'recovered half-done payments');
      for (const f of failed) {
        this.metrics.recoveryFailures.inc({ code: f.code });
        this.logger.warn(f, 'payment recovery failed; retrying with backoff');
      }
      const refunds = report.recoveredRefunds;
      if (refunds.completed.length) {
        this.metrics.refundsRecovered.inc(refunds.completed.length);
        this.logger.warn({ completed: refunds.completed }, 'recovered half-done refunds');
      }
      for (const f of refunds.failed) {
        this.metrics.refundRecoveryFailures.inc({ code: f.code });
        this.logger.warn(f, 'refund recovery failed; retrying with backoff');
      }
      this.health?.up();
    } catch (error) {
      // An outage is logged once by StoreHealth, not once a tick with a stack.
      if (this.health && isDomainError(error, 'store_unavailable')) this.health.down(error, 'tick');
      else this.logger.error({ err: error }, 'scheduler tick failed');
    }
    this.afterTick();
  }
}
