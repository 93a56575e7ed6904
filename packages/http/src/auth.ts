import { DomainError } from '@boxoffice/core';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

/** Turns a request into a user id, or throws DomainError('unauthorized'). Plug in your own. */
export interface Authenticator {
  authenticate(request: { readonly headers: Readonly<Record<string, string | string[] | undefined>> }): Promise<string>;
}

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

/**
 * The default authenticator: an HS256 JWT whose `sub` is the user id. Only
 * HS256 is accepted, so `alg: none` and algorithm swaps fail; `exp` is checked.
 * Verified tokens are cached until they expire, so a status poll costs no HMAC.
 */
export class JwtAuthenticator implements Authenticator {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { userId: string; exp: number }>();

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async authenticate(request: Parameters<Authenticator['authenticate']>[0]): Promise<string> {
    const jwt = bearerOf(request.headers);
    const nowMs = this.now();
    const hit = this.verified.get(jwt);
    if (hit) {
      if (hit.exp * 1000 > nowMs) return hit.userId;
      this.verified.delete(jwt);
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(jwt, this.key, { algorithms: ['HS256'], currentDate: new Date(nowMs) }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthorized('The bearer token has expired.');
      throw unauthorized('The bearer token is not valid.');
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw unauthorized('The bearer token names no user (sub).');
    // A token without exp is accepted but not cached beyond a minute.
    const exp = typeof payload.exp === 'number' ? payload.exp : Math.floor(nowMs / 1000) + 60;
    if (this.verified.size >= CACHE_MAX) this.verified.clear();
    this.verified.set(jwt, { userId: sub, exp });
    return sub;
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

/** A bearer token for `userId`, signed HS256 with `secret`, valid for `ttlSeconds`. */
export async function signToken(secret: string, userId: string, ttlSeconds = 3600, nowMs = Date.now()): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
