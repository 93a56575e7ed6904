/**
 * pending → debited → completed, or pending → aborted.
 * `debited` means the money moved; from there the payment only rolls forward.
 */
export type PaymentState = 'pending' | 'debited' | 'completed' | 'aborted';

export interface PaymentPrimitives {
  readonly id: string;
  readonly userId: string;
  readonly reservationId: string;
  readonly queueId: string;
  /** The queue token whose session the payment completes. */
  readonly token: string;
  readonly amount: number;
  readonly state: PaymentState;
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Why it was aborted, as an error code. */
  readonly failure: string | null;
}

/**
 * How `listUnsettled` lists a tracked payment id that was never recorded (its payer's claim may be out):
 * pending, amount 0, no token or queue. The recovery sweep aborts it, which leaves a tombstone, and frees
 * the claim.
 */
export function neverRecorded(userId: string, paymentId: string, reservationId: string, createdAt: number): PaymentPrimitives {
  return {
    id: paymentId,
    userId,
    reservationId,
    queueId: '',
    token: '',
    amount: 0,
    state: 'pending',
    idempotencyKey: null,
    createdAt,
    updatedAt: createdAt,
    failure: null,
  };
}

/** Whether `listUnsettled` listed this as a tracked id never recorded (see `neverRecorded`). */
export function isNeverRecorded(p: PaymentPrimitives): boolean {
  return p.state === 'pending' && p.amount === 0 && p.token === '' && p.queueId === '';
}

/** A tombstoned id as `create` and `record` answer it: the payment that was asked for, aborted. */
export function tombstoned(payment: PaymentPrimitives): PaymentPrimitives {
  return { ...payment, state: 'aborted', failure: 'recovered' };
}

/** A tombstoned id as `get` answers it: aborted, nothing else known. */
export function tombstone(userId: string, paymentId: string): PaymentPrimitives {
  return tombstoned(neverRecorded(userId, paymentId, '', 0));
}
