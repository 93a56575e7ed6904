import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeStore } from '@boxoffice/core';
import { ManualClock } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionPasses, PASS_MAX_LENGTH } from '../src/admission-pass.js';
import { testHost, type Client, type TestHost } from './support/api.js';
import { SALES_CONCERTS, wholeSecond } from './support/sales.js';
import { snapshot } from './support/state.js';

/** A memory store that counts the calls made to each of its ports, as the round-trip tests count commands. */
function countingStore(): { store: BoxofficeStore; calls: Map<string, number>; total(): number } {
  const inner = createMemoryStore();
  const calls = new Map<string, number>();
  const count = <T extends object>(port: string, target: T): T =>
    new Proxy(target, {
      get(t, name, receiver) {
        const value = Reflect.get(t, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(port, (calls.get(port) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  const ports = ['queue', 'catalog', 'inventory', 'wallets', 'payments', 'sales', 'idempotency', 'allowances', 'events', 'audit'] as const;
  const store = { ...inner } as Record<string, unknown>;
  for (const port of ports) store[port] = count(port, inner[port]);
  return { store: store as unknown as BoxofficeStore, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

const SESSION_SECONDS = 45;
const PASS = 'admission-pass';
const decode = (pass: string) => JSON.parse(Buffer.from(pass.split('.')[1] as string, 'base64url').toString()) as { sub: string; sale: string; tok: string; exp: number };

describe('the admission pass: gated reads with no session read', () => {
  const clock = new ManualClock(wholeSecond(Date.now()));
  const counting = countingStore();
  let host: TestHost;
  let alice: Client, bob: Client;
  let aliceQt: string, aliceEncoreQt: string, bobQt: string, pass: string;

  beforeAll(async () => {
    host = await testHost({
      scheduler: false,
      clock,
      storeInstance: counting.store,
      sessionTtlSeconds: SESSION_SECONDS,
      concerts: SALES_CONCERTS,
      sales: [
        { id: 'spring', scheduleIds: ['tiny-1', 'tiny-2'], settings: { maxActive: 1 } },
        { id: 'encore', scheduleIds: ['big-1'] },
      ],
    });
    alice = await host.user('alice');
    bob = await host.user('bob');
    aliceQt = (await alice.post('/v1/sales/spring/queue/tokens')).body.token;
    bobQt = (await bob.post('/v1/sales/spring/queue/tokens')).body.token;
    aliceEncoreQt = (await alice.post('/v1/sales/encore/queue/tokens')).body.token;
    await host.tickNow();
  });
  afterAll(() => host.close());

  it('an active status carries a pass ending with the session; a waiting one carries none', async () => {
    const status = await alice.get(`/v1/sales/spring/queue/tokens/${aliceQt}`);
    expect(status.body.state).toBe('active');
    pass = status.headers.get(PASS) as string;
    expect(pass).toMatch(/^p1\./);
    const claims = decode(pass);
    expect(claims).toEqual({ sub: 'alice', sale: 'spring', tok: aliceQt, exp: Date.parse(status.body.activeUntil) });
    const waiting = await bob.get(`/v1/sales/spring/queue/tokens/${bobQt}`);
    expect(waiting.body.state).toBe('waiting');
    expect(waiting.headers.get(PASS)).toBeNull();
  });

  it('a pass lives at most 60 s even in a longer session', () => {
    const passes = new AdmissionPasses('s', () => 1_000);
    const long = passes.issue('u', { token: 'x.t', saleId: 'x', state: 'active', activeUntil: new Date(1_000 + 600_000).toISOString() } as never) as string;
    expect(decode(long).exp).toBe(61_000);
    expect(passes.issue('u', { token: 'x.t', saleId: 'x', state: 'completed', activeUntil: null } as never)).toBeNull();
    // The longest claims there can be still make a pass that verifies and fits the documented bound.
    const user = '\u4e2d"'.repeat(64);
    const [sale, token] = ['s'.repeat(64), `${'s'.repeat(64)}.${'t'.repeat(128)}`];
    const longest = passes.issue(user, { token, saleId: sale, state: 'active', activeUntil: new Date(30_000).toISOString() } as never) as string;
    expect(longest.length).toBeLessThanOrEqual(PASS_MAX_LENGTH);
    expect(passes.verify(longest, user, token, sale).sub).toBe(user);
  });

  it('the gated reads with a pass make no store call for the session; without one the store checks it', async () => {
    const reads = ['/v1/concerts', '/v1/concerts/tiny/schedules', '/v1/schedules/tiny-1/seats'];
    for (const path of reads) {
      const before = counting.calls.get('queue') ?? 0;
      const withPass = await alice.get(path, { queueToken: aliceQt, headers: { [PASS]: pass } });
      expect(withPass.status, path).toBe(200);
      expect((counting.calls.get('queue') ?? 0) - before, `${path}: queue store calls with a pass`).toBe(0);
      const without = await alice.get(path, { queueToken: aliceQt });
      expect((counting.calls.get('queue') ?? 0) - before, `${path}: queue store calls without`).toBe(1);
      expect(withPass.body).toEqual(without.body);
    }
    // The concert list with a pass touches no queue, session or sale data at all: only the catalog read.
    const total = counting.total();
    const catalog = counting.calls.get('catalog') ?? 0;
    await alice.get('/v1/concerts', { queueToken: aliceQt, headers: { [PASS]: pass } });
    expect([counting.total() - total, (counting.calls.get('catalog') ?? 0) - catalog]).toEqual([1, 1]);
  });

  it('refuses a forged pass, another user\'s, one for another token or sale, and one for a schedule outside its sale', async () => {
    const [v, payload, mac] = pass.split('.') as [string, string, string];
    const flipped = `${v}.${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    const otherKey = new AdmissionPasses('another-secret-0123456789abcdef-0123456', () => clock.now()).issue('alice', {
      token: aliceQt, saleId: 'spring', state: 'active', activeUntil: new Date(clock.now() + 30_000).toISOString(),
    } as never) as string;
    const resigned = `${v}.${Buffer.from(JSON.stringify({ ...decode(pass), sub: 'bob', tok: bobQt })).toString('base64url')}.${mac}`;
    const cases: Array<[Client, string, string, string]> = [
      [alice, aliceQt, flipped, 'a flipped signature'],
      [alice, aliceQt, otherKey, 'signed with another key'],
      [bob, bobQt, resigned, 'claims edited, signature kept'],
      [bob, bobQt, pass, 'another user\'s pass'],
      [alice, aliceEncoreQt, pass, 'a pass of another sale\'s token'],
      [alice, aliceQt, 'p1.x.y', 'malformed'],
      [alice, aliceQt, `${pass}x`, 'too long a signature'],
      [alice, aliceQt, host.secret, 'the bearer secret'],
    ];
    for (const [who, qt, given, what] of cases) {
      const res = await who.get('/v1/schedules/tiny-1/seats', { queueToken: qt, headers: { [PASS]: given } });
      expect([res.status, res.body.code], what).toEqual([403, 'pass_invalid']);
    }
    const elsewhere = await alice.get('/v1/schedules/big-1/seats', { queueToken: aliceQt, headers: { [PASS]: pass } });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'not_in_sale']);
  });

  it('a pass is for reads: a hold with it still checks the session in the store, and hostile passes change nothing', async () => {
    const state = () => snapshot(host.boxoffice, ['alice', 'bob'], [aliceQt, bobQt], []);
    const before = await state();
    for (const junk of ['', ' ', 'p1..', 'p1.' + 'A'.repeat(5000) + '.x', '\u0000', 'Bearer x', pass.replace('p1', 'p2')]) {
      await alice.get('/v1/concerts', { queueToken: aliceQt, headers: { [PASS]: junk } }).catch(() => undefined);
    }
    expect(await state()).toBe(before);
    // Bob is still waiting: Alice's pass, or any, does not make his hold pass the store's check.
    const hold = await bob.post('/v1/reservations', { scheduleId: 'tiny-1', seats: [1] }, { queueToken: bobQt, headers: { [PASS]: pass } });
    expect([hold.status, hold.body.code]).toEqual([403, 'token_not_active']);
  });

  it('refuses a pass past its session\'s end; a write then fails on the store\'s own check', async () => {
    clock.advance(SESSION_SECONDS * 1000 + 1);
    const late = await alice.get('/v1/concerts', { queueToken: aliceQt, headers: { [PASS]: pass } });
    expect([late.status, late.body.code]).toEqual([403, 'pass_invalid']);
    expect(late.body.detail).toMatch(/expired/);
    const hold = await alice.post('/v1/reservations', { scheduleId: 'tiny-1', seats: [1] }, { queueToken: aliceQt, headers: { [PASS]: pass } });
    expect([hold.status, hold.body.code]).toEqual([403, 'token_expired']);
  });
});
