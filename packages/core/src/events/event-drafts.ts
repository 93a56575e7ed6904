import type { PaymentPrimitives } from '../payment/payment.js';
import type { RefundPrimitives } from '../payment/refund.js';
import type { QueueTokenPrimitives } from '../queue/queue-token.js';
import type { EndReason } from '../queue/queue-token.js';
import { scheduleOfReservation } from '../reservation/reservation.js';
import type { ReservationPrimitives } from '../reservation/reservation.js';
import type { LedgerEntry } from '../wallet/ledger-entry.js';
import type { EventDraft, ReleaseReason } from './domain-event.js';

/**
 * The events of each change, built once for the TypeScript adapters (the
 * Redis scripts build the same JSON in Lua; the kit checks both). A store
 * calls these inside the step that makes the change and appends the result
 * in that same step.
 */
export const drafts = {
  admitted(token: Pick<QueueTokenPrimitives, 'queueId' | 'token' | 'userId'>, activeUntil: number, now: number): EventDraft {
    return { type: 'queue.admitted', at: now, saleId: token.queueId, userId: token.userId, scheduleId: null, data: { token: token.token, activeUntil } };
  },

  ended(token: Pick<QueueTokenPrimitives, 'queueId' | 'token' | 'userId'>, reason: EndReason, now: number): EventDraft {
    return { type: 'queue.ended', at: now, saleId: token.queueId, userId: token.userId, scheduleId: null, data: { token: token.token, reason } };
  },

  /** An operator's change of a sale (mode, settings, opening, closing): what it changed to. */
  saleChanged(saleId: string, changes: Readonly<Record<string, unknown>>, now: number): EventDraft {
    return { type: 'sale.changed', at: now, saleId, userId: null, scheduleId: null, data: { changes } };
  },

  opened(queueId: string, now: number): EventDraft {
    return { type: 'sale.opened', at: now, saleId: queueId, userId: null, scheduleId: null, data: { openedAt: now } };
  },

  soldOut(queueId: string, now: number): EventDraft {
    return { type: 'sale.sold_out', at: now, saleId: queueId, userId: null, scheduleId: null, data: {} };
  },

  held(r: ReservationPrimitives, now: number): EventDraft {
    return {
      type: 'reservation.held',
      at: now,
      saleId: null,
      userId: r.userId,
      scheduleId: r.scheduleId,
      data: { reservationId: r.id, seats: [...r.seats], amount: r.amount, expiresAt: r.expiresAt },
    };
  },

  released(r: ReservationPrimitives, reason: ReleaseReason, now: number): EventDraft {
    return {
      type: 'reservation.released',
      at: now,
      saleId: null,
      userId: r.userId,
      scheduleId: r.scheduleId,
      data: { reservationId: r.id, seats: [...r.seats], reason },
    };
  },

  paymentCompleted(p: PaymentPrimitives, now: number): EventDraft {
    return {
      type: 'payment.completed',
      at: now,
      saleId: p.queueId,
      userId: p.userId,
      scheduleId: scheduleOfReservation(p.reservationId),
      data: { paymentId: p.id, reservationId: p.reservationId, token: p.token, amount: p.amount },
    };
  },

  paymentAborted(p: PaymentPrimitives, failure: string, now: number): EventDraft {
    return {
      type: 'payment.aborted',
      at: now,
      saleId: p.queueId,
      userId: p.userId,
      scheduleId: scheduleOfReservation(p.reservationId),
      data: { paymentId: p.id, reservationId: p.reservationId, token: p.token, amount: p.amount, failure },
    };
  },

  refundCompleted(r: RefundPrimitives, now: number): EventDraft {
    return {
      type: 'refund.completed',
      at: now,
      saleId: r.saleId,
      userId: r.userId,
      scheduleId: scheduleOfReservation(r.reservationId),
      data: { refundId: r.id, paymentId: r.paymentId, reservationId: r.reservationId, amount: r.amount },
    };
  },

  /** An offer opened (sale partition): the hold `reservationId` is theirs until `expiresAt`. */
  offered(saleId: string, userId: string, scheduleId: string, reservationId: string, expiresAt: number, now: number): EventDraft {
    return { type: 'waitlist.offered', at: now, saleId, userId, scheduleId, data: { reservationId, expiresAt } };
  },

  charged(userId: string, entry: LedgerEntry): EventDraft {
    return {
      type: 'wallet.charged',
      at: entry.at,
      saleId: null,
      userId,
      scheduleId: null,
      data: { entryId: entry.id, amount: entry.amount, balance: entry.balanceAfter },
    };
  },
};

/** Where a TypeScript store appends the events of a step, inside that step (no await between the change and the append). */
export interface EventSink {
  append(...events: EventDraft[]): void;
}

/** A sink that drops everything: a port built alone, outside a store. */
export const NO_EVENTS: EventSink = { append: () => {} };
