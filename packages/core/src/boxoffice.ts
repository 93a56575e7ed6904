import { CatalogService } from './catalog/catalog-service.js';
import { PurchaseLimit } from './fair-play/purchase-limit.js';
import { EventService } from './events/event-service.js';
import { PaymentService } from './payment/payment-service.js';
import type { RecoveryReport } from './payment/payment-service.js';
import { RefundService } from './payment/refund-service.js';
import type { RefundRecoveryReport } from './payment/refund-service.js';
import type { TickReport } from './queue/queue-service.js';
import { QueueService } from './queue/queue-service.js';
import { ReservationService } from './reservation/reservation-service.js';
import type { SaleSettings } from './sale/sale.js';
import { SaleService } from './sale/sale-service.js';
import type { Clock } from './shared/clock.js';
import type { BoxofficeConfig } from './shared/config.js';
import { createConfig } from './shared/config.js';
import { isDomainError } from './shared/errors.js';
import type { IdGenerator } from './shared/ids.js';
import type { BoxofficeStore } from './shared/store.js';
import type { WaitlistTickReport } from './waitlist/waitlist-service.js';
import { WaitlistService } from './waitlist/waitlist-service.js';
import { WalletService } from './wallet/wallet-service.js';

export interface BoxofficeOptions {
  readonly store: BoxofficeStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config?: Partial<BoxofficeConfig>;
}

export interface SchedulerReport {
  readonly queues: Readonly<Record<string, TickReport>>;
  readonly expiredHolds: readonly string[];
  readonly recoveredPayments: RecoveryReport;
  readonly recoveredRefunds: RefundRecoveryReport;
  /** Each stored sale's waiting list: offers placed and settled. */
  readonly waitlists: Readonly<Record<string, WaitlistTickReport>>;
}

/** The use cases wired to one store. Any number of these may share a store, in one process or many. */
export class Boxoffice {
  readonly config: BoxofficeConfig;
  readonly sales: SaleService;
  readonly queue: QueueService;
  readonly catalog: CatalogService;
  readonly reservations: ReservationService;
  /** The purchase limit per user per sale (SPEC "Fair play"). */
  readonly purchaseLimit: PurchaseLimit;
  readonly wallet: WalletService;
  readonly payments: PaymentService;
  readonly refunds: RefundService;
  readonly events: EventService;
  /** Each sale's waiting list and its offers (SPEC "Refunds and the waiting list"). */
  readonly waitlist: WaitlistService;

  constructor(readonly options: BoxofficeOptions) {
    const { store, clock, ids } = options;
    this.config = createConfig(options.config);
    // The console's tail estimate comes from the queue service's samples, built just below.
    const estimateTail = (saleId: string, position: number, settings: SaleSettings) => this.queue.estimate(saleId, position, settings);
    this.sales = new SaleService(store.sales, store.queue, store.catalog, store.inventory, clock, ids, this.config, store.audit, estimateTail);
    this.queue = new QueueService(store.queue, this.sales, clock, ids, this.config);
    this.catalog = new CatalogService(store.catalog, store.inventory, this.queue, this.sales, clock);
    this.purchaseLimit = new PurchaseLimit(store.allowances, store.inventory, clock, this.config);
    this.reservations = new ReservationService(store.inventory, this.catalog, this.queue, this.sales, clock, ids, this.config, this.purchaseLimit);
    this.wallet = new WalletService(store.wallets, clock, ids, this.config);
    this.payments = new PaymentService(
      store.payments,
      store.wallets,
      store.inventory,
      this.reservations,
      this.queue,
      this.sales,
      clock,
      ids,
      this.config,
    );
    this.refunds = new RefundService(store.refunds, store.payments, store.inventory, this.sales, this.purchaseLimit, clock, ids, this.config);
    this.events = new EventService(store.events);
    this.waitlist = new WaitlistService(store.waitlist, store.inventory, this.catalog, this.sales, this.queue, this.reservations, this.payments, this.purchaseLimit, clock, ids, this.config);
  }

  get store(): BoxofficeStore {
    return this.options.store;
  }

  /**
   * The scheduler's work: the sales are re-read (so every host sees a change
   * within one tick), then each sale's admission tick (every stored sale, or
   * the default queue when none is stored, unless `queueIds` names them), then
   * the hold sweep (expired holds give their purchase allowance back), then payment and refund recovery,
   * then each sale's waiting list (its offers).
   */
  async tick(queueIds?: readonly string[]): Promise<SchedulerReport> {
    const saleIds = await this.sales.refresh();
    const queues: Record<string, TickReport> = {};
    for (const queueId of queueIds ?? saleIds) queues[queueId] = await this.queue.tick(queueId);
    // One read of the schedule list serves both sweeps.
    const scheduleIds = await this.catalog.listScheduleIds();
    const expiredHolds = await this.reservations.sweep(scheduleIds);
    await this.purchaseLimit.returnExpired(expiredHolds, (scheduleId) => this.sales.salesOf(scheduleId));
    const recoveredPayments = await this.payments.recover(scheduleIds);
    const recoveredRefunds = await this.refunds.recover();
    // Last: the sweep and the recoveries have just released what they could, for the lists to offer.
    const waitlists: Record<string, WaitlistTickReport> = {};
    for (const saleId of queueIds ?? saleIds) {
      // One sale's list failing (a store without one answers store_unavailable) holds up no other; the next tick repeats it.
      waitlists[saleId] = await this.waitlist.tick(saleId).catch((error: unknown) => {
        if (isDomainError(error, 'store_unavailable')) return { active: false, offered: [], settled: [], failed: error.code };
        throw error;
      });
    }
    return { queues, expiredHolds, recoveredPayments, recoveredRefunds, waitlists };
  }
}

export function createBoxoffice(options: BoxofficeOptions): Boxoffice {
  return new Boxoffice(options);
}
