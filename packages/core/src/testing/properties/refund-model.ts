import assert from 'node:assert/strict';
import { createBoxoffice, type Boxoffice } from '../../boxoffice.js';
import type { RefundActor } from '../../payment/refund-service.js';
import type { BoxofficeConfig } from '../../shared/config.js';
import { isDomainError } from '../../shared/errors.js';
import type { SessionRef } from '../../shared/session.js';
import type { BoxofficeStore } from '../../shared/store.js';
import type { ManualClock } from '../clock.js';
import { assertLedgerConsistent, fullLedger } from '../fixtures.js';
import { SequenceIds } from '../ids.js';
import { buyerSession } from './buyer-session.js';
import { freshRunTag } from './run-config.js';

// The model and oracle of the refund properties (SPEC "Refunds"): three buyers, four seats of one
// schedule, buys that collide on seats and refunds that collide on payments. The model keeps what
// was bought and what the calls saw; the oracle reads the store back after every command.

export const REFUND_USERS = ['b0', 'b1', 'b2'] as const;
/** The seats buys pick from. */
export const REFUND_SEATS = 4;
const FUNDS = 10_000;
export const REFUND_WINDOW_MS = 3_600_000;
export const REFUND_CONFIG: Partial<BoxofficeConfig> = {
  holdTtl: 60,
  sessionTtl: 36_000,
  maxActive: 100,
  admitPerMinute: 1_000,
  paymentRecoveryTimeout: 10,
  tickBatch: 100,
};

export interface ModelPayment {
  readonly id: string;
  readonly user: string;
  readonly reservationId: string;
  readonly amount: number;
  readonly seats: readonly number[];
}

export interface RefundModel {
  /** Completed payments, in the order bought. */
  readonly payments: ModelPayment[];
  /** Payments some call saw fenced (a refund stored): it never goes away. */
  readonly fenced: Set<string>;
  /** Payments some call saw refunded (completed): it stays completed. */
  readonly refunded: Set<string>;
  readonly refundUntil: number;
}

export interface RefundReal {
  readonly store: BoxofficeStore;
  /** The run's host on the clean store; commands make more hosts (`host`) for races and faults. */
  readonly bo: Boxoffice;
  readonly clock: ManualClock;
  readonly tag: string;
  readonly saleId: string;
  readonly scheduleId: string;
  readonly sessions: Map<string, SessionRef>;
  hosts: number;
}

/** One more Boxoffice on `store` (default: the run's), with ids of its own. */
export function host(r: RefundReal, store: BoxofficeStore = r.store, config: Partial<BoxofficeConfig> = {}): Boxoffice {
  r.hosts += 1;
  return createBoxoffice({ store, clock: r.clock, ids: new SequenceIds(`${r.tag}h${r.hosts}`), config: { ...REFUND_CONFIG, ...config } });
}

export const userOf = (r: RefundReal, u: string): string => `${r.tag}${u}`;

export function actorOf(r: RefundReal, kind: ActorKind, payer: string): RefundActor {
  if (kind === 'operator') return { userId: `${r.tag}op`, operator: true };
  if (kind === 'payer') return { userId: userOf(r, payer), operator: false };
  // Another buyer, naming the payer: refused, whatever the time.
  const other = REFUND_USERS[(REFUND_USERS.indexOf(payer as (typeof REFUND_USERS)[number]) + 1) % REFUND_USERS.length]!;
  return { userId: userOf(r, other), operator: false };
}

export type ActorKind = 'payer' | 'operator' | 'stranger';

/** A sale of one four-seat schedule taking refunds for an hour, and three funded buyers. */
export async function setUpRefunds(store: BoxofficeStore, clock: ManualClock): Promise<{ model: RefundModel; real: RefundReal }> {
  const tag = freshRunTag();
  const bo = createBoxoffice({ store, clock, ids: new SequenceIds(tag), config: REFUND_CONFIG });
  const scheduleId = `${tag}s`;
  await bo.catalog.publish([
    {
      id: `${tag}c`,
      name: 'Refund concert',
      // One seat more than the buys pick: the sale never sells out, which would seal its queue and end the buying.
      schedules: [{ id: scheduleId, startsAt: '2027-06-01T19:00:00Z', seats: Array.from({ length: REFUND_SEATS + 1 }, (_, i) => ({ number: i + 1, price: 10 * (i + 1) })) }],
    },
  ]);
  const saleId = `${tag}q`;
  const refundUntil = clock.now() + REFUND_WINDOW_MS;
  await bo.sales.create({ id: saleId, scheduleIds: [scheduleId], settings: { refundUntil: new Date(refundUntil).toISOString(), maxSeatsPerUser: 100 } });
  for (const u of REFUND_USERS) await bo.wallet.charge(`${tag}${u}`, FUNDS);
  const real: RefundReal = { store, bo, clock, tag, saleId, scheduleId, sessions: new Map(), hosts: 0 };
  return { model: { payments: [], fenced: new Set(), refunded: new Set(), refundUntil }, real };
}

/** Holds and pays `seats` for buyer `u`; null when a seat is taken. */
export async function buy(m: RefundModel, r: RefundReal, u: string, seats: readonly number[]): Promise<ModelPayment | null> {
  const s = await buyerSession(r, userOf(r, u));
  let hold;
  try {
    hold = await r.bo.reservations.hold(s, r.scheduleId, [...seats]);
  } catch (error) {
    if (isDomainError(error, 'seat_unavailable')) return null;
    throw error;
  }
  const p = await r.bo.payments.pay(s, hold.id);
  assert.equal(p.state, 'completed', `[refund] buy(${u}): payment ${p.state}`);
  const bought = { id: p.id, user: u, reservationId: hold.id, amount: p.amount, seats: [...seats] };
  m.payments.push(bought);
  return bought;
}

/** Everything a refused refund must leave as it was: ledgers, reservations, seats, refunds, payments. */
export async function refundSnapshot(m: RefundModel, r: RefundReal): Promise<string> {
  const ledgers = await Promise.all(REFUND_USERS.map((u) => fullLedger(r.bo, userOf(r, u))));
  const rows = [];
  for (const p of m.payments) {
    const userId = userOf(r, p.user);
    rows.push([await r.store.inventory.get(p.reservationId), await r.store.refunds.findByPayment(userId, p.id), await r.store.payments.get(userId, p.id)]);
  }
  const taken = [...(await r.store.inventory.takenSeats(r.scheduleId, r.clock.now()))].sort((a, b) => a.number - b.number);
  return JSON.stringify({ ledgers, rows, taken });
}

/**
 * After every command: each buyer's balance equals their ledger and the model's money (funds, less
 * payments, plus completed refunds); a payment has at most one refund, credited at most once; a
 * completed refund's seats are free and its reservation refunded; an unrefunded payment's seats sold.
 */
export async function assertRefundInvariants(m: RefundModel, r: RefundReal, label: string): Promise<void> {
  const taken = await r.store.inventory.takenSeats(r.scheduleId, r.clock.now());
  for (const u of REFUND_USERS) {
    const userId = userOf(r, u);
    const ledger = await fullLedger(r.bo, userId);
    assertLedgerConsistent(ledger, `[refund] after ${label}, ${u}`);
    const credits = new Map<string, number>();
    for (const e of ledger.entries) if (e.type === 'refund') credits.set(e.ref, (credits.get(e.ref) ?? 0) + 1);
    let expected = FUNDS;
    const completedIds = new Set<string>();
    for (const p of m.payments.filter((x) => x.user === u)) {
      const at = `[refund] after ${label}, ${u}'s payment ${p.id}`;
      expected -= p.amount;
      const refund = await r.store.refunds.findByPayment(userId, p.id);
      const reservation = await r.store.inventory.get(p.reservationId);
      const mine = taken.filter((t) => t.reservationId === p.reservationId);
      assert.equal((await r.store.payments.get(userId, p.id))?.state, 'completed', `${at}: the payment itself stands`);
      if (m.fenced.has(p.id)) assert.ok(refund, `${at}: a fenced refund disappeared`);
      if (m.refunded.has(p.id)) assert.equal(refund?.state, 'completed', `${at}: a completed refund went back`);
      if (reservation?.state === 'refunded') assert.deepEqual(mine, [], `${at}: a refunded reservation's seats are still taken`);
      if (refund?.state === 'completed') {
        assert.deepEqual([refund.amount, refund.reservationId], [p.amount, p.reservationId], `${at}: refund record`);
        assert.equal(credits.get(refund.id), 1, `${at}: credited ${credits.get(refund.id) ?? 0} times`);
        assert.equal(reservation?.state, 'refunded', `${at}: reservation ${reservation?.state} after the refund completed`);
        expected += p.amount;
        completedIds.add(refund.id);
      } else {
        if (refund) assert.equal(credits.get(refund.id), undefined, `${at}: a pending refund was credited`);
        if (!refund) assert.equal(reservation?.state, 'confirmed', `${at}: reservation ${reservation?.state} without a refund`);
        // Pending: the seats go before the money, so they may be sold or already free.
        if (!refund || reservation?.state === 'confirmed') {
          assert.deepEqual(mine.map((t) => [t.number, t.state]).sort(), p.seats.map((n) => [n, 'sold']).sort(), `${at}: the paid seats are not sold`);
        }
      }
    }
    const stray = [...credits.keys()].filter((ref) => !completedIds.has(ref));
    assert.deepEqual(stray, [], `[refund] after ${label}, ${u}: refund entries of no completed refund of a payment (a second refund of one payment?)`);
    assert.equal(ledger.balance, expected, `[refund] after ${label}, ${u}: balance ${ledger.balance}, the model says ${expected}`);
  }
}

/** The code of a DomainError, else rethrows. */
export function codeOfRejection(result: PromiseSettledResult<unknown>): string | null {
  if (result.status === 'fulfilled') return null;
  if (isDomainError(result.reason)) return result.reason.code;
  throw result.reason;
}
