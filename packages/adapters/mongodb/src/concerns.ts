import { DomainError } from '@boxoffice/core';
import type { ReadConcernLevel, W } from 'mongodb';

/** The write concern options a store accepts. */
export interface WriteConcernOption {
  readonly w?: W;
  readonly journal?: boolean;
  /** How long a write waits for its acknowledgement before failing (store_unavailable). */
  readonly wtimeoutMS?: number;
}

export interface Concerns {
  readonly writeConcern: { readonly w: W; readonly journal?: boolean; readonly wtimeoutMS: number };
  readonly readConcern: ReadConcernLevel;
}

/**
 * Without a reachable majority a `w: majority` write would wait forever; with
 * this limit it fails with a write concern error, which maps to store_unavailable.
 */
export const DEFAULT_WTIMEOUT_MS = 10_000;

/** Read concerns that only see majority-committed data. */
const MAJORITY_READS: ReadonlySet<ReadConcernLevel> = new Set<ReadConcernLevel>(['majority', 'linearizable', 'snapshot']);

/**
 * The concerns a store runs with. Refused (validation_failed, nothing started):
 * `w: 0`, whose writes are never acknowledged, and a write concern weaker than
 * the read concern. With majority reads and `w: 1`, a write can be acknowledged
 * and then be invisible to the next read (or rolled back), so a step that
 * re-reads after a refused guarded write could decide on a state that misses
 * the write that refused it.
 */
export function resolveConcerns(options: { writeConcern?: WriteConcernOption; readConcern?: ReadConcernLevel }): Concerns {
  const readConcern = options.readConcern ?? 'majority';
  const w = options.writeConcern?.w ?? 'majority';
  if (w === 0) {
    throw new DomainError('validation_failed', 'writeConcern w: 0 is not acknowledged; use majority.', { key: 'writeConcern' });
  }
  if (MAJORITY_READS.has(readConcern) && w !== 'majority') {
    throw new DomainError(
      'validation_failed',
      `writeConcern w: ${String(w)} is weaker than readConcern ${readConcern}; use w: 'majority' (or readConcern 'local').`,
      { key: 'writeConcern' },
    );
  }
  const wtimeoutMS = options.writeConcern?.wtimeoutMS ?? DEFAULT_WTIMEOUT_MS;
  if (!Number.isSafeInteger(wtimeoutMS) || wtimeoutMS <= 0) {
    throw new DomainError('validation_failed', `writeConcern wtimeoutMS must be a positive integer, got ${String(wtimeoutMS)}.`, {
      key: 'writeConcern',
    });
  }
  const journal = options.writeConcern?.journal;
  return { writeConcern: { w, wtimeoutMS, ...(journal === undefined ? {} : { journal }) }, readConcern };
}

/**
 * Options for reading back a document right after a guarded write on it was
 * refused: read concern `local` on the primary sees the node's own latest
 * writes, including a rival's that are not yet majority-committed (a
 * majority read could miss them). Inside a transaction the driver leaves the
 * transaction's own read concern in place.
 */
export const READ_BACK = { readConcern: { level: 'local' as const } };
