import { EventEmitter } from 'node:events';
import pino from 'pino';
import type { Boxoffice, QueueStatus } from '@boxoffice/core';
import type { ParameterizedContext } from 'koa';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../src/problem.js';
import { MAX_STREAMS_PER_TOKEN, MAX_STREAMS_PER_USER, SseHub } from '../src/sse.js';

/** Just what SseHub.open touches of a Koa context. */
function fakeContext() {
  const req = Object.assign(new EventEmitter(), { socket: { setTimeout: () => undefined, setNoDelay: () => undefined } });
  return { req, status: 0, body: undefined as unknown, set: () => undefined } as unknown as ParameterizedContext & { req: EventEmitter };
}

/** A hub whose every token waits at place 1, and a way to open a stream of it as `user`. */
function hubOf(maxStreams: number) {
  const waiting = (token: string): QueueStatus => ({ token, state: 'waiting', position: 1, etaSeconds: 1, pollAfterMs: 1000 }) as QueueStatus;
  const boxoffice = { queue: { status: async (_q: string, token: string) => waiting(token) } } as unknown as Boxoffice;
  const hub = new SseHub(boxoffice, pino({ level: 'silent' }), { pollMs: 60_000, heartbeatMs: 60_000, maxStreams });
  const open = async (token: string, user: string) => {
    const ctx = fakeContext();
    await hub.open(ctx, 'default', token, user);
    return ctx;
  };
  return { hub, open };
}

describe('status stream caps', () => {
  it('caps streams per user across tokens, counting only open ones', async () => {
    const { hub, open } = hubOf(10_000);
    expect(MAX_STREAMS_PER_USER).toBeGreaterThan(MAX_STREAMS_PER_TOKEN);
    const contexts = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) contexts.push(await open(`t${Math.floor(i / MAX_STREAMS_PER_TOKEN)}`, 'u'));
    await expect(open('t-new', 'u')).rejects.toThrow(HttpError);
    await expect(open('t-new', 'u')).rejects.toMatchObject({ code: 'too_many_requests' });
    // Another user is not affected; a closed stream frees a place.
    await open('other-token', 'v');
    contexts[0]!.req.emit('close');
    await open('t-new', 'u');
    expect(hub.size).toBe(MAX_STREAMS_PER_USER + 1);
    hub.closeAll();
    expect(hub.size).toBe(0);
  });

  it('caps the streams of the whole process (maxStreams): past it a 429 that says to poll, until one closes; 0 opens none', async () => {
    const { hub, open } = hubOf(3);
    const contexts = [await open('a', 'ua'), await open('b', 'ub'), await open('c', 'uc')];
    await expect(open('d', 'ud')).rejects.toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/at most 3 status streams open; poll at pollAfterMs instead/) });
    expect(hub.size).toBe(3);
    contexts[1]!.req.emit('close');
    await open('d', 'ud');
    expect(hub.size).toBe(3);
    hub.closeAll();

    const none = hubOf(0);
    await expect(none.open('a', 'ua')).rejects.toMatchObject({ code: 'too_many_requests' });
    expect(none.hub.size).toBe(0);
  });
});
