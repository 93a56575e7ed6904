import type { UserApi } from './api.js';

/** A domain event as GET /v1/admin/events serves it (docs/events.md). */
export interface FeedEvent {
  readonly id: string;
  readonly type: string;
  readonly at: number;
  readonly saleId: string | null;
  readonly userId: string | null;
  readonly scheduleId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What the events alone say the end state is. */
export interface Replayed {
  /** Seats of the schedule taken when the seat map was read: sold, or held by a live hold. */
  readonly taken: Set<number>;
  readonly sold: Set<number>;
  /** Seats that two completed payments sold. */
  readonly soldTwice: number[];
  readonly balances: Map<string, number>;
  /** wallet.charged events whose balance disagrees with the replay before them. */
  readonly chargeMismatches: string[];
  readonly paymentsCompleted: number;
  /** refund.completed events, and the reservations whose seats a refund released. */
  readonly refundsCompleted: number;
  readonly refundedReservations: Set<string>;
  readonly events: number;
}

/** The whole feed, through an operator's bearer, a page at a time. */
export async function readFeed(operator: UserApi, limit = 500): Promise<FeedEvent[]> {
  const out: FeedEvent[] = [];
  let after = '';
  for (;;) {
    const r = await operator.call<{ events: FeedEvent[]; next: string }>('GET', `/v1/admin/events?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    if (r.status !== 200) throw new Error(`GET /v1/admin/events answered ${r.status}`);
    if (r.body.events.length === 0) return out;
    out.push(...r.body.events);
    after = r.body.next;
  }
}

/**
 * Replays the events in feed order (the feed keeps change order within a
 * schedule and within a user, which is all this needs): holds and releases
 * move seats, a completed payment sells its reservation's seats and takes its
 * amount from the wallet, a charge (and a refund) adds to it; a release for a
 * refund frees the seats its payment sold. `readAt` is when
 * the seat map was read: a hold that had lapsed by then, and was not yet swept
 * (no release event yet), no longer takes its seats.
 */
export function replay(events: readonly FeedEvent[], scheduleId: string, readAt: number): Replayed {
  const holds = new Map<string, { seats: readonly number[]; expiresAt: number }>();
  const sold = new Set<number>();
  const soldTwice: number[] = [];
  const balances = new Map<string, number>();
  const chargeMismatches: string[] = [];
  let paymentsCompleted = 0;
  let refundsCompleted = 0;
  const refundedReservations = new Set<string>();
  // The seats each completed payment sold, by reservation: a refund's release gives them back.
  const soldBy = new Map<string, readonly number[]>();
  const add = (userId: string, amount: number) => balances.set(userId, (balances.get(userId) ?? 0) + amount);
  for (const e of events) {
    // The fields the replay reads; each event type has the ones it uses (docs/events.md).
    const d = e.data as unknown as { reservationId: string; seats: readonly number[]; expiresAt: number; amount: number; balance: number; reason: string };
    switch (e.type) {
      case 'reservation.held':
        if (e.scheduleId === scheduleId) holds.set(d.reservationId, { seats: d.seats, expiresAt: d.expiresAt });
        break;
      case 'reservation.released':
        holds.delete(d.reservationId);
        if (d.reason === 'refund') {
          refundedReservations.add(d.reservationId);
          for (const s of soldBy.get(d.reservationId) ?? []) sold.delete(s);
          soldBy.delete(d.reservationId);
        }
        break;
      case 'payment.completed': {
        paymentsCompleted += 1;
        add(e.userId!, -d.amount);
        const hold = holds.get(d.reservationId);
        holds.delete(d.reservationId);
        if (e.scheduleId !== scheduleId) break;
        soldBy.set(d.reservationId, hold?.seats ?? []);
        for (const s of hold?.seats ?? []) {
          if (sold.has(s)) soldTwice.push(s);
          sold.add(s);
        }
        break;
      }
      case 'wallet.charged':
        add(e.userId!, d.amount);
        if (balances.get(e.userId!) !== d.balance) chargeMismatches.push(`${e.userId}: charged to ${d.balance}, replayed ${balances.get(e.userId!)}`);
        break;
      case 'refund.completed':
        refundsCompleted += 1;
        add(e.userId!, d.amount);
        break;
    }
  }
  const taken = new Set(sold);
  for (const h of holds.values()) if (h.expiresAt > readAt) h.seats.forEach((s) => taken.add(s));
  return { taken, sold, soldTwice, balances, chargeMismatches, paymentsCompleted, refundsCompleted, refundedReservations, events: events.length };
}

/** Where two seat sets differ, for a check's detail. */
export function seatDiff(expected: ReadonlySet<number>, actual: ReadonlySet<number>): string {
  const extra = [...actual].filter((s) => !expected.has(s));
  const missing = [...expected].filter((s) => !actual.has(s));
  return extra.length + missing.length === 0 ? '' : `; the map has ${extra.slice(0, 5).join(',') || 'none'} more, ${missing.slice(0, 5).join(',') || 'none'} fewer`;
}
