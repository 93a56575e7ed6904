import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Problem, type Api } from '../src/api.js';
import type { QueueStatus } from '../src/types.js';
import { StatusWatch, type WatchMode } from '../src/watch.js';

// The page's status watch (web/src/watch.ts) against a fake API, on fake timers: how often it polls, and what a
// 429 does. A waiter far back in a long line is told to poll rarely (core's pace); the page must not poll more.
const waiting = (position: number, pollAfterMs: number): QueueStatus => ({ state: 'waiting', position, pollAfterMs }) as unknown as QueueStatus;

function watchWith(api: { events: () => Promise<Response>; status: () => Promise<QueueStatus> }) {
  const seen: { statuses: QueueStatus[]; modes: WatchMode[]; problems: Problem[] } = { statuses: [], modes: [], problems: [] };
  const watch = new StatusWatch(api as unknown as Api, 'sale-1', 'tok', {
    status: (s) => seen.statuses.push(s),
    mode: (m) => seen.modes.push(m),
    problem: (p) => seen.problems.push(p),
  });
  return { watch, seen };
}

const streamRefused = () => Promise.reject(new Problem(429, 'too_many_requests', 'At most 2 status streams of one queue token are open at once; close one, or poll.', 'Too Many Requests'));

describe('the page follows the pace and keeps watching through a 429', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a stream refused with 429 (a third tab) falls back to polling instead of giving up', async () => {
    const status = vi.fn(async () => waiting(7, 2_000));
    const { watch, seen } = watchWith({ events: streamRefused, status });
    watch.start(waiting(7, 2_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.problems).toEqual([]);
    expect(seen.modes).toEqual(['polling']);
    expect(status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(status).toHaveBeenCalledTimes(2);
    watch.stop();
  });

  it('polls at the pollAfterMs the host gives, however long (100 s far back in a line of 10^6), not every 10 s', async () => {
    const status = vi.fn(async () => waiting(900_000, 100_000));
    const { watch } = watchWith({ events: streamRefused, status });
    watch.start(waiting(900_000, 100_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(99_000);
    expect(status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status).toHaveBeenCalledTimes(2);
    watch.stop();
  });

  it('a poll answered 429 (rate limited) waits the Retry-After and polls on; a 404 still ends the watch', async () => {
    const limited = new Problem(429, 'rate_limited', 'Too many requests (status). Retry after 7 s.', 'Too Many Requests', { limit: 'status', retryAfterSeconds: 7 });
    const gone = new Problem(404, 'token_not_found', 'No such queue token.', 'Not Found');
    const answers: Array<QueueStatus | Problem> = [limited, waiting(3, 2_000), gone];
    const status = vi.fn(async () => {
      const next = answers.shift()!;
      if (next instanceof Problem) throw next;
      return next;
    });
    const { watch, seen } = watchWith({ events: streamRefused, status });
    watch.start(waiting(3, 2_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(status).toHaveBeenCalledTimes(1);
    expect(seen.problems).toEqual([]);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(status).toHaveBeenCalledTimes(2);
    expect(seen.statuses.map((s) => s.position)).toEqual([3]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(status).toHaveBeenCalledTimes(3);
    expect(seen.problems.map((p) => p.code)).toEqual(['token_not_found']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(status).toHaveBeenCalledTimes(3);
  });
});
