import type { DomainEvent } from '@boxoffice/core';
import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks body of an event: { type, timestamp, data }, data holding its ids and its own fields. */
export function webhookBody(event: DomainEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.at).toISOString(),
    data: { saleId: event.saleId, userId: event.userId, scheduleId: event.scheduleId, ...event.data },
  });
}

/** Signs each attempt afresh: the same webhook-id, the attempt's own timestamp (receivers refuse stale ones). */
export class WebhookSigner {
  private readonly webhook: Webhook;

  /** `secret` is `whsec_` + base64, as the library takes it. */
  constructor(secret: string) {
    this.webhook = new Webhook(secret);
  }

  headers(id: string, body: string, now: Date): Record<string, string> {
    return {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': this.webhook.sign(id, now, body),
    };
  }
}
