import { z } from './zod.js';
import { IsoDate, SafeId } from './common.js';

export const QueueStatus = z
  .object({
    token: z.string(),
    state: z.enum(['pre_queue', 'waiting', 'active', 'completed', 'expired']).openapi({
      description: 'pre_queue: entered before the sale opens; the place is drawn at opensAt. Then waiting, active, and completed or expired.',
    }),
    saleId: SafeId,
    mode: z.enum(['queue', 'paused', 'passthrough', 'reject']).openapi({ description: 'The sale\'s mode.' }),
    opensAt: IsoDate.nullable().openapi({ description: 'When the sale opens (the pre-queue\'s countdown); null for a sale open since ever.' }),
    position: z.number().int().positive().nullable().openapi({ description: '1-based; waiting tokens only.' }),
    etaSeconds: z.number().int().nonnegative().nullable().openapi({ description: 'The expected wait, from the admissions measured recently; waiting tokens only.' }),
    activeUntil: IsoDate.nullable(),
    pollAfterMs: z.number().int().nonnegative().openapi({ description: 'When to poll again; 0 once the token has ended.' }),
    endReason: z
      .enum(['paid', 'session_ended', 'idle', 'left', 'sold_out', 'closed'])
      .nullable()
      .openapi({ description: 'Why an ended token ended; null while it is live.' }),
  })
  .openapi('QueueStatus');

export const SaleSettings = z
  .object({
    maxActive: z.number().int().positive(),
    admitPerMinute: z.number().int().positive(),
    sessionTtlSeconds: z.number().positive(),
    idleTimeoutSeconds: z.number().positive(),
    holdTtlSeconds: z.number().positive(),
    maxSeatsPerUser: z.number().int().positive(),
    proofOfWork: z.number().int().nonnegative(),
    refundUntil: IsoDate.nullable(),
    offerTtlSeconds: z.number().positive(),
  })
  .openapi('SaleSettings', { description: 'The sale\'s own settings, else the host\'s.' });

export const Sale = z
  .object({
    id: SafeId,
    name: z.string(),
    scheduleIds: z.array(SafeId),
    opensAt: IsoDate,
    state: z.enum(['scheduled', 'open', 'sold_out', 'closed']),
    mode: z.enum(['queue', 'paused', 'passthrough', 'reject']),
    seedHash: z.string().regex(/^[0-9a-f]{64}$/).openapi({ description: 'SHA-256 of the draw seed\'s bytes, hex: public from creation.' }),
    seed: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable()
      .openapi({ description: 'The draw seed, hex: null until the sale opens. The pre-queue\'s places follow ascending HMAC-SHA256(seed, token).' }),
    settings: SaleSettings,
  })
  .openapi('Sale');

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
