import autocannon from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly total: number;
}

/**
 * autocannon GET load; `paths` (and `headers`, paired by index) are cycled so each request can name another token. With `notModified`,
 * the answers counted are 304s (conditional reads), and anything else counts as a failure.
 */
export async function getLoad(url: string, paths: readonly string[], headers: readonly Record<string, string>[], connections: number, duration: number, warmup = 1, notModified = false): Promise<LoadResult> {
  // A short discarded run first, so the JIT and connection setup do not count.
  if (warmup > 0) await run(url, paths, headers, connections, warmup, notModified);
  return run(url, paths, headers, connections, duration, notModified);
}

async function run(url: string, paths: readonly string[], headers: readonly Record<string, string>[], connections: number, duration: number, notModified: boolean): Promise<LoadResult> {
  // One prebuilt request per path, which every connection cycles through in order. A setupRequest callback
  // made autocannon rebuild each request (two object copies, the header lines, a Buffer): client CPU taken,
  // on this 2-core machine, from the server it measures.
  const requests = Array.from({ length: Math.max(paths.length, headers.length) }, (_, k) => ({
    method: 'GET' as const,
    path: paths[k % paths.length]!,
    headers: Object.assign({}, headers[k % headers.length]),
  }));
  const result = await autocannon({ url, connections, duration, requests });
  // autocannon counts 3xx answers but its types leave them out.
  const ok = notModified ? (result as unknown as Record<'3xx', number>)['3xx'] : result['2xx'];
  return {
    rps: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // Answers other than the ones counted.
    non2xx: notModified ? result.requests.total - ok : result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}
