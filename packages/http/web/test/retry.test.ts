import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Problem } from '../src/api.js';
import { retrying } from '../src/messages.js';

// untilAnswered (web/src/retry.ts), on fake timers, with the notice area stubbed (no DOM here): what a reload does
// when the read of what the page saved fails for a moment, and when it fails for good.
const clearNotice = vi.fn();
vi.mock('../src/notices.js', () => ({ clearNotice }));
const { untilAnswered } = await import('../src/retry.js');

const busy = (retryAfterSeconds?: number) =>
  new Problem(429, 'rate_limited', 'Too many requests for status', 'Too Many Requests', retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
const failingOver = () => new Problem(503, 'store_unavailable', 'The store did not answer.', 'Service Unavailable');
const offline = () => new Problem(0, 'network', 'The server could not be reached.', 'Network error');

describe('a read after a reload keeps what the page saved through a passing failure', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    clearNotice.mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('an answer at once: no notice, nothing cleared', async () => {
    const failing = vi.fn();
    await expect(untilAnswered(async () => 'place', () => true, failing)).resolves.toBe('place');
    expect([failing.mock.calls.length, clearNotice.mock.calls.length]).toEqual([0, 0]);
  });

  it('a 429 waits its Retry-After, a 503 and a lost connection back off; the user is told once and the notice goes with the answer', async () => {
    const answers: Array<Problem | string> = [busy(5), failingOver(), offline(), 'place'];
    const read = vi.fn(async () => {
      const next = answers.shift()!;
      if (next instanceof Problem) throw next;
      return next;
    });
    const failing = vi.fn();
    const result = untilAnswered(read, () => true, failing);
    await vi.advanceTimersByTimeAsync(0);
    expect([read.mock.calls.length, failing.mock.calls.length]).toEqual([1, 1]);
    expect((failing.mock.calls[0]![0] as Problem).status).toBe(429);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(read).toHaveBeenCalledTimes(1); // the Retry-After (5 s) stands over the first backoff (1 s)
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2_000); // then 2 s, 4 s: doubling
    expect(read).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4_000);
    await expect(result).resolves.toBe('place');
    expect([read.mock.calls.length, failing.mock.calls.length, clearNotice.mock.calls.length]).toEqual([4, 1, 1]);
  });

  it('backs off to 30 s at most', async () => {
    const read = vi.fn(async (): Promise<string> => {
      throw failingOver();
    });
    void untilAnswered(read, () => read.mock.calls.length < 10, vi.fn());
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000 + 16_000);
    expect(read).toHaveBeenCalledTimes(6);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(read).toHaveBeenCalledTimes(6);
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(7);
  });

  it('an answer that ends what was saved (a 404, a 401) is thrown at once, for the caller to forget it', async () => {
    const gone = new Problem(404, 'token_not_found', 'No such queue token.', 'Not Found');
    const failing = vi.fn();
    await expect(untilAnswered(() => Promise.reject(gone), () => true, failing)).rejects.toBe(gone);
    expect(failing).not.toHaveBeenCalled();
  });

  it('stops with null when the user moved on (signed out) while it waited', async () => {
    let signedIn = true;
    const read = vi.fn(async (): Promise<string> => {
      throw busy(2);
    });
    const result = untilAnswered(read, () => signedIn, vi.fn());
    await vi.advanceTimersByTimeAsync(0);
    signedIn = false;
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(result).resolves.toBeNull();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('says what happened and what is kept, without a "try again" it does itself', () => {
    expect(retrying(failingOver(), 'Your hold is kept')).toBe('The store did not answer. Your hold is kept: this page asks again by itself.');
    expect(retrying(busy(1), 'Your place is kept')).toBe('Too many requests for status. Your place is kept: this page asks again by itself.');
  });
});
