import type { CreditResult, RefundPrimitives, RefundRepository, RefundState } from '@boxoffice/core';
import type { RedisKeys, UserKeys } from './keys.js';
import type { RedisOutbox } from './redis-events.js';
import { decodeEntry } from './redis-wallets.js';
import type { Scripts } from './scripts.js';

/** The part of a refund that never changes, as JSON written here. */
type StoredRefund = Omit<RefundPrimitives, 'state' | 'updatedAt'>;

/** Index pages listPending reads at most, each of `limit` entries. */
const SCAN_PAGES = 4;

/**
 * Refunds in Redis, in the payer's hash tag beside the payments and the
 * wallet: the fence (refund-create) reads the payment's state and writes the
 * refund in one script, and the credit (refund-credit) moves the balance,
 * appends the ledger entry and the event and completes the refund in another.
 *
 * The recovery sweep needs refunds across users: a sorted set under its own
 * tag, written before the refund (an entry without a refund is harmless and
 * dropped when seen) and cleared after the credit, best effort.
 */
export class RedisRefunds implements RefundRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly outbox: RedisOutbox,
  ) {}

  async create(refund: RefundPrimitives): Promise<{ refund: RefundPrimitives; created: boolean }> {
    const k = this.keys.user(refund.userId);
    const member = indexMember(refund.userId, refund.id);
    // The index first: a crash between the two leaves an entry without a refund, never a refund nobody sweeps.
    await this.scripts.command((c) => c.zadd(this.keys.unsettledRefunds(), refund.createdAt, member));
    const { state: _state, updatedAt: _updated, ...stored } = refund;
    let reply;
    try {
      reply = await this.scripts.call('refund-create', [k.payments, k.paymentStates, k.refunds, k.refundStates, k.refundByPayment], [
        refund.id,
        refund.paymentId,
        JSON.stringify(stored satisfies StoredRefund),
        `pending|${refund.updatedAt}|`,
      ]);
    } catch (error) {
      await this.unindex(refund.userId, refund.id);
      throw error;
    }
    const [, created, json, st] = reply;
    if (created !== 1) await this.unindex(refund.userId, refund.id);
    return { refund: decodeRefund(json, st), created: created === 1 };
  }

  get(userId: string, refundId: string): Promise<RefundPrimitives | null> {
    return this.read(userId, 'id', refundId);
  }

  findByPayment(userId: string, paymentId: string): Promise<RefundPrimitives | null> {
    return this.read(userId, 'payment', paymentId);
  }

  async credit(userId: string, refundId: string, entryId: string, now: number): Promise<CreditResult> {
    const k = this.keys.user(userId);
    const reply = await this.scripts.call('refund-credit', [k.balance, k.ledger, k.refunds, k.refundStates], [
      refundId,
      entryId,
      now,
      ...(await this.outbox.args(k.events, userId)),
    ]);
    const [, json, st, balance, entry] = reply;
    await this.unindex(userId, refundId);
    return { refund: decodeRefund(json, st), balance: Number(balance), entry: decodeEntry(entry) };
  }

  /** Reads the index oldest-created first (createdAt <= updatedAt), each refund from its user's partition. */
  async listPending(before: number, limit: number): Promise<RefundPrimitives[]> {
    const index = this.keys.unsettledRefunds();
    const found: RefundPrimitives[] = [];
    for (let page = 0; page < SCAN_PAGES && found.length < limit; page++) {
      const members = await this.scripts.command((c) => c.zrangebyscore(index, '-inf', before, 'LIMIT', page * limit, limit));
      for (const member of members) {
        const [userId, refundId] = JSON.parse(member) as [string, string];
        const refund = await this.get(userId, refundId);
        // Completed, or an entry whose create never happened: drop it (best effort).
        if (!refund || refund.state === 'completed') await this.scripts.command((c) => c.zrem(index, member)).catch(() => undefined);
        else if (refund.updatedAt <= before) found.push(refund);
      }
      if (members.length < limit) break;
    }
    return found.sort((a, b) => a.updatedAt - b.updatedAt).slice(0, limit);
  }

  private async read(userId: string, by: 'id' | 'payment', id: string): Promise<RefundPrimitives | null> {
    const k = this.keys.user(userId);
    const reply = await this.scripts.call('refund-read', refundKeys(k), [by, id]);
    return reply[0] === 'none' ? null : decodeRefund(reply[1], reply[2]);
  }

  /** Best effort: a missed removal is repaired by the next listPending that sees the entry. */
  private async unindex(userId: string, refundId: string): Promise<void> {
    await this.scripts.command((c) => c.zrem(this.keys.unsettledRefunds(), indexMember(userId, refundId))).catch(() => undefined);
  }
}

function refundKeys(k: UserKeys): string[] {
  return [k.refunds, k.refundStates, k.refundByPayment];
}

function indexMember(userId: string, refundId: string): string {
  return JSON.stringify([userId, refundId]);
}

/** Immutable JSON plus 'state|updatedAt|entryIndex'. */
function decodeRefund(json: unknown, state: unknown): RefundPrimitives {
  const r = JSON.parse(String(json)) as StoredRefund;
  const [st, updatedAt] = String(state).split('|');
  return { ...r, idempotencyKey: r.idempotencyKey ?? null, state: st as RefundState, updatedAt: Number(updatedAt) };
}
