import type { Client } from './api.js';

export interface PollRun {
  readonly polls: number;
  /** Answers that were 429. */
  readonly limited: number;
  /** Every other status seen, for a failing test's message. */
  readonly states: ReadonlySet<string>;
}

/**
 * Polls a queue token's status for `durationMs`, waiting pollAfterMs / speedup
 * between polls (speedup 1 is a client that does as asked, 10 a bot ten times
 * faster), round-robin over `clients` (the same user on several hosts).
 */
export async function followPollAfter(clients: readonly Client[], token: string, durationMs: number, speedup: number): Promise<PollRun> {
  const end = Date.now() + durationMs;
  let polls = 0;
  let limited = 0;
  let waitMs = 0;
  const states = new Set<string>();
  while (Date.now() + waitMs < end) {
    await new Promise((r) => setTimeout(r, waitMs));
    const answer = await (clients[polls % clients.length] as Client).status(token);
    polls++;
    if (answer.status === 429) {
      limited++;
      waitMs = 1000 / speedup;
      continue;
    }
    states.add(`${answer.status}:${answer.body.state}`);
    waitMs = answer.body.pollAfterMs / speedup;
  }
  return { polls, limited, states };
}
