import type { ChargeCommand, ChargeResult, HistoryPage, LedgerEntry, LedgerEntryType, WalletRepository } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import type { RedisKeys } from './keys.js';
import type { RedisOutbox } from './redis-events.js';
import type { Scripts } from './scripts.js';

/**
 * Wallets in Redis, one hash tag per user: the balance and its ledger (a list,
 * oldest first; a history cursor is a list index) and the charge keys change
 * together in one script. Payments share the tag (RedisPayments), so a debit
 * moves the balance in the same step.
 */
export class RedisWallets implements WalletRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
    private readonly outbox: RedisOutbox,
  ) {}

  async charge(command: ChargeCommand): Promise<ChargeResult> {
    const k = this.keys.user(command.userId);
    const keyed = command.idempotencyKey !== null;
    const reply = await this.scripts.call(
      'wallet-charge',
      [k.balance, k.ledger, k.chargeKeys],
      [
        command.amount,
        command.maxBalance,
        command.entryId,
        keyed ? '1' : '0',
        command.idempotencyKey ?? '',
        command.now,
        ...(await this.outbox.args(k.events, command.userId)),
      ],
    );
    const [, balance, entry, replayed] = reply;
    return { balance: Number(balance), entry: decodeEntry(entry), replayed: replayed === 1 };
  }

  async balance(userId: string): Promise<number> {
    const k = this.keys.user(userId);
    const value = await this.scripts.command((c) => c.get(k.balance));
    return value === null ? 0 : Number(value);
  }

  async history(userId: string, limit: number, cursor: string | null): Promise<HistoryPage> {
    if (cursor !== null && !/^\d{1,16}$/.test(cursor)) {
      throw new DomainError('validation_failed', 'Unknown history cursor.');
    }
    const k = this.keys.user(userId);
    const reply = await this.scripts.call('wallet-history', [k.balance, k.ledger], [limit, cursor ?? '']);
    const [, balance, next, ...entries] = reply;
    return {
      balance: Number(balance),
      entries: entries.map(decodeEntry).reverse(),
      nextCursor: next === '' ? null : String(next),
    };
  }
}

/** 'id\ttype\tamount\tbalanceAfter\tat\tref', ref last (it may hold a tab). */
export function decodeEntry(value: unknown): LedgerEntry {
  const text = String(value);
  const parts = text.split('\t');
  const [id, type, amount, balanceAfter, at] = parts;
  return {
    id: id!,
    type: type as LedgerEntryType,
    amount: Number(amount),
    balanceAfter: Number(balanceAfter),
    at: Number(at),
    ref: parts.slice(5).join('\t'),
  };
}
