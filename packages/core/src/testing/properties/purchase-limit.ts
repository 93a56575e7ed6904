import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBoxoffice, type Boxoffice } from '../../boxoffice.js';
import { isDeadEntry } from '../../fair-play/purchase-limit.js';
import type { BoxofficeConfig } from '../../shared/config.js';
import { isDomainError } from '../../shared/errors.js';
import type { SessionRef } from '../../shared/session.js';
import type { BoxofficeStore } from '../../shared/store.js';
import { KIT_EPOCH, ManualClock } from '../clock.js';
import { SequenceIds } from '../ids.js';
import { interceptStore } from '../intercept.js';
import type { QueuePropertyTarget } from './run-config.js';
import { buyerSession } from './buyer-session.js';
import { freshRunTag } from './run-config.js';

// Model-based properties of the purchase limit (SPEC "Fair play") over small pools: two buyers,
// six seats, a limit of 1 to 3. The model is which holds each buyer made; the oracle reads them
// back and counts the seats that still count (isDeadEntry), which decides every purchase_limit.

export const LIMIT_USERS = ['p0', 'p1'] as const;
const SEATS = 6;
const CONFIG: Partial<BoxofficeConfig> = { holdTtl: 30, payGraceSeconds: 5, sessionTtl: 36_000, maxActive: 100, admitPerMinute: 1_000, paymentRecoveryTimeout: 10 };

export interface LimitModel {
  readonly limit: number;
  /** Each buyer's holds that landed, oldest first. */
  readonly holds: Record<string, string[]>;
}

export interface LimitReal {
  readonly bo: Boxoffice;
  readonly clock: ManualClock;
  readonly saleId: string;
  readonly scheduleId: string;
  readonly sessions: Map<string, SessionRef>;
}

type LimitCommand = fc.AsyncCommand<LimitModel, LimitReal>;

/** A sale of one six-seat schedule with its own limit, and both buyers admitted and funded. */
async function setUp(store: BoxofficeStore, limit: number, clock: ManualClock): Promise<LimitReal> {
  const tag = freshRunTag();
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds(tag), config: CONFIG });
  const scheduleId = `${tag}s`;
  await bo.catalog.publish([
    { id: `${tag}c`, name: 'Limit concert', schedules: [{ id: scheduleId, startsAt: '2027-06-01T19:00:00Z', seats: Array.from({ length: SEATS }, (_, i) => ({ number: i + 1, price: 1 })) }] },
  ]);
  const saleId = `${tag}q`;
  await bo.sales.create({ id: saleId, scheduleIds: [scheduleId], settings: { maxSeatsPerUser: limit } });
  const real: LimitReal = { bo, clock, saleId, scheduleId, sessions: new Map() };
  for (const u of LIMIT_USERS) {
    await bo.wallet.charge(`${tag}${u}`, 1_000);
    await buyerSession(real, `${tag}${u}`);
  }
  return real;
}

const userOf = (r: LimitReal, u: string) => `${r.saleId.slice(0, -1)}${u}`;

/** Seats of the buyer's holds that still count (the oracle). */
async function live(r: LimitReal, ids: readonly string[]): Promise<number> {
  let seats = 0;
  const now = r.clock.now();
  for (const id of ids) {
    const h = await r.bo.store.inventory.get(id);
    if (h && !isDeadEntry({ reservationId: id, seats: h.seats.length, expiresAt: h.expiresAt }, h, now, r.bo.config.payGraceSeconds * 1000)) seats += h.seats.length;
  }
  return seats;
}

/** After every command: taken seats <= counting seats <= stored allowance <= limit, for each buyer. */
async function invariants(m: LimitModel, r: LimitReal, label: string): Promise<void> {
  const taken = await r.bo.store.inventory.takenSeats(r.scheduleId, r.clock.now());
  for (const u of LIMIT_USERS) {
    const ids = m.holds[u]!;
    const counted = taken.filter((t) => ids.includes(t.reservationId)).length;
    const counting = await live(r, ids);
    const stored = (await r.bo.store.allowances.list(userOf(r, u), r.saleId)).reduce((sum, e) => sum + e.seats, 0);
    assert.ok(counted <= counting && counting <= stored && stored <= m.limit, `[purchase-limit] after ${label}, ${u}: taken ${counted}, counting ${counting}, allowance ${stored}, limit ${m.limit}`);
  }
}

async function codeOf<T>(action: () => Promise<T>): Promise<{ code: string | null; value: T | null }> {
  try {
    return { code: null, value: await action() };
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, value: null };
    throw error;
  }
}

class HoldCommand implements LimitCommand {
  constructor(
    readonly user: string,
    readonly seats: number[],
  ) {}
  check = () => true;
  async run(m: LimitModel, r: LimitReal): Promise<void> {
    const userId = userOf(r, this.user);
    const before = await live(r, m.holds[this.user]!);
    const s = await buyerSession(r, userId);
    const { code, value } = await codeOf(() => r.bo.reservations.hold(s, r.scheduleId, this.seats));
    if (value) m.holds[this.user]!.push(value.id);
    const over = before + this.seats.length > m.limit;
    assert.equal(code === 'purchase_limit', over, `[purchase-limit] ${this}: ${before} seats counting, limit ${m.limit}, got ${code ?? 'a hold'}`);
    assert.ok(code === null || code === 'purchase_limit' || code === 'seat_unavailable', `${this}: unexpected ${code}`);
    await invariants(m, r, this.toString());
  }
  toString = () => `hold(${this.user}, [${this.seats.join(',')}])`;
}

/** A command on one of the buyer's holds, picked by index. */
abstract class OnHoldCommand implements LimitCommand {
  constructor(
    readonly user: string,
    readonly index: number,
  ) {}
  check = (m: Readonly<LimitModel>) => m.holds[this.user]!.length > 0;
  abstract run(m: LimitModel, r: LimitReal): Promise<void>;
}

class CancelCommand extends OnHoldCommand {
  override async run(m: LimitModel, r: LimitReal): Promise<void> {
    const ids = m.holds[this.user]!;
    const { code } = await codeOf(() => r.bo.reservations.cancel(userOf(r, this.user), ids[this.index % ids.length]!));
    assert.ok(code === null || code === 'reservation_not_held', `${this}: unexpected ${code}`);
    await invariants(m, r, this.toString());
  }
  override toString = () => `cancel(${this.user}, #${this.index})`;
}

class PayCommand extends OnHoldCommand {
  override async run(m: LimitModel, r: LimitReal): Promise<void> {
    const ids = m.holds[this.user]!;
    const s = await buyerSession(r, userOf(r, this.user));
    const { code } = await codeOf(() => r.bo.payments.pay(s, ids[this.index % ids.length]!));
    assert.ok(code === null || ['hold_expired', 'reservation_not_held', 'session_used'].includes(code), `${this}: unexpected ${code}`);
    await invariants(m, r, this.toString());
  }
  override toString = () => `pay(${this.user}, #${this.index})`;
}

class AdvanceCommand implements LimitCommand {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: LimitModel, r: LimitReal): Promise<void> {
    r.clock.advance(this.ms);
    await invariants(m, r, this.toString());
  }
  toString = () => `advance(${this.ms})`;
}

/** The tick (hold sweep, allowance return, recovery), then settling: the allowance equals the oracle exactly. */
class TickCommand implements LimitCommand {
  check = () => true;
  async run(m: LimitModel, r: LimitReal): Promise<void> {
    await r.bo.tick([r.saleId]);
    for (const u of LIMIT_USERS) {
      const settled = await r.bo.purchaseLimit.settle(userOf(r, u), r.saleId);
      assert.equal(settled, await live(r, m.holds[u]!), `[purchase-limit] after tick, ${u}: settled allowance differs from the seats that count`);
    }
    await invariants(m, r, 'tick');
  }
  toString = () => 'tick';
}

const userArb = fc.constantFrom(...LIMIT_USERS);
const seatsArb = fc.uniqueArray(fc.integer({ min: 1, max: SEATS }), { minLength: 1, maxLength: 3 });
const commandArbs: fc.Arbitrary<LimitCommand>[] = [
  fc.tuple(userArb, seatsArb).map(([u, s]) => new HoldCommand(u, s)),
  fc.tuple(userArb, seatsArb).map(([u, s]) => new HoldCommand(u, s)),
  fc.tuple(userArb, fc.nat(5)).map(([u, i]) => new CancelCommand(u, i)),
  fc.tuple(userArb, fc.nat(5)).map(([u, i]) => new PayCommand(u, i)),
  fc.constantFrom(1_000, 10_000, 30_000, 35_000).map((ms) => new AdvanceCommand(ms)),
  fc.constant(new TickCommand()),
];

/** Sequential: random hold, cancel, pay, clock and tick commands; every purchase_limit is exactly the oracle's. */
export function purchaseLimitModelProperty(target: QueuePropertyTarget, maxCommands = 30) {
  return fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.commands(commandArbs, { maxCommands }), async (limit, cmds) => {
    if (target.reset) await target.reset();
    const clock = new ManualClock(KIT_EPOCH);
    const real = await setUp(target.store, limit, clock);
    await fc.asyncModelRun(() => ({ model: { limit, holds: { p0: [], p1: [] } }, real }), cmds);
  });
}

/**
 * Concurrent: one buyer on two hosts fires holds, cancels and payments of them at once, fc.scheduler
 * ordering every store call; the seats held never pass the limit, the allowance covers them, and the
 * one session buys at most once (of racing payments at most one completes, one debit).
 */
export function purchaseLimitSchedulerProperty(target: QueuePropertyTarget) {
  const opArb = fc.oneof(
    { weight: 3, arbitrary: seatsArb.map((seats) => ({ seats })) },
    { weight: 1, arbitrary: fc.nat(5).map((cancel) => ({ cancel })) },
    { weight: 2, arbitrary: fc.nat(5).map((pay) => ({ pay })) },
  );
  return fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 3 }), fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }), async (s, limit, programs) => {
    if (target.reset) await target.reset();
    const clock = new ManualClock(KIT_EPOCH);
    const real = await setUp(target.store, limit, clock);
    const store = interceptStore(target.store, async (call, run) => {
      await s.schedule(Promise.resolve(), `${call.port}.${call.method}`);
      return run();
    });
    const hosts = [0, 1].map((i) => createBoxoffice({ store, clock, ids: new SequenceIds(`${real.saleId}h${i}`), config: CONFIG }));
    const userId = userOf(real, 'p0');
    const s0 = real.sessions.get(userId)!;
    const made: string[] = [];
    const paid = new Set<string>();
    const runs = programs.map(async (ops, i) => {
      for (const op of ops) {
        const bo = hosts[i % 2]!;
        if ('seats' in op) {
          const { value, code } = await codeOf(() => bo.reservations.hold(s0, real.scheduleId, op.seats));
          assert.ok(code === null || code === 'purchase_limit' || code === 'seat_unavailable' || code === 'token_expired', `unexpected ${code}`);
          if (value) made.push(value.id);
        } else if (made.length === 0) {
          continue;
        } else if ('cancel' in op) {
          const { code } = await codeOf(() => bo.reservations.cancel(userId, made[op.cancel % made.length]!));
          assert.ok(code === null || code === 'payment_in_progress' || code === 'reservation_not_held', `unexpected cancel ${code}`);
        } else {
          const { value, code } = await codeOf(() => bo.payments.pay(s0, made[op.pay % made.length]!));
          assert.ok(code === null || PAY_REFUSALS.has(code), `unexpected pay ${code}`);
          if (value) paid.add(value.id);
        }
      }
    });
    await s.waitFor(Promise.all(runs));
    assert.ok(paid.size <= 1, `one session completed ${paid.size} payments`);
    const debits = (await real.bo.wallet.balance(userId, 100, null)).entries.filter((e) => e.type === 'payment');
    assert.equal(debits.length, paid.size, `${debits.length} debits for ${paid.size} completed payments`);
    await invariants({ limit, holds: { p0: made, p1: [] } }, real, 'the scheduled run');
  });
}

/** What a racing payment of one session may be told: another payment of it went first, or the hold moved on. */
const PAY_REFUSALS = new Set(['session_used', 'token_expired', 'payment_in_progress', 'payment_aborted', 'reservation_not_held', 'hold_expired', 'insufficient_balance']);
