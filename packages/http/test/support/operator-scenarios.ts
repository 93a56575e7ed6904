import type { ManualClock } from '@boxoffice/core/testing';
import { expect } from 'vitest';
import type { Client, TestHost } from './api.js';
import { SALES_CONCERTS } from './sales.js';

/** The sales the scenarios steer: `rush` for the pause, `live` for the settings. */
export const OPERATOR_SALES = [
  { id: 'rush', scheduleIds: ['big-1'], settings: { maxActive: 100, admitPerMinute: 5, idleTimeoutSeconds: 30 } },
  { id: 'live', scheduleIds: ['tiny-1'], settings: { maxActive: 3, admitPerMinute: 600, idleTimeoutSeconds: 600 } },
];

/**
 * What a host of the scenarios runs with: stepped ticks, the tests' clock, the small catalog and OPERATOR_SALES;
 * no admission ramp, so a tick admits a whole window's worth and the counts stay small.
 */
export function operatorHost(clock: ManualClock) {
  return { scheduler: false, clock, concerts: SALES_CONCERTS, sales: OPERATOR_SALES, admissionRampSeconds: 0 } as const;
}

// The live-steering scenarios, run on one memory host and on two hosts sharing a Redis:
// the hosts take turns, so a change made through one must hold on the other within one tick.

/** The waiting line as the store holds it, read without a heartbeat (a poll would reset idle clocks). */
async function line(host: TestHost, saleId: string, tokens: readonly string[]): Promise<Map<string, { state: string; position: number | null }>> {
  const out = new Map<string, { state: string; position: number | null }>();
  for (const token of tokens) {
    const view = await host.boxoffice.store.queue.view(saleId, token);
    out.set(token, { state: view?.token.state ?? 'missing', position: view?.position ?? null });
  }
  return out;
}

async function patchSale(op: Client, saleId: string, patch: unknown): Promise<void> {
  const etag = (await op.get(`/v1/admin/sales/${saleId}`)).headers.get('etag') as string;
  const r = await op.patch(`/v1/admin/sales/${saleId}`, patch, etag);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function enterAll(hosts: readonly TestHost[], saleId: string, n: number, tag: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = await hosts[i % hosts.length]!.user(`${tag}-${i}`);
    const r = await u.post(`/v1/sales/${saleId}/queue/tokens`);
    expect(r.status).toBe(201);
    tokens.push(r.body.token);
  }
  return tokens;
}

/**
 * Pause in the middle of a rush (sale settings: admitPerMinute 5, a big room, idleTimeout 30 s):
 * while paused, zero admissions and zero idle expiries however long nobody polls and however the
 * hosts tick, the waiting order unchanged, buyers told `mode: paused`; after resume, admissions at
 * the configured rate from the head, and idle clocks that did not count the pause.
 */
export async function pauseMidRush(hosts: readonly TestHost[], clock: ManualClock, saleId: string): Promise<void> {
  const [a, b = a] = hosts as [TestHost, TestHost?];
  const op = await a.operator('olga');
  const tokens = await enterAll(hosts, saleId, 20, 'rush');
  await a.tickNow();
  const first = await line(a, saleId, tokens);
  const active = tokens.filter((t) => first.get(t)!.state === 'active');
  expect(active).toEqual(tokens.slice(0, 5));
  const waiting = tokens.slice(5);
  expect(waiting.map((t) => first.get(t)!.position)).toEqual(waiting.map((_, i) => i + 1));

  await patchSale(op, saleId, { mode: 'paused' });
  await b.tickNow();
  const told = await (await b.user('rush-5')).get(`/v1/sales/${saleId}/queue/tokens/${waiting[0]}`);
  expect(told.body).toMatchObject({ state: 'waiting', mode: 'paused', position: 1 });
  const countsBefore = await a.boxoffice.queue.counts(saleId);

  // Three idle timeouts and more than one admission window later, every host having ticked.
  for (let i = 0; i < 6; i++) {
    clock.advance(16_000);
    await hosts[i % hosts.length]!.tickNow();
  }
  const paused = await line(b, saleId, tokens);
  expect([...paused.values()].filter((v) => v.state === 'active').length, 'no admission while paused').toBe(5);
  expect(waiting.map((t) => paused.get(t)), 'nobody expired, the order kept').toEqual(waiting.map((_, i) => ({ state: 'waiting', position: i + 1 })));
  const countsPaused = await b.boxoffice.queue.counts(saleId);
  expect(countsPaused).toMatchObject({ waiting: countsBefore.waiting, active: countsBefore.active, admittedLastMinute: 0, mode: 'paused' });

  await patchSale(await b.operator('ivan'), saleId, { mode: 'queue' });
  await a.tickNow();
  await b.tickNow();
  const resumed = await line(a, saleId, tokens);
  // The window emptied during the pause: exactly the configured 5 a minute, from the head, in order.
  expect(waiting.filter((t) => resumed.get(t)!.state === 'active')).toEqual(waiting.slice(0, 5));
  expect(waiting.slice(5).map((t) => resumed.get(t))).toEqual(waiting.slice(5).map((_, i) => ({ state: 'waiting', position: i + 1 })));
  // Idle clocks run again without counting the pause: 20 s on (last seen 96 s ago by the wall clock), nobody idle yet.
  clock.advance(20_000);
  await b.tickNow();
  const later = await line(b, saleId, waiting.slice(5));
  expect([...later.values()].every((v) => v.state === 'waiting')).toBe(true);
  // And 15 s more makes 35 s of unpaused idleness: they expire as idle, as without a pause.
  clock.advance(15_000);
  await a.tickNow();
  const idle = await line(a, saleId, waiting.slice(5));
  expect([...idle.values()].every((v) => v.state === 'expired')).toBe(true);
}

/**
 * The rate and the cap changed through one host take effect at the other's next tick
 * (sale settings: maxActive 3, admitPerMinute 600, an idle timeout longer than the test).
 */
export async function liveSettings(hosts: readonly TestHost[], clock: ManualClock, saleId: string): Promise<void> {
  const [a, b = a] = hosts as [TestHost, TestHost?];
  const op = await a.operator('olga');
  const tokens = await enterAll(hosts, saleId, 20, 'live');
  const activeNow = async () => (await b.boxoffice.queue.counts(saleId)).active;
  await b.tickNow();
  expect(await activeNow()).toBe(3);

  await patchSale(op, saleId, { settings: { maxActive: 7 } });
  await b.tickNow();
  expect(await activeNow(), 'the raised cap, at the other host\'s next tick').toBe(7);

  clock.advance(61_000);
  await patchSale(op, saleId, { settings: { maxActive: 100, admitPerMinute: 4 } });
  await b.tickNow();
  expect(await activeNow(), 'the lowered rate: 4 a minute').toBe(11);
  await b.tickNow();
  expect(await activeNow()).toBe(11);

  await patchSale(op, saleId, { settings: { admitPerMinute: 9 } });
  await b.tickNow();
  expect(await activeNow(), 'the raised rate: 9 in the same minute').toBe(16);
  expect(tokens.length).toBe(20);
}
