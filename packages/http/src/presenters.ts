import type { LedgerEntry, PaymentPrimitives, QueueStatus, RefundPrimitives, ReservationPrimitives } from '@boxoffice/core';
import fastJson from 'fast-json-stringify';

// Core keeps epoch ms; the API speaks ISO 8601.
const iso = (ms: number) => new Date(ms).toISOString();

export function presentReservation(r: ReservationPrimitives) {
  return {
    id: r.id,
    userId: r.userId,
    scheduleId: r.scheduleId,
    seats: [...r.seats],
    amount: r.amount,
    state: r.state,
    createdAt: iso(r.createdAt),
    expiresAt: iso(r.expiresAt),
    paymentId: r.paymentId,
  };
}

/** `refund`: the payment's refund, if any (a client sees its id). */
export function presentPayment(p: PaymentPrimitives, refund: RefundPrimitives | null) {
  return {
    id: p.id,
    userId: p.userId,
    reservationId: p.reservationId,
    amount: p.amount,
    state: p.state,
    failure: p.failure,
    refundId: refund?.id ?? null,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export function presentRefund(r: RefundPrimitives) {
  return {
    id: r.id,
    paymentId: r.paymentId,
    userId: r.userId,
    reservationId: r.reservationId,
    amount: r.amount,
    state: r.state,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export function presentEntry(e: LedgerEntry) {
  return { id: e.id, type: e.type, amount: e.amount, balanceAfter: e.balanceAfter, at: iso(e.at), ref: e.ref };
}

const text = { type: 'string' as const };
const textOrNull = { type: 'string' as const, nullable: true };
const numberOrNull = { type: 'number' as const, nullable: true };

/**
 * The status poll's body, serialised by a function compiled once (fast-json-stringify) instead of
 * JSON.stringify walking the object each poll. Keys in core's order, so the bytes are those
 * JSON.stringify wrote (presenters.test.ts holds it to that); a key core adds must be added here.
 */
export const queueStatusJson: (status: QueueStatus) => string = fastJson({
  type: 'object',
  properties: {
    token: text,
    saleId: text,
    mode: text,
    opensAt: textOrNull,
    endReason: textOrNull,
    state: text,
    position: numberOrNull,
    etaSeconds: numberOrNull,
    activeUntil: textOrNull,
    pollAfterMs: { type: 'number' },
  },
  required: ['token', 'saleId', 'mode', 'opensAt', 'endReason', 'state', 'position', 'etaSeconds', 'activeUntil', 'pollAfterMs'],
});
