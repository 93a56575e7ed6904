import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeConfig, DomainError } from '@boxoffice/core';
import { assertQueueId, assertUserId, createBoxoffice, isDomainError } from '@boxoffice/core';
import { ManualClock, SequenceIds, interceptStore } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

const Q = 'q1';

function setup(config: Partial<BoxofficeConfig> = {}) {
  const clock = new ManualClock();
  const store = createMemoryStore();
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds('qs'), config });
  return { bo, clock, store };
}

async function domainError(action: Promise<unknown> | (() => unknown)): Promise<DomainError> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but it succeeded');
}

describe('QueueService.enter and status', () => {
  it('a new entry is waiting at position 1 with the computed eta and poll interval (defaults)', async () => {
    const { bo } = setup();
    const { status, created } = await bo.queue.enter(Q, 'u1');
    expect(created).toBe(true);
    // 600/min: ceil(1*60/600) = 1 s; poll max(1000, 100) = 1000, under 10 s and idle/3 = 20 s.
    expect(status).toEqual({
      token: status.token,
      state: 'waiting',
      position: 1,
      etaSeconds: 1,
      activeUntil: null,
      pollAfterMs: 1000,
      saleId: Q,
      mode: 'queue',
      opensAt: null,
      endReason: null,
    });
    const again = await bo.queue.enter(Q, 'u1');
    expect(again.created).toBe(false);
    expect(again.status.token).toBe(status.token);
    expect(await bo.queue.status(Q, status.token, 'u1')).toEqual(status);
  });

  it('a new token is stored waiting, seen and entered now, not yet activated', async () => {
    const clock = new ManualClock();
    const stored: unknown[] = [];
    const store = interceptStore(createMemoryStore(), (call, run) => {
      if (call.port === 'queue' && call.method === 'enter') stored.push(call.args[0]);
      return run();
    });
    const bo = createBoxoffice({ store, clock, ids: new SequenceIds('qx'), config: {} });
    const { status } = await bo.queue.enter(Q, 'u1');
    expect(stored).toEqual([
      expect.objectContaining({
        token: status.token,
        queueId: Q,
        userId: 'u1',
        state: 'waiting',
        enteredAt: clock.now(),
        lastSeenAt: clock.now(),
        activatedAt: null,
        activeUntil: null,
        endedAt: null,
        drawKey: null,
        endReason: null,
      }),
    ]);
  });

  it('eta is ceil(position * 60 / admitPerMinute) and the poll interval follows it between 1 s and 10 s', async () => {
    const { bo } = setup({ admitPerMinute: 1 });
    const a = await bo.queue.enter(Q, 'a');
    const b = await bo.queue.enter(Q, 'b');
    // position 1 at 1/min: 60 s; poll 60*100 = 6000 ms (below the 10 s cap and idle/3 = 20 s).
    expect(a.status).toMatchObject({ state: 'waiting', position: 1, etaSeconds: 60, pollAfterMs: 6000 });
    // position 2: 120 s; 12000 ms is capped at 10 s.
    expect(b.status).toMatchObject({ state: 'waiting', position: 2, etaSeconds: 120, pollAfterMs: 10_000 });
  });

  it('eta rounds up', async () => {
    const { bo } = setup({ admitPerMinute: 7 });
    const { status } = await bo.queue.enter(Q, 'a');
    expect(status.etaSeconds).toBe(9); // 60/7 = 8.57
  });

  it('the poll interval never exceeds a third of the idle timeout', async () => {
    const { bo } = setup({ admitPerMinute: 1, idleTimeout: 6 });
    const { status } = await bo.queue.enter(Q, 'a');
    expect(status.etaSeconds).toBe(60);
    expect(status.pollAfterMs).toBe(2000); // floor(6000 / 3)
  });

  it('an active token reports its session end and a 30 s poll; an ended one polls 0', async () => {
    const { bo, clock } = setup({ sessionTtl: 100 });
    const { status } = await bo.queue.enter(Q, 'a');
    const start = clock.now();
    await bo.queue.tick(Q);
    const active = await bo.queue.status(Q, status.token, 'a');
    expect(active).toEqual({
      token: status.token,
      state: 'active',
      position: null,
      etaSeconds: null,
      activeUntil: new Date(start + 100_000).toISOString(),
      pollAfterMs: 30_000,
      saleId: Q,
      mode: 'queue',
      opensAt: null,
      endReason: null,
    });
    await bo.queue.leave(Q, status.token, 'a');
    const ended = await bo.queue.status(Q, status.token, 'a');
    expect(ended).toMatchObject({ state: 'expired', position: null, etaSeconds: null, pollAfterMs: 0, endReason: 'left' });
  });

  it('an unknown token and another user\'s token are both token_not_found', async () => {
    const { bo } = setup();
    const { status } = await bo.queue.enter(Q, 'a');
    for (const action of [
      () => bo.queue.status(Q, 'nope', 'a'),
      () => bo.queue.status(Q, status.token, 'b'),
      () => bo.queue.status('other', status.token, 'a'),
    ]) {
      const e = await domainError(action);
      expect(e.code).toBe('token_not_found');
      expect(e.message).toMatch(/token/i);
      expect(e.details).toEqual({});
    }
  });
});

describe('QueueService.leave', () => {
  it('unknown token is token_not_found; another user cannot end the token', async () => {
    const { bo } = setup();
    const { status } = await bo.queue.enter(Q, 'a');
    expect((await domainError(bo.queue.leave(Q, 'nope', 'a'))).code).toBe('token_not_found');
    expect((await domainError(bo.queue.leave('other-q', status.token, 'a'))).code).toBe('token_not_found');
    expect((await domainError(bo.queue.leave(Q, status.token, 'b'))).code).toBe('token_not_found');
    expect((await bo.queue.status(Q, status.token, 'a')).state).toBe('waiting');
  });

  it('leaving ends the token and leaving twice is harmless', async () => {
    const { bo } = setup();
    const { status } = await bo.queue.enter(Q, 'a');
    await bo.queue.leave(Q, status.token, 'a');
    await bo.queue.leave(Q, status.token, 'a');
    expect((await bo.queue.status(Q, status.token, 'a')).state).toBe('expired');
    expect(await bo.queue.counts(Q)).toMatchObject({ waiting: 0, active: 0 });
  });
});

describe('QueueService.requireActive', () => {
  it('returns the token when it is active and its session has time left', async () => {
    const { bo, clock } = setup({ sessionTtl: 10 });
    const { status } = await bo.queue.enter(Q, 'a');
    await bo.queue.tick(Q);
    clock.advance(9_999);
    const t = await bo.queue.requireActive(Q, status.token, 'a');
    expect(t).toMatchObject({ token: status.token, userId: 'a', queueId: Q, state: 'active' });
  });

  it('a waiting token is token_not_active with its position', async () => {
    const { bo } = setup({ maxActive: 1 });
    await bo.queue.enter(Q, 'a');
    await bo.queue.tick(Q);
    await bo.queue.enter(Q, 'b');
    const { status } = await bo.queue.enter(Q, 'c');
    const e = await domainError(bo.queue.requireActive(Q, status.token, 'c'));
    expect(e.code).toBe('token_not_active');
    expect(e.details).toEqual({ position: 2, state: 'waiting' });
    expect(e.message).toMatch(/waiting/);
  });

  it('an active token whose session has run out (activeUntil == now) is token_expired, before any tick', async () => {
    const { bo, clock } = setup({ sessionTtl: 10 });
    const { status } = await bo.queue.enter(Q, 'a');
    await bo.queue.tick(Q);
    clock.advance(10_000);
    const e = await domainError(bo.queue.requireActive(Q, status.token, 'a'));
    expect(e.code).toBe('token_expired');
    expect(e.details).toEqual({ state: 'active', endReason: null });
    expect(e.message).toMatch(/ended/);
  });

  it('an ended token is token_expired naming its state', async () => {
    const { bo } = setup();
    const { status } = await bo.queue.enter(Q, 'a');
    await bo.queue.tick(Q);
    await bo.queue.complete(Q, status.token);
    const e = await domainError(bo.queue.requireActive(Q, status.token, 'a'));
    expect(e.code).toBe('token_expired');
    expect(e.details).toEqual({ state: 'completed', endReason: 'paid' });
  });

  it('unknown and foreign tokens are token_not_found', async () => {
    const { bo } = setup();
    const { status } = await bo.queue.enter(Q, 'a');
    await bo.queue.tick(Q);
    expect((await domainError(bo.queue.requireActive(Q, 'nope', 'a'))).code).toBe('token_not_found');
    expect((await domainError(bo.queue.requireActive(Q, status.token, 'b'))).code).toBe('token_not_found');
  });
});

describe('QueueService.tick', () => {
  it('admits up to maxActive, expires ended sessions and idle waiters, in one report', async () => {
    const { bo, clock } = setup({ maxActive: 1, sessionTtl: 100, idleTimeout: 30 });
    const a = await bo.queue.enter(Q, 'a');
    const b = await bo.queue.enter(Q, 'b');
    expect(await bo.queue.tick(Q)).toEqual({ expiredSessions: [], expiredIdle: [], admitted: [a.status.token], ended: [] });
    const c = await bo.queue.enter(Q, 'c');
    clock.advanceSeconds(29);
    await bo.queue.status(Q, c.status.token, 'c'); // heartbeat keeps c
    clock.advanceSeconds(1); // b has been silent for exactly idleTimeout
    const report = await bo.queue.tick(Q);
    expect(report).toEqual({ expiredSessions: [], expiredIdle: [b.status.token], admitted: [], ended: [] });
    clock.advanceSeconds(70); // a's session (100 s) is over
    await bo.queue.status(Q, c.status.token, 'c');
    const last = await bo.queue.tick(Q);
    expect(last).toEqual({ expiredSessions: [a.status.token], expiredIdle: [], admitted: [c.status.token], ended: [] });
  });

  it('a waiter seen less than idleTimeout ago is kept', async () => {
    const { bo, clock } = setup({ maxActive: 1, idleTimeout: 30 });
    await bo.queue.enter(Q, 'a');
    await bo.queue.tick(Q);
    const b = await bo.queue.enter(Q, 'b');
    clock.advance(29_999);
    expect((await bo.queue.tick(Q)).expiredIdle).toEqual([]);
    expect((await bo.queue.status(Q, b.status.token, 'b')).state).toBe('waiting');
  });

  it('tickBatch bounds the admissions of one tick', async () => {
    const { bo } = setup({ tickBatch: 2 });
    for (const u of ['a', 'b', 'c']) await bo.queue.enter(Q, u);
    expect((await bo.queue.tick(Q)).admitted).toHaveLength(2);
    expect((await bo.queue.tick(Q)).admitted).toHaveLength(1);
  });
});

describe('id validation', () => {
  it('queue ids: 1-64 of letters, digits, _ and -', async () => {
    expect(() => assertQueueId('a')).not.toThrow();
    expect(() => assertQueueId('A-z_0'.padEnd(64, 'x'))).not.toThrow();
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a.b', 'a/b']) {
      const e = await domainError(() => assertQueueId(bad));
      expect(e.code).toBe('validation_failed');
      expect(e.message).toMatch(/queue id/);
    }
  });

  it('user ids: 1 to 128 characters', async () => {
    expect(() => assertUserId('u')).not.toThrow();
    expect(() => assertUserId('u'.repeat(128))).not.toThrow();
    for (const bad of ['', 'u'.repeat(129), 42 as unknown as string]) {
      const e = await domainError(() => assertUserId(bad));
      expect(e.code).toBe('validation_failed');
      expect(e.message).toMatch(/user id/);
    }
  });

  it('enter validates both ids and stores nothing on bad input', async () => {
    const { bo } = setup();
    expect((await domainError(bo.queue.enter('bad id', 'u'))).code).toBe('validation_failed');
    expect((await domainError(bo.queue.enter(Q, 'u'.repeat(129)))).code).toBe('validation_failed');
    expect((await bo.queue.enter(Q, 'u'.repeat(128))).created).toBe(true);
    expect(await bo.queue.counts(Q)).toMatchObject({ waiting: 1 });
  });
});

describe('the admission ramp (admissionRampSeconds)', () => {
  it('a ramp of a minute admits at the configured rate from the opening, not a minute at once, and the estimate follows it', async () => {
    // 600 a minute is 10 a second; a big room, so only the window binds.
    const { bo, clock } = setup({ admitPerMinute: 600, admissionRampSeconds: 60, maxActive: 1000, idleTimeout: 3600 });
    const tokens: string[] = [];
    for (let i = 0; i < 100; i++) tokens.push((await bo.queue.enter(Q, `r${i}`)).status.token);
    const admitted: number[] = [];
    for (let second = 0; second < 5; second++) {
      admitted.push((await bo.queue.tick(Q)).admitted.length);
      clock.advance(1000);
    }
    expect(admitted).toEqual([10, 10, 10, 10, 10]);
    // Place 30 of those left, 5 s after the opening: the cap (a second ahead) reaches 50 + 30 at 7 s, when a tick lets it in.
    const status = await bo.queue.status(Q, tokens[79]!, 'r79');
    expect(status).toMatchObject({ state: 'waiting', position: 30, etaSeconds: 2 });
  });

  it('without a ramp a whole minute goes in at the opening (the first release)', async () => {
    const { bo } = setup({ admitPerMinute: 600, maxActive: 1000, idleTimeout: 3600 });
    for (let i = 0; i < 700; i++) await bo.queue.enter(Q, `n${i}`);
    expect((await bo.queue.tick(Q)).admitted.length).toBe(600);
  });
});
