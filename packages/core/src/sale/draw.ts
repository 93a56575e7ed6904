import type { IdGenerator } from '../shared/ids.js';
import { fromHex, hmacSha256, sha256, toHex, utf8 } from './sha256.js';

/**
 * The fair start (SPEC "Pre-queue and the fair start"): at opening the pre-queue
 * takes places 1..k in ascending HMAC-SHA256(key = seed bytes, message = token)
 * order, compared as lowercase hex. Everything here is pure, so anyone can run
 * the verifier with the public seed and the tokens.
 */

/** A hex string of 32 bytes. */
export const SEED_HEX = /^[0-9a-f]{64}$/;

/**
 * 32 secret bytes for a sale's draw. Core draws randomness only through the
 * IdGenerator: two tokens of at least 128 random bits each, hashed to 32 bytes.
 */
export function newSeed(ids: IdGenerator): string {
  return toHex(sha256(utf8(`${ids.newToken()}:${ids.newToken()}`)));
}

/** SHA-256 of the seed's bytes, hex: public from the sale's creation. */
export function seedHash(seedHex: string): string {
  return toHex(sha256(fromHex(seedHex)));
}

/** The draw key of each token under one seed: lowercase hex of HMAC-SHA256(seed, token). */
export function drawKeys(seedHex: string): (token: string) => string {
  const mac = hmacSha256(fromHex(seedHex));
  return (token) => toHex(mac(utf8(token)));
}

export function drawKey(seedHex: string, token: string): string {
  return drawKeys(seedHex)(token);
}

/** The pre-queue tokens in their drawn order: ascending draw key (ties, impossible in practice, by token). */
export function drawOrder(seedHex: string, tokens: readonly string[]): string[] {
  const key = drawKeys(seedHex);
  return tokens
    .map((token) => ({ token, key: key(token) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.token < b.token ? -1 : a.token > b.token ? 1 : 0))
    .map((x) => x.token);
}

export interface DrawVerification {
  /** The seed hashes to the published seedHash and the order is the HMAC order. */
  readonly ok: boolean;
  readonly seedMatchesHash: boolean;
  readonly orderMatches: boolean;
  /** 1-based place of the first token out of order; null when the order matches. */
  readonly firstMismatch: number | null;
  /** The order recomputed from the seed. */
  readonly expected: readonly string[];
}

/**
 * The verifier anyone can run (`boxoffice verify-order` wraps it): given a sale's
 * published seed and seedHash and its pre-queue tokens in the places they were
 * given, says whether the seed is the committed one and the places are its HMAC order.
 */
export function verifyDrawOrder(input: { seed: string; seedHash: string; tokens: readonly string[] }): DrawVerification {
  const seed = input.seed.toLowerCase();
  const seedMatchesHash = SEED_HEX.test(seed) && seedHash(seed) === input.seedHash.toLowerCase();
  const expected = SEED_HEX.test(seed) ? drawOrder(seed, input.tokens) : [];
  let firstMismatch: number | null = null;
  for (let i = 0; i < input.tokens.length; i++) {
    if (expected[i] !== input.tokens[i]) {
      firstMismatch = i + 1;
      break;
    }
  }
  const orderMatches = firstMismatch === null;
  return { ok: seedMatchesHash && orderMatches, seedMatchesHash, orderMatches, firstMismatch, expected };
}
