import { createMemoryStore } from '@boxoffice/adapter-memory';
import { describe, expect, it } from 'vitest';
import { createBoxoffice } from '../src/index.js';
import { LONG_LINE, paceOf, pollAfterMs, skipsHeartbeat, TAIL_POLLS_PER_SECOND } from '../src/queue/pace.js';
import { admissionsAhead, DepartureMeter } from '../src/queue/departures.js';
import { Coalescer } from '../src/queue/status-batch.js';
import { ManualClock, SequenceIds } from '../src/testing/index.js';

/** Polls a second of a line of n at `ratePerSecond` admissions, everyone following pollAfterMs. */
function pollRate(n: number, ratePerSecond: number, idleMs: number): number {
  const pace = paceOf(idleMs, n);
  let sum = 0;
  for (let p = 1; p <= n; p++) sum += 1000 / pollAfterMs(Math.max(1, Math.ceil(p / ratePerSecond)), pace);
  return sum;
}

describe('pacing by the length of the line (issue 17)', () => {
  it('keeps the first release pace exactly up to LONG_LINE', () => {
    for (const n of [0, 10, 1000, LONG_LINE]) expect(paceOf(60_000, n)).toEqual({ pollCapMs: 10_000, idleMs: 60_000, heartbeatSlackMs: 0 });
    expect(paceOf(3_000, 5)).toEqual({ pollCapMs: 1000, idleMs: 3_000, heartbeatSlackMs: 0 });
  });

  it('keeps a long line from idling out anyone who follows pollAfterMs, even with a heartbeat lagging by the slack', () => {
    for (const n of [LONG_LINE + 1, 400_000, 1_000_000, 10_000_000, 1e9]) {
      for (const idle of [3_000, 60_000, 900_000]) {
        const pace = paceOf(idle, n);
        expect(pace.idleMs).toBeGreaterThanOrEqual(idle);
        expect(2 * pace.pollCapMs + pace.heartbeatSlackMs).toBeLessThanOrEqual(pace.idleMs); // one missed poll on top of the lag
      }
    }
  });

  it('bounds the total poll rate of a queue as it grows: 10^6 waiting polls about 10^4 times a second, not 10^5', () => {
    const at1e6 = pollRate(1_000_000, 10, 60_000);
    const at4e6 = pollRate(4_000_000, 10, 60_000);
    expect(at1e6).toBeLessThan(1.2 * TAIL_POLLS_PER_SECOND);
    expect(at4e6).toBeLessThan(1.2 * TAIL_POLLS_PER_SECOND);
    expect(pollRate(100_000, 10, 60_000)).toBeLessThan(11_000);
  });

  it('lets a store skip only heartbeats inside the slack', () => {
    expect(skipsHeartbeat({ lastSeenAt: 1000 }, { heartbeat: { at: 1999 } }, 1000)).toBe(true);
    expect(skipsHeartbeat({ lastSeenAt: 1000 }, { heartbeat: { at: 2000 } }, 1000)).toBe(false);
    expect(skipsHeartbeat({ lastSeenAt: 1000 }, { heartbeat: { at: 5000 } }, 0)).toBe(false);
    expect(skipsHeartbeat(undefined, { heartbeat: { at: 5000 } }, 10)).toBe(false);
    expect(skipsHeartbeat({ lastSeenAt: 1000 }, {}, 10)).toBe(false);
  });
});

describe('the status coalescer', () => {
  // One call per key per turn, answers in order: packages/adapters/mongodb/test/batcher.test.ts (the Mongo batcher is this coalescer).
  it('fails only the batch whose call failed, and gathers the next batch behind a call in flight', async () => {
    let n = 0;
    const c = new Coalescer<number, number>(async (_key, reqs) => {
      n += 1;
      if (reqs.includes(-1)) throw new Error('store down');
      await new Promise((r) => setTimeout(r, 5));
      return reqs;
    }, 1, 3, 1);
    const bad = c.submit('k', -1);
    const rest = [c.submit('k', 2), c.submit('k', 3), c.submit('k', 4), c.submit('k', 5)];
    await expect(bad).rejects.toThrow('store down');
    await expect(Promise.all(rest.slice(0, 2))).rejects.toThrow('store down');
    expect(await Promise.all(rest.slice(2))).toEqual([4, 5]);
    expect(n).toBe(2);
  });

  it('rejects a store answering the wrong number of reads instead of mismatching them', async () => {
    const c = new Coalescer<number, number>(async () => [1]);
    await expect(Promise.all([c.submit('k', 1), c.submit('k', 2)])).rejects.toThrow('a batch of 2 got 1 answers');
  });
});

describe('QueueService.status through the batch', () => {
  it('an unknown token or another user’s poll is token_not_found and changes nothing, even in a batch with good reads', async () => {
    const clock = new ManualClock();
    const bo = createBoxoffice({ store: createMemoryStore(), clock, ids: new SequenceIds('pace') });
    const a = (await bo.queue.enter('q', 'alice')).status.token;
    const b = (await bo.queue.enter('q', 'bob')).status.token;
    clock.advance(5_000);
    const results = await Promise.allSettled([
      bo.queue.status('q', a, 'alice'),
      bo.queue.status('q', b, 'alice'),
      bo.queue.status('q', 'q.' + 'x'.repeat(5000), 'alice'),
      bo.queue.status('q', b, 'bob'),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.position : (r.reason as { code: string }).code))).toEqual([1, 'token_not_found', 'token_not_found', 2]);
    const views = await Promise.all([a, b].map((t) => bo.store.queue.view('q', t)));
    expect(views.map((v) => v!.token.lastSeenAt)).toEqual([clock.now(), clock.now()]);
    expect((await bo.queue.counts('q')).waiting).toBe(2);
  });
});

describe('departures: people who leave bring a place closer without an admission', () => {
  it('admissionsAhead solves dp/dt = -(rate + hazard p): fewer admissions than places ahead, the same with no hazard', () => {
    expect(admissionsAhead(400, 20, 0)).toBe(400);
    // 400 places at 20 a second with 4% of the line leaving a second: ln(1.8) / 0.04 = 14.7 s, 294 admissions.
    expect(admissionsAhead(400, 20, 0.04)).toBeCloseTo(293.9, 1);
    expect(admissionsAhead(1, 20, 0.04)).toBeCloseTo(1, 2);
  });

  it('the meter divides the departures by the waiting person-seconds of the last 30 s, after enough of them', () => {
    const meter = new DepartureMeter();
    meter.tick(0, 1000);
    meter.depart(30);
    meter.depart(10);
    meter.tick(1000, 960);
    expect(meter.hazard()).toBeCloseTo(0.04);
    // Older than the horizon: forgotten.
    meter.tick(40_000, 960);
    expect(meter.hazard()).toBe(0);
    // Too few person-seconds to tell.
    const small = new DepartureMeter();
    small.tick(0, 10);
    small.depart(5);
    small.tick(1000, 5);
    expect(small.hazard()).toBe(0);
  });

  it("the estimate counts the line's departures measured by the ticks and the leaves", async () => {
    const clock = new ManualClock();
    const bo = createBoxoffice({ store: createMemoryStore(), clock, ids: new SequenceIds('dp'), config: { admitPerMinute: 60, admissionRampSeconds: 60, maxActive: 1000, idleTimeout: 3600 } });
    const tokens: string[] = [];
    for (let i = 0; i < 300; i++) tokens.push((await bo.queue.enter('dq', `d${i}`)).status.token);
    await bo.queue.tick('dq');
    const before = (await bo.queue.status('dq', tokens[200]!, 'd200')).etaSeconds!;
    // A tenth of the line leaves within a second (from ahead of d200).
    for (let i = 100; i < 130; i++) await bo.queue.leave('dq', tokens[i]!, `d${i}`);
    clock.advance(1000);
    await bo.queue.tick('dq');
    const after = await bo.queue.status('dq', tokens[200]!, 'd200');
    // One a second: place 200 was told about 200 s. Now at 169, with a tenth of the line leaving a second
    // ln(1 + 16.9) / 0.1 = 29 s, where it would be 169 s if nobody left.
    expect(before).toBeGreaterThan(190);
    expect(after.position).toBe(169);
    expect(after.etaSeconds).toBeGreaterThan(25);
    expect(after.etaSeconds).toBeLessThan(35);
  });
});
