import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { ChargeCommand } from '@boxoffice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, testHost, type TestHost } from './support/api.js';

describe('Idempotency-Key on charges and payments', () => {
  let host: TestHost;
  beforeAll(async () => {
    // Charges take 100 ms here, so a duplicate can arrive while the first is running.
    const store = createMemoryStore();
    const charge = store.wallets.charge.bind(store.wallets);
    (store.wallets as { charge: (c: ChargeCommand) => ReturnType<typeof charge> }).charge = async (c) => {
      await sleep(100);
      return charge(c);
    };
    host = await testHost({ storeInstance: store, scheduler: false });
  });
  afterAll(() => host.close());

  it('a retry with the same key and body replays the first answer and applies once', async () => {
    const u = await host.user('replay');
    const first = await u.charge(5000, 'k1');
    const again = await u.charge(5000, 'k1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await u.wallet()).body.balance).toBe(5000);
  });

  it('the same key with another body answers 422 and changes nothing', async () => {
    const u = await host.user('mismatch');
    await u.charge(5000, 'k1');
    const other = await u.charge(6000, 'k1');
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_mismatch']);
    expect((await u.wallet()).body.history).toHaveLength(1);
  });

  it('concurrent duplicates: one is applied, the others answer 409 or replay it', async () => {
    const u = await host.user('racer');
    const answers = await Promise.all(Array.from({ length: 8 }, () => u.charge(700, 'race')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('idempotency_conflict');
    const wallet = (await u.wallet()).body;
    expect(wallet.balance).toBe(700);
    expect(wallet.history).toHaveLength(1);
    // Once finished, a retry replays.
    const retry = await u.charge(700, 'race');
    expect([retry.status, retry.body.entry.id]).toEqual([201, wallet.history[0].id]);
  });

  it('a missing key answers 400 on charges and payments', async () => {
    const u = await host.user('nokey');
    const charge = await u.post('/v1/wallet/charges', { amount: 100 });
    expect([charge.status, charge.body.code]).toEqual([400, 'idempotency_key_missing']);
    const pay = await u.post('/v1/payments', { reservationId: 'aurora-2027-03-14.x' }, { queueToken: 'whatever' });
    expect([pay.status, pay.body.code]).toEqual([400, 'idempotency_key_missing']);
    expect((await u.wallet()).body.balance).toBe(0);
  });

  it('keys belong to their user', async () => {
    const a = await host.user('owner-a');
    const b = await host.user('owner-b');
    await a.charge(1000, 'shared');
    const other = await b.charge(2000, 'shared');
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect((await b.wallet()).body.balance).toBe(2000);
  });

  it('a retried payment replays its 201 even after the token completed; a failed attempt frees the key', async () => {
    const u = await host.user('payer');
    const qt = (await u.enter()).body.token;
    await host.tickNow();
    const rid = (await u.hold(qt, 'strings-2027-04-02', [40])).body.id;
    const short = await u.pay(qt, rid, 'pay-key');
    expect(short.status).toBe(402);
    await u.charge(80000, 'fund');
    // The 402 was not kept: the same key now pays.
    const paid = await u.pay(qt, rid, 'pay-key');
    expect(paid.status).toBe(201);
    expect((await u.status(qt)).body.state).toBe('completed');
    const replay = await u.pay(qt, rid, 'pay-key');
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(paid.body);
    // A new key finds the reservation's one payment: nothing is paid twice.
    const fresh = await u.pay(qt, rid, 'other-key');
    expect([fresh.status, fresh.body.id]).toEqual([201, paid.body.id]);
    expect((await u.wallet()).body.balance).toBe(0);
  });
});
