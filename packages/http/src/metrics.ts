import { DEFAULT_QUEUE, type Boxoffice } from '@boxoffice/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one host. Each host has its own registry, so tests can run several. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly queueEntered = new Counter({ name: 'boxoffice_queue_entered_total', help: 'New queue tokens issued.', registers: [this.registry] });
  readonly queueAdmitted = new Counter({ name: 'boxoffice_queue_admitted_total', help: 'Tokens admitted by this host\'s scheduler.', registers: [this.registry] });
  readonly queueExpired = new Counter({
    name: 'boxoffice_queue_expired_total',
    help: 'Tokens expired by this host\'s scheduler, by reason (session, idle).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly holds = new Counter({ name: 'boxoffice_holds_total', help: 'Seat holds made.', registers: [this.registry] });
  readonly holdsExpired = new Counter({ name: 'boxoffice_holds_expired_total', help: 'Seat holds expired by the sweep.', registers: [this.registry] });
  readonly payments = new Counter({
    name: 'boxoffice_payments_total',
    help: 'Payments by outcome (completed, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'boxoffice_errors_total',
    help: 'Error answers by domain code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(boxoffice: Boxoffice) {
    const counts = async () => boxoffice.queue.counts(DEFAULT_QUEUE);
    new Gauge({
      name: 'boxoffice_queue_waiting',
      help: 'Tokens waiting in the default queue.',
      registers: [this.registry],
      async collect() {
        this.set((await counts()).waiting);
      },
    });
    new Gauge({
      name: 'boxoffice_queue_active',
      help: 'Active sessions in the default queue.',
      registers: [this.registry],
      async collect() {
        this.set((await counts()).active);
      },
    });
    collectDefaultMetrics({ register: this.registry });
    // promtool flags these gauges for their _total suffix; leave them out.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(name);
    }
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
