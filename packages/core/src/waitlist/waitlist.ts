import { reservationId } from '../reservation/reservation.js';

/**
 * A place on a sale's waiting list (SPEC "Refunds and the waiting list"):
 * waiting → offered → purchased | expired, and waiting | offered → left.
 * While an offer is being placed (pending) the place stays `waiting` but is
 * out of line: the next offer goes to the person behind.
 */
export type WaitlistState = 'waiting' | 'offered' | 'purchased' | 'expired' | 'left';

/** An offer: one released seat, held in the name of one person for the sale's offerTtlSeconds. */
export interface WaitlistOffer {
  /** Unique; the offer hold's reservation id is `<scheduleId>.<id>`. */
  readonly id: string;
  readonly scheduleId: string;
  readonly seat: number;
  /** pending: recorded in the list, its hold not yet confirmed placed; open: held, shown to the person. */
  readonly state: 'pending' | 'open';
  readonly createdAt: number;
  /** Set once open: when the hold lapses. */
  readonly expiresAt: number | null;
}

export interface WaitlistEntry {
  readonly saleId: string;
  readonly userId: string;
  /** Arrival order in the list: a place undone after a failed offer goes back to it. */
  readonly seq: number;
  readonly state: WaitlistState;
  readonly joinedAt: number;
  readonly endedAt: number | null;
  /** The live (pending or open) offer, or the last one once the place ended by it. */
  readonly offer: WaitlistOffer | null;
}

/** What a person sees: `GET /v1/sales/{saleId}/waitlist/me`. */
export interface WaitlistStatus {
  readonly saleId: string;
  readonly state: WaitlistState;
  /** 1-based among the people waiting without an offer; null otherwise. */
  readonly position: number | null;
  /** The offer hold, while offered (and after, for a purchased or expired one). */
  readonly reservationId: string | null;
  /** ISO 8601: when the offer lapses. */
  readonly expiresAt: string | null;
}

export function offerReservationId(offer: Pick<WaitlistOffer, 'id' | 'scheduleId'>): string {
  return reservationId(offer.scheduleId, offer.id);
}

export function toWaitlistStatus(entry: WaitlistEntry, position: number | null): WaitlistStatus {
  const offer = entry.offer;
  const shown = offer !== null && (offer.state === 'open' || entry.state !== 'waiting');
  return {
    saleId: entry.saleId,
    state: entry.state,
    position: entry.state === 'waiting' ? position : null,
    reservationId: shown ? offerReservationId(offer) : null,
    expiresAt: shown && offer.expiresAt !== null ? new Date(offer.expiresAt).toISOString() : null,
  };
}

/** A place still on the list (waiting, or holding an open offer). */
export function isLivePlace(entry: Pick<WaitlistEntry, 'state'>): boolean {
  return entry.state === 'waiting' || entry.state === 'offered';
}
