import { PASS_MAX_LENGTH } from '../admission-pass.js';
import { z } from './zod.js';

// Every string, integer and array in the document carries its bounds (the OWASP API ruleset checks it):
// the request limits are the ones enforced here and in core, the answer limits what core can produce.

/** Ids that travel in URLs: core's SAFE_ID. */
export const SafeId = z.string().max(64).regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A reservation id is `<scheduleId>.<random>`. */
export const ReservationId = z.string().max(129).regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/);
/** A queue token: ≥128 random bits, base64url (core's IdGenerator); the path and header accept up to 128. */
/** A user id is a bearer token's `sub`: the authenticator takes 1 to 128 characters. */
export const UserId = z.string().min(1).max(128);
/** A short free text: a code, a reason, a cursor. */
export const ShortText = z.string().max(256);
/** A whole number that JavaScript holds exactly: 0 up to 2^53 - 1. */
export const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({ format: 'int64' });
/** A seat number or a place in line: 1 up to 2^53 - 1. */
export const Ordinal = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ format: 'int64' });
/**
 * Money: a positive safe integer, and nothing else. A string, a float, zero,
 * a negative, 1e30 or an object are all validation_failed before core runs.
 */
export const Amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).openapi({ example: 200000, format: 'int64' });
/** Date.toISOString(): 24 characters, 27 for years past 9999. */
export const IsoDate = z.string().max(32).openapi({ format: 'date-time' });

export const Problem = z
  .object({
    type: z.string().max(256),
    title: z.string().max(256),
    status: z.number().int().min(400).max(599).openapi({ format: 'int32' }),
    detail: z.string().max(2048),
    code: z.string().max(64).openapi({ description: 'The stable domain error code.' }),
    requestId: z.string().max(128).optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem', { description: 'RFC 9457 problem details carrying the domain error code.' });

export const IdempotencyKeyHeader = z
  .string()
  .max(257)
  .regex(/^"?[\x21-\x7e]{1,255}"?$/)
  .openapi({ description: 'Unique per user action; reuse it on retry (IETF httpapi Idempotency-Key).', example: 'a1b2c3d4-charge-1' });

/** A queue token: `<saleId>.<random>` (a first-release token has no sale part). */
export const QueueToken = z.string().max(193).regex(/^(?:[A-Za-z0-9_-]{1,64}\.)?[A-Za-z0-9_-]{1,128}$/);

export const QueueTokenHeader = QueueToken.openapi({ description: 'An active queue token of the same user.' });

/** IETF draft-ietf-httpapi-ratelimit-headers: the quotas a route counts against. */
export const RateLimitPolicyHeader = z
  .string()
  .max(512)
  .openapi({
    description: 'The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md.',
    example: '"enter";q=10;w=60, "enterPerAddress";q=600;w=60',
  });

/** IETF draft-ietf-httpapi-ratelimit-headers: what is left of each limit now. */
export const RateLimitHeader = z
  .string()
  .max(512)
  .openapi({ description: 'What is left of each limit: `r` requests for the next `t` seconds.', example: '"status";r=29;t=10' });

/** base64 of the JSON { challenge, solution } (ALTCHA v2). */
export const PowSolutionHeader = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9+/_=-]+$/)
  .openapi({ description: 'base64 of the JSON {"challenge": <GET /v1/sales/{saleId}/challenge>, "solution": {"counter", "derivedKey"}}; needed when the sale\'s proofOfWork > 0.' });

export const RetryAfterHeader = z
  .number()
  .int()
  .min(0)
  .max(86_400)
  .openapi({ format: 'int32', description: 'Seconds to wait before retrying.' });

/** A signed admission pass (admission-pass.ts): `p1.<payload>.<mac>`, base64url. */
export const AdmissionPassHeader = z
  .string()
  .max(PASS_MAX_LENGTH)
  .regex(/^p1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  .openapi({
    description:
      'A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) ' +
      'and they skip the store\'s session check. It expires at the session\'s end or 60 s after it was issued, whichever is first; holds and payments ignore it. ' +
      'A forged, expired or mismatched pass is 403 pass_invalid.',
  });
