import { createHmac, timingSafeEqual } from 'node:crypto';
import type { QueueStatus } from '@boxoffice/core';
import { HttpError } from './problem.js';

/** Longest a pass lives: twice an active token's poll interval (30 s), so a client polling on time always holds a live one. */
export const PASS_TTL_MS = 60_000;
/** The request and response header that carries a pass. */
export const PASS_HEADER = 'Admission-Pass';

const VERSION = 'p1';
/**
 * A pass is `p1.<payload>.<mac>` in base64url. The longest payload: a 128-character user id of 3-byte
 * characters (384 bytes), a 64-character sale, a 193-character token and the rest, ~700 bytes, so ~940 characters.
 */
export const PASS_MAX_LENGTH = 1100;
const PASS_SHAPE = /^p1\.[A-Za-z0-9_-]{1,1050}\.[A-Za-z0-9_-]{43}$/;

/** What a pass says: this user holds this active session of this sale until `exp` (epoch ms). */
export interface PassClaims {
  readonly sub: string;
  readonly sale: string;
  readonly tok: string;
  readonly exp: number;
}

const invalid = (detail: string) => new HttpError('pass_invalid', `${detail} Poll the queue status for a new pass, or send none.`);

/**
 * Signed admission passes: the status of an active token carries one, and the
 * gated reads (concerts, schedules, seat map) accept it instead of reading the
 * session from the store. HMAC-SHA256 under a key derived from the host's
 * secret (BOXOFFICE_SECRET), so every host of a deployment verifies every
 * other's passes, and a bearer token (signed with the secret itself) is never a
 * pass nor a pass a bearer. A pass expires at the session's end or PASS_TTL_MS
 * after it was issued, whichever comes first; it is never revoked sooner, so it
 * opens reads only: holds and payments check the session in the store.
 */
export class AdmissionPasses {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly now: () => number,
    private readonly ttlMs = PASS_TTL_MS,
  ) {
    this.key = createHmac('sha256', secret).update('boxoffice admission pass v1').digest();
  }

  /** The pass of an active status; null for any other state or a session already over. */
  issue(userId: string, status: QueueStatus): string | null {
    if (status.state !== 'active') return null;
    const now = this.now();
    const end = status.activeUntil === null ? Number.POSITIVE_INFINITY : Date.parse(status.activeUntil);
    const exp = Math.min(end, now + this.ttlMs);
    if (!(exp > now)) return null;
    const claims: PassClaims = { sub: userId, sale: status.saleId, tok: status.token, exp };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${VERSION}.${payload}.${this.mac(payload)}`;
  }

  /** The claims of a pass this deployment signed, for this user and queue token, not yet expired; else pass_invalid (403). */
  verify(pass: string, userId: string, token: string, saleId: string): PassClaims {
    if (!PASS_SHAPE.test(pass)) throw invalid('The Admission-Pass header is malformed.');
    const dot = pass.lastIndexOf('.');
    const payload = pass.slice(VERSION.length + 1, dot);
    const given = Buffer.from(pass.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('The Admission-Pass is not one this host signed.');
    // Signed by us, so well-formed; the checks below still refuse anything unexpected.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<PassClaims>;
    if (claims.sub !== userId) throw invalid('The Admission-Pass belongs to another user.');
    if (claims.tok !== token) throw invalid('The Admission-Pass is for another queue token than the Queue-Token header.');
    if (claims.sale !== saleId) throw invalid('The Admission-Pass is for another sale.');
    if (typeof claims.exp !== 'number' || claims.exp <= this.now()) throw invalid('The Admission-Pass has expired.');
    return claims as PassClaims;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`${VERSION}.${payload}`).digest('base64url');
  }
}
