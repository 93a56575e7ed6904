import type { AllowanceEntry, AllowanceRepository, ReserveResult } from '@boxoffice/core';
import type { RedisKeys } from './keys.js';
import type { Scripts } from './scripts.js';

/** Hash fields reservationId -> 'seats|expiresAt', as pairs. */
function decode(flat: readonly unknown[]): AllowanceEntry[] {
  const entries: AllowanceEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const [seats, expiresAt] = String(flat[i + 1]).split('|');
    entries.push({ reservationId: String(flat[i]), seats: Number(seats), expiresAt: Number(expiresAt) });
  }
  return entries;
}

/**
 * The purchase limit's allowances: one hash per user and sale in the user's
 * tag, so it shares a slot with the wallet and never with the seats. Reserve
 * is one script (read the entries, check the limit, write); release is one
 * HDEL, atomic and idempotent on its own.
 */
export class RedisAllowances implements AllowanceRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
  ) {}

  async reserve(userId: string, saleId: string, entry: AllowanceEntry, limit: number): Promise<ReserveResult> {
    const reply = await this.scripts.call('allowance-reserve', [this.keys.user(userId).allowance(saleId)], [
      entry.reservationId,
      entry.seats,
      entry.expiresAt,
      limit,
    ]);
    return { reserved: reply[1] === 1, entries: decode(reply.slice(2)) };
  }

  async release(userId: string, saleId: string, reservationId: string): Promise<boolean> {
    return (await this.scripts.command((c) => c.hdel(this.keys.user(userId).allowance(saleId), reservationId))) === 1;
  }

  async list(userId: string, saleId: string): Promise<AllowanceEntry[]> {
    const all = await this.scripts.command((c) => c.hgetall(this.keys.user(userId).allowance(saleId)));
    return decode(Object.entries(all).flat());
  }
}
