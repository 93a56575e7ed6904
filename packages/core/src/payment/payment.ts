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
