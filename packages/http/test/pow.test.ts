import { createChallenge, solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { powKeys, SURGE_MAX_FACTOR, surgeFactor } from '../src/pow.js';
import { testHost, type Client, type TestHost } from './support/api.js';
import { solve } from './support/pow.js';
import { SALES_CONCERTS } from './support/sales.js';

// Proof of work on entry (SPEC "Fair play"): a sale with proofOfWork > 0 needs a
// solved ALTCHA v2 challenge of that sale in Pow-Solution, good once.

const SECRET = 'test-secret-0123456789abcdef-0123456';

describe('proof of work on entry', () => {
  let host: TestHost;
  let u: Client;

  beforeAll(async () => {
    host = await testHost({
      secret: SECRET,
      scheduler: false,
      concerts: SALES_CONCERTS,
      sales: [
        { id: 'guarded', scheduleIds: ['big-1'], settings: { proofOfWork: 2000 } },
        { id: 'other', scheduleIds: ['tiny-1'], settings: { proofOfWork: 500 } },
        { id: 'open', scheduleIds: ['tiny-2'] },
      ],
    });
    u = await host.user('solver');
  });
  afterAll(() => host.close());

  const enter = (client: Client, saleId: string, pow?: string) =>
    client.post(`/v1/sales/${saleId}/queue/tokens`, undefined, pow === undefined ? {} : { headers: { 'pow-solution': pow } });
  const challenge = async (saleId: string) => (await u.get<Challenge>(`/v1/sales/${saleId}/challenge`)).body;
  const waiting = async (saleId: string) => (await host.boxoffice.queue.counts(saleId)).waiting + (await host.boxoffice.queue.counts(saleId)).active;

  it('the challenge is altcha-lib\'s, signed, expiring, bound to the sale, its counter below proofOfWork', async () => {
    const answer = await u.get('/v1/sales/guarded/challenge');
    expect([answer.status, answer.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const c = answer.body as Challenge;
    expect(c.parameters).toMatchObject({ algorithm: 'SHA-256', cost: 1, data: { saleId: 'guarded' } });
    expect(c.parameters.expiresAt).toBeGreaterThan(Date.now() / 1000 + 200);
    expect(c.signature).toMatch(/^[0-9a-f]{64}$/);
    for (let i = 0; i < 5; i++) {
      const solution = await solveChallenge({ challenge: await challenge('guarded'), deriveKey });
      expect(solution?.counter).toBeLessThan(2000);
    }
    expect((await u.get('/v1/sales/nowhere/challenge')).status).toBe(404);
  });

  it('no header is 403 pow_required and enters nobody; a solved challenge enters once', async () => {
    const before = await waiting('guarded');
    const missing = await enter(u, 'guarded');
    expect([missing.status, missing.body.code]).toEqual([403, 'pow_required']);
    expect(await waiting('guarded')).toBe(before);
    const pow = await solve(await challenge('guarded'));
    const entered = await enter(u, 'guarded', pow);
    expect(entered.status).toBe(201);
    expect(await waiting('guarded')).toBe(before + 1);
  });

  it('a solution is good once, on this user or any other', async () => {
    const pow = await solve(await challenge('guarded'));
    const first = await host.user('first-user');
    const second = await host.user('second-user');
    expect((await enter(first, 'guarded', pow)).status).toBe(201);
    const before = await waiting('guarded');
    const again = await enter(first, 'guarded', pow);
    const elsewhere = await enter(second, 'guarded', pow);
    expect([again.status, again.body.code, elsewhere.status, elsewhere.body.code]).toEqual([403, 'pow_invalid', 403, 'pow_invalid']);
    expect(elsewhere.body.detail).toMatch(/used already/);
    expect(await waiting('guarded')).toBe(before);
  });

  it('another sale\'s solution, a wrong one, a tampered one, an expired one and garbage are 403 pow_invalid', async () => {
    const v = await host.user('cheater');
    const before = await waiting('guarded');
    const fromOther = await enter(v, 'guarded', await solve(await challenge('other')));
    expect([fromOther.status, fromOther.body.code]).toEqual([403, 'pow_invalid']);
    expect(fromOther.body.detail).toMatch(/another sale/);

    const c = await challenge('guarded');
    const wrong = Buffer.from(JSON.stringify({ challenge: c, solution: { counter: 1, derivedKey: '00'.repeat(32) } })).toString('base64');
    const tampered = await solve({ ...c, parameters: { ...c.parameters, keyPrefix: c.parameters.keyPrefix.slice(0, 2) } });
    // An expired challenge signed with the host's keys: only the clock is wrong.
    const keys = powKeys(SECRET);
    const old = await createChallenge({
      algorithm: 'SHA-256', cost: 1, deriveKey, counter: 3, expiresAt: Math.floor(Date.now() / 1000) - 1, data: { saleId: 'guarded' },
      hmacSignatureSecret: keys.signature, hmacKeySignatureSecret: keys.keySignature,
    });
    const expired = await solve(old);
    for (const [pow, detail] of [
      [wrong, /wrong/],
      [tampered, /not one of ours|wrong/],
      [expired, /expired/],
      ['bm90IGpzb24', /base64/],
      [Buffer.from('{"challenge":{}}').toString('base64'), /base64/],
    ] as const) {
      const answer = await enter(v, 'guarded', pow);
      expect([answer.status, answer.body.code], String(pow)).toEqual([403, 'pow_invalid']);
      expect(answer.body.detail).toMatch(detail);
    }
    expect(await waiting('guarded')).toBe(before);
  });

  it('a sale without proofOfWork needs no header', async () => {
    expect((await enter(u, 'open')).status).toBe(201);
  });
});

describe('the proof-of-work cost rises with the sale\'s entry rate', () => {
  it('stays at the base up to the surge rate, then rises in proportion, at most 8x; 0 turns it off', () => {
    expect([0, 10, 20].map((n) => surgeFactor(n, 2))).toEqual([1, 1, 1]);
    expect(surgeFactor(60, 2)).toBe(3);
    expect(surgeFactor(1_000_000, 2)).toBe(SURGE_MAX_FACTOR);
    expect(surgeFactor(1_000_000, 0)).toBe(1);
  });

  it('a burst of challenges makes the next ones cost more, and a solution of a surge challenge still enters once', async () => {
    const host = await testHost({
      secret: SECRET,
      scheduler: false,
      powSurgePerSecond: 1,
      concerts: SALES_CONCERTS,
      sales: [{ id: 'guarded', scheduleIds: ['big-1'], settings: { proofOfWork: 500 } }],
    });
    try {
      const u = await host.user('burst');
      const counter = async () => (await solveChallenge({ challenge: (await u.get<Challenge>('/v1/sales/guarded/challenge')).body, deriveKey }))!.counter;
      // 10 challenges in the 10 s window is 1 a second: the base cost, the counter below 500.
      const calm = [];
      for (let i = 0; i < 10; i++) calm.push(await counter());
      expect(Math.max(...calm)).toBeLessThan(500);
      // 80 in the window is 8 a second: 8x, counters drawn below 4,000 (all 12 below 500 has odds of 8^-12).
      for (let i = 0; i < 70; i++) await u.get('/v1/sales/guarded/challenge');
      const surged = [];
      for (let i = 0; i < 12; i++) surged.push(await counter());
      expect(Math.max(...surged)).toBeGreaterThanOrEqual(500);
      expect(Math.max(...surged)).toBeLessThan(4_000);
      const pow = await solve((await u.get<Challenge>('/v1/sales/guarded/challenge')).body);
      expect((await u.post('/v1/sales/guarded/queue/tokens', undefined, { headers: { 'pow-solution': pow } })).status).toBe(201);
    } finally {
      await host.close();
    }
  });
});
