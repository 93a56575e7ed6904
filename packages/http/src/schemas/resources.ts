import { CATALOG_LIMITS, SALE_SCHEDULES_MAX } from '@boxoffice/core';
import { z } from './zod.js';
import { Amount, Count, IsoDate, QueueToken, ReservationId, SafeId, Ordinal, ShortText, UserId } from './common.js';

/** Milliseconds or seconds the host tells a client to wait: bounded by a day. */
const Wait = z.number().int().min(0).max(86_400_000).openapi({ format: 'int64' });

export const QueueStatus = z
  .object({
    token: QueueToken,
    state: z.enum(['pre_queue', 'waiting', 'active', 'completed', 'expired']).openapi({
      description: 'pre_queue: entered before the sale opens; the place is drawn at opensAt. Then waiting, active, and completed or expired.',
    }),
    saleId: SafeId,
    mode: z.enum(['queue', 'paused', 'passthrough', 'reject']).openapi({ description: 'The sale\'s mode.' }),
    opensAt: IsoDate.nullable().openapi({ description: 'When the sale opens (the pre-queue\'s countdown); null for a sale open since ever.' }),
    position: Ordinal.nullable().openapi({ description: '1-based; waiting tokens only.' }),
    etaSeconds: Count.nullable().openapi({ description: 'The expected wait, from the admissions measured recently; waiting tokens only.' }),
    activeUntil: IsoDate.nullable(),
    pollAfterMs: Wait.openapi({ description: 'When to poll again; 0 once the token has ended.' }),
    endReason: z
      .enum(['paid', 'session_ended', 'idle', 'left', 'sold_out', 'closed'])
      .nullable()
      .openapi({ description: 'Why an ended token ended; null while it is live.' }),
  })
  .openapi('QueueStatus');

const Seconds = z.number().positive().max(31_536_000);

export const SaleSettings = z
  .object({
    maxActive: Ordinal,
    admitPerMinute: Ordinal,
    sessionTtlSeconds: Seconds,
    idleTimeoutSeconds: Seconds,
    holdTtlSeconds: Seconds,
    maxSeatsPerUser: Ordinal,
    proofOfWork: Count,
    refundUntil: IsoDate.nullable(),
    offerTtlSeconds: Seconds,
  })
  .openapi('SaleSettings', { description: 'The sale\'s own settings, else the host\'s.' });

const Hex64 = z.string().max(64).regex(/^[0-9a-f]{64}$/);

export const Sale = z
  .object({
    id: SafeId,
    name: z.string().max(200),
    scheduleIds: z.array(SafeId).max(SALE_SCHEDULES_MAX),
    opensAt: IsoDate,
    state: z.enum(['scheduled', 'open', 'sold_out', 'closed']),
    mode: z.enum(['queue', 'paused', 'passthrough', 'reject']),
    seedHash: Hex64.openapi({ description: 'SHA-256 of the draw seed\'s bytes, hex: public from creation.' }),
    seed: Hex64.nullable().openapi({ description: 'The draw seed, hex: null until the sale opens. The pre-queue\'s places follow ascending HMAC-SHA256(seed, token).' }),
    settings: SaleSettings,
  })
  .openapi('Sale');

const Hex = (max: number) => z.string().max(max).regex(/^[0-9a-f]*$/);

/** An ALTCHA v2 challenge as altcha-lib's createChallenge makes it (deterministic mode, signed). */
export const PowChallenge = z
  .object({
    parameters: z.object({
      algorithm: z.string().max(32).openapi({ example: 'SHA-256' }),
      cost: z.number().int().min(1).max(1_000_000).openapi({ format: 'int32', description: 'Key derivation rounds per attempt.' }),
      data: z.object({ saleId: SafeId }).openapi({ description: 'Signed: the sale this challenge enters.' }),
      expiresAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({ format: 'int64', description: 'Epoch seconds.' }),
      keyLength: z.number().int().min(1).max(64).openapi({ format: 'int32' }),
      keyPrefix: Hex(128).openapi({ description: 'The derived key must start with this.' }),
      keySignature: Hex(128).optional(),
      nonce: Hex(64),
      salt: Hex(64),
    }),
    signature: Hex(128),
  })
  .openapi('PowChallenge', { description: 'Solve: find counter such that SHA-256(salt || nonce || uint32be(counter)) starts with keyPrefix.' });

export const Concert = z
  .object({ id: SafeId, name: z.string().max(CATALOG_LIMITS.name), venue: z.string().max(CATALOG_LIMITS.venue).nullable() })
  .openapi('Concert');

export const Schedule = z
  .object({
    id: SafeId,
    concertId: SafeId,
    startsAt: IsoDate,
    totalSeats: Count.max(CATALOG_LIMITS.seats),
    availableSeats: Count.max(CATALOG_LIMITS.seats),
  })
  .openapi('Schedule');

export const Seat = z
  .object({ number: Ordinal, price: Count, grade: z.string().max(CATALOG_LIMITS.grade).nullable(), available: z.boolean() })
  .openapi('Seat');

/** A hold takes 1 to 64 seats (HoldRequest). */
export const HeldSeats = z.array(Ordinal).min(1).max(64);

export const Reservation = z
  .object({
    id: ReservationId,
    userId: UserId,
    scheduleId: SafeId,
    seats: HeldSeats,
    amount: Count,
    state: z.enum(['held', 'paying', 'confirmed', 'cancelled', 'expired', 'refunded']),
    createdAt: IsoDate,
    expiresAt: IsoDate,
    paymentId: SafeId.nullable(),
  })
  .openapi('Reservation');

export const WaitlistStatus = z
  .object({
    saleId: SafeId,
    state: z.enum(['waiting', 'offered', 'purchased', 'expired', 'left']),
    position: Count.min(1).nullable().openapi({ description: 'While waiting: 1-based among the people waiting without an offer.' }),
    reservationId: ReservationId.nullable().openapi({ description: 'The offer: a hold of one seat in your name; pay it with POST /v1/payments, no Queue-Token.' }),
    expiresAt: IsoDate.nullable().openapi({ description: 'When the offer lapses and goes to the next person.' }),
  })
  .openapi('WaitlistStatus');

export const Payment = z
  .object({
    id: SafeId,
    userId: UserId,
    reservationId: ReservationId,
    amount: Count,
    state: z.enum(['pending', 'debited', 'completed', 'aborted']),
    failure: ShortText.nullable(),
    refundId: SafeId.nullable().openapi({ description: 'The payment\'s refund (GET /v1/payments/{paymentId}/refund), or null when it has none.' }),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .openapi('Payment');

export const Refund = z
  .object({
    id: SafeId,
    paymentId: SafeId,
    userId: UserId,
    reservationId: ReservationId,
    amount: Count,
    state: z.enum(['pending', 'completed']).openapi({ description: 'completed: the seats are released and the money is back in the wallet.' }),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .openapi('Refund');

export const LedgerEntry = z
  .object({
    id: SafeId,
    type: z.enum(['charge', 'payment', 'refund']),
    amount: Amount,
    balanceAfter: Count,
    at: IsoDate,
    ref: ShortText.openapi({ description: 'The charge\'s Idempotency-Key, the payment id, or the refund id.' }),
  })
  .openapi('LedgerEntry');

export const Charge = z.object({ balance: Count, entry: LedgerEntry }).openapi('Charge');

export const Wallet = z
  .object({ balance: Count, history: z.array(LedgerEntry).max(100), nextCursor: ShortText.nullable() })
  .openapi('Wallet');

export const Health = z.object({ status: z.literal('ok') }).openapi('Health');
export const DemoToken = z.object({ token: z.string().max(4096) }).openapi('DemoToken');

/** Every concert published: the operator's catalog, not paged (see the ruleset's exception). */
export const ConcertList = z.array(Concert);
export const ScheduleList = z.array(Schedule).max(CATALOG_LIMITS.schedules);
export const SeatList = z.array(Seat).max(CATALOG_LIMITS.seats);
/** The compact seat map: a bitmap of the free seats. */
export const SeatAvailability = z
  .object({
    seats: Count.openapi({ description: 'How many seats the date has: the bitmap\'s length in bits.' }),
    free: Count.openapi({ description: 'How many of them are available.' }),
    available: z
      .string()
      .max(Math.ceil(CATALOG_LIMITS.seats / 6) + 4)
      .regex(/^[A-Za-z0-9_-]*$/)
      .openapi({ description: 'base64url (no padding) of the bitmap: bit i, most significant bit of each byte first, is 1 when the i-th seat of the seat list is available.' }),
  })
  .openapi('SeatAvailability');
/** A seat map's version: it changes when a seat is held, sold or freed. */
export const SeatMapHeaders = z.object({
  ETag: z.string().max(40).openapi({ description: 'The seat map\'s version (weak): send it back in If-None-Match.' }),
  'Cache-Control': z.string().max(64).openapi({ description: 'private, no-cache: revalidate with the ETag on every read.' }),
});
/** Prometheus text: a few series per route, status and error code. */
export const MetricsText = z.string().max(1_048_576);
