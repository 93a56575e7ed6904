import type { Check } from './audit.js';
import { SALE_ID, SCHEDULE_ID } from './catalog.js';
import type { FeedEvent } from './replay.js';
import type { Ledger } from './user.js';

/**
 * The waiting list, from the domain events and what the crowd saw: every seat released after the
 * sell-out went to the list, in order. In feed order (the schedule's and the sale's changes in order):
 * - no seat is in two live offers, and nobody holds two (an offer lives from its waitlist.offered to
 *   its reservation's release: offer_expired, or a refund once paid);
 * - offers go in join order: whoever's join was answered before another's was sent had their first
 *   offer first, or within a second after (two hosts claim in order but may open in either); someone
 *   who gave up and left is out from then on;
 * - no ordinary hold of the schedule while someone waited (joined, not yet offered, not left), so no
 *   released seat became free to anyone else;
 * - every offer went to someone on the list.
 */
/** Offers opened this close together may have been claimed in either order (claimed in order, opened by two hosts at once). */
const CONCURRENT_OPEN_MS = 1_000;

export function waitlistCheck(feed: readonly FeedEvent[], ledger: Ledger): Check {
  const bad: string[] = [];
  const people = new Map(ledger.waitlist.map((w) => [w.userId, w]));
  const seatOf = new Map<string, readonly number[]>();
  const offerIds = new Set<string>();
  // When each person's first offer opened: two hosts place offers at once, so an offer claimed first may open a moment later.
  const firstOpenedAt = new Map<string, number>();
  for (const e of feed) {
    if (e.type !== 'waitlist.offered' || e.saleId !== SALE_ID) continue;
    offerIds.add(String(e.data.reservationId));
    if (!firstOpenedAt.has(e.userId!)) firstOpenedAt.set(e.userId!, e.at);
  }
  const liveBySeat = new Map<number, string>();
  const liveByUser = new Map<string, string>();
  const firstOffer = new Map<string, number>();
  let offers = 0;
  let releasedToList = 0;
  for (const [i, e] of feed.entries()) {
    const d = e.data as { reservationId?: string; seats?: readonly number[]; reason?: string };
    if (e.type === 'reservation.held' && e.scheduleId === SCHEDULE_ID) {
      seatOf.set(d.reservationId!, d.seats ?? []);
      if (offerIds.has(d.reservationId!)) continue;
      const waiting = [...people.values()].filter((w) => w.joinedAt < e.at && (firstOffer.get(w.userId) ?? Infinity) > i && (w.leftAt ?? Infinity) > e.at);
      if (waiting.length > 0) bad.push(`ordinary hold ${d.reservationId} of seats ${d.seats?.join(',')} while ${waiting.length} waited (e.g. ${waiting[0]!.userId})`);
    } else if (e.type === 'reservation.released') {
      for (const s of seatOf.get(d.reservationId!) ?? []) if (liveBySeat.get(s) === d.reservationId) liveBySeat.delete(s);
      for (const [u, r] of liveByUser) if (r === d.reservationId) liveByUser.delete(u);
      if (d.reason === 'refund' || d.reason === 'offer_expired') releasedToList += 1;
    } else if (e.type === 'waitlist.offered' && e.saleId === SALE_ID) {
      offers += 1;
      const id = String(d.reservationId);
      const userId = e.userId!;
      if (!people.has(userId)) bad.push(`offer ${id} to ${userId}, who is not on the crowd's list`);
      for (const s of seatOf.get(id) ?? []) {
        if (liveBySeat.has(s)) bad.push(`seat ${s} offered to ${userId} while offer ${liveBySeat.get(s)} lives`);
        liveBySeat.set(s, id);
      }
      if (liveByUser.has(userId)) bad.push(`${userId} got offer ${id} holding ${liveByUser.get(userId)}`);
      liveByUser.set(userId, id);
      if (!firstOffer.has(userId)) {
        firstOffer.set(userId, i);
        const me = people.get(userId);
        const skipped = me ? [...people.values()].filter((w) => w.joinedAt < me.joinSentAt && !firstOffer.has(w.userId) && (firstOpenedAt.get(w.userId) ?? Infinity) > e.at + CONCURRENT_OPEN_MS && (w.leftAt ?? Infinity) > e.at) : [];
        if (skipped.length > 0) bad.push(`${userId} offered before ${skipped.length} who joined earlier (e.g. ${skipped[0]!.userId})`);
      }
    }
  }
  return {
    name: 'every seat released after the sell-out went to the waiting list, in order',
    ok: bad.length === 0,
    detail: bad.length === 0 ? `${ledger.waitlist.length} joined, ${offers} offers (${firstOffer.size} people), ${releasedToList} seats released by refund or lapse` : bad.slice(0, 3).join('; '),
  };
}
