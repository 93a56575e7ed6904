/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Milliseconds since an hrtime mark. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function now(): bigint {
  return process.hrtime.bigint();
}

/** Runs `worker` from `concurrency` loops until `total` calls are done; returns calls per second. */
export async function closedLoop(total: number, concurrency: number, worker: (i: number) => Promise<unknown>): Promise<{ perSecond: number; ms: number }> {
  let next = 0;
  const start = now();
  const loop = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      await worker(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, loop));
  const ms = msSince(start);
  return { perSecond: (total * 1000) / ms, ms };
}

export function round(n: number, digits = 2): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
