import type { LedgerEntry, PaymentPrimitives, RefundPrimitives, ReservationPrimitives } from '@boxoffice/core';

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
