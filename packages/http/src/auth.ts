import { DomainError } from '@boxoffice/core';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isWellFormed } from './strict-json.js';

/** Who is calling: the user id and the roles its credential grants (`operator` opens /v1/admin). */
export interface Principal {
  readonly userId: string;
  readonly roles: readonly string[];
}

/**
 * Turns a request into a user id (no roles) or a Principal, or throws
 * DomainError('unauthorized'). Plug in your own.
 */
export interface Authenticator {
  authenticate(request: { readonly headers: Readonly<Record<string, string | string[] | undefined>> }): Promise<string | Principal>;
  /**
   * Optional: the principal of a credential verified before and still valid, without a promise, or
   * undefined (then the host awaits `authenticate`). A status poll repeats its bearer every second or so.
   */
  known?(request: { readonly headers: Readonly<Record<string, string | string[] | undefined>> }): Principal | undefined;
}

/** The role that opens the /v1/admin routes. */
export const OPERATOR_ROLE = 'operator';

/** A role name: short, lowercase, so a claim cannot smuggle anything into logs or checks. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
/** Most roles one token may carry. */
export const ROLES_MAX = 16;

/** The principal an authenticator answered, whichever form it chose. */
export function principalOf(answer: string | Principal): Principal {
  return typeof answer === 'string' ? { userId: answer, roles: NO_ROLES } : answer;
}

const NO_ROLES: readonly string[] = Object.freeze([]);

const unauthorized = (detail: string) => new DomainError('unauthorized', detail);

/** The bearer credential of a request, or throws unauthorized. */
export function bearerOf(headers: Readonly<Record<string, string | string[] | undefined>>): string {
  const header = headers.authorization;
  // A prefix check and a slice: this runs on every request.
  if (typeof header !== 'string' || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') {
    throw unauthorized('Send Authorization: Bearer <token>.');
  }
  const token = header.slice(7).trim();
  if (!JWT_CHARS.test(token)) throw unauthorized('Send Authorization: Bearer <token>.');
  return token;
}

const JWT_CHARS = /^[A-Za-z0-9_.-]+$/;

const CACHE_MAX = 10_000;

/** Default longest lifetime a bearer token may claim (exp - now). */
export const DEFAULT_TOKEN_MAX_TTL_SECONDS = 24 * 3600;
/** Clock difference tolerated between the token's issuer and this host. */
export const CLOCK_SKEW_SECONDS = 60;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export interface JwtOptions {
  /** Tokens whose exp lies further ahead than this are refused (a stolen one would live too long). */
  readonly maxTtlSeconds?: number;
}

/**
 * The default authenticator: an HS256 JWT whose `sub` is the user id and whose
 * optional `roles` claim is an array of role names. Only
 * HS256 is accepted, so `alg: none` and algorithm swaps fail. A token must
 * carry `exp`, no further ahead than `maxTtlSeconds`, and no `iat` in the
 * future; `sub` must be well-formed Unicode without control characters, since
 * stores key wallets and queue tokens by it. Verified tokens are cached until
 * they expire, so a status poll costs no HMAC.
 */
export class JwtAuthenticator implements Authenticator {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { principal: Principal; exp: number }>();
  private readonly maxTtlSeconds: number;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
    options: JwtOptions = {},
  ) {
    this.key = new TextEncoder().encode(secret);
    this.maxTtlSeconds = options.maxTtlSeconds ?? DEFAULT_TOKEN_MAX_TTL_SECONDS;
  }

  known(request: Parameters<Authenticator['authenticate']>[0]): Principal | undefined {
    const header = request.headers.authorization;
    // Only the exact form signToken's clients send; anything else takes the full path (and its errors).
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
    const hit = this.verified.get(header.slice(7));
    return hit !== undefined && hit.exp * 1000 > this.now() ? hit.principal : undefined;
  }

  async authenticate(request: Parameters<Authenticator['authenticate']>[0]): Promise<Principal> {
    const jwt = bearerOf(request.headers);
    const nowMs = this.now();
    const hit = this.verified.get(jwt);
    if (hit) {
      if (hit.exp * 1000 > nowMs) return hit.principal;
      this.verified.delete(jwt);
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(jwt, this.key, { algorithms: ['HS256'], currentDate: new Date(nowMs) }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthorized('The bearer token has expired.');
      throw unauthorized('The bearer token is not valid.');
    }
    const nowS = nowMs / 1000;
    const { sub, exp, iat, roles } = payload;
    if (typeof exp !== 'number') throw unauthorized('The bearer token has no expiry (exp).');
    if (exp - nowS > this.maxTtlSeconds + CLOCK_SKEW_SECONDS) {
      throw unauthorized(`The bearer token lives too long: exp is at most ${this.maxTtlSeconds} s ahead.`);
    }
    if (iat !== undefined && (typeof iat !== 'number' || iat > nowS + CLOCK_SKEW_SECONDS)) {
      throw unauthorized('The bearer token was issued in the future (iat).');
    }
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128 || CONTROL.test(sub) || !isWellFormed(sub)) {
      throw unauthorized('The bearer token names no valid user (sub).');
    }
    // A malformed roles claim is a bad token, not a token without roles: the issuer meant something.
    if (roles !== undefined && !(Array.isArray(roles) && roles.length <= ROLES_MAX && roles.every((r) => typeof r === 'string' && ROLE_NAME.test(r)))) {
      throw unauthorized(`The bearer token's roles claim must be an array of at most ${ROLES_MAX} role names.`);
    }
    const principal: Principal = Object.freeze({ userId: sub, roles: roles === undefined ? NO_ROLES : Object.freeze([...(roles as string[])]) });
    if (this.verified.size >= CACHE_MAX) this.verified.clear();
    this.verified.set(jwt, { principal, exp });
    return principal;
  }
}

/** Parses `30s`, `15m`, `1h`, `7d` or plain seconds. */
export function parseTtl(ttl: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(ttl.trim());
  if (!match) throw new Error(`--ttl must look like 30s, 15m, 1h or 7d, got ${JSON.stringify(ttl)}`);
  const n = Number(match[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (n <= 0) throw new Error('--ttl must be positive');
  return n * unit;
}

/** A bearer token for `userId`, signed HS256 with `secret`, valid for `ttlSeconds`, granting `roles` (none: no claim). */
export async function signToken(secret: string, userId: string, ttlSeconds = 3600, nowMs = Date.now(), roles: readonly string[] = []): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT(roles.length > 0 ? { roles: [...roles] } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
