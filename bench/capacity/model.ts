import { estimateWaitSeconds, LONG_LINE, paceOf, pollAfterMs } from '@boxoffice/core';

/** Per-operation costs measured in the same run (µs of CPU per status read). */
export interface Costs {
  /** Redis CPU per read that writes no heartbeat, and per read that writes one. */
  readonly redisSkipUs: number;
  readonly redisWriteUs: number;
  /**
   * The same by seq (`linePlaces`, in calls of 50), without and with a heartbeat: what a remembered waiter's poll
   * costs on a line longer than LONG_LINE (core's lean path). Absent: every poll is taken as a full read.
   */
  readonly redisLeanSkipUs?: number;
  readonly redisLeanWriteUs?: number;
  /** The client (host) process's CPU per QueueService.status. */
  readonly hostUs: number;
  /**
   * Redis and host CPU per store call on top of its reads: the real run's calls replayed open loop (its mean
   * size at its rate), less what their reads cost in calls of 50.
   */
  readonly redisCallUs: number;
  readonly hostCallUs: number;
  /**
   * Polls a store call carries, as the real run's host batched them. How polls gather depends on the host's
   * event loop (its timers, its turns, the round trip), not on Redis, so it is measured rather than modelled;
   * the projection for more waiters keeps it, since the pace holds their poll rate about the same.
   */
  readonly readsPerCall: number;
}

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
  const calls = polls / Math.max(1, costs.readsPerCall);
  // Past LONG_LINE core polls a token it has read by seq; a waiter's first poll (once in a whole wait) is left out.
  const lean = waiting > LONG_LINE && costs.redisLeanSkipUs !== undefined && costs.redisLeanWriteUs !== undefined;
  const [skipUs, writeUs] = lean ? [costs.redisLeanSkipUs!, costs.redisLeanWriteUs!] : [costs.redisSkipUs, costs.redisWriteUs];
  const redisUs = (polls - writes) * skipUs + writes * writeUs + calls * costs.redisCallUs;
  const hostUs = polls * costs.hostUs + calls * costs.hostCallUs;
  return { waiting, pollsPerSecond: polls, heartbeatWritesPerSecond: writes, redisCores: redisUs / 1e6, hostCores: hostUs / 1e6 };
}
