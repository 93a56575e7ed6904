/**
 * The wait before retry `attempt` (1 after the first failure): 1 s, doubling,
 * up to `maxSeconds`, plus up to a quarter more of jitter (never past the
 * maximum), so hosts retrying after one outage do not all knock at once.
 */
export function retryDelayMs(attempt: number, maxSeconds: number, random: () => number = Math.random): number {
  const maxMs = maxSeconds * 1000;
  // 2^(attempt-1) overflows nothing: past 2^40 ms any maximum has long been reached.
  const nominal = Math.min(maxMs, 1000 * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.min(maxMs, nominal * (1 + random() / 4));
}
