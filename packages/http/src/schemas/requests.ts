import { z } from './zod.js';
import { Amount, QueueToken, ReservationId, SafeId, Ordinal, ShortText } from './common.js';

// Request bodies are strict: an unknown field is a mistake worth telling the client about.
export const HoldRequest = z
  .strictObject({
    scheduleId: SafeId,
    seats: z.array(Ordinal).min(1).max(64),
  })
  .openapi('HoldRequest');

export const PayRequest = z.strictObject({ reservationId: ReservationId }).openapi('PayRequest');

export const ChargeRequest = z.strictObject({ amount: Amount }).openapi('ChargeRequest');

export const DemoTokenRequest = z
  .strictObject({ userId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.@-]+$/) })
  .openapi('DemoTokenRequest');

export const WalletQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ type: 'integer', format: 'int32', minimum: 1, maximum: 100 }),
  cursor: ShortText.optional(),
});

export const TokenParams = z.object({ token: QueueToken });
export const SaleParams = z.object({ saleId: SafeId });
export const SaleTokenParams = z.object({ saleId: SafeId, token: QueueToken });
export const ConcertParams = z.object({ concertId: SafeId });
export const ScheduleParams = z.object({ scheduleId: SafeId });
export const ReservationParams = z.object({ id: ReservationId });
export const PaymentParams = z.object({ id: SafeId });
