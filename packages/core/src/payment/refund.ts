/**
 * pending → completed. `pending` means the payment is fenced (it can never be
 * refunded again) and the refund only rolls forward: the seats are released,
 * then the money goes back with the move to `completed`.
 */
export type RefundState = 'pending' | 'completed';

export interface RefundPrimitives {
  readonly id: string;
  readonly paymentId: string;
  /** The payer: the refund lives in their partition, beside the payment and the wallet. */
  readonly userId: string;
  /** The payment's sale (its queue id). */
  readonly saleId: string;
  readonly reservationId: string;
  readonly amount: number;
  readonly state: RefundState;
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}
