import type { Boxoffice } from '@boxoffice/core';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of one host. Each host has its own registry, so tests can run several. */
export class Metrics {
  readonly registry = new Registry();
  /** HTTP request durations by method, route and status: a prom-client-compatible histogram with a cheap hot path. */
  readonly httpDuration = new RequestHistogram('http_request_duration_seconds', 'HTTP request duration by method, route and status.', [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
  ]);
  readonly queueEntered = new Counter({ name: 'boxoffice_queue_entered_total', help: 'New queue tokens issued.', registers: [this.registry] });
  // Labelled by sale: one series per sale, so a console or Grafana sees each on-sale's pace.
  readonly queueAdmitted = new Counter({
    name: 'boxoffice_queue_admitted_total',
    help: 'Tokens admitted by this host, by sale (its scheduler\'s admissions, and entrants let straight in by passthrough).',
    labelNames: ['sale'] as const,
    registers: [this.registry],
  });
  readonly seatsSold = new Counter({
    name: 'boxoffice_seats_sold_total',
    help: 'Seats sold through this host\'s payments, by sale.',
    labelNames: ['sale'] as const,
    registers: [this.registry],
  });
  readonly queueExpired = new Counter({
    name: 'boxoffice_queue_expired_total',
    help: 'Tokens expired by this host\'s scheduler, by reason (session, idle, sale_ended: sold out or closed).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly holds = new Counter({ name: 'boxoffice_holds_total', help: 'Seat holds made.', registers: [this.registry] });
  readonly holdsExpired = new Counter({ name: 'boxoffice_holds_expired_total', help: 'Seat holds expired by the sweep.', registers: [this.registry] });
  readonly holdsForfeited = new Counter({
    name: 'boxoffice_holds_forfeited_total',
    help: 'Seat holds cancelled because their buyer kept trying past the purchase limit (BOXOFFICE_RATE_LIMIT_PROBES).',
    registers: [this.registry],
  });
  readonly recoveryFailures = new Counter({
    name: 'boxoffice_payment_recovery_failures_total',
    help: 'Payments (or dead claims) the recovery sweep failed to settle, each retried with backoff.',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly refundsRecovered = new Counter({
    name: 'boxoffice_refunds_recovered_total',
    help: 'Refunds left half-done (fenced, then a crash or fault) that this host\'s recovery sweep finished.',
    registers: [this.registry],
  });
  readonly refundRecoveryFailures = new Counter({
    name: 'boxoffice_refund_recovery_failures_total',
    help: 'Refunds the recovery sweep failed to finish, by code, each retried with backoff.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly payments = new Counter({
    name: 'boxoffice_payments_total',
    help: 'Payments by outcome (completed, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly webhookDelivered = new Counter({
    name: 'boxoffice_webhooks_delivered_total',
    help: 'Domain events this host delivered to the webhook URL (a 2xx answer).',
    registers: [this.registry],
  });
  readonly webhookRetried = new Counter({
    name: 'boxoffice_webhooks_retried_total',
    help: 'Webhook attempts of this host that failed (not a 2xx, or no answer) and will be retried.',
    registers: [this.registry],
  });
  readonly webhookLag = new Gauge({
    name: 'boxoffice_webhooks_lag_seconds',
    help: 'Age of the event this host is delivering (0 when it has delivered every event, and on a host that does not hold the delivery lease).',
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'boxoffice_errors_total',
    help: 'Error answers by domain code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe(method, route, status, seconds);
  }

  readonly storeUp = new Gauge({
    name: 'boxoffice_store_up',
    help: '1 when the store answered the last scrape or request, 0 during an outage.',
    registers: [this.registry],
  });
  // One series per sale; the last values read stay while the store is down.
  private readonly queueWaiting = new Gauge({
    name: 'boxoffice_queue_waiting',
    help: 'Tokens waiting in each sale\'s queue, the pre-queue included (the last value read while the store is down).',
    labelNames: ['sale'] as const,
    registers: [this.registry],
  });
  private readonly queueActive = new Gauge({
    name: 'boxoffice_queue_active',
    help: 'Active sessions of each sale (the last value read while the store is down).',
    labelNames: ['sale'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly boxoffice: Boxoffice,
    /** A scrape waits this long for the store, then answers with what it has. */
    private readonly storeTimeoutMs = 1000,
  ) {
    this.registry.registerMetric(this.httpDuration as unknown as Parameters<Registry['registerMetric']>[0]);
    collectDefaultMetrics({ register: this.registry });
    // promtool flags these gauges for their _total suffix; leave them out.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(name);
    }
  }

  /** The exposition. It always answers: an outage shows as boxoffice_store_up 0, never as a failed scrape. */
  async text(): Promise<string> {
    await this.sampleStore();
    return this.registry.metrics();
  }

  private async sampleStore(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('store timeout')), this.storeTimeoutMs);
    });
    try {
      // The sale list is one store read, then one counts read per sale.
      const read = async () => Promise.all((await this.boxoffice.sales.refresh()).map(async (sale) => ({ sale, counts: await this.boxoffice.queue.counts(sale) })));
      const rows = await Promise.race([read(), timeout]);
      this.queueWaiting.reset();
      this.queueActive.reset();
      for (const { sale, counts } of rows) {
        this.queueWaiting.set({ sale }, counts.waiting);
        this.queueActive.set({ sale }, counts.active);
      }
      this.storeUp.set(1);
    } catch {
      this.storeUp.set(0);
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Series {
  readonly labels: { method: string; route: string; status: number };
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * prom-client's Histogram validates and hashes its labels on every observe,
 * which shows in a status poll's cost. This one keys series by a plain string
 * and renders the same exposition (le first, then method, route, status).
 */
export class RequestHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= 10_000) return; // a runaway label set must not eat memory
      s = { labels: { method, route, status }, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < this.buckets.length && seconds > (this.buckets[i] as number)) i++;
    (s.counts as Float64Array)[i]! += 1;
    s.sum += seconds;
    s.count += 1;
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> } {
    const values = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += s.counts[i] as number;
        values.push({ metricName: `${this.name}_bucket`, labels: { le: this.buckets[i] as number, ...s.labels }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...s.labels }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: { ...s.labels }, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...s.labels }, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}
