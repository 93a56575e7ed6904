import { ROLE_NAME } from '../auth.js';
import { z } from './zod.js';
import { Amount, QueueToken, ReservationId, SafeId, Ordinal, ShortText, UserId } from './common.js';

// Request bodies are strict: an unknown field is a mistake worth telling the client about.
export const HoldRequest = z
  .strictObject({
    scheduleId: SafeId,
    seats: z.array(Ordinal).min(1).max(64),
  })
  .openapi('HoldRequest');

export const PayRequest = z.strictObject({ reservationId: ReservationId }).openapi('PayRequest');

export const RefundRequest = z
  .strictObject({
    userId: UserId.optional().openapi({ description: 'The payer, for an operator refunding another user\'s payment (the payment.completed event names both). Default: the caller.' }),
  })
  .openapi('RefundRequest');

export const RefundQuery = z.object({
  userId: UserId.optional().openapi({ description: 'The payer, for an operator reading another user\'s refund. Default: the caller.' }),
});

export const ChargeRequest = z.strictObject({ amount: Amount }).openapi('ChargeRequest');

/** A role a bearer token may grant. */
export const RoleName = z.string().max(32).regex(ROLE_NAME);

export const DemoTokenRequest = z
  .strictObject({
    userId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.@-]+$/),
    roles: z.array(RoleName).max(16).optional().openapi({ description: 'Roles the token grants: operator opens the /v1/admin routes.' }),
  })
  .openapi('DemoTokenRequest');

export const WalletQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ type: 'integer', format: 'int32', minimum: 1, maximum: 100 }),
  cursor: ShortText.optional(),
});

export const EventsQuery = z.object({
  after: z.string().min(1).max(4096).regex(/^[\x21-\x7e]+$/).optional().openapi({ description: 'The next cursor of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ type: 'integer', format: 'int32', minimum: 1, maximum: 1000 }),
});

export const TokenParams = z.object({ token: QueueToken });
export const SaleParams = z.object({ saleId: SafeId });
export const SaleTokenParams = z.object({ saleId: SafeId, token: QueueToken });
export const ConcertParams = z.object({ concertId: SafeId });
export const ScheduleParams = z.object({ scheduleId: SafeId });
/** A seat map read may name the version the client holds. */
export const SeatMapRequestHeaders = z.object({
  'If-None-Match': z.string().max(1024).optional().openapi({ description: 'The ETag of the seat map last read: 304 with no body while no seat changed.' }),
});
export const ReservationParams = z.object({ id: ReservationId });
export const PaymentParams = z.object({ id: SafeId });
export const RefundParams = z.object({ paymentId: SafeId });
