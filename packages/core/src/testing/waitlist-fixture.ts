import type { Boxoffice } from '../boxoffice.js';
import type { ReservationPrimitives } from '../reservation/reservation.js';
import type { SessionRef } from '../shared/session.js';
import type { BoxofficeStore } from '../shared/store.js';

/**
 * A sold-out sale with two ways for a seat to come back after the sell-out.
 * Its first `bought` seats are bought for real (a queue session, a hold, a
 * payment, one buyer each): `refund(seat)` refunds one as an operator would
 * (reason refund). Its `dying` last seats are held by claims of aborted
 * payments (dead claims): `release(seat)` frees one the way the payment
 * recovery does (`inventory.release` of a lapsed claim: reason dead_claim).
 * A sale with dying seats counts them as held, so the list is made active
 * here through its port, as the tick does at sold out. The seats between
 * are sold straight through the ports: cheap, and any adapter.
 */
export interface DyingSale {
  readonly saleId: string;
  readonly scheduleId: string;
  readonly seats: number;
  /** Seats still held by a dead claim. */
  readonly dying: ReadonlySet<number>;
  /** Frees one dying seat (no-op for another); true when it was freed. */
  release(seat: number): Promise<boolean>;
  /** Bought seats not yet refunded, with their buyer and payment. */
  readonly bought: ReadonlyMap<number, { readonly userId: string; readonly paymentId: string }>;
  /** An operator refunds one bought seat (no-op for another); true when it was refunded. */
  refund(seat: number): Promise<boolean>;
  /** The queue tokens of `admit`, active since before the sell-out (active sessions run on after it). */
  readonly tokens: ReadonlyMap<string, string>;
}

export interface DyingSaleOptions {
  readonly tag: string;
  readonly seats: number;
  readonly dying: number;
  /** The first seats, bought through the queue and a payment (refundable); default none. */
  readonly bought?: number;
  /** Users let into the sale's queue before it sells out: outsiders with an active session. */
  readonly admit?: readonly string[];
  readonly price?: number;
  readonly offerTtlSeconds?: number;
  readonly maxSeatsPerUser?: number;
}

export async function dyingSale(bo: Boxoffice, o: DyingSaleOptions): Promise<DyingSale> {
  const store: BoxofficeStore = bo.store;
  const now = () => bo.options.clock.now();
  const scheduleId = `${o.tag}ws`;
  const saleId = `${o.tag}wq`;
  await bo.catalog.publish([
    {
      id: `${o.tag}wc`,
      name: 'Waiting-list concert',
      schedules: [{ id: scheduleId, startsAt: '2027-06-01T19:00:00Z', seats: Array.from({ length: o.seats }, (_, i) => ({ number: i + 1, price: o.price ?? 10 })) }],
    },
  ]);
  await bo.sales.create({ id: saleId, scheduleIds: [scheduleId], settings: { offerTtlSeconds: o.offerTtlSeconds ?? 60, maxSeatsPerUser: o.maxSeatsPerUser ?? 4 } });
  const tokens = new Map<string, string>();
  for (const userId of o.admit ?? []) tokens.set(userId, (await admitted(bo, saleId, userId)).token);
  const bought = new Map<number, { userId: string; paymentId: string }>();
  for (let seat = 1; seat <= (o.bought ?? 0); seat++) bought.set(seat, await buySeat(bo, saleId, scheduleId, `${o.tag}buyer${seat}`, seat));
  const dying = new Map<number, { reservation: ReservationPrimitives; paymentId: string }>();
  for (let seat = (o.bought ?? 0) + 1; seat <= o.seats; seat++) {
    const owner = `${o.tag}owner${seat}`;
    const r: ReservationPrimitives = {
      id: `${scheduleId}.${o.tag}r${seat}`,
      userId: owner,
      scheduleId,
      seats: [seat],
      amount: o.price ?? 10,
      state: 'held',
      createdAt: now(),
      expiresAt: now() + 1_000,
      paymentId: null,
    };
    const paymentId = `${o.tag}p${seat}`;
    await store.inventory.hold(r, now());
    await store.inventory.claim(r.id, paymentId, now());
    if (seat <= o.seats - o.dying) {
      await store.inventory.confirm(r.id, paymentId, now());
    } else {
      const at = now();
      await store.payments.create({ id: paymentId, userId: owner, reservationId: r.id, queueId: saleId, token: `${saleId}.${o.tag}t${seat}`, amount: r.amount, state: 'pending', idempotencyKey: null, createdAt: at, updatedAt: at, failure: null });
      await store.payments.abort(owner, paymentId, 'kit', at);
      dying.set(seat, { reservation: r, paymentId });
    }
  }
  const gen = await store.waitlist.activate(saleId, now());
  await store.inventory.setWaitlistMode(scheduleId, saleId, true, gen);
  const alive = new Set(dying.keys());
  return {
    saleId,
    scheduleId,
    seats: o.seats,
    dying: alive,
    async release(seat) {
      const d = dying.get(seat);
      if (!d || !alive.has(seat)) return false;
      // A release at or after the claim's expiry ends it (dead_claim), as the recovery does.
      await store.inventory.release(d.reservation.id, d.paymentId, Math.max(now(), d.reservation.expiresAt));
      alive.delete(seat);
      return true;
    },
    bought,
    tokens,
    async refund(seat) {
      const b = bought.get(seat);
      if (!b) return false;
      await bo.refunds.refund({ userId: `${o.tag}operator`, operator: true }, b.userId, b.paymentId);
      bought.delete(seat);
      return true;
    },
  };
}

/** An active session of the sale (its queue admits at once: default settings, a fresh sale). */
async function admitted(bo: Boxoffice, saleId: string, userId: string): Promise<SessionRef> {
  const { status } = await bo.queue.enter(saleId, userId);
  await bo.queue.tick(saleId);
  return { queueId: saleId, token: status.token, userId };
}

/** One seat bought the way a buyer does: enter the sale's queue, be admitted, hold, pay. */
async function buySeat(bo: Boxoffice, saleId: string, scheduleId: string, userId: string, seat: number): Promise<{ userId: string; paymentId: string }> {
  const session = await admitted(bo, saleId, userId);
  const r = await bo.reservations.hold(session, scheduleId, [seat]);
  await bo.wallet.charge(userId, r.amount);
  const paid = await bo.payments.pay(session, r.id);
  return { userId, paymentId: paid.id };
}
