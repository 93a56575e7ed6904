import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Boxoffice } from '../boxoffice.js';
import { createBoxoffice } from '../boxoffice.js';
import type { DomainEvent } from '../events/domain-event.js';
import { isDomainError } from '../shared/errors.js';
import type { SessionRef } from '../shared/session.js';
import type { BoxofficeStore } from '../shared/store.js';
import { KIT_EPOCH, ManualClock } from './clock.js';
import { ofRun } from './event-tail.js';
import { SequenceIds } from './ids.js';
import { freshRunTag, queuePropertyRuns, replayParameters } from './properties/run-config.js';

/**
 * The events replayed rebuild the state: a model-based property over small
 * pools (3 users, 6 seats). The model is what the feed's events rebuild (seat
 * owners, sold seats, balances); after every command (hold, cancel, charge,
 * pay, time passing with a scheduler tick) the store must agree with it.
 */

const USERS = ['a', 'b', 'c'] as const;
const SEATS = 6;

/** The state the events rebuild, applied in feed order (each partition in change order). */
class Replay {
  /** Seat -> the reservation that holds it, with its expiry; absent when free. */
  readonly holds = new Map<number, { reservationId: string; expiresAt: number }>();
  readonly sold = new Set<number>();
  readonly seatsOf = new Map<string, readonly number[]>();
  readonly paid = new Set<string>();
  readonly balances = new Map<string, number>();
  cursor: string | null = null;

  apply(e: DomainEvent): void {
    if (e.type === 'reservation.held') {
      this.seatsOf.set(e.data.reservationId, e.data.seats);
      for (const n of e.data.seats) this.holds.set(n, { reservationId: e.data.reservationId, expiresAt: e.data.expiresAt });
      if (this.paid.has(e.data.reservationId)) this.sell(e.data.reservationId);
    } else if (e.type === 'reservation.released') {
      // Only the seats it still holds: a rival may have taken a lapsed one first.
      for (const n of e.data.seats) if (this.holds.get(n)?.reservationId === e.data.reservationId) this.holds.delete(n);
    } else if (e.type === 'payment.completed') {
      this.balances.set(e.userId!, (this.balances.get(e.userId!) ?? 0) - e.data.amount);
      this.paid.add(e.data.reservationId);
      this.sell(e.data.reservationId);
    } else if (e.type === 'wallet.charged') {
      this.balances.set(e.userId!, (this.balances.get(e.userId!) ?? 0) + e.data.amount);
    }
  }

  private sell(reservationId: string): void {
    for (const n of this.seatsOf.get(reservationId) ?? []) {
      if (this.holds.get(n)?.reservationId === reservationId) {
        this.holds.delete(n);
        this.sold.add(n);
      }
    }
  }
}

interface Real {
  readonly bo: Boxoffice;
  readonly store: BoxofficeStore;
  readonly clock: ManualClock;
  readonly tag: string;
  readonly scheduleId: string;
  readonly sessions: ReadonlyMap<string, SessionRef>;
  /** Each user's latest hold. */
  readonly lastHold: Map<string, string>;
}

/** Runs a use case; a business refusal is an outcome like any other. */
async function attempt(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!isDomainError(error) || error.code === 'store_unavailable') throw error;
  }
}

/** Reads the new events into the model, then compares the store with it. */
async function agree(model: Replay, real: Real): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, (real.store.events.settleMs ?? 0) + 2));
  for (;;) {
    const page = await real.bo.events.read(model.cursor, 3);
    model.cursor = page.next;
    for (const e of page.events) if (ofRun(real, e)) model.apply(e);
    if (page.events.length === 0) break;
  }
  const now = real.clock.now();
  const taken = await real.store.inventory.takenSeats(real.scheduleId, now);
  const sold = taken.filter((t) => t.state === 'sold').map((t) => t.number);
  if (JSON.stringify(sold) !== JSON.stringify([...model.sold].sort((x, y) => x - y))) {
    throw new Error(`sold seats: store ${sold}, events ${[...model.sold]}`);
  }
  for (const t of taken.filter((x) => x.state === 'held')) {
    if (model.holds.get(t.number)?.reservationId !== t.reservationId) throw new Error(`seat ${t.number}: store held by ${t.reservationId}, events say ${model.holds.get(t.number)?.reservationId}`);
  }
  // A hold the events still show but the store no longer counts must have lapsed (its release comes with the sweep).
  const swept = now - real.bo.config.payGraceSeconds * 1000;
  for (const [n, h] of model.holds) {
    if (h.expiresAt > now && !taken.some((t) => t.number === n && t.reservationId === h.reservationId)) throw new Error(`seat ${n}: events hold it by ${h.reservationId}, the store does not`);
    // The clock moves only with a tick, whose sweep expires every hold lapsed before its grace.
    if (h.expiresAt <= swept) throw new Error(`seat ${n}: ${h.reservationId} was swept but its release is missing`);
  }
  for (const user of USERS) {
    const userId = `${real.tag}-${user}`;
    const balance = await real.store.wallets.balance(userId);
    if (balance !== (model.balances.get(userId) ?? 0)) throw new Error(`${userId}: balance ${balance}, events say ${model.balances.get(userId) ?? 0}`);
  }
}

type Cmd = fc.AsyncCommand<Replay, Real>;

const command = (label: string, act: (real: Real) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (model, real) => {
    await act(real);
    await agree(model, real);
  },
  toString: () => label,
});

const userArb = fc.constantFrom(...USERS);
const commandArbs: fc.Arbitrary<Cmd>[] = [
  fc.tuple(userArb, fc.uniqueArray(fc.integer({ min: 1, max: SEATS }), { minLength: 1, maxLength: 2 })).map(([u, seats]) =>
    command(`hold(${u}, ${seats})`, async (r) => {
      await attempt(async () => r.lastHold.set(u, (await r.bo.reservations.hold(r.sessions.get(u)!, r.scheduleId, seats)).id));
    }),
  ),
  userArb.map((u) =>
    command(`cancel(${u})`, async (r) => {
      const id = r.lastHold.get(u);
      if (id) await attempt(() => r.bo.reservations.cancel(`${r.tag}-${u}`, id));
    }),
  ),
  fc.tuple(userArb, fc.integer({ min: 500, max: 3_000 })).map(([u, amount]) =>
    command(`charge(${u}, ${amount})`, (r) => attempt(() => r.bo.wallet.charge(`${r.tag}-${u}`, amount))),
  ),
  userArb.map((u) =>
    command(`pay(${u})`, async (r) => {
      const id = r.lastHold.get(u);
      if (id) await attempt(() => r.bo.payments.pay(r.sessions.get(u)!, id));
    }),
  ),
  fc.constantFrom(10, 40, 70).map((seconds) =>
    command(`advance(${seconds}s) + tick`, async (r) => {
      r.clock.advanceSeconds(seconds);
      await r.bo.tick([r.tag]);
    }),
  ),
];

/** The property, for fc.assert. One store serves every run: each run has its own ids. */
export function eventReplayProperty(store: BoxofficeStore, maxCommands = 30) {
  return fc.asyncProperty(fc.commands(commandArbs, { maxCommands }), async (cmds) => {
    const tag = freshRunTag();
    const clock = new ManualClock(KIT_EPOCH);
    const bo = createBoxoffice({ store, clock, ids: new SequenceIds(tag), config: { holdTtl: 60, payGraceSeconds: 10, sessionTtl: 1_000_000, idleTimeout: 1_000_000 } });
    const scheduleId = `${tag}s`;
    await bo.catalog.publish([
      {
        id: `${tag}c`,
        name: `Replay ${tag}`,
        venue: 'Kit Hall',
        schedules: [{ id: scheduleId, concertId: `${tag}c`, startsAt: '2027-06-01T19:00:00.000Z', seats: Array.from({ length: SEATS }, (_, i) => ({ number: i + 1, price: 1000, grade: null })) }],
      },
    ]);
    const sessions = new Map<string, SessionRef>();
    for (const u of USERS) {
      const { status } = await bo.queue.enter(tag, `${tag}-${u}`);
      sessions.set(u, { queueId: tag, token: status.token, userId: `${tag}-${u}` });
    }
    await bo.tick([tag]);
    const model = new Replay();
    const real: Real = { bo, store, clock, tag, scheduleId, sessions, lastHold: new Map() };
    await agree(model, real);
    await fc.asyncModelRun(() => ({ model, real }), cmds);
  });
}

export interface EventPropertySuiteOptions {
  readonly name: string;
  readonly makeStore: () => Promise<BoxofficeStore>;
  /** Defaults to FC_NUM_RUNS, else 100. */
  readonly numRuns?: number;
}

/** Registers the replay property with vitest. */
export function eventPropertySuite(options: EventPropertySuiteOptions): void {
  const numRuns = options.numRuns ?? queuePropertyRuns();
  describe(`event properties: ${options.name}`, () => {
    it(
      `the events replayed rebuild every seat and balance after any sequence of holds, cancels, charges, payments and ticks (${numRuns} runs)`,
      async () => {
        const store = await options.makeStore();
        try {
          await fc.assert(eventReplayProperty(store), { numRuns, ...replayParameters() });
        } finally {
          await store.close();
        }
      },
      Math.max(120_000, numRuns * 1_000),
    );
  });
}
