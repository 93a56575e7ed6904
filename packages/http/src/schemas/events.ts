import type { DomainEvent } from '@boxoffice/core';
import { Amount, Count, Ordinal, QueueToken, ReservationId, SafeId, ShortText, UserId } from './common.js';
import { z } from './zod.js';

// The domain events exactly as core makes them (docs/events.md): the feed serves them verbatim and the
// webhooks send their fields. Times are epoch milliseconds, as in core.

const EpochMs = z.number().int().min(0).max(8.64e15).openapi({ format: 'int64', description: 'Epoch milliseconds.' });
const Seats = z.array(Ordinal).min(1).max(64);
const Id = z.string().max(256);

/** What each event type carries in `data`. */
export const EVENT_DATA = {
  'queue.admitted': z.object({ token: QueueToken, activeUntil: EpochMs }),
  'queue.ended': z.object({ token: QueueToken, reason: z.enum(['paid', 'session_ended', 'idle', 'left', 'sold_out', 'closed']) }),
  'reservation.held': z.object({ reservationId: ReservationId, seats: Seats, amount: Count, expiresAt: EpochMs }),
  'reservation.released': z.object({
    reservationId: ReservationId,
    seats: Seats,
    reason: z.enum(['cancelled', 'expired', 'dead_claim', 'refund', 'offer_expired']),
  }),
  'payment.completed': z.object({ paymentId: SafeId, reservationId: ReservationId, token: QueueToken, amount: Amount }),
  'payment.aborted': z.object({ paymentId: SafeId, reservationId: ReservationId, token: QueueToken, amount: Amount, failure: ShortText.nullable() }),
  'wallet.charged': z.object({ entryId: Id, amount: Amount, balance: Count }),
  'refund.completed': z.object({ refundId: SafeId, paymentId: SafeId, reservationId: ReservationId, amount: Amount }),
  'sale.opened': z.object({ openedAt: EpochMs }),
  'sale.sold_out': z.object({}),
  'sale.changed': z.object({ changes: z.record(z.string().max(64), z.unknown()) }),
  'waitlist.offered': z.object({ reservationId: ReservationId, expiresAt: EpochMs }),
} as const;

export type EventTypeName = keyof typeof EVENT_DATA;

const WHEN: Readonly<Record<EventTypeName, string>> = {
  'queue.admitted': 'A queue token became active.',
  'queue.ended': 'A queue token ended, with the end reason its status shows.',
  'reservation.held': 'Seats were held.',
  'reservation.released': 'The seats of a hold came free: cancelled, expired, dead_claim, refund or offer_expired.',
  'payment.completed': 'A payment completed: its seats are sold, its wallet debited, its session used.',
  'payment.aborted': 'A payment rolled back before any money moved.',
  'wallet.charged': 'Money was added to a wallet; balance is the balance after it.',
  'refund.completed': 'A payment was refunded (with the refunds feature).',
  'sale.opened': 'A sale\'s queue opened: its draw is final.',
  'sale.sold_out': 'Every seat of a sale is sold: its queue is sealed.',
  'sale.changed': 'An operator changed a sale\'s mode, settings, opening or closing.',
  'waitlist.offered': 'A released seat was offered to the next person on the waiting list (with the waiting list).',
};

/** The event of one type, as the feed serves it. */
function eventOf<T extends EventTypeName>(type: T) {
  return z
    .object({
      id: Id.openapi({ description: 'Unique and stable: the webhook-id of its delivery.' }),
      type: z.literal(type),
      at: EpochMs.openapi({ description: 'When the change happened, epoch milliseconds.' }),
      saleId: SafeId.nullable(),
      userId: UserId.nullable(),
      scheduleId: SafeId.nullable(),
      data: EVENT_DATA[type],
    })
    .openapi(`Event_${type.replace('.', '_')}`, { description: WHEN[type] });
}

export const EVENT_TYPE_NAMES = Object.keys(EVENT_DATA) as EventTypeName[];

export const DomainEventSchema = z
  .discriminatedUnion(
    'type',
    EVENT_TYPE_NAMES.map((t) => eventOf(t)) as unknown as [ReturnType<typeof eventOf<'queue.admitted'>>, ReturnType<typeof eventOf<'queue.ended'>>],
  )
  .openapi('DomainEvent', { description: 'One domain event: { id, type, at, saleId, userId, scheduleId, data }; ids that do not apply are null.' });

export const EventsPage = z
  .object({
    events: z.array(DomainEventSchema).max(1000),
    next: z.string().max(4096).openapi({ description: 'Pass it as ?after= for the following page; the same cursor when no event was new.' }),
  })
  .openapi('EventsPage');

/**
 * The webhook body Standard Webhooks define: { type, timestamp, data }. data holds the event's ids
 * (saleId, userId, scheduleId, null when they do not apply) and its own fields.
 */
export function webhookBodyOf<T extends EventTypeName>(type: T) {
  return z
    .object({
      type: z.literal(type),
      timestamp: z.string().max(32).openapi({ format: 'date-time', description: 'When the change happened (the event\'s at).' }),
      data: z.object({ saleId: SafeId.nullable(), userId: UserId.nullable(), scheduleId: SafeId.nullable() }).extend(EVENT_DATA[type].shape),
    })
    .openapi(`Webhook_${type.replace('.', '_')}`, { description: WHEN[type] });
}

/** Core's union must fit these schemas: a field added in core without one here fails the typecheck. */
type Fits<A, B> = A extends B ? true : false;
const coreFits: Fits<DomainEvent['type'], EventTypeName> = true;
void coreFits;
