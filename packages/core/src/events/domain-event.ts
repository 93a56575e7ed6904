import type { EndReason } from '../queue/queue-token.js';

/** Every event type of the spec ("Events"). */
export const EVENT_TYPES = [
  'queue.admitted',
  'queue.ended',
  'reservation.held',
  'reservation.released',
  'payment.completed',
  'payment.aborted',
  'wallet.charged',
  'refund.completed',
  'sale.opened',
  'sale.sold_out',
  'sale.changed',
  'waitlist.offered',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Why seats came free: every path that frees a seat says which it was. */
export type ReleaseReason = 'cancelled' | 'expired' | 'dead_claim' | 'refund' | 'offer_expired';

/** The data of each event type. Amounts are in the wallet's minor units; times are epoch ms. */
export interface EventData {
  /** A token became active (saleId: its queue). */
  'queue.admitted': { readonly token: string; readonly activeUntil: number };
  /** A token ended, with the end reason the status shows (saleId: its queue). */
  'queue.ended': { readonly token: string; readonly reason: EndReason };
  /** Seats were held (scheduleId, userId). */
  'reservation.held': {
    readonly reservationId: string;
    readonly seats: readonly number[];
    readonly amount: number;
    readonly expiresAt: number;
  };
  /** Seats of a hold came free (scheduleId, userId). */
  'reservation.released': { readonly reservationId: string; readonly seats: readonly number[]; readonly reason: ReleaseReason };
  /** A payment completed: its seats are sold and its session used (userId, saleId, scheduleId). */
  'payment.completed': {
    readonly paymentId: string;
    readonly reservationId: string;
    readonly token: string;
    readonly amount: number;
  };
  /** A payment rolled back before any money moved (userId, saleId, scheduleId). */
  'payment.aborted': {
    readonly paymentId: string;
    readonly reservationId: string;
    readonly token: string;
    readonly amount: number;
    readonly failure: string | null;
  };
  /** Money was added to a wallet (userId); `balance` is the balance after it. */
  'wallet.charged': { readonly entryId: string; readonly amount: number; readonly balance: number };
  /** A refund completed: its seats were released and the money is back in the wallet (userId, saleId, scheduleId). */
  'refund.completed': { readonly refundId: string; readonly paymentId: string; readonly reservationId: string; readonly amount: number };
  /** The sale's queue opened: the draw is final (saleId). */
  'sale.opened': { readonly openedAt: number };
  /** The sale's queue was sealed because every seat is sold (saleId). */
  'sale.sold_out': Readonly<Record<string, never>>;
  /** Declared for the operator work: a sale's mode, settings, opening or closing changed (saleId). */
  'sale.changed': { readonly changes: Readonly<Record<string, unknown>> };
  /** A waiting-list offer opened: the seat is held in the person's name (saleId, userId, scheduleId). */
  'waitlist.offered': { readonly reservationId: string; readonly expiresAt: number };
}

/**
 * One domain event, appended by the store in the same atomic step as its
 * change. `id` is given by the store at append time: unique and stable (the
 * webhook-id), opaque. `at` is the `now` of the step that made the change.
 * Ids that do not apply are null: a reservation's events carry no saleId (the
 * seat partition does not know the sale; the sales list maps schedules to sales).
 */
export type DomainEvent = {
  [T in EventType]: {
    readonly id: string;
    readonly type: T;
    readonly at: number;
    readonly saleId: string | null;
    readonly userId: string | null;
    readonly scheduleId: string | null;
    readonly data: EventData[T];
  };
}[EventType];

/** An event before the store gave it its id. */
export type EventDraft = DomainEvent extends infer E ? (E extends DomainEvent ? Omit<E, 'id'> : never) : never;

/** The event of one type, narrowed. */
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
