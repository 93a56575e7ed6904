import { describe, expect, it } from 'vitest';
import { addressKey } from '../src/client-address.js';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { loadSettings } from '../src/index.js';
import { RateLimits, type CounterBackend } from '../src/rate-limits.js';
import { testHost, type Answer, type Client, type TestHost } from './support/api.js';
import { followPollAfter } from './support/poller.js';

// Rate limits on the memory store (SPEC "Fair play"): one point per call of each
// limit a route names, 429 rate_limited with Retry-After and the draft RateLimit
// headers past the quota, 0 = off per limit, BOXOFFICE_RATE_LIMITS=off for all.

const limitsOf = (a: Answer) => [a.headers.get('ratelimit-policy'), a.headers.get('ratelimit')];

async function withHost<T>(options: Parameters<typeof testHost>[0], run: (host: TestHost) => Promise<T>): Promise<T> {
  const host = await testHost({ rateLimits: 'on', scheduler: false, ...options });
  try {
    return await run(host);
  } finally {
    await host.close();
  }
}

describe('rate limits', () => {
  it('each limited answer says its policy and what is left; past the quota: 429 rate_limited, Retry-After, and nothing done', async () => {
    await withHost({ rateHolds: '2/60', rateBlockSeconds: 60 }, async (host) => {
      const u = await host.user('holder');
      const qt = (await u.enter()).body.token;
      expect(limitsOf(await u.status(qt))).toEqual(['"status";q=30;w=10', '"status";r=29;t=10']);
      await host.tickNow();
      const first = await u.hold(qt, 'aurora-2027-03-15', [1]);
      // The hold route also reads the purchase-limit probing penalty (spent only by purchase_limit refusals).
      const probes = ['"limitProbes";q=2;w=30', '"limitProbes";r=2;t=0'];
      expect([first.status, ...limitsOf(first)]).toEqual([201, `"holds";q=2;w=60, ${probes[0]}`, `"holds";r=1;t=60, ${probes[1]}`]);
      // A failure still spends a point and says so.
      const taken = await u.hold(qt, 'aurora-2027-03-15', [1]);
      expect([taken.status, ...limitsOf(taken)]).toEqual([409, `"holds";q=2;w=60, ${probes[0]}`, `"holds";r=0;t=60, ${probes[1]}`]);
      const over = await u.hold(qt, 'aurora-2027-03-15', [2]);
      expect([over.status, over.body.code, over.headers.get('retry-after'), ...limitsOf(over)]).toEqual([
        429, 'rate_limited', '60', `"holds";q=2;w=60, ${probes[0]}`, `"holds";r=0;t=60, ${probes[1]}`,
      ]);
      expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(over.body).toMatchObject({ limit: 'holds', retryAfterSeconds: 60 });
      const seats = await u.get('/v1/schedules/aurora-2027-03-15/seats', { queueToken: qt });
      expect(seats.body.find((s: { number: number }) => s.number === 2).available).toBe(true);
      // Another user has their own quota; reads are another limit.
      const v = await host.user('other');
      expect(limitsOf(await v.wallet())).toEqual(['"reads";q=300;w=60', '"reads";r=299;t=60']);
    });
  });

  it('entering counts per user and per address; X-Forwarded-For counts only behind a trusted proxy', async () => {
    await withHost({ rateEnter: '3/60', rateEnterPerAddress: '4/60' }, async (host) => {
      const users = await Promise.all(['a', 'b', 'c'].map((id) => host.user(`enter-${id}`)));
      const [a, b, c] = users as [Client, Client, Client];
      for (let i = 0; i < 3; i++) expect((await a.enter()).status).toBeLessThan(300);
      const overUser = await a.enter();
      expect([overUser.status, overUser.body.limit]).toEqual([429, 'enter']);
      expect(overUser.headers.get('ratelimit-policy')).toBe('"enter";q=3;w=60, "enterPerAddress";q=4;w=60');
      // The address has spent 4: a new user from it is refused, a spoofed X-Forwarded-For does not help.
      const spoofed = await b.post('/v1/queue/tokens', undefined, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect([spoofed.status, spoofed.body.limit]).toEqual([429, 'enterPerAddress']);
      expect((await host.boxoffice.queue.counts('default')).waiting).toBe(1);
      expect(c).toBeDefined();
    });
    await withHost({ rateEnterPerAddress: '2/60', trustProxy: 1 }, async (host) => {
      const from = (client: Client, ip: string) => client.post('/v1/queue/tokens', undefined, { headers: { 'x-forwarded-for': `198.51.100.1, ${ip}` } });
      const us = await Promise.all([1, 2, 3, 4].map((i) => host.user(`proxied-${i}`)));
      expect((await from(us[0]!, '192.0.2.1')).status).toBe(201);
      expect((await from(us[1]!, '192.0.2.1')).status).toBe(201);
      expect((await from(us[2]!, '192.0.2.1')).body.limit).toBe('enterPerAddress');
      // Another address behind the same proxy; the left-hand entry is the client's to forge and is not read.
      expect((await from(us[3]!, '192.0.2.2')).status).toBe(201);
    });
  });

  it('0 turns one limit off, BOXOFFICE_RATE_LIMITS=off all of them', async () => {
    await withHost({ rateStatus: '0', rateEnter: '1/60' }, async (host) => {
      const u = await host.user('free');
      const qt = (await u.enter()).body.token;
      for (let i = 0; i < 40; i++) expect((await u.status(qt)).status).toBe(200);
      expect(limitsOf(await u.status(qt))).toEqual([null, null]);
      expect((await u.enter()).status).toBe(429);
    });
    await withHost({ rateLimits: 'off', rateEnter: '1/60' }, async (host) => {
      const u = await host.user('free');
      for (let i = 0; i < 3; i++) expect(limitsOf(await u.enter())).toEqual([null, null]);
    });
  });

  it('a user who keeps calling past a quota stays refused for BOXOFFICE_RATE_BLOCK_SECONDS; 0 refuses only until the window ends', async () => {
    for (const [block, after] of [[3, 429], [0, 200]] as const) {
      await withHost({ rateStatus: '2/1', rateBlockSeconds: block }, async (host) => {
        const u = await host.user('hammer');
        const qt = (await u.enter()).body.token;
        const first = [await u.status(qt), await u.status(qt), await u.status(qt)].map((a) => a.status);
        expect(first).toEqual([200, 200, 429]);
        await new Promise((r) => setTimeout(r, 1300)); // the 1 s window is over
        const later = await u.status(qt);
        expect([block, later.status]).toEqual([block, after]);
        if (after === 429) expect(Number(later.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      });
    }
  });

  it('a waiting script blocked for ignoring Retry-After is not seen, goes idle and loses its place; a poller keeps it', async () => {
    // The block outlasts the idle timeout (as the defaults do: 120 s against 60 s).
    await withHost({ rateStatus: '2/1', rateBlockSeconds: 4, idleTimeoutSeconds: 2, maxActive: 1 }, async (host) => {
      // Someone ahead takes the one place, so the other two wait.
      await (await host.user('ahead')).enter();
      await host.tickNow();
      const bot = await host.user('hammer');
      const person = await host.user('patient');
      const bt = (await bot.enter()).body.token;
      const pt = (await person.enter()).body.token;
      const end = Date.now() + 2_600;
      while (Date.now() < end) {
        for (let i = 0; i < 4; i++) await bot.status(bt);
        await person.status(pt);
        await new Promise((r) => setTimeout(r, 500));
      }
      await host.tickNow();
      const idle = await host.boxoffice.queue.status('default', bt, 'hammer');
      expect([idle.state, idle.endReason]).toEqual(['expired', 'idle']);
      expect((await person.status(pt)).body.state).toBe('waiting');
    });
  });

  it('a buyer holding from many tabs past the purchase limit loses every hold and may not hold for the block; a person who tries twice keeps theirs', async () => {
    await withHost({}, async (host) => {
      const person = await host.user('person');
      const tabs = await host.user('tabs');
      const pt = (await person.enter()).body.token;
      const tt = (await tabs.enter()).body.token;
      await host.tickNow();
      const schedule = 'aurora-2027-03-15';
      // The person holds the limit (4), then tries one more seat twice: two purchase_limit refusals, within the quota.
      const kept = await person.hold(pt, schedule, [1, 2, 3, 4]);
      expect([kept.status, (await person.hold(pt, schedule, [5])).body.code, (await person.hold(pt, schedule, [5])).body.code]).toEqual([201, 'purchase_limit', 'purchase_limit']);
      // Five tabs at once, each the limit's worth: one hold lands, four are refused, and the third refusal flags the buyer.
      const answers = await Promise.all([0, 1, 2, 3, 4].map((t) => tabs.hold(tt, schedule, [11, 12, 13, 14].map((n) => n + 4 * t))));
      const codes = answers.map((a) => (a.status === 201 ? 'held' : a.body.code)).sort();
      expect(codes).toEqual(['held', 'purchase_limit', 'purchase_limit', 'rate_limited', 'rate_limited']);
      const flagged = answers.find((a) => a.body.code === 'rate_limited')!;
      expect([flagged.body.limit, flagged.headers.get('retry-after')]).toEqual(['limitProbes', '120']);
      // The landed hold is cancelled (maybe by the late check: its seats landed after the flag) and its seats are free again.
      const landed = answers.find((a) => a.status === 201)!.body;
      await expect.poll(async () => (await tabs.get(`/v1/reservations/${landed.id}`)).body.state, { timeout: 3_000 }).toBe('cancelled');
      const seats = (await person.get(`/v1/schedules/${schedule}/seats`, { queueToken: pt })).body as { number: number; available: boolean }[];
      expect(seats.filter((s) => landed.seats.includes(s.number)).every((s) => s.available)).toBe(true);
      // Blocked: even a hold within the limit is refused, and nothing is held.
      const again = await tabs.hold(tt, schedule, [40]);
      expect([again.status, again.body.limit]).toEqual([429, 'limitProbes']);
      expect(await host.boxoffice.store.allowances.list('tabs', 'default')).toEqual([]);
      // The person's hold stands.
      expect((await person.get(`/v1/reservations/${kept.body.id}`)).body.state).toBe('held');
      expect((await host.anonymous().get('/metrics')).text).toMatch(/boxoffice_holds_forfeited_total 1/);
    });
  });

  it('by default a block outlasts the idle timeout', () => {
    const s = loadSettings({});
    expect(s.rateBlockSeconds).toBeGreaterThan(s.idleTimeoutSeconds);
  });

  it('opening a status stream counts against the status limit', async () => {
    await withHost({ rateStatus: '2/60' }, async (host) => {
      const u = await host.user('streamer');
      const qt = (await u.enter()).body.token;
      await u.status(qt);
      await u.status(qt);
      const stream = await u.get(`/v1/queue/tokens/${qt}/events`);
      expect([stream.status, stream.body.limit]).toEqual([429, 'status']);
    });
  });

  it('with the defaults, a poller following pollAfterMs is never limited, and one polling ten times faster is', async () => {
    // A waiting token idle for 3 s expires, so pollAfterMs is 1000 ms: the most a status asks for.
    await withHost({ maxActive: 1, idleTimeoutSeconds: 3, scheduler: true, tickMs: 200 }, async (host) => {
      const front = await host.user('front');
      await front.enter(); // takes the one active place: the pollers wait
      const polite = await host.user('polite');
      const bot = await host.user('bot');
      const [politeRun, botRun] = await Promise.all([
        followPollAfter([polite], (await polite.enter()).body.token, 12_000, 1),
        followPollAfter([bot], (await bot.enter()).body.token, 12_000, 10),
      ]);
      expect(politeRun.polls).toBeGreaterThanOrEqual(10);
      expect([politeRun.limited, [...politeRun.states]]).toEqual([0, ['200:waiting']]);
      expect(botRun.limited).toBeGreaterThan(0);
    });
  }, 30_000);
});

describe('limits whose store does not answer', () => {
  // Counters that never answer: every consume and read rejects as a lost connection would.
  const down: CounterBackend = {
    limiter: (_name, q) => {
      const l = new RateLimiterMemory({ points: q.points, duration: q.seconds });
      l.consume = () => Promise.reject(new Error('connect ECONNREFUSED'));
      l.get = () => Promise.reject(new Error('connect ECONNREFUSED'));
      return l;
    },
  };

  it('a purchase_limit refusal the penalty cannot count flags nobody (the refusal stands); a limited route answers store_unavailable', async () => {
    const limits = new RateLimits(loadSettings({ BOXOFFICE_RATE_LIMITS: 'on' }), down);
    expect(await limits.spend('limitProbes', { userId: 'u', address: '' })).toBe(false);
    await expect(limits.check(['holds', 'limitProbes'], { userId: 'u', address: '' })).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});

describe('settings and addresses', () => {
  it('reads quotas as <requests>/<seconds> or 0, and the proxy count', () => {
    const s = loadSettings({ BOXOFFICE_RATE_STATUS: '5/2', BOXOFFICE_RATE_HOLDS: '0', BOXOFFICE_TRUST_PROXY: 'true', BOXOFFICE_RATE_LIMITS: 'off' });
    expect(s).toMatchObject({ rateStatus: '5/2', rateHolds: '0', trustProxy: 1, rateLimits: 'off', rateEnter: '10/60' });
    expect(() => loadSettings({ BOXOFFICE_RATE_STATUS: '5' })).toThrow(/BOXOFFICE_RATE_STATUS must be <requests>\/<seconds>/);
    expect(() => loadSettings({}, ['--rate-enter', '1/0'])).toThrow(/--rate-enter must be/);
    expect(() => loadSettings({ BOXOFFICE_TRUST_PROXY: 'maybe' })).toThrow(/BOXOFFICE_TRUST_PROXY/);
  });

  it('counts an IPv6 client by its /64 and unwraps IPv4-mapped addresses', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });
});
