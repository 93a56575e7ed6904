import { EVENT_TYPES, type Boxoffice, type DomainEvent } from '@boxoffice/core';
import { createMemoryStore } from '@boxoffice/adapter-memory';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, openApiDocument } from '../src/index.js';
import { webhookBodyOf, type EventTypeName } from '../src/schemas/events.js';
import { retryDelayMs } from '../src/webhooks/backoff.js';
import { testHost, until, type TestHost } from './support/api.js';
import { Receiver, WEBHOOK_SECRET } from './support/receiver.js';

/** Every event the feed holds, oldest first. */
async function allEvents(boxoffice: Boxoffice): Promise<DomainEvent[]> {
  const out: DomainEvent[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await boxoffice.events.read(cursor, 1000);
    if (page.events.length === 0) return out;
    out.push(...page.events);
    cursor = page.next;
  }
}

const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('webhooks', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function hostFor(receiver: Receiver, extra: Parameters<typeof testHost>[0] = {}): Promise<TestHost> {
    const host = await testHost({ scheduler: false, webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET, webhookTuning: { idleMs: 50 }, ...extra });
    cleanups.push(() => host.close());
    return host;
  }

  async function receiver(): Promise<Receiver> {
    const r = await new Receiver().start();
    cleanups.push(() => r.stop());
    return r;
  }

  it('a receiver answering 500 twice gets the event a third time: same webhook-id, each attempt signed afresh and valid', async () => {
    const hooks = await receiver();
    hooks.answer = (_, i) => (i < 2 ? 500 : 204);
    const host = await hostFor(hooks, { webhookTuning: { idleMs: 50, random: () => 0 } });
    await (await host.user('ann')).charge(5000, 'c1');
    await until(() => hooks.delivered().length === 1, 10_000);
    const [event] = await allEvents(host.boxoffice);
    expect(event?.type).toBe('wallet.charged');
    const attempts = hooks.of(event!.id);
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 204]);
    // Standard Webhooks' own verifier accepts every attempt, whose headers are exactly these.
    const verifier = new Webhook(WEBHOOK_SECRET);
    for (const a of attempts) {
      expect(Object.keys(a.headers).filter((h) => h.startsWith('webhook-')).sort()).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
      expect(a.headers['content-type']).toBe('application/json');
      expect(verifier.verify(a.body, a.headers as Record<string, string>)).toEqual({
        type: 'wallet.charged',
        timestamp: new Date(event!.at).toISOString(),
        data: { saleId: null, userId: 'ann', scheduleId: null, ...event!.data },
      });
    }
    // The delay starts at 1 s and doubles (no jitter drawn here).
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(1950);
    // A forged or altered body fails the same verifier.
    expect(() => verifier.verify(attempts[2]!.body.replace('5000', '9000'), attempts[2]!.headers as Record<string, string>)).toThrow();
    const metrics = await (await fetch(`${host.url}/metrics`)).text();
    expect([metric(metrics, 'boxoffice_webhooks_delivered_total'), metric(metrics, 'boxoffice_webhooks_retried_total')]).toEqual([1, 2]);
    expect(metric(metrics, 'boxoffice_webhooks_lag_seconds')).toBeGreaterThanOrEqual(0);
  }, 20_000);

  it('a receiver down for 5 seconds, then up: nothing is lost, in feed order', async () => {
    const hooks = await receiver();
    const port = hooks.port;
    await hooks.stop();
    const host = await hostFor(hooks);
    const fans = await Promise.all(['bo', 'cy', 'di'].map((u) => host.user(u)));
    const downAt = Date.now();
    for (const [i, fan] of fans.entries()) await fan.charge(1000 + i, `down-${i}`);
    await (await host.user('bo')).enter();
    await host.tickNow();
    await new Promise((r) => setTimeout(r, 5000 - (Date.now() - downAt)));
    await hooks.start(port);
    for (const [i, fan] of fans.entries()) await fan.charge(2000 + i, `up-${i}`);
    const events = await allEvents(host.boxoffice);
    await until(() => hooks.delivered().length === events.length, 20_000, 100);
    expect(hooks.delivered()).toEqual(events.map((e) => e.id));
    // Every body is what the document's webhooks section declares for its type.
    for (const d of hooks.deliveries) {
      const body = JSON.parse(d.body) as { type: EventTypeName };
      expect(webhookBodyOf(body.type).safeParse(body).success, d.body).toBe(true);
    }
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['wallet.charged', 'queue.admitted', 'sale.opened']));
    expect(events.length).toBeGreaterThanOrEqual(8);
  }, 40_000);

  it('two hosts on one store share delivery: each event is sent once; when the holder stops, the other goes on from the saved cursor', async () => {
    const hooks = await receiver();
    const store = createMemoryStore();
    const a = await hostFor(hooks, { storeInstance: store });
    // A short lease, so that B asks for it often (every lease/4) and takes over soon after A hands it over. Not
    // 1 s: an attempt may last only half the lease and B renews it every half, so on a loaded machine (once in CI,
    // beside the pack smoke test and the bench) a slow local answer or a late renewal made B send some of its
    // events again: 13 deliveries for 10. That is at-least-once delivery working, not what this test checks.
    const b = await hostFor(hooks, { storeInstance: store, webhookLeaseSeconds: 4 });
    const fan = await a.user('eve');
    for (let i = 0; i < 5; i++) await fan.charge(10 + i, `a-${i}`);
    await until(() => hooks.delivered().length === 5, 10_000);
    const deliveredBy = async (h: TestHost) => metric(await (await fetch(`${h.url}/metrics`)).text(), 'boxoffice_webhooks_delivered_total');
    // A started first and holds the lease: it sent them all.
    expect([await deliveredBy(a), await deliveredBy(b)]).toEqual([5, 0]);
    await a.close();
    const onB = await b.user('eve');
    for (let i = 0; i < 5; i++) await onB.charge(20 + i, `b-${i}`);
    await until(() => hooks.delivered().length === 10, 10_000);
    const ids = (await allEvents(b.boxoffice)).map((e) => e.id);
    expect(hooks.delivered()).toEqual(ids);
    // No event was sent twice: a stopped host hands over at once, after saving its cursor.
    expect(hooks.deliveries.length).toBe(10);
    expect(await deliveredBy(b)).toBe(5);
  });

  it('the OpenAPI document declares a webhook for every event type core has', () => {
    const doc = openApiDocument() as { webhooks: Record<string, { post: { requestBody: unknown } }> };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('the settings: a URL needs a secret and the other way round; a bad secret is refused without being echoed', () => {
    expect(() => loadSettings({ BOXOFFICE_WEBHOOK_URL: 'https://hooks.example/x' })).toThrow(/BOXOFFICE_WEBHOOK_SECRET must be set with BOXOFFICE_WEBHOOK_URL/);
    expect(() => loadSettings({ BOXOFFICE_WEBHOOK_SECRET: WEBHOOK_SECRET })).toThrow(/BOXOFFICE_WEBHOOK_URL must be set with BOXOFFICE_WEBHOOK_SECRET/);
    for (const bad of ['hunter2hunter2hunter2hunter2', 'whsec_c2hvcnQ=', `whsec_${'!'.repeat(40)}`]) {
      try {
        loadSettings({ BOXOFFICE_WEBHOOK_URL: 'https://hooks.example/x', BOXOFFICE_WEBHOOK_SECRET: bad });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toMatch(/^BOXOFFICE_WEBHOOK_SECRET must be whsec_/);
        expect((error as Error).message).not.toContain(bad);
      }
    }
    expect(() => loadSettings({ BOXOFFICE_WEBHOOK_URL: 'ftp://x', BOXOFFICE_WEBHOOK_SECRET: WEBHOOK_SECRET })).toThrow(/BOXOFFICE_WEBHOOK_URL must be http/);
    expect(() => loadSettings({ BOXOFFICE_WEBHOOK_MAX_BACKOFF_SECONDS: '0' })).toThrow(/BOXOFFICE_WEBHOOK_MAX_BACKOFF_SECONDS/);
    const ok = loadSettings({ BOXOFFICE_WEBHOOK_URL: 'https://hooks.example/x', BOXOFFICE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    expect([ok.webhookMaxBackoffSeconds, ok.webhookLeaseSeconds]).toEqual([300, 20]);
  });

  it('the retry delay: 1 s doubling up to the maximum, jitter adding at most a quarter and never passing it', () => {
    expect([1, 2, 3, 4, 9, 10, 200].map((n) => retryDelayMs(n, 300, () => 0))).toEqual([1000, 2000, 4000, 8000, 256_000, 300_000, 300_000]);
    expect(retryDelayMs(1, 300, () => 0.999)).toBeCloseTo(1250, 0);
    expect(retryDelayMs(9, 300, () => 0.999)).toBe(300_000);
    expect(retryDelayMs(3, 2.5, () => 0.5)).toBe(2500);
  });
});
