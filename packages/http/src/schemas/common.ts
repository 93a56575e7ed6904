import { z } from './zod.js';

/** Ids that travel in URLs: core's SAFE_ID. */
export const SafeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A reservation id is `<scheduleId>.<random>`. */
export const ReservationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/);
/**
 * Money: a positive safe integer, and nothing else. A string, a float, zero,
 * a negative, 1e30 or an object are all validation_failed before core runs.
 */
export const Amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).openapi({ example: 200000 });
export const IsoDate = z.string().openapi({ format: 'date-time' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'The stable domain error code.' }),
    requestId: z.string().optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem', { description: 'RFC 9457 problem details carrying the domain error code.' });

export const IdempotencyKeyHeader = z
  .string()
  .regex(/^"?[\x21-\x7e]{1,255}"?$/)
  .openapi({ description: 'Unique per user action; reuse it on retry (IETF httpapi Idempotency-Key).', example: 'a1b2c3d4-charge-1' });

/** A queue token: `<saleId>.<random>` (a first-release token has no sale part). */
export const QueueToken = z.string().regex(/^(?:[A-Za-z0-9_-]{1,64}\.)?[A-Za-z0-9_-]{1,128}$/);

export const QueueTokenHeader = QueueToken.openapi({ description: 'An active queue token of the same user.' });
