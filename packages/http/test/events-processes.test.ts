import { randomBytes } from 'node:crypto';
import type { DomainEvent } from '@boxoffice/core';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '@boxoffice/adapter-memory';
import { signToken } from '../src/index.js';
import { Client, sleep, testHost, until } from './support/api.js';
import { buy, deleteRedisPrefix, startHostProcess, type HostProcess, type Purchase } from './support/processes.js';
import { Receiver, WEBHOOK_SECRET } from './support/receiver.js';
import { redisAnswers, REDIS_URL, REQUIRE_REDIS } from './support/redis.js';

// Host processes (the CLI, each its own Node) on the shared Redis under a prefix of their own:
// the events feed and the webhooks across processes. Fails instead of skipping with BOXOFFICE_REQUIRE_REDIS=1.
const available = await redisAnswers();
if (!available) console.warn(`[events-processes] no Redis at ${REDIS_URL}: ${REQUIRE_REDIS ? 'FAILING (BOXOFFICE_REQUIRE_REDIS=1)' : 'skipping'}`);

/** The partition an event was written in: its order is promised within it. */
function partitionOf(e: DomainEvent): string {
  if (e.type.startsWith('reservation.')) return `schedule:${e.scheduleId}`;
  if (e.type.startsWith('payment.') || e.type.startsWith('wallet.') || e.type.startsWith('refund.')) return `user:${e.userId}`;
  return `queue:${e.saleId}`;
}

function byPartition(events: readonly DomainEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) out.set(partitionOf(e), [...(out.get(partitionOf(e)) ?? []), e.id]);
  return out;
}

/** Reads the whole feed through a host, `limit` at a time, from the start. */
async function readAll(operator: Client, limit: number): Promise<DomainEvent[]> {
  const out: DomainEvent[] = [];
  let after = '';
  for (;;) {
    const page = await operator.get(`/v1/admin/events?limit=${limit}${after ? `&after=${after}` : ''}`);
    expect(page.status).toBe(200);
    if (page.body.events.length === 0) return out;
    out.push(...(page.body.events as DomainEvent[]));
    after = page.body.next;
  }
}

/** Something buyers and the reader talk to: a host process, or a host in this process. */
interface Buyable {
  user(userId: string, roles?: string[]): Promise<Client>;
}

/**
 * Six buyers on each host fight over ten seats of one date (every fifth cancels instead of paying)
 * while an operator reads the feed through the first host in pages of 7, resuming from each next.
 */
async function readWhileBuying(four: readonly Buyable[], what: string): Promise<void> {
  const operator = await four[0]!.user('ops-reader', ['operator']);
  const seen: DomainEvent[] = [];
  let after = '';
  let buying = true;
  const reader = (async () => {
    let quietAfterDone = 0;
    while (buying || quietAfterDone < 3) {
      const page = await operator.get(`/v1/admin/events?limit=7${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(7);
      seen.push(...(page.body.events as DomainEvent[]));
      after = page.body.next;
      if (page.body.events.length === 0) {
        if (!buying) quietAfterDone++;
        await sleep(50);
      }
    }
  })();
  const seats = Array.from({ length: 10 }, (_, i) => i + 1);
  let purchases: Purchase[];
  try {
    purchases = await Promise.all(
      four.flatMap((host, h) =>
        Array.from({ length: 6 }, async (_, i) => {
          const n = h * 6 + i;
          const order = [...seats.slice(n % 10), ...seats.slice(0, n % 10)];
          return buy(await host.user(`buyer-${n}`), 'aurora-2027-03-14', order, `b${n}`, n % 5 === 0);
        }),
      ),
    );
  } finally {
    buying = false;
  }
  await reader;

  const ids = seen.map((e) => e.id);
  expect(new Set(ids).size, 'no event seen twice').toBe(ids.length);
  // Every event once: the same events as one read from the start through another host.
  const whole = await readAll(await four[3]!.user('ops-check', ['operator']), 1000);
  expect([...ids].sort()).toEqual(whole.map((e) => e.id).sort());
  expect(byPartition(seen)).toEqual(byPartition(whole));
  const paid = purchases.filter((x): x is Extract<Purchase, { outcome: 'paid' }> => x.outcome === 'paid');
  expect(paid.length).toBeGreaterThan(0);
  const completed = seen.filter((e) => e.type === 'payment.completed').map((e) => (e.data as { paymentId: string }).paymentId);
  expect(completed.sort()).toEqual(paid.map((x) => x.paymentId).sort());
  // Within a schedule, each reservation is held before it is released.
  const heldAt = new Map<string, number>();
  seen.forEach((e, i) => {
    const rid = (e.data as { reservationId?: string }).reservationId ?? '';
    if (e.type === 'reservation.held') heldAt.set(rid, i);
    if (e.type === 'reservation.released') expect(heldAt.get(rid)).toBeLessThan(i);
  });
  const cancelled = seen.filter((e) => e.type === 'reservation.released' && (e.data as { reason: string }).reason === 'cancelled');
  expect(cancelled.length).toBe(purchases.filter((x) => x.outcome === 'cancelled').length);
  console.log(`[events-processes] ${what}, ${purchases.length} buyers, ${paid.length} paid; the reader saw ${seen.length} events in pages of 7`);
}

describe('the feed read while four hosts in this process sell (memory store)', () => {
  it('a reader in pages of 7 sees every event once, in order within each partition, and one payment.completed per payment', async () => {
    const store = createMemoryStore();
    const four = await Promise.all([0, 1, 2, 3].map(() => testHost({ storeInstance: store, tickMs: 50, maxActive: 1000 })));
    try {
      const buyable = four.map((h) => ({ user: async (id: string, roles: string[] = []) => new Client(h.url, await signToken(h.secret, id, 3600, Date.now(), roles), id) }));
      await readWhileBuying(buyable, '4 hosts in one process');
    } finally {
      await Promise.all(four.map((h) => h.close()));
    }
  }, 60_000);
});

describe.runIf(available || REQUIRE_REDIS)('events across host processes on one Redis', () => {
  const prefixes: string[] = [];
  const hosts: HostProcess[] = [];
  const receivers: Receiver[] = [];
  const prefix = () => {
    const p = `bo-events-${randomBytes(4).toString('hex')}`;
    prefixes.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await Promise.all(receivers.map((r) => r.stop()));
    for (const p of prefixes) await deleteRedisPrefix(p);
  });

  it('a reader in pages of 7 while 4 processes buy sees every event once, in order within each partition, and one payment.completed per payment', async () => {
    if (!available) throw new Error(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    const p = prefix();
    // The first publishes the catalog and makes the default sale; then three more.
    const first = await startHostProcess(p);
    hosts.push(first);
    const rest = await Promise.all([1, 2, 3].map(() => startHostProcess(p)));
    hosts.push(...rest);
    const four = [first, ...rest];
    await readWhileBuying(four, '4 processes');
  }, 180_000);

  it('a host killed with SIGKILL between a payment and its delivery: the other host delivers it', async () => {
    if (!available) throw new Error(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    const p = prefix();
    const hooks = await new Receiver().start();
    receivers.push(hooks);
    let refusePayments = true;
    hooks.answer = (d) => (refusePayments && (JSON.parse(d.body) as { type: string }).type === 'payment.completed' ? 500 : 204);
    const env = {
      BOXOFFICE_WEBHOOK_URL: hooks.url,
      BOXOFFICE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BOXOFFICE_WEBHOOK_LEASE_SECONDS: '2',
      BOXOFFICE_WEBHOOK_MAX_BACKOFF_SECONDS: '1',
    };
    // A starts first and delivers (its first charge arrives), so it holds the delivery lease; then B starts.
    const a = await startHostProcess(p, env);
    hosts.push(a);
    await (await a.user('warm-up')).charge(100, 'warm-up');
    await until(() => hooks.delivered().length === 1, 20_000, 50);
    const b = await startHostProcess(p, env);
    hosts.push(b);

    const fan = await b.user('fan');
    const purchase = await buy(fan, 'aurora-2027-03-15', [7], 'kill');
    expect(purchase.outcome).toBe('paid');
    const paymentId = (purchase as { paymentId: string }).paymentId;
    const isPayment = (body: string) => (JSON.parse(body) as { data: { paymentId?: string } }).data.paymentId === paymentId;
    // A is trying to deliver the payment (refused so far): kill it there.
    await until(() => hooks.deliveries.some((d) => isPayment(d.body)), 20_000, 50);
    a.child.proc.kill('SIGKILL');
    await a.child.exited;
    const killedAt = Date.now();
    refusePayments = false;

    await until(() => hooks.deliveries.some((d) => isPayment(d.body) && d.status < 300), 30_000, 50);
    const attempts = hooks.deliveries.filter((d) => isPayment(d.body));
    const delivered = attempts.find((d) => d.status < 300)!;
    expect(delivered.at).toBeGreaterThanOrEqual(killedAt);
    expect(new Set(attempts.map((d) => d.headers['webhook-id'])).size).toBe(1);
    expect(new Webhook(WEBHOOK_SECRET).verify(delivered.body, delivered.headers as Record<string, string>)).toMatchObject({
      type: 'payment.completed',
      data: { paymentId, userId: 'fan', scheduleId: 'aurora-2027-03-15' },
    });
    // And B goes on delivering what comes after.
    await fan.charge(5, 'after-kill');
    await until(() => hooks.deliveries.some((d) => (JSON.parse(d.body) as { data: { amount?: number } }).data.amount === 5 && d.status < 300), 20_000, 50);
  }, 180_000);
});
