import { DEFAULT_SALE, isDomainError, saleOfToken, type Boxoffice } from '@boxoffice/core';
import type { Logger } from 'pino';
import { ConfigError } from './config.js';

/**
 * The host's side of sales: the catalog's sales stored at start, the default
 * sale that `/v1/queue/tokens` acts on, and the sale a Queue-Token belongs to.
 */
export class HostSales {
  private defaultId: string = DEFAULT_SALE;

  constructor(
    private readonly boxoffice: Boxoffice,
    private readonly logger: Logger,
    /** BOXOFFICE_DEFAULT_SALE, when set. */
    private readonly configured: string | undefined,
  ) {}

  /** The sale `/v1/queue/tokens` acts on: BOXOFFICE_DEFAULT_SALE, else `default`, else the first by id. */
  get defaultSale(): string {
    return this.defaultId;
  }

  /** The sale whose queue a Queue-Token lives in: its own prefix, or the default sale for a token without one. */
  saleOf(token: string): string {
    return saleOfToken(token) ?? this.defaultId;
  }

  /**
   * At start, after the concerts are published: stores the catalog's sales (a
   * sale that exists already keeps its seed: redrawing it would change a
   * published commitment), makes `default` when there is none, and picks the
   * default sale. `where` names the source in errors (the catalog file).
   */
  async start(sales: readonly unknown[], where: string | null): Promise<void> {
    for (const [i, input] of sales.entries()) {
      try {
        await this.boxoffice.sales.create(input);
      } catch (error) {
        if (isDomainError(error, 'sale_exists')) {
          this.logger.info({ saleId: error.details.saleId }, 'sale exists in the store already; kept as it is');
          continue;
        }
        if (where && isDomainError(error, 'validation_failed')) {
          throw new ConfigError(`${where}: sales[${i}]: ${error.message}`);
        }
        throw error;
      }
    }
    await this.boxoffice.sales.ensureDefault();
    this.defaultId = await this.pickDefault();
  }

  private async pickDefault(): Promise<string> {
    const ids = await this.boxoffice.sales.refresh();
    if (this.configured !== undefined) {
      if (!ids.includes(this.configured)) {
        throw new ConfigError(`BOXOFFICE_DEFAULT_SALE names no sale: ${JSON.stringify(this.configured)} (sales: ${ids.join(', ')})`);
      }
      return this.configured;
    }
    return ids.includes(DEFAULT_SALE) ? DEFAULT_SALE : (ids[0] ?? DEFAULT_SALE);
  }
}
