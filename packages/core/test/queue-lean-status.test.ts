import { createMemoryStore } from '@boxoffice/adapter-memory';
import { describe, expect, it, vi } from 'vitest';
import { createBoxoffice } from '../src/index.js';
import { LONG_LINE, paceOf } from '../src/queue/pace.js';
import { ManualClock, SequenceIds } from '../src/testing/index.js';
import { LineMemory } from '../src/queue/line-memory.js';
import type { QueueTokenPrimitives } from '../src/queue/queue-token.js';

// Issue 17's lean status path: on a line longer than LONG_LINE, a poll that owes no heartbeat asks the store for
// its place by seq (linePlaces) instead of reading the token. Whatever happened to the token, the answer is the one
// a full read gives.
/** A memory store (places by seq on) and a service over one line of `n` waiting, with spies on the two status calls. */
async function longLine(n: number, ids: string) {
  const clock = new ManualClock();
  const store = createMemoryStore({ linePlaces: true });
  const places = vi.spyOn(store.queue as Required<typeof store.queue>, 'linePlaces');
  const reads = vi.spyOn(store.queue, 'statusMany');
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds(ids), config: { maxActive: 3, admitPerMinute: 600, idleTimeout: 60 } });
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) tokens.push((await bo.queue.enter('q', `u${i}`)).status.token);
  const poll = async (i: number, user = `u${i}`) => {
    places.mockClear();
    reads.mockClear();
    const status = await bo.queue.status('q', tokens[i]!, user);
    return { status, places: places.mock.calls.length, reads: reads.mock.calls.length };
  };
  /** What a full read answers: the store's view through the same service rules. */
  const fullPosition = async (i: number) => (await store.queue.view('q', tokens[i]!))!.position;
  return { clock, store, places, reads, bo, tokens, slack: paceOf(60_000, n).heartbeatSlackMs, poll, fullPosition };
}

describe('QueueService.status on a long line: places by seq between heartbeats', async () => {
  const { clock, store, places, reads, bo, tokens, slack, poll, fullPosition } = await longLine(LONG_LINE + 20, 'lean');

  it('once a poll has read a token in full, the next ones owing no heartbeat are one linePlaces each, with the place a full read gives', async () => {
    await bo.queue.tick('q'); // admits 3; the tick's count tells the service how long the line is
    expect(slack).toBeGreaterThan(0);
    const first = await poll(500);
    expect([first.places, first.reads]).toEqual([0, 1]);
    const p = await poll(500);
    expect([p.places, p.reads]).toEqual([1, 0]);
    expect(p.status).toEqual(first.status);
    expect(p.status).toMatchObject({ state: 'waiting', position: await fullPosition(500) });
    // Coalesced: many polls in one turn are one linePlaces.
    await Promise.all([600, 700, 800].map((i) => bo.queue.status('q', tokens[i]!, `u${i}`)));
    places.mockClear();
    const many = await Promise.all([600, 700, 800].map((i) => bo.queue.status('q', tokens[i]!, `u${i}`)));
    expect(places.mock.calls.length).toBe(1);
    expect(many.map((s) => s.position)).toEqual(await Promise.all([600, 700, 800].map(fullPosition)));
  });

  it('past the slack, a poll of a token this process has not read is a full read that records the heartbeat', async () => {
    const seen = (await store.queue.view('q', tokens[900]!))!.token.lastSeenAt;
    clock.advance(slack);
    const p = await poll(900);
    expect([p.places, p.reads]).toEqual([0, 1]);
    expect((await store.queue.view('q', tokens[900]!))!.token.lastSeenAt).toBe(seen + slack);
    // And the next poll, inside the new slack, is by seq again.
    expect((await poll(900)).places).toBe(1);
  });

  it('places move up as the line moves, by seq as by a full read', async () => {
    const before = (await poll(2000)).status.position!;
    for (const i of [1500, 1501, 1502]) await bo.queue.leave('q', tokens[i]!, `u${i}`);
    const after = await poll(2000);
    expect(after.places).toBe(1);
    expect(after.status.position).toBe(before - 3);
    expect(after.status.position).toBe(await fullPosition(2000));
  });

  it('lineMemoryTokens bounds what a process remembers: 0 turns the path off; a forgotten token is a full read', async () => {
    // Two more hosts on the same store, each told the line's length by a tick (the line is full: nobody goes in).
    const config = { maxActive: 3, admitPerMinute: 600, idleTimeout: 60 };
    const off = createBoxoffice({ store, clock, ids: new SequenceIds('off'), config: { ...config, lineMemoryTokens: 0 } });
    const two = createBoxoffice({ store, clock, ids: new SequenceIds('two'), config: { ...config, lineMemoryTokens: 2 } });
    await off.queue.tick('q');
    await two.queue.tick('q');
    const pollOn = async (box: typeof bo, i: number) => {
      places.mockClear();
      reads.mockClear();
      const status = await box.queue.status('q', tokens[i]!, `u${i}`);
      expect(status.position).toBe(await fullPosition(i));
      return [places.mock.calls.length, reads.mock.calls.length];
    };
    expect(await pollOn(off, 3000)).toEqual([0, 1]);
    expect(await pollOn(off, 3000)).toEqual([0, 1]);
    // Two remembered, in generations of one: after 3001 and 3002, 3000 is forgotten and 3002 is not.
    for (const i of [3000, 3001, 3002]) expect(await pollOn(two, i)).toEqual([0, 1]);
    expect(await pollOn(two, 3002)).toEqual([1, 0]);
    expect(await pollOn(two, 3000)).toEqual([0, 1]);
  });

  it('a token that left, was admitted or belongs to someone else is answered as a full read answers it', async () => {
    await bo.queue.status('q', tokens[5]!, 'u5'); // remembered in the line
    await bo.queue.status('q', tokens[6]!, 'u6');
    expect((await poll(6)).places).toBe(1);
    await bo.queue.leave('q', tokens[6]!, 'u6');
    const left = await poll(6);
    expect([left.places, left.reads]).toEqual([1, 1]);
    expect(left.status).toMatchObject({ state: 'expired', endReason: 'left', position: null });
    // Three sessions end, three more go in: u3, u4, u5.
    clock.advance(3_600_000);
    await bo.queue.tick('q');
    clock.advance(60_000);
    await bo.queue.tick('q');
    const admitted = await poll(5);
    expect(admitted.status.state).toBe('active');
    // Another user asking by a remembered token learns nothing, by either path.
    await bo.queue.status('q', tokens[1000]!, 'u1000');
    await expect(bo.queue.status('q', tokens[1000]!, 'u5')).rejects.toMatchObject({ code: 'token_not_found' });
  });
});

describe('QueueService.status on a long line: heartbeats by seq', async () => {
  const { clock, store, places, bo, tokens, slack, poll, fullPosition } = await longLine(LONG_LINE + 5, 'beat');

  it('past the slack, a remembered token is still polled by seq, its heartbeat sent with it; within the new slack none is', async () => {
    await bo.queue.tick('q'); // the tick's count tells the service how long the line is
    await poll(950); // a full read: remembered from now on
    const seq = (await store.queue.view('q', tokens[950]!))!.token.seq;
    clock.advance(slack);
    const p = await poll(950);
    expect([p.places, p.reads]).toEqual([1, 0]);
    expect(places.mock.calls[0]![2]).toEqual({ at: clock.now(), seqs: [seq] });
    expect(p.status.position).toBe(await fullPosition(950));
    expect((await store.queue.view('q', tokens[950]!))!.token.lastSeenAt).toBe(clock.now());
    clock.advance(slack - 1);
    const q = await poll(950);
    expect([q.places, q.reads]).toEqual([1, 0]);
    expect(places.mock.calls[0]![2]).toBeUndefined();
    // Coalesced with polls owing none: one call, the heartbeat only for the one that owes it.
    await poll(951);
    places.mockClear();
    clock.advance(1);
    const seq951 = (await store.queue.view('q', tokens[951]!))!.token.seq;
    await Promise.all([950, 951].map((i) => bo.queue.status('q', tokens[i]!, `u${i}`)));
    expect(places.mock.calls.map((c) => c[2])).toEqual([{ at: clock.now(), seqs: [seq] }]);
    expect(places.mock.calls[0]![1]).toEqual([seq, seq951]);
  });

  it("another user's poll of a remembered token, past the slack, sends no heartbeat and learns nothing", async () => {
    await poll(960);
    const before = (await store.queue.view('q', tokens[960]!))!.token.lastSeenAt;
    clock.advance(slack);
    places.mockClear();
    await expect(bo.queue.status('q', tokens[960]!, 'u961')).rejects.toMatchObject({ code: 'token_not_found' });
    expect(places.mock.calls).toEqual([]);
    expect((await store.queue.view('q', tokens[960]!))!.token.lastSeenAt).toBe(before);
  });
});

describe('LineMemory: the remembered tokens stay bounded', () => {
  it('keeps at most max, drops the older generation whole, and finds a token in either generation', () => {
    const memory = new LineMemory(4);
    const t = (i: number) => ({ token: `q.t${i}` }) as QueueTokenPrimitives;
    for (let i = 0; i < 3; i++) memory.set(t(i));
    // t0, t1 filled the young generation, which became the old one; t2 is young.
    expect([0, 1, 2].map((i) => memory.get(`q.t${i}`)?.token)).toEqual(['q.t0', 'q.t1', 'q.t2']);
    memory.set(t(3)); // the young generation is full again: t0 and t1 are forgotten
    expect([0, 1, 2, 3].map((i) => memory.get(`q.t${i}`)?.token ?? null)).toEqual([null, null, 'q.t2', 'q.t3']);
    memory.delete('q.t2');
    expect(memory.get('q.t2')).toBeUndefined();
  });
});
