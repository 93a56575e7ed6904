import { Cluster } from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { storeUnavailable } from '@boxoffice/core';
import { toStoreError } from './errors.js';
import type { RedisClient } from './scripts.js';

/**
 * Acknowledged means replicated: after a step whose result a buyer is told
 * (money, seats, admissions, payment state), `WAIT minReplicas waitMs` on the
 * connection that ran it. Fewer acks in time is an unknown outcome, never a
 * success: store_unavailable, and core's idempotent retry or the recovery sweep
 * settles it. docs/redis-failover.md lists what this does and does not promise.
 */
export interface Replication {
  /** Replicas that must acknowledge each step below; 0 turns WAIT off (no extra command at all). */
  readonly minReplicas: number;
  /** How long WAIT may block, in ms. */
  readonly waitMs: number;
}

export const DEFAULT_WAIT_MS = 500;

/**
 * The one list of scripts followed by WAIT. Left out, with why: queue-enter and
 * queue-view (a place in line and a heartbeat: a lost one costs a re-entry, no
 * money or seat, and they are the hot path of a rush), idempotency-begin/-end
 * (a lost record only lets a retry run again, and every step it runs is
 * idempotent), and every read.
 */
export const ACKED_SCRIPTS: ReadonlySet<string> = new Set([
  'wallet-charge',
  'payment-create',
  'payment-debit',
  'payment-settle',
  // Refunds: the fence and the credit move money; the seat step frees sold seats.
  'refund-create',
  'refund-credit',
  'seat-refund',
  'seat-hold',
  'seat-change',
  'seat-expire',
  // The waiting list: a lost offer or mode switch could let a released seat go to an outsider, or twice.
  'seat-waitlist',
  'waitlist-change',
  'queue-admit',
  'queue-end',
  'queue-expire',
  // Sold out or closed: a seal lost in a failover would let the new master admit again.
  'queue-seal',
  'queue-unseal',
  // The purchase limit: a reserve lost in a failover could leave a landed hold uncounted.
  'allowance-reserve',
  'catalog-save',
  // An operator's change: acknowledged, so a failover does not undo a pause the operator was told took effect.
  'queue-mode',
  'sale-create',
  'sale-update',
  'audit-append',
]);

/**
 * Plain commands followed by WAIT: the unsettled-payments (and pending-refunds) index entry, written
 * before the payment (or refund) (on a cluster, on another master); if it were lost the
 * recovery sweep would never find that payment. Its ZREM is best effort by design.
 * (On a Cluster, the SADD that lists a slot's event index before its first write
 * is not waited for: it is on another master, and a failover that loses it hides
 * that slot's streams from the feed until a process lists the index again. On one
 * node there is one index, written by the scripts themselves.)
 */
export const ACKED_COMMANDS: ReadonlySet<string> = new Set(['zadd']);

/** Off: what every deployment without replicas gets, and the default then. */
export const NO_REPLICATION: Replication = Object.freeze({ minReplicas: 0, waitMs: DEFAULT_WAIT_MS });

export function checkReplication(r: Replication): Replication {
  if (!Number.isSafeInteger(r.minReplicas) || r.minReplicas < 0) throw new TypeError(`minReplicas must be an integer >= 0, got ${r.minReplicas}`);
  if (!Number.isSafeInteger(r.waitMs) || r.waitMs <= 0) throw new TypeError(`waitMs must be a positive integer, got ${r.waitMs}`);
  return r;
}

/** How many replicas the best-served master has now (INFO replication, once at start). */
export async function connectedReplicas(client: RedisClient): Promise<number> {
  const masters = client instanceof Cluster ? client.nodes('master') : [client];
  const counts = await Promise.all(
    masters.map(async (node) => Number(/connected_slaves:(\d+)/.exec(await node.info('replication'))?.[1] ?? 0)),
  );
  return Math.max(0, ...counts);
}

/** A redirection or a lost node: the slot map may be stale. */
function isRouting(error: Error): boolean {
  return /^(MOVED|ASK|CLUSTERDOWN|TRYAGAIN)\b/.test(error.message) || error.message === 'Connection is closed.';
}

/**
 * Sends `add` (one command) and WAIT in one pipeline: both go down the same
 * connection, so WAIT counts the acks of this very write (on a cluster, the
 * pipeline goes to the master of the command's slot). Returns the command's
 * reply, or throws: its own error mapped as usual, or store_unavailable when
 * WAIT errs or too few replicas answered in time (the write may stand or be lost).
 */
export async function withWait(client: RedisClient, r: Replication, add: (p: ChainableCommander) => void): Promise<unknown> {
  const pipeline = client.pipeline();
  add(pipeline);
  pipeline.wait(r.minReplicas, r.waitMs);
  let results: Array<[Error | null, unknown]> | null;
  try {
    results = await pipeline.exec();
  } catch (error) {
    throw toStoreError(error);
  }
  if (!results || results.length !== 2) throw storeUnavailable(new Error('pipeline returned no replies'));
  const [[error, value], [waitError, acks]] = results as [[Error | null, unknown], [Error | null, unknown]];
  if (error) {
    // A pipeline is not redirected like a lone command, and nothing else refreshes this client's slot map
    // when it only sends pipelines: after a failover, ask the cluster again (the command did not run, or
    // its outcome is unknown; either way the caller gets store_unavailable and retries).
    if (client instanceof Cluster && isRouting(error)) client.refreshSlotsCache();
    throw error;
  }
  if (waitError) throw storeUnavailable(waitError);
  if (Number(acks) < r.minReplicas) {
    throw storeUnavailable(new Error(`WAIT: ${String(acks)} of ${r.minReplicas} replicas acknowledged within ${r.waitMs} ms; the outcome is unknown`));
  }
  return value;
}
