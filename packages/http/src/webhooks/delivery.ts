import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Boxoffice, DomainEvent } from '@boxoffice/core';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { retryDelayMs } from './backoff.js';
import { webhookBody, WebhookSigner } from './message.js';

/** The store's delivery cursor and lease of the webhooks: one name, so hosts share one position. */
export const WEBHOOK_LEASE = 'webhooks';

export interface WebhookSettings {
  readonly url: string;
  /** `whsec_` + base64. */
  readonly secret: string;
  /** The retry delay doubles from 1 s up to this. */
  readonly maxBackoffSeconds: number;
  /** How long a host's hold on delivery lasts unrenewed: another host takes over this long after it dies. */
  readonly leaseSeconds: number;
}

export interface WebhookTuning {
  /** Events read a page at a time; the cursor is saved after each page. */
  readonly pageSize?: number;
  /** The wait before looking again when nothing is new (or another host delivers). */
  readonly idleMs?: number;
  /** One POST may take this long before it counts as failed (default 10 s, at most half the lease). */
  readonly attemptTimeoutMs?: number;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  /** This host's name in the lease (default: hostname, pid and a random part). */
  readonly owner?: string;
}

/**
 * Delivers every domain event to the webhook URL, signed as Standard Webhooks
 * define, in feed order, each retried until a 2xx with the same webhook-id.
 * Several hosts share the work through one lease in the store: only its
 * holder delivers, renewing it as it goes, and saves the feed cursor after
 * each page under it; a host that dies stops renewing, and the next host
 * takes over from the saved cursor. So an event is delivered at least once:
 * the rest of a page a dead host had begun is sent again, with the same
 * webhook-id, which receivers use to drop repeats.
 */
export class WebhookDelivery {
  readonly owner: string;
  private readonly signer: WebhookSigner;
  private readonly leaseMs: number;
  private readonly pageSize: number;
  private readonly idleMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly random: () => number;
  private readonly post: typeof fetch;
  private stopping = new AbortController();
  private running: Promise<void> | null = null;
  private leaseUntil = 0;
  private outage = false;

  constructor(
    private readonly boxoffice: Boxoffice,
    private readonly settings: WebhookSettings,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    tuning: WebhookTuning = {},
  ) {
    this.signer = new WebhookSigner(settings.secret);
    this.leaseMs = settings.leaseSeconds * 1000;
    this.pageSize = tuning.pageSize ?? 20;
    this.idleMs = tuning.idleMs ?? 500;
    // An attempt ends well inside the lease, so a slow receiver does not let another host start the same event.
    this.attemptTimeoutMs = tuning.attemptTimeoutMs ?? Math.min(10_000, this.leaseMs / 2);
    this.random = tuning.random ?? Math.random;
    this.post = tuning.fetch ?? fetch;
    this.owner = tuning.owner ?? `${hostname()}-${process.pid}-${randomBytes(6).toString('base64url')}`;
  }

  start(): void {
    if (this.running) return;
    this.stopping = new AbortController();
    this.running = this.run();
  }

  /** Stops at once (an attempt in flight is cut; its event is sent again later) and hands the lease over. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping.abort();
    await this.running;
    this.running = null;
    await this.boxoffice.events.releaseLease(WEBHOOK_LEASE, this.owner).catch(() => undefined);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private now(): number {
    return this.boxoffice.options.clock.now();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.round();
        if (this.outage) this.logger.info('webhook delivery: the store answers again');
        this.outage = false;
      } catch (error) {
        if (!this.outage) this.logger.warn({ reason: (error as Error).message, code: (error as { code?: string }).code }, 'webhook delivery: cannot read the events; retrying');
        this.outage = true;
        await this.pause(1000);
      }
    }
  }

  /** One page: take (or renew) the lease, read after the saved cursor, deliver each event, save the cursor. */
  private async round(): Promise<void> {
    const lease = await this.boxoffice.events.lease(WEBHOOK_LEASE, this.owner, this.now(), this.leaseMs);
    if (!lease) {
      // Another host delivers (and reports the lag); look again in a while, in case it dies.
      this.leaseUntil = 0;
      this.metrics.webhookLag.set(0);
      await this.pause(Math.max(this.idleMs, this.leaseMs / 4));
      return;
    }
    this.leaseUntil = lease.until;
    const page = await this.boxoffice.events.read(lease.cursor, this.pageSize);
    if (page.events.length === 0) {
      this.metrics.webhookLag.set(0);
      await this.pause(this.idleMs);
      return;
    }
    for (const event of page.events) {
      if (!(await this.deliver(event))) return;
    }
    if (!(await this.boxoffice.events.commit(WEBHOOK_LEASE, this.owner, page.next, this.now()))) {
      this.logger.warn({ owner: this.owner }, 'webhook delivery: lost the lease before saving the cursor; the next holder sends this page again');
    }
  }

  /** Sends one event until a 2xx; false when this host stopped or lost the lease first. */
  private async deliver(event: DomainEvent): Promise<boolean> {
    const body = webhookBody(event);
    for (let attempt = 1; ; attempt++) {
      if (this.stopped || !(await this.keepLease())) return false;
      this.metrics.webhookLag.set(Math.max(0, this.now() - event.at) / 1000);
      const failure = await this.attempt(event.id, body);
      if (failure === null) {
        this.metrics.webhookDelivered.inc();
        return true;
      }
      if (this.stopped) return false;
      const waitMs = retryDelayMs(attempt, this.settings.maxBackoffSeconds, this.random);
      this.metrics.webhookRetried.inc();
      this.logger.warn({ eventId: event.id, type: event.type, attempt, failure, retryInMs: Math.round(waitMs) }, 'webhook delivery failed; retrying');
      if (!(await this.waitKeepingLease(waitMs))) return false;
    }
  }

  /** One POST: null on a 2xx, else why it failed. */
  private async attempt(id: string, body: string): Promise<string | null> {
    try {
      const res = await this.post(this.settings.url, {
        method: 'POST',
        headers: this.signer.headers(id, body, new Date(this.now())),
        body,
        redirect: 'manual',
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.attemptTimeoutMs)]),
      });
      await res.body?.cancel().catch(() => undefined);
      return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return cause?.code ?? (error as Error).name ?? 'error';
    }
  }

  /** Renews the lease when half of it has run out; false when another host holds it now. */
  private async keepLease(): Promise<boolean> {
    const now = this.now();
    if (this.leaseUntil - now > this.leaseMs / 2) return true;
    const lease = await this.boxoffice.events.lease(WEBHOOK_LEASE, this.owner, now, this.leaseMs);
    if (!lease) {
      this.logger.warn({ owner: this.owner }, 'webhook delivery: another host took the lease over');
      this.leaseUntil = 0;
      return false;
    }
    this.leaseUntil = lease.until;
    return true;
  }

  /** Waits out a retry delay, renewing the lease meanwhile, since the delay may outlast it. */
  private async waitKeepingLease(ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (!this.stopped) {
      const left = end - Date.now();
      if (left <= 0) return true;
      await this.pause(Math.min(left, this.leaseMs / 4));
      if (!this.stopped && !(await this.keepLease())) return false;
    }
    return false;
  }

  /** Sleeps, waking early when stopped. */
  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }
}
