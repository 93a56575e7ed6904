import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBoxoffice, type Boxoffice } from '../../boxoffice.js';
import type { EnterResult, QueueRepository } from '../../queue/queue-repository.js';
import { isDomainError } from '../../shared/errors.js';
import type { BoxofficeStore } from '../../shared/store.js';
import { KIT_EPOCH, ManualClock } from '../clock.js';
import { SequenceIds } from '../ids.js';
import { type Around, interceptStore } from '../intercept.js';
import type { QueuePropertyTarget } from './run-config.js';
import { boxofficeConfig, createRunSales, freshRunTag, limitsOf, runConfigArb, USERS } from './run-config.js';
import { QueueWatch } from './watch.js';

type Op =
  | { readonly kind: 'enter' | 'leave' | 'status' | 'complete'; readonly user: number }
  | { readonly kind: 'tick' }
  /** The sale sells out: its queue is sealed (through the port, as the tick would), racing the others. */
  | { readonly kind: 'seal' };

interface Round {
  /** One program per instance, run concurrently; each runs its ops one after another. */
  readonly programs: readonly (readonly Op[])[];
  /** Clock step after the round (all programs see one instant within a round). */
  readonly advanceMs: number;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enter' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'seal' as const }) },
);

const roundArb: fc.Arbitrary<Round> = fc.record({
  programs: fc.array(fc.array(opArb, { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 4 }),
  advanceMs: fc.constantFrom(0, 1_000, 20_000, 61_000),
});

/**
 * The store's queue port as the instances see it: each call first waits for the scheduler to
 * release it. Calls then run concurrently (so a port that is not atomic shows its race), and
 * whenever none is in flight the queue is observed and checked, with new calls held back until
 * the observation ends, so every observed state is a consistent one.
 */
function scheduledQueue(store: BoxofficeStore, s: fc.Scheduler, watch: QueueWatch, failures: unknown[]): QueueRepository {
  let inFlight = 0;
  let observing: Promise<void> | null = null;
  const around: Around = async (call, run) => {
    await s.schedule(Promise.resolve(), call.method);
    while (observing) await observing;
    inFlight += 1;
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run();
      if (call.method === 'enter') {
        const entered = result as EnterResult;
        if (entered.refused === undefined) watch.learn(entered.token.token);
      }
    } finally {
      inFlight -= 1;
    }
    if (inFlight === 0 && !observing) {
      const check = watch.check(`${call.method} in the scheduled run`).then(
        () => undefined,
        (error: unknown) => {
          failures.push(error);
          throw error;
        },
      );
      observing = check.catch(() => undefined).finally(() => (observing = null));
      await check;
    }
    return result;
  };
  return interceptStore(store, (call, run) => (call.port === 'queue' ? around(call, run) : run())).queue;
}

/**
 * The concurrent property, for fc.assert (suite) or fc.check (self-tests): several Boxoffice
 * instances on one store work one sale (with a pre-queue when it opens later), fc.scheduler
 * choosing the order of their store calls; every state observed between calls keeps the invariants.
 */
export function queueSchedulerProperty(target: QueuePropertyTarget) {
  return fc.asyncProperty(fc.scheduler(), runConfigArb, fc.array(roundArb, { minLength: 1, maxLength: 3 }), async (s, config, rounds) => {
    if (target.reset) await target.reset();
    const tag = freshRunTag();
    const clock = new ManualClock(KIT_EPOCH);
    const ids = new SequenceIds(tag);
    const setup = createBoxoffice({ store: target.store, clock, ids, config: boxofficeConfig(config) });
    const sales = await createRunSales(setup, tag, config);
    const queueId = sales.queueIds[0]!;
    const watch = new QueueWatch(target.store.queue, queueId, limitsOf(config, sales.opensAt[0]!));
    const failures: unknown[] = [];
    const queue = scheduledQueue(target.store, s, watch, failures);
    const store: BoxofficeStore = { ...target.store, queue };
    const instances = Array.from({ length: 4 }, () => createBoxoffice({ store, clock, ids, config: boxofficeConfig(config) }));
    const tokenOf = new Map<string, string>();

    const perform = async (bo: Boxoffice, op: Op): Promise<void> => {
      if (op.kind === 'tick') {
        await bo.queue.tick(queueId);
        return;
      }
      if (op.kind === 'seal') {
        // One token a call, so some still wait: the next ticks end them, and none may be admitted meanwhile.
        await store.queue.seal(queueId, 'sold_out', clock.now(), 1);
        return;
      }
      const user = USERS[op.user]!;
      const token = tokenOf.get(user);
      switch (op.kind) {
        case 'enter': {
          try {
            tokenOf.set(user, (await bo.queue.enter(queueId, user)).status.token);
          } catch (error) {
            // A sealed queue refuses newcomers; anything else is a failure.
            if (!isDomainError(error, 'sale_sold_out')) throw error;
          }
          return;
        }
        case 'leave':
          if (token) await bo.queue.leave(queueId, token, user);
          return;
        case 'status':
          if (token) await bo.queue.status(queueId, token, user);
          return;
        case 'complete':
          // Payment completes only tokens it saw active; the token may have ended since.
          if (token && watch.lastStateOf(token) === 'active') await bo.queue.complete(queueId, token);
          return;
      }
    };

    for (const round of rounds) {
      const programs = round.programs.map(async (ops, i) => {
        for (const op of ops) await perform(instances[i]!, op);
      });
      await s.waitFor(Promise.all(programs));
      clock.advance(round.advanceMs);
    }
    if (failures.length > 0) throw failures[0];
    await watch.check('the scheduled run');
    assert.ok(watch.maxActiveSeen <= config.maxActive, `[capacity] at most ${watch.maxActiveSeen} active seen, maxActive is ${config.maxActive}`);
  });
}
