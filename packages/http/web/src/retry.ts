import { Problem, sleep } from './api.js';
import { passing, retryAfterMs } from './messages.js';
import { clearNotice } from './notices.js';

/**
 * A read after a reload, of something the page saved (a place in line or on a waiting list, a hold). A 429, a
 * 5xx or a lost connection says nothing about it, so forgetting it then would throw it away: ask again (as the
 * 429's or 503's Retry-After says, else backing off to 30 s) until the host answers; `failing` tells the user
 * once, and the notice goes when the answer comes. Null when the user moved on in the meantime (`still` turned
 * false: signed out, say); any other problem is thrown, for the caller to forget what it saved.
 */
export async function untilAnswered<T>(read: () => Promise<T>, still: () => boolean, failing: (error: Problem) => void): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await read();
      if (attempt > 0) clearNotice();
      return answer;
    } catch (error) {
      if (!(error instanceof Problem) || !passing(error)) throw error;
      if (attempt === 0) failing(error);
      await sleep(Math.max(retryAfterMs(error), Math.min(30_000, 1000 * 2 ** attempt)));
      if (!still()) return null;
    }
  }
}
