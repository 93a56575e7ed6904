import { Cluster, Redis } from 'ioredis';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { RedisClient } from './scripts.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Client settings that keep one request from becoming two writes: no offline
 * queue (a command sent while disconnected fails at once), no retry of a
 * command whose connection dropped (it may have run), no resend of unfulfilled
 * commands after a reconnect. The failure surfaces as store_unavailable and
 * core's idempotent steps decide what to do. Reconnecting itself stays on.
 */
export const SAFE_REDIS_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  commandTimeout: 5_000,
  connectTimeout: 5_000,
} as const satisfies RedisOptions;

export interface ConnectOptions {
  readonly url?: string;
  /** `host:port` seeds; when given, the client is a Redis Cluster. */
  readonly clusterNodes?: readonly string[];
  /** `host:port` of Sentinels; when given (with sentinelName), the client follows that master through failovers. */
  readonly sentinels?: readonly string[];
  /** The master's name in the Sentinels' `sentinel monitor <name> ...`. */
  readonly sentinelName?: string;
  /** Extra ioredis options, applied over the safe defaults (to each node for a cluster). */
  readonly redisOptions?: RedisOptions;
  /** Extra Cluster options, applied over the safe defaults. */
  readonly clusterOptions?: ClusterOptions;
}

export function createClient(options: ConnectOptions): RedisClient {
  if (options.clusterNodes && options.clusterNodes.length > 0) {
    const nodes = options.clusterNodes.map(parseNode);
    const { enableOfflineQueue: _ignored, ...perNode } = { ...SAFE_REDIS_OPTIONS, ...options.redisOptions };
    return new Cluster(nodes, {
      enableOfflineQueue: false,
      // A command whose node connection closed may have run: never resend it. Redirections
      // (MOVED, ASK, TRYAGAIN, CLUSTERDOWN) are safe, the command did not run, so they stay on.
      retryDelayOnFailover: 0,
      ...options.clusterOptions,
      redisOptions: perNode,
    });
  }
  if (options.sentinels && options.sentinels.length > 0) {
    if (!options.sentinelName) throw new TypeError('sentinelName is required with sentinels');
    return new Redis({
      ...SAFE_REDIS_OPTIONS,
      sentinels: options.sentinels.map((s) => parseNode(s, 26379)),
      name: options.sentinelName,
      role: 'master',
      // Reconnect as soon as the Sentinels announce +switch-master, not only when the old master's socket drops
      // (a partitioned old master keeps its socket open).
      failoverDetector: true,
      ...options.redisOptions,
    });
  }
  return new Redis(options.url ?? DEFAULT_REDIS_URL, { ...SAFE_REDIS_OPTIONS, ...options.redisOptions });
}

function parseNode(seed: string, defaultPort = 6379): { host: string; port: number } {
  const at = seed.lastIndexOf(':');
  const host = at > 0 ? seed.slice(0, at) : seed;
  const port = at > 0 ? Number(seed.slice(at + 1)) : defaultPort;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new TypeError(`Bad Redis node ${JSON.stringify(seed)}`);
  return { host, port };
}

/** Resolves once the client can take commands (the offline queue is off, so commands must wait for this). */
export function whenReady(client: RedisClient, timeoutMs = 10_000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'wait') void client.connect().catch(() => undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis was not ready within ${timeoutMs} ms (status ${client.status})`));
    }, timeoutMs);
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error('Redis connection ended before it was ready'));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
    };
    client.on('ready', onReady);
    client.on('end', onEnd);
  });
}
