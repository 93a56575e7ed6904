import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../src/index.js';
import type { SseHub } from '../src/sse.js';
import { sleep, testHost, until as untilWithin, type TestHost } from './support/api.js';
import { openStream } from './support/sse.js';

// Each wait has 15 s, not the helper's 5: this file runs beside other suites on a loaded machine, and once in
// `npm test` two streams' first events took longer than 5 s to arrive. What is checked stays the same.
const until = (probe: () => Promise<boolean> | boolean) => untilWithin(probe, 15_000);

describe('queue status over Server-Sent Events', () => {
  let host: TestHost;
  const hub = () => host.container.resolve<SseHub>(TOKENS.sse);
  beforeAll(async () => {
    host = await testHost({ maxActive: 1, tickMs: 50, sseHeartbeatMs: 100 });
  });
  afterAll(() => host.close());

  it('a waiting client receives its position updates and the switch to active, with no polling', async () => {
    const [u1, u2, u3] = await Promise.all(['s1', 's2', 's3'].map((u) => host.user(u)));
    const t1 = (await u1!.enter()).body.token;
    await until(async () => (await u1!.status(t1)).body.state === 'active');
    const t2 = (await u2!.enter()).body.token;
    const t3 = (await u3!.enter()).body.token;
    const stream = openStream(host, u3!, t3);
    // The host has one active place: whatever fails here, t3 gives it back for the tests after this one.
    try {
      await until(() => stream.events.length >= 1);
      expect(stream.events[0]).toMatchObject({ event: 'status', data: { token: t3, state: 'waiting', position: 2 } });

      await u1!.delete(`/v1/queue/tokens/${t1}`); // frees the one active place: s2 goes in on the next tick
      await until(() => stream.events.some((e) => e.data.position === 1));
      // u2 keeps its place by polling; u3 only listens.
      expect((await u2!.status(t2)).body.state).toBe('active');
      await u2!.delete(`/v1/queue/tokens/${t2}`);
      await stream.done;
      // An event goes out when the state, place or wait estimate changes: on a loaded machine the estimate can
      // move while the place stands, so repeats of one (state, place) collapse here.
      const seen = stream.events.map((e) => [e.data.state, e.data.position]).filter((p, i, all) => i === 0 || String(p) !== String(all[i - 1]));
      expect(seen).toEqual([
        ['waiting', 2],
        ['waiting', 1],
        ['active', null],
      ]);
      expect(stream.isEnded()).toBe(true);
      expect(hub().size).toBe(0);
    } finally {
      stream.abort();
      await u3!.delete(`/v1/queue/tokens/${t3}`);
    }
  });

  it('an open stream keeps a waiting token alive and sends heartbeats; a silent one expires', async () => {
    const idle = await testHost({ maxActive: 1, tickMs: 50, idleTimeoutSeconds: 1, sseHeartbeatMs: 100 });
    try {
      await keepsAlive(idle);
    } finally {
      await idle.close();
    }
  });

  async function keepsAlive(host: TestHost): Promise<void> {
    const hub = () => host.container.resolve<SseHub>(TOKENS.sse);
    const [holder, listener, silent] = await Promise.all(['h', 'l', 'q'].map((u) => host.user(u)));
    const th = (await holder!.enter()).body.token;
    await until(async () => (await holder!.status(th)).body.state === 'active');
    const tl = (await listener!.enter()).body.token;
    const tq = (await silent!.enter()).body.token;
    const stream = openStream(host, listener!, tl);
    await sleep(2200); // well past the 1 s idle timeout
    expect(stream.comments.length).toBeGreaterThan(3);
    expect((await listener!.status(tl)).body.state).toBe('waiting');
    expect((await silent!.status(tq)).body.state).toBe('expired');
    // Client disconnect: the server forgets the stream.
    stream.abort();
    await stream.done;
    await until(() => hub().size === 0);
    await holder!.delete(`/v1/queue/tokens/${th}`);
    await listener!.delete(`/v1/queue/tokens/${tl}`);
  }

  it('at most 2 streams of one token are open at once: a third is 429, and a closed one frees its place', async () => {
    const [holder, fan] = await Promise.all([host.user('cap-h'), host.user('cap-f')]);
    const th = (await holder.enter()).body.token;
    await until(async () => (await holder.status(th)).body.state === 'active');
    const t = (await fan.enter()).body.token;
    const first = openStream(host, fan, t);
    const second = openStream(host, fan, t);
    await until(() => first.events.length === 1 && second.events.length === 1);
    const third = await fan.get(`/v1/queue/tokens/${t}/events`);
    expect([third.status, third.body.code, third.headers.get('retry-after')]).toEqual([429, 'too_many_requests', '1']);
    // Polling is never capped by streams.
    expect((await fan.status(t)).status).toBe(200);
    first.abort();
    await first.done;
    await until(() => hub().size === 1);
    const again = openStream(host, fan, t);
    await until(() => again.events.length === 1);
    second.abort();
    again.abort();
    await Promise.all([second.done, again.done]);
    await until(() => hub().size === 0);
    await holder.delete(`/v1/queue/tokens/${th}`);
    await fan.delete(`/v1/queue/tokens/${t}`);
  });

  it("a stranger's token is 404 before any stream opens", async () => {
    const owner = await host.user('owner');
    const other = await host.user('other');
    const t = (await owner.enter()).body.token;
    const r = await other.get(`/v1/queue/tokens/${t}/events`);
    expect([r.status, r.body.code]).toEqual([404, 'token_not_found']);
    await owner.delete(`/v1/queue/tokens/${t}`);
  });

  it('BOXOFFICE_MAX_STREAMS=0: every stream is 429 with a problem saying to poll, and polls still answer', async () => {
    const none = await testHost({ maxActive: 1, tickMs: 50, maxStreams: 0 });
    try {
      const fan = await none.user('no-streams');
      const t = (await fan.enter()).body.token;
      const r = await fan.get(`/v1/queue/tokens/${t}/events`);
      expect([r.status, r.body.code]).toEqual([429, 'too_many_requests']);
      expect(r.body.detail).toMatch(/poll at pollAfterMs instead/);
      expect((await fan.status(t)).status).toBe(200);
      expect(none.container.resolve<SseHub>(TOKENS.sse).size).toBe(0);
    } finally {
      await none.close();
    }
  });

  it('streams end cleanly on shutdown', async () => {
    const local = await testHost({ maxActive: 1, tickMs: 50 });
    const [a, b] = await Promise.all([local.user('a'), local.user('b')]);
    const ta = (await a.enter()).body.token;
    await until(async () => (await a.status(ta)).body.state === 'active');
    const tb = (await b.enter()).body.token;
    const stream = openStream(local, b, tb);
    await until(() => stream.events.length === 1);
    await local.close();
    await stream.done;
    expect(stream.isEnded()).toBe(true);
  });
});
