import { z } from './zod.js';
import { IsoDate, SafeId } from './common.js';

export const QueueStatus = z
  .object({
    token: z.string(),
    state: z.enum(['waiting', 'active', 'completed', 'expired']),
    position: z.number().int().positive().nullable().openapi({ description: '1-based; waiting tokens only.' }),
    etaSeconds: z.number().int().nonnegative().nullable(),
    activeUntil: IsoDate.nullable(),
    pollAfterMs: z.number().int().nonnegative().openapi({ description: 'When to poll again; 0 once the token has ended.' }),
  })
  .openapi('QueueStatus');

export const Concert = z.object({ id: SafeId, name: z.string(), venue: z.string().nullable() }).openapi('Concert');

export const Schedule = z
  .object({
    id: SafeId,
    concertId: SafeId,
    startsAt: IsoDate,
    totalSeats: z.number().int().nonnegative(),
    availableSeats: z.number().int().nonnegative(),
  })
  .openapi('Schedule');

export const Seat = z
  .object({ number: z.number().int().positive(), price: z.number().int().nonnegative(), grade: z.string().nullable(), available: z.boolean() })
  .openapi('Seat');

export const Reservation = z
  .object({
    id: z.string(),
    userId: z.string(),
    scheduleId: SafeId,
    seats: z.array(z.number().int().positive()),
    amount: z.number().int().nonnegative(),
    state: z.enum(['held', 'paying', 'confirmed', 'cancelled', 'expired']),
    createdAt: IsoDate,
    expiresAt: IsoDate,
    paymentId: z.string().nullable(),
  })
  .openapi('Reservation');

export const Payment = z
  .object({
    id: z.string(),
    userId: z.string(),
    reservationId: z.string(),
    amount: z.number().int().nonnegative(),
    state: z.enum(['pending', 'debited', 'completed', 'aborted']),
    failure: z.string().nullable(),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .openapi('Payment');

export const LedgerEntry = z
  .object({
    id: z.string(),
    type: z.enum(['charge', 'payment', 'refund']),
    amount: z.number().int().positive(),
    balanceAfter: z.number().int().nonnegative(),
    at: IsoDate,
    ref: z.string(),
  })
  .openapi('LedgerEntry');

export const Charge = z.object({ balance: z.number().int().nonnegative(), entry: LedgerEntry }).openapi('Charge');

export const Wallet = z
  .object({ balance: z.number().int().nonnegative(), history: z.array(LedgerEntry), nextCursor: z.string().nullable() })
  .openapi('Wallet');

export const Health = z.object({ status: z.literal('ok') }).openapi('Health');
export const DemoToken = z.object({ token: z.string() }).openapi('DemoToken');
