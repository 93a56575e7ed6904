import type { RefundPrimitives, RefundState } from '@boxoffice/core';

/* Refund documents: one per payment at most (the unique one_refund_per_payment index). */

export interface RefundDoc {
  _id: string;
  paymentId: string;
  userId: string;
  saleId: string;
  reservationId: string;
  amount: number;
  state: RefundState;
  idempotencyKey: string | null;
  createdAt: number;
  updatedAt: number;
}

export function refundToDoc(r: RefundPrimitives): RefundDoc {
  return {
    _id: r.id,
    paymentId: r.paymentId,
    userId: r.userId,
    saleId: r.saleId,
    reservationId: r.reservationId,
    amount: r.amount,
    state: r.state,
    idempotencyKey: r.idempotencyKey,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function refundFromDoc(d: RefundDoc): RefundPrimitives {
  return {
    id: d._id,
    paymentId: d.paymentId,
    userId: d.userId,
    saleId: d.saleId,
    reservationId: d.reservationId,
    amount: d.amount,
    state: d.state,
    idempotencyKey: d.idempotencyKey ?? null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}
