import type { Boxoffice } from '../boxoffice.js';
import { createBoxoffice } from '../boxoffice.js';
import type { BoxofficeConfig } from '../shared/config.js';
import type { IdGenerator } from '../shared/ids.js';
import type { BoxofficeStore } from '../shared/store.js';
import { ManualClock } from './clock.js';
import { runTag, SequenceIds } from './ids.js';

export type SuiteName = 'queue' | 'sale' | 'catalog' | 'reservation' | 'wallet' | 'payment' | 'refund' | 'idempotency' | 'events' | 'waitlist';

/**
 * What an adapter may declare it cannot do; its checks are then registered as
 * skipped with the reason in their title, never dropped.
 *
 * - concurrentCalls: many calls in flight at once on one store (the races).
 * - sharedAcrossInstances: several Boxoffice instances, each with its own
 *   in-process caches, working on one store at the same time (several hosts).
 * - faultInjection: the store's ports can be wrapped by the kit to fail or
 *   stall a call (plain objects or class instances whose methods work when
 *   called through a wrapper).
 * - idempotencyRecords: the store keeps Idempotency-Key records itself.
 * - outbox: the store appends domain events with each change and reads them back (`store.events`).
 * - waitlist: the store keeps waiting lists (`store.waitlist`) and the seat inventory's waitlist mode and offer holds.
 * - linePlaces: the queue answers places by seq (`queue.linePlaces`, the lean status path); without it core reads
 *   every status in full.
 */
export type Capability = 'concurrentCalls' | 'sharedAcrossInstances' | 'faultInjection' | 'idempotencyRecords' | 'outbox' | 'waitlist' | 'linePlaces';

export const CAPABILITIES: readonly Capability[] = ['concurrentCalls', 'sharedAcrossInstances', 'faultInjection', 'idempotencyRecords', 'outbox', 'waitlist', 'linePlaces'];

/** Everything one check run gets: a fresh store, its own clock, ids and unique names. */
export interface CheckContext {
  readonly store: BoxofficeStore;
  readonly clock: ManualClock;
  readonly ids: SequenceIds;
  /** Unique for this run; every id a check makes starts with it. */
  readonly tag: string;
  /** A queue id unique to this run. */
  readonly queueId: string;
  /** A Boxoffice over `store` (or another store, e.g. a faulty wrapper of it) sharing this run's clock. */
  boxoffice(config?: Partial<BoxofficeConfig>, options?: { store?: BoxofficeStore; ids?: IdGenerator }): Boxoffice;
  /** A user id unique to this run. */
  user(name: string | number): string;
}

export interface Check {
  readonly suite: SuiteName;
  /** `<suite>/<slug>`: stable, so self-tests and reports can name it. */
  readonly id: string;
  /** What must hold, as a sentence. */
  readonly name: string;
  /** What the store must be able to do for this check: one capability, or several. */
  readonly capability?: Capability | readonly Capability[];
  /** A floor under the adapter's per-check timeout, for checks that make 10^5 store calls. */
  readonly minTimeoutMs?: number;
  run(ctx: CheckContext): Promise<void>;
}

export type StoreFactory = () => Promise<BoxofficeStore>;

let runs = 0;
const RUN = runTag();

/** Runs one check against a fresh store from `makeStore`, closing the store after, pass or fail. */
export async function runCheck(check: Check, makeStore: StoreFactory): Promise<void> {
  const store = await makeStore();
  let failed = false;
  try {
    await check.run(createContext(store));
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A failing close must not hide the check's own failure.
    await store.close().catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}

export function createContext(store: BoxofficeStore): CheckContext {
  const tag = `k${RUN}${(++runs).toString(36)}`;
  const clock = new ManualClock();
  const ids = new SequenceIds(tag);
  return {
    store,
    clock,
    ids,
    tag,
    queueId: `${tag}q`,
    boxoffice: (config = {}, options = {}) =>
      createBoxoffice({ store: options.store ?? store, clock, ids: options.ids ?? ids, config }),
    user: (name) => `${tag}-u${name}`,
  };
}

/** A context for one part of a check that needs its own names (a concert, a queue, users) on the same store and clock. */
export function subContext(ctx: CheckContext, suffix: string): CheckContext {
  const tag = `${ctx.tag}${suffix}`;
  return { ...ctx, tag, queueId: `${tag}q`, user: (name) => `${tag}-u${name}` };
}

export function defineChecks(suite: SuiteName, checks: ReadonlyArray<Omit<Check, 'suite' | 'id'> & { slug: string }>): Check[] {
  return checks.map(({ slug, ...rest }) => ({ ...rest, suite, id: `${suite}/${slug}` }));
}
