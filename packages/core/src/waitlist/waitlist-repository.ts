import type { WaitlistEntry, WaitlistOffer } from './waitlist.js';

/** A place with its position (1-based among those waiting without an offer; null otherwise). */
export interface WaitlistPlace {
  readonly entry: WaitlistEntry;
  readonly position: number | null;
}

/** The list's switch and size. `gen` counts activations and deactivations: it fences the schedules' waitlist mode. */
export interface WaitlistMeta {
  readonly active: boolean;
  readonly gen: number;
  /** People waiting without an offer. */
  readonly waiting: number;
}

/** The outcome of `claim`: the person the seat is now offered to (pending), or why nobody. */
export type ClaimResult =
  | { readonly kind: 'claimed'; readonly entry: WaitlistEntry }
  /** The seat already has a live offer (pending, or open and not yet past `expiredBefore`). */
  | { readonly kind: 'busy' }
  /** Nobody waits without an offer. */
  | { readonly kind: 'empty' };

/**
 * A sale's waiting list, in the sale's partition (Redis: the queue's hash tag).
 * Each method is one atomic step. The list keeps, per seat, the one live
 * offer of it: that is what stops two hosts offering one seat twice.
 */
export interface WaitlistRepository {
  /**
   * A place for `userId` at the back, unless they have a live one (returned,
   * created false). The list must be active, or `activate` true (the caller
   * saw the sale sold out): it then becomes active (gen + 1). Refused
   * (nothing stored) when inactive and not activating.
   */
  join(saleId: string, userId: string, now: number, activate: boolean): Promise<{ place: WaitlistPlace; created: boolean; gen: number } | { refused: 'inactive' }>;

  /** The user's latest place, or null. */
  get(saleId: string, userId: string): Promise<WaitlistPlace | null>;

  /** waiting | offered → left (its live offer forgotten: the caller cancels the hold). Returns the entry as it was before, or null. */
  leave(saleId: string, userId: string, now: number): Promise<WaitlistEntry | null>;

  meta(saleId: string): Promise<WaitlistMeta>;

  /** Makes the list active (gen + 1) if it is not; returns the gen in force. */
  activate(saleId: string, now: number): Promise<number>;

  /** Makes the list inactive (gen + 1) if nobody waits without an offer; returns the new gen, or null when someone waits. */
  deactivate(saleId: string, now: number): Promise<number | null>;

  /**
   * Step 1 of an offer: if the seat has no live offer (an open one lapsed
   * before `expiredBefore` ends its person's place as `expired` here), the
   * first person waiting without an offer gets `offer` as pending.
   */
  claim(saleId: string, offer: Pick<WaitlistOffer, 'id' | 'scheduleId' | 'seat'>, now: number, expiredBefore: number): Promise<ClaimResult>;

  /**
   * Step 3: pending → open (state offered, expiresAt), appending
   * `waitlist.offered`. Already open: unchanged. null when the offer is no
   * longer pending for its person (undone, or they left): the hold is an orphan.
   */
  open(saleId: string, offerId: string, expiresAt: number, now: number): Promise<WaitlistEntry | null>;

  /** Undoes a pending offer whose hold could not be placed: the person goes back to their place. Otherwise unchanged. */
  undo(saleId: string, offerId: string): Promise<void>;

  /** An open offer ends its place: `purchased` (paid) or `expired` (not paid in time). Otherwise unchanged. */
  settle(saleId: string, offerId: string, outcome: 'purchased' | 'expired', now: number): Promise<WaitlistEntry | null>;

  /** Up to `limit` places with a live (pending or open) offer, oldest offer first: what the tick reconciles. */
  offers(saleId: string, limit: number): Promise<WaitlistEntry[]>;
}
