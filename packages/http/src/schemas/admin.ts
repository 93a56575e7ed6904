import { CATALOG_LIMITS, SALE_SCHEDULES_MAX } from '@boxoffice/core';
import { z } from './zod.js';
import { Count, IsoDate, Ordinal, SafeId, ShortText, UserId } from './common.js';
import { Sale, SaleSettings } from './resources.js';

// The operator's API (SPEC "Operators"). Request bodies are strict like the others; core checks the rest
// (a schedule that exists, an opensAt not yet passed) and answers validation_failed naming the field.

const Mode = z.enum(['queue', 'paused', 'passthrough', 'reject']);
const Seconds = z.number().positive().max(315_360_000);

export const SeatInput = z.strictObject({
  number: Ordinal,
  price: Count,
  grade: z.string().max(CATALOG_LIMITS.grade).nullable().optional(),
});

export const ScheduleInput = z.strictObject({
  id: SafeId,
  startsAt: IsoDate,
  seats: z.array(SeatInput).min(1).max(CATALOG_LIMITS.seats),
});

export const ConcertInput = z
  .strictObject({
    id: SafeId.optional().openapi({ description: 'When given, the same as the path\'s concertId.' }),
    name: z.string().min(1).max(CATALOG_LIMITS.name),
    venue: z.string().max(CATALOG_LIMITS.venue).nullable().optional(),
    schedules: z.array(ScheduleInput).max(CATALOG_LIMITS.schedules),
  })
  .openapi('ConcertInput', { description: 'A concert with its dates and seats, replacing the stored one whole.' });

export const ConcertPublished = z
  .object({
    id: SafeId,
    name: z.string().max(CATALOG_LIMITS.name),
    venue: z.string().max(CATALOG_LIMITS.venue).nullable(),
    schedules: z.array(z.object({ id: SafeId, startsAt: IsoDate, seats: Count.max(CATALOG_LIMITS.seats) })).max(CATALOG_LIMITS.schedules),
  })
  .openapi('ConcertPublished', { description: 'What was published: the concert and the number of seats of each date.' });

/** Each setting, or null to drop the sale's own value and take the host's again. */
const SettingsPatch = z
  .strictObject({
    maxActive: Ordinal.nullable(),
    admitPerMinute: Ordinal.nullable(),
    sessionTtlSeconds: Seconds.nullable(),
    idleTimeoutSeconds: Seconds.nullable(),
    holdTtlSeconds: Seconds.nullable(),
    maxSeatsPerUser: Ordinal.nullable(),
    proofOfWork: Count.nullable(),
    refundUntil: IsoDate.nullable(),
    offerTtlSeconds: Seconds.nullable(),
  })
  .partial();

export const SaleCreateRequest = z
  .strictObject({
    id: SafeId,
    name: z.string().min(1).max(200).optional(),
    scheduleIds: z.array(SafeId).min(1).max(SALE_SCHEDULES_MAX),
    opensAt: IsoDate.optional().openapi({ description: 'ISO 8601 with a zone; omitted = open now.' }),
    mode: Mode.optional(),
    settings: SaleSettings.partial().strict().optional(),
  })
  .openapi('SaleCreateRequest');

export const SalePatch = z
  .strictObject({
    mode: Mode.optional(),
    settings: SettingsPatch.nullable().optional().openapi({ description: 'Merged into the sale\'s own settings; a null member drops that one, a null settings drops all (the host\'s defaults apply).' }),
    opensAt: IsoDate.optional().openapi({ description: 'Only before the sale opens.' }),
    closed: z.literal(true).optional().openapi({ description: 'Closes the sale for good: its pre_queue and waiting tokens end with endReason closed.' }),
  })
  .openapi('SalePatch', { description: 'A JSON merge patch (RFC 7396) of the sale.' });

export const SaleCounts = z
  .object({
    preQueue: Count,
    waiting: Count,
    active: Count,
    admittedLastMinute: Count,
    seats: z.object({ free: Count, held: Count, sold: Count }),
    etaTailSeconds: Count.openapi({ description: 'The wait the last place in line is told; 0 when nobody waits.' }),
  })
  .openapi('SaleCounts');

export const AdminSale = Sale.extend({
  version: Count.openapi({ description: 'Grows with every change; the ETag is its quoted form.' }),
  counts: SaleCounts,
}).openapi('AdminSale');

export const AdminSaleList = z.array(AdminSale).max(10_000);

const Snapshot = z.record(z.string().max(64), z.unknown()).nullable();

export const AuditEntry = z
  .object({
    id: ShortText,
    at: IsoDate,
    actor: UserId,
    action: z.string().max(64),
    saleId: SafeId.nullable(),
    before: Snapshot.openapi({ description: 'What the action changed, as it was (null for a creation).' }),
    after: Snapshot.openapi({ description: 'The same fields after the action.' }),
  })
  .openapi('AuditEntry');

export const AuditPage = z.object({ entries: z.array(AuditEntry).max(200), next: ShortText.nullable() }).openapi('AuditPage');

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ type: 'integer', format: 'int32', minimum: 1, maximum: 200 }),
  cursor: z.string().max(128).regex(/^[A-Za-z0-9_.:@-]{1,128}$/).optional().openapi({ description: 'The next of the previous page.' }),
});

export const IfMatchHeader = z.object({
  'If-Match': z.string().max(256).openapi({ description: 'The ETag of the sale as last read: 428 without it, 412 when someone changed the sale since.' }),
});

export const ETagHeader = z.object({ ETag: z.string().max(66).openapi({ description: 'The sale\'s version, quoted: send it back in If-Match.' }) });
