import assert from 'node:assert/strict';
import type { Boxoffice } from '../boxoffice.js';
import type { ConcertPrimitives } from '../catalog/concert.js';
import type { PaymentPrimitives } from '../payment/payment.js';
import { isNeverRecorded } from '../payment/payment.js';
import type { TakenSeat } from '../reservation/reservation.js';
import type { BoxofficeConfig } from '../shared/config.js';
import type { DomainError, ErrorCode } from '../shared/errors.js';
import { isDomainError } from '../shared/errors.js';
import type { SessionRef } from '../shared/session.js';
import type { LedgerEntry } from '../wallet/ledger-entry.js';
import { signedAmount } from '../wallet/ledger-entry.js';
import type { CheckContext } from './check.js';

/** Asserts that `action` fails with a DomainError of `code`, and returns it. */
export async function rejectsWith(action: Promise<unknown> | (() => Promise<unknown>), code: ErrorCode, what = ''): Promise<DomainError> {
  let outcome: unknown;
  try {
    outcome = await (typeof action === 'function' ? action() : action);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    assert.equal(error.code, code, `${what}: expected ${code}, got ${error.code} (${error.message})`);
    return error;
  }
  return assert.fail(`${what}: expected ${code}, but it succeeded with ${JSON.stringify(outcome)}`);
}

/** The DomainError code of each rejected outcome; fulfilled ones are counted separately. */
export function tally<T>(results: PromiseSettledResult<T>[]): { ok: T[]; codes: string[] } {
  const ok: T[] = [];
  const codes: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') ok.push(r.value);
    else if (isDomainError(r.reason)) codes.push(r.reason.code);
    else throw r.reason;
  }
  return { ok, codes };
}

export const seatPrice = (n: number): number => 1000 + n;

export function concert(ctx: CheckContext, seats = 20, schedules = 1): ConcertPrimitives {
  return {
    id: `${ctx.tag}c`,
    name: `Kit concert ${ctx.tag}`,
    venue: 'Kit Hall',
    schedules: Array.from({ length: schedules }, (_, i) => ({
      id: `${ctx.tag}s${i + 1}`,
      concertId: `${ctx.tag}c`,
      startsAt: new Date(Date.UTC(2027, 5, 1 + i, 19)).toISOString(),
      seats: Array.from({ length: seats }, (_, j) => ({ number: j + 1, price: seatPrice(j + 1), grade: j < 5 ? 'VIP' : null })),
    })),
  };
}

export interface Shopper {
  readonly userId: string;
  readonly token: string;
  readonly session: SessionRef;
}

/** Enters users one after another (their entry order is this order). */
export async function enterUsers(bo: Boxoffice, ctx: CheckContext, names: ReadonlyArray<string | number>): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  for (const name of names) {
    const userId = ctx.user(name);
    const { status } = await bo.queue.enter(ctx.queueId, userId);
    shoppers.push({ userId, token: status.token, session: { queueId: ctx.queueId, token: status.token, userId } });
  }
  return shoppers;
}

export const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => i + from);

export interface Sale {
  readonly bo: Boxoffice;
  readonly scheduleId: string;
  readonly concertId: string;
  readonly shoppers: Shopper[];
}

/** A published concert and `users` shoppers, all admitted (active). */
export async function openSale(
  ctx: CheckContext,
  options: { config?: Partial<BoxofficeConfig>; seats?: number; users?: number } = {},
): Promise<Sale> {
  const bo = ctx.boxoffice(options.config);
  const c = concert(ctx, options.seats ?? 20);
  await bo.catalog.publish([c]);
  const shoppers = await enterUsers(bo, ctx, range(options.users ?? 1));
  await bo.queue.tick(ctx.queueId);
  for (const s of shoppers) await bo.queue.requireActive(ctx.queueId, s.token, s.userId);
  return { bo, scheduleId: c.schedules[0]!.id, concertId: c.id, shoppers };
}

/** The whole ledger, newest first, read page by page. */
export async function fullLedger(bo: Boxoffice, userId: string): Promise<{ balance: number; entries: LedgerEntry[] }> {
  const entries: LedgerEntry[] = [];
  let cursor: string | null = null;
  let balance = 0;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await bo.wallet.balance(userId, 100, cursor);
    if (pages === 0) balance = page.balance;
    entries.push(...page.entries);
    cursor = page.nextCursor;
    if (cursor === null) return { balance, entries };
  }
  return assert.fail('history paging did not end');
}

/** Balance equals the ledger sum, and every entry's balanceAfter chains onto the one before. */
export function assertLedgerConsistent(ledger: { balance: number; entries: readonly LedgerEntry[] }, what = 'ledger'): void {
  const sum = ledger.entries.reduce((s, e) => s + signedAmount(e), 0);
  assert.equal(ledger.balance, sum, `${what}: balance ${ledger.balance} differs from the ledger sum ${sum}`);
  assert.ok(ledger.balance >= 0, `${what}: negative balance ${ledger.balance}`);
  const oldestFirst = [...ledger.entries].reverse();
  let running = 0;
  for (const e of oldestFirst) {
    assert.ok(Number.isSafeInteger(e.amount) && e.amount > 0, `${what}: entry amount must be positive, got ${e.amount}`);
    running += signedAmount(e);
    assert.equal(e.balanceAfter, running, `${what}: entry ${e.id} says balanceAfter ${e.balanceAfter}, the ledger says ${running}`);
  }
  assert.equal(new Set(ledger.entries.map((e) => e.id)).size, ledger.entries.length, `${what}: duplicate entry ids`);
}

/**
 * Stored state around one shopper, read without side effects (no heartbeat):
 * compare before and after an operation that must change nothing.
 */
export async function snapshot(
  ctx: CheckContext,
  bo: Boxoffice,
  who: Shopper,
  scheduleId?: string,
  reservationId?: string,
): Promise<unknown> {
  const view = await ctx.store.queue.view(ctx.queueId, who.token);
  return {
    wallet: await fullLedger(bo, who.userId),
    token: view ? { state: view.token.state, position: view.position } : null,
    taken: scheduleId === undefined ? null : await sortedTaken(ctx, scheduleId),
    reservation: reservationId === undefined ? null : await ctx.store.inventory.get(reservationId),
    payment: reservationId === undefined ? null : await ctx.store.payments.findByReservation(who.userId, reservationId),
    // A refused pay leaves its tracked id, listed as never recorded until the sweep aborts it: not a payment.
    unsettled: (await ctx.store.payments.listUnsettled(Number.MAX_SAFE_INTEGER, 1000)).filter((p) => !isNeverRecorded(p)),
  };
}

/** The schedule's taken seats at the clock's now, sorted (the port promises no order). */
export async function sortedTaken(ctx: CheckContext, scheduleId: string): Promise<TakenSeat[]> {
  const taken = await ctx.store.inventory.takenSeats(scheduleId, ctx.clock.now());
  return [...taken].sort((a, b) => a.number - b.number || a.reservationId.localeCompare(b.reservationId));
}

/** The state of a token as stored, without a heartbeat. */
export async function tokenState(ctx: CheckContext, token: string, queueId = ctx.queueId): Promise<string | null> {
  return (await ctx.store.queue.view(queueId, token))?.token.state ?? null;
}

/** A small deterministic generator, so a race is the same race on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A pending payment as core records it, at the clock's now. */
export function pendingPayment(
  ctx: CheckContext,
  p: Pick<PaymentPrimitives, 'id' | 'userId' | 'reservationId' | 'queueId' | 'token' | 'amount'>,
): PaymentPrimitives {
  const now = ctx.clock.now();
  return { ...p, state: 'pending', idempotencyKey: null, createdAt: now, updatedAt: now, failure: null };
}
