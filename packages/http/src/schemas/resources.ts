import { CATALOG_LIMITS } from '@boxoffice/core';
import { z } from './zod.js';
import { Amount, Count, IsoDate, QueueToken, ReservationId, SafeId, Ordinal, ShortText, UserId } from './common.js';

/** Milliseconds or seconds the host tells a client to wait: bounded by a day. */
const Wait = z.number().int().min(0).max(86_400_000).openapi({ format: 'int64' });

export const QueueStatus = z
  .object({
    token: QueueToken,
    state: z.enum(['waiting', 'active', 'completed', 'expired']),
    position: Ordinal.nullable().openapi({ description: '1-based; waiting tokens only.' }),
    etaSeconds: Count.nullable(),
    activeUntil: IsoDate.nullable(),
    pollAfterMs: Wait.openapi({ description: 'When to poll again; 0 once the token has ended.' }),
  })
  .openapi('QueueStatus');

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
    state: z.enum(['held', 'paying', 'confirmed', 'cancelled', 'expired']),
    createdAt: IsoDate,
    expiresAt: IsoDate,
    paymentId: SafeId.nullable(),
  })
  .openapi('Reservation');

export const Payment = z
  .object({
    id: SafeId,
    userId: UserId,
    reservationId: ReservationId,
    amount: Count,
    state: z.enum(['pending', 'debited', 'completed', 'aborted']),
    failure: ShortText.nullable(),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .openapi('Payment');

export const LedgerEntry = z
  .object({
    id: SafeId,
    type: z.enum(['charge', 'payment', 'refund']),
    amount: Amount,
    balanceAfter: Count,
    at: IsoDate,
    ref: ShortText.openapi({ description: 'The charge\'s Idempotency-Key or the payment id.' }),
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
/** Prometheus text: a few series per route, status and error code. */
export const MetricsText = z.string().max(1_048_576);
