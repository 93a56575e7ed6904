import type { BoxofficeStore } from '@boxoffice/core';
import { storeUnavailable } from '@boxoffice/core';
import { Cluster } from 'ioredis';
import type { ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { createClient, whenReady } from './connection.js';
import { RedisKeys } from './keys.js';
import { RedisAllowances } from './redis-allowances.js';
import { RedisCatalog } from './redis-catalog.js';
import { DEFAULT_EVENT_STREAM_MAXLEN, RedisEventFeed, RedisOutbox } from './redis-events.js';
import { RedisIdempotencyStore } from './redis-idempotency.js';
import { DEFAULT_ENDED_TOKEN_TTL_MS, RedisQueueRepository } from './redis-queue-repository.js';
import { RedisSales } from './redis-sales.js';
import { RedisSeatInventory } from './redis-seat-inventory.js';
import { RedisRefunds } from './redis-refunds.js';
import { RedisPayments } from './redis-payments.js';
import { RedisWaitlist } from './redis-waitlist.js';
import { RedisWallets } from './redis-wallets.js';
import { checkReplication, connectedReplicas, DEFAULT_WAIT_MS } from './replication.js';
import type { Replication } from './replication.js';
import { Scripts } from './scripts.js';

const DEFAULT_WAIT_CONNECTIONS = 4;

export interface RedisStoreOptions {
  /** Default redis://127.0.0.1:6379. Ignored when clusterNodes or client is given. */
  readonly url?: string;
  /** `host:port` seeds of a Redis Cluster. */
  readonly clusterNodes?: readonly string[];
  /** `host:port` of the Sentinels watching the master named `sentinelName`. Ignored when clusterNodes or client is given. */
  readonly sentinels?: readonly string[];
  readonly sentinelName?: string;
  /**
   * Replicas that must acknowledge (WAIT) each step that moves money, seats, admissions or payment state
   * before it is reported done. Default: 1 when a master has a replica at start, else 0 (no WAIT at all).
   */
  readonly minReplicas?: number;
  /** How long that WAIT may take before the step is reported store_unavailable. Default 500 ms. */
  readonly waitMs?: number;
  /**
   * Connections (or Cluster clients) of their own for the waited steps, taken in turn: WAIT blocks its
   * connection, so one would make every waited step queue behind the last one's acks. Default 4.
   */
  readonly waitConnections?: number;
  /** Every key starts with `<prefix>:`. Default 'bo'. */
  readonly prefix?: string;
  /** Bring your own client; close() then leaves it open. Give it the settings of SAFE_REDIS_OPTIONS. */
  readonly client?: Redis | Cluster;
  /** Extra ioredis options over the safe defaults, for clients made here. */
  readonly redisOptions?: RedisOptions;
  readonly clusterOptions?: ClusterOptions;
  /** How long completed and expired queue tokens are kept. Default one hour. */
  readonly endedTokenTtlMs?: number;
  /** Each partition's event stream keeps about this many events (XADD MAXLEN ~). Default 10 000. */
  readonly eventStreamMaxLen?: number;
  /** The feed holds events back this much longer than one millisecond: above the clock skew of Cluster masters. Default 0. */
  readonly eventSettleMs?: number;
  /** How long createRedisStore waits for the connection before failing with store_unavailable. Default 10 s. */
  readonly readyTimeoutMs?: number;
}

/** A BoxofficeStore with the client and key builder exposed, for tooling and tests. */
export interface RedisStore extends BoxofficeStore {
  readonly client: Redis | Cluster;
  readonly keys: RedisKeys;
  /** The WAIT settings in force (minReplicas 0: none). */
  readonly replication: Replication;
}

/** Connects (or adopts `client`), registers the scripts and returns every port on Redis. */
export async function createRedisStore(options: RedisStoreOptions = {}): Promise<RedisStore> {
  const keys = new RedisKeys(options.prefix ?? 'bo');
  const owned = options.client === undefined;
  const client = options.client ?? createClient(options);
  // A client that cannot connect would log every retry; errors surface per command instead.
  if (owned) client.on('error', () => undefined);
  let replication: Replication;
  const ackers: Array<Redis | Cluster> = [];
  try {
    await whenReady(client, options.readyTimeoutMs);
    if (client instanceof Cluster) await connectNodes(client, options.readyTimeoutMs);
    const minReplicas = options.minReplicas ?? ((await connectedReplicas(client)) > 0 ? 1 : 0);
    replication = checkReplication({ minReplicas, waitMs: options.waitMs ?? DEFAULT_WAIT_MS });
    const count = options.waitConnections ?? DEFAULT_WAIT_CONNECTIONS;
    if (!Number.isSafeInteger(count) || count < 1) throw new TypeError(`waitConnections must be a positive integer, got ${count}`);
    // Only when waiting: the unreplicated default opens nothing more.
    if (replication.minReplicas > 0) {
      for (let i = 0; i < count; i++) ackers.push(client.duplicate());
      for (const acker of ackers) acker.on('error', () => undefined);
      await Promise.all(ackers.map(async (acker) => {
        await whenReady(acker, options.readyTimeoutMs);
        if (acker instanceof Cluster) await connectNodes(acker, options.readyTimeoutMs);
      }));
    }
  } catch (error) {
    for (const acker of ackers) acker.disconnect();
    if (owned) client.disconnect();
    throw error instanceof TypeError ? error : storeUnavailable(error);
  }
  const scripts = new Scripts(client, replication, ackers.length > 0 ? ackers : [client]);
  const outbox = new RedisOutbox(scripts, keys, options.eventStreamMaxLen ?? DEFAULT_EVENT_STREAM_MAXLEN, client instanceof Cluster);
  const wallets = new RedisWallets(scripts, keys, outbox);
  const sales = new RedisSales(scripts, keys, outbox);
  return {
    client,
    keys,
    replication,
    queue: new RedisQueueRepository(scripts, keys, outbox, options.endedTokenTtlMs ?? DEFAULT_ENDED_TOKEN_TTL_MS),
    sales,
    audit: sales,
    catalog: new RedisCatalog(scripts, keys),
    inventory: new RedisSeatInventory(scripts, keys, outbox),
    wallets,
    payments: new RedisPayments(scripts, keys, outbox),
    refunds: new RedisRefunds(scripts, keys, outbox),
    idempotency: new RedisIdempotencyStore(scripts, keys),
    allowances: new RedisAllowances(scripts, keys),
    waitlist: new RedisWaitlist(scripts, keys, outbox),
    events: new RedisEventFeed(scripts, keys, options.eventSettleMs ?? 0, client instanceof Cluster),
    ping: async () => {
      await scripts.command(async (c) => {
        if ('nodes' in c && typeof c.nodes === 'function') {
          await Promise.all((c as Cluster).nodes('master').map((node) => node.ping()));
        } else {
          await c.ping();
        }
      });
    },
    close: async () => {
      await Promise.all(ackers.map((acker) => acker.quit().catch(() => acker.disconnect())));
      if (!owned) return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/**
 * Cluster node connections are lazy, and with the offline queue off ioredis
 * refuses a command for a node that is still connecting. Connect every master
 * up front, and any node discovered later as soon as it appears. Replicas are
 * connected too (without waiting for them): a replica promoted by a failover
 * keeps its connection, so it must be ready before its first command.
 */
async function connectNodes(cluster: Cluster, timeoutMs?: number): Promise<void> {
  cluster.on('+node', (node: Redis) => {
    if (node.status === 'wait') void node.connect().catch(() => undefined);
  });
  for (const node of cluster.nodes('slave')) if (node.status === 'wait') void node.connect().catch(() => undefined);
  await Promise.all(cluster.nodes('master').map((node) => whenReady(node, timeoutMs)));
}
