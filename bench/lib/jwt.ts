import { SignJWT } from 'jose';

/** A bearer token the host's default authenticator accepts: HS256, `sub` = user id, signed with BOXOFFICE_SECRET. */
export async function bearer(secret: string, userId: string, ttlSeconds = 3600, roles?: readonly string[]): Promise<string> {
  return new SignJWT(roles ? { roles: [...roles] } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}

export const BENCH_SECRET = 'boxoffice-bench-secret-0123456789abcdef';
