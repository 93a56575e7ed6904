import { createBoxoffice, isDomainError, verifyDrawOrder, type BoxofficeStore } from '@boxoffice/core';
import { CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';

export const VERIFY_HELP = `Usage: boxoffice verify-order <saleId> [--json] [store flags]

Checks a sale's draw: reads its published seed and seedHash and its pre-queue
tokens in the places they were given, through the store the host uses
(BOXOFFICE_STORE, REDIS_URL, MONGODB_URL, BOXOFFICE_REDIS_PREFIX, or the same
flags), and recomputes the order: ascending HMAC-SHA256(seed, token) as hex.
Says whether SHA-256(seed) is seedHash and whether the places match.

Exit codes: 0 the order matches, 1 it does not, 2 the sale is unknown or not
open yet (its seed is secret until then), 78 a configuration error.
`;

export interface VerifyOutcome {
  readonly code: 0 | 1 | 2;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/** The check itself, over any store: core's `sales.drawn` then core's pure verifier. */
export async function verifyOrder(store: BoxofficeStore, saleId: string): Promise<VerifyOutcome> {
  const boxoffice = createBoxoffice({ store, clock: new SystemClock(), ids: new CryptoIdGenerator() });
  let drawn;
  try {
    drawn = await boxoffice.sales.drawn(saleId);
  } catch (error) {
    if (isDomainError(error, 'sale_not_found') || isDomainError(error, 'validation_failed')) {
      return { code: 2, text: `sale ${saleId}: ${error.message}\n`, json: { saleId, ok: false, error: error.code, detail: error.message } };
    }
    throw error;
  }
  const v = verifyDrawOrder(drawn);
  const lines = [
    `sale ${saleId}: ${drawn.tokens.length} pre-queue token(s)`,
    `seed      ${drawn.seed}`,
    `seedHash  ${drawn.seedHash}`,
    `SHA-256(seed) = seedHash: ${v.seedMatchesHash ? 'yes' : 'NO'}`,
    `places follow HMAC-SHA256(seed, token): ${v.orderMatches ? 'yes' : `NO (first wrong place: ${v.firstMismatch})`}`,
    v.ok ? 'MATCH: the draw is the one committed to' : 'MISMATCH: the draw is not the one committed to',
  ];
  return {
    code: v.ok ? 0 : 1,
    text: `${lines.join('\n')}\n`,
    json: { saleId, ok: v.ok, seedMatchesHash: v.seedMatchesHash, orderMatches: v.orderMatches, firstMismatch: v.firstMismatch, tokens: drawn.tokens.length, seed: drawn.seed, seedHash: drawn.seedHash },
  };
}
