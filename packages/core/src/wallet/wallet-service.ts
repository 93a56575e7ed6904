import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import { assertUserId } from '../queue/queue-service.js';
import type { HistoryPage } from './ledger-entry.js';
import type { ChargeResult, WalletRepository } from './wallet-repository.js';

export const MAX_HISTORY_PAGE = 100;
export const DEFAULT_HISTORY_PAGE = 20;

/** The prepaid wallet: charge it, read the balance and its ledger. */
export class WalletService {
  constructor(
    private readonly repo: WalletRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
  ) {}

  async charge(userId: string, amount: unknown, idempotencyKey: string | null = null): Promise<ChargeResult> {
    assertUserId(userId);
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0 || amount > this.config.maxCharge) {
      throw new DomainError('invalid_amount', `A charge is a whole amount from 1 to ${this.config.maxCharge}.`, {
        maxCharge: this.config.maxCharge,
      });
    }
    return this.repo.charge({
      userId,
      amount,
      maxBalance: this.config.maxBalance,
      entryId: this.ids.newId(),
      idempotencyKey,
      now: this.clock.now(),
    });
  }

  async balance(userId: string, limit = DEFAULT_HISTORY_PAGE, cursor: string | null = null): Promise<HistoryPage> {
    assertUserId(userId);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE) {
      throw new DomainError('validation_failed', `limit is from 1 to ${MAX_HISTORY_PAGE}.`);
    }
    return this.repo.history(userId, limit, cursor);
  }
}
