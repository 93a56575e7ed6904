import type { PaymentPrimitives, PaymentState } from '@boxoffice/core';

/* Payment documents. */

export interface PaymentDoc {
  _id: string;
  userId: string;
  reservationId: string;
  queueId: string;
  token: string;
  amount: number;
  state: PaymentState;
  idempotencyKey: string | null;
  createdAt: number;
  updatedAt: number;
  failure: string | null;
  /** Present (true) unless aborted: one live payment per reservation is a unique partial index. */
  live?: true;
}

export function paymentToDoc(p: PaymentPrimitives): PaymentDoc {
  const doc: PaymentDoc = {
    _id: p.id,
    userId: p.userId,
    reservationId: p.reservationId,
    queueId: p.queueId,
    token: p.token,
    amount: p.amount,
    state: p.state,
    idempotencyKey: p.idempotencyKey,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    failure: p.failure,
  };
  if (p.state !== 'aborted') doc.live = true;
  return doc;
}

export function paymentFromDoc(d: PaymentDoc): PaymentPrimitives {
  return {
    id: d._id,
    userId: d.userId,
    reservationId: d.reservationId,
    queueId: d.queueId,
    token: d.token,
    amount: d.amount,
    state: d.state,
    idempotencyKey: d.idempotencyKey ?? null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    failure: d.failure ?? null,
  };
}

/** A tracked payment id (PaymentRepository.track), until the sweep finds its payment stored or aborts it. */
export interface PaymentTrackDoc {
  _id: string;
  userId: string;
  reservationId: string;
  createdAt: number;
}
