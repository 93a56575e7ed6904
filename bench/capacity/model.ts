import { estimateWaitSeconds, paceOf, pollAfterMs } from '@boxoffice/core';

/** Per-operation costs measured in the same run (µs of CPU per status read). */
export interface Costs {
  /** Redis CPU per read that writes no heartbeat, and per read that writes one. */
  readonly redisSkipUs: number;
  readonly redisWriteUs: number;
  /** The client (host) process's CPU per QueueService.status. */
  readonly hostUs: number;
  /** Redis and host CPU per call of statusMany on top of its reads (measured as a lone read's cost less a batched read's). */
  readonly redisCallUs: number;
  readonly hostCallUs: number;
}

/** Status calls one host process sends a second at most: one per half millisecond (a turn of its event loop and a round trip); more polls share calls. */
const CALLS_PER_SECOND = 2_000;

export interface Projection {
  readonly waiting: number;
  readonly pollsPerSecond: number;
  readonly heartbeatWritesPerSecond: number;
  readonly redisCores: number;
  readonly hostCores: number;
}

/**
 * One queue of `waiting` at the server's own pacing (core's pace.ts and wait estimate, before any
 * admission is measured: the configured rate): every waiter polls at the pollAfterMs it is told,
 * a heartbeat is written once per slack (every poll when the slack is 0).
 */
export function project(waiting: number, admitPerMinute: number, idleTimeoutMs: number, costs: Costs): Projection {
  const pace = paceOf(idleTimeoutMs, waiting);
  const rule = { admitPerMinute, maxActive: 100, sessionTtlSeconds: 600 };
  let polls = 0;
  let writes = 0;
  for (let p = 1; p <= waiting; p++) {
    const every = pollAfterMs(estimateWaitSeconds(p, null, rule, null, 0), pace);
    polls += 1000 / every;
    writes += 1000 / (Math.max(1, Math.ceil(pace.heartbeatSlackMs / every)) * every);
  }
  const calls = Math.min(polls, CALLS_PER_SECOND);
  const redisUs = (polls - writes) * costs.redisSkipUs + writes * costs.redisWriteUs + calls * costs.redisCallUs;
  const hostUs = polls * costs.hostUs + calls * costs.hostCallUs;
  return { waiting, pollsPerSecond: polls, heartbeatWritesPerSecond: writes, redisCores: redisUs / 1e6, hostCores: hostUs / 1e6 };
}
