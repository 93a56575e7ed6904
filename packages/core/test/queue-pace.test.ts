import { createMemoryStore } from '@boxoffice/adapter-memory';
import { describe, expect, it } from 'vitest';
import { createBoxoffice } from '../src/index.js';
import { LONG_LINE, paceOf, pollAfterMs, skipsHeartbeat, TAIL_POLLS_PER_SECOND } from '../src/queue/pace.js';
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
