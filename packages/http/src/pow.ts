import { createHmac, randomInt } from 'node:crypto';
import { storeUnavailable } from '@boxoffice/core';
import { createChallenge, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { HttpError } from './problem.js';
import type { CounterBackend } from './rate-limits.js';

/** The key derivation: one SHA-256 per attempt, cheap for a phone, costly for a farm of thousands of entries. */
const ALGORITHM = 'SHA-256';
/** A Pow-Solution header is a few hundred bytes; anything much longer is not one. */
const MAX_HEADER = 8192;
/** Entries are counted over this many seconds to tell a sale's entry rate. */
export const SURGE_WINDOW_SECONDS = 10;
/** The most a surge multiplies a sale's cost by: a phone that solves the base in half a second then takes four. */
export const SURGE_MAX_FACTOR = 8;

/**
 * How much a sale's cost rises with its entry rate: 1 up to `surgePerSecond`
 * challenges a second (measured over the last SURGE_WINDOW_SECONDS, on every
 * host together), then in proportion to the rate, at most SURGE_MAX_FACTOR.
 * A farm entering thousands a second pays up to 8x per entry; a sale at an
 * ordinary pace pays its base. 0 turns the surge off.
 */
export function surgeFactor(challengesInWindow: number, surgePerSecond: number): number {
  if (surgePerSecond <= 0) return 1;
  const rate = challengesInWindow / SURGE_WINDOW_SECONDS;
  return Math.min(SURGE_MAX_FACTOR, Math.max(1, rate / surgePerSecond));
}

/** The two HMAC keys of challenges, derived from the host secret so the JWT key itself signs nothing else. */
export function powKeys(secret: string): { signature: string; keySignature: string } {
  const derive = (label: string) => createHmac('sha256', secret).update(label).digest('base64url');
  return { signature: derive('boxoffice pow challenge'), keySignature: derive('boxoffice pow key') };
}

const invalid = (detail: string) => new HttpError('pow_invalid', detail);

/**
 * Proof of work on entry (SPEC "Fair play"): ALTCHA v2 challenges, signed and
 * expiring, bound to one sale by their signed `data.saleId`. The server draws
 * the counter below the sale's `proofOfWork` (deterministic mode), so a solver
 * tries `counter + 1` keys: never more than `proofOfWork`, half of it on average.
 * A solution is good once: its challenge's signature goes into a replay set
 * kept in the store (Redis, MongoDB or memory) for as long as the challenge lives.
 */
/** A challenge as JSON, as the challenge route answers it. */
export type PowChallenge = Readonly<Record<string, unknown>>;

export class ProofOfWork {
  private readonly keys: { signature: string; keySignature: string };
  private readonly used: RateLimiterAbstract;
  private readonly issued: RateLimiterAbstract;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    backend: CounterBackend,
    /** Challenges a second per sale above which the cost rises (see surgeFactor); 0: never. */
    private readonly surgePerSecond = 0,
  ) {
    this.keys = powKeys(secret);
    // One point per signature, kept past the challenge's expiry by a minute of clock difference between hosts.
    this.used = backend.limiter('pow-used', { points: 1, seconds: ttlSeconds + 60 });
    // A counter, never a refusal: how many challenges each sale handed out in the window, on every host.
    this.issued = backend.limiter('pow-issued', { points: Number.MAX_SAFE_INTEGER, seconds: SURGE_WINDOW_SECONDS });
  }

  /** The cost of the next challenge of a sale whose base is `proofOfWork`: the base, raised by a surge of entries. */
  async cost(saleId: string, proofOfWork: number): Promise<number> {
    if (proofOfWork <= 0 || this.surgePerSecond <= 0) return proofOfWork;
    let issued: number;
    try {
      issued = (await this.issued.consume(saleId)).consumedPoints;
    } catch (error) {
      throw storeUnavailable(error);
    }
    return Math.round(proofOfWork * surgeFactor(issued, this.surgePerSecond));
  }

  /**
   * A new challenge for a sale: exactly what altcha-lib's createChallenge makes. Typed as plain JSON in
   * the public declarations: altcha-lib's own types need the DOM lib (Worker, TextEncoder), which a
   * Node consumer compiling with no skipLibCheck does not have.
   */
  async challenge(saleId: string, proofOfWork: number): Promise<PowChallenge> {
    return (await this.create(saleId, await this.cost(saleId, proofOfWork))) as unknown as PowChallenge;
  }

  private create(saleId: string, proofOfWork: number): Promise<Challenge> {
    return createChallenge({
      algorithm: ALGORITHM,
      cost: 1,
      deriveKey,
      counter: randomInt(0, Math.max(1, proofOfWork)),
      // altcha-lib checks expiry against the wall clock, so it is set from the wall clock too.
      expiresAt: Math.floor(Date.now() / 1000) + this.ttlSeconds,
      data: { saleId },
      hmacSignatureSecret: this.keys.signature,
      hmacKeySignatureSecret: this.keys.keySignature,
    });
  }

  /**
   * Passes when the sale needs no proof of work, or `header` carries a solved,
   * unexpired challenge of this sale never used before. 403 pow_required when
   * missing; pow_invalid when wrong, expired, for another sale or reused.
   */
  async check(saleId: string, proofOfWork: number, header: string | undefined): Promise<void> {
    if (proofOfWork <= 0) return;
    if (!header) {
      throw new HttpError('pow_required', `Entering this sale needs proof of work: solve GET /v1/sales/${saleId}/challenge and send the Pow-Solution header.`, { saleId });
    }
    const payload = decode(header);
    if (!payload) throw invalid('The Pow-Solution header must be base64 of the JSON {"challenge": ..., "solution": ...}.');
    let result;
    try {
      result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: this.keys.signature,
        hmacKeySignatureSecret: this.keys.keySignature,
      });
    } catch {
      throw invalid('The proof-of-work challenge is not one of ours.');
    }
    if (result.expired) throw invalid('The proof-of-work challenge has expired: ask for a new one.');
    if (!result.verified) throw invalid('The proof-of-work solution is wrong.');
    if (payload.challenge.parameters.data?.saleId !== saleId) throw invalid(`The proof-of-work challenge was made for another sale, not ${saleId}.`);
    try {
      await this.used.consume(payload.challenge.signature as string);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw invalid('This proof-of-work solution was used already: solve a new challenge.');
      throw storeUnavailable(error);
    }
  }
}

/** The header's payload when it has the shape verifySolution reads, else null. */
function decode(header: string): { challenge: Challenge; solution: Solution } | null {
  if (header.length > MAX_HEADER) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  const v = value as { challenge?: Challenge; solution?: Solution } | null;
  const c = v?.challenge;
  const s = v?.solution;
  if (!c || typeof c !== 'object' || typeof c.signature !== 'string' || !c.parameters || typeof c.parameters !== 'object') return null;
  if (!s || typeof s !== 'object' || typeof s.counter !== 'number' || typeof s.derivedKey !== 'string') return null;
  return { challenge: c, solution: s };
}
