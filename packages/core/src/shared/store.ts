import type { CatalogRepository } from '../catalog/catalog-repository.js';
import type { AllowanceRepository } from '../fair-play/allowance-repository.js';
import type { EventFeed } from '../events/event-feed.js';
import type { PaymentRepository } from '../payment/payment-repository.js';
import type { RefundRepository } from '../payment/refund-repository.js';
import type { QueueRepository } from '../queue/queue-repository.js';
import type { AuditLog } from '../sale/audit.js';
import type { SaleRepository } from '../sale/sale-repository.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import type { WaitlistRepository } from '../waitlist/waitlist-repository.js';
import type { WalletRepository } from '../wallet/wallet-repository.js';
import type { IdempotencyStore } from './idempotency.js';

/** Everything core stores, as one adapter provides it. */
export interface BoxofficeStore {
  readonly queue: QueueRepository;
  readonly sales: SaleRepository;
  readonly catalog: CatalogRepository;
  readonly inventory: SeatInventory;
  readonly wallets: WalletRepository;
  /** Shares its partition with `wallets`: see PaymentRepository. */
  readonly payments: PaymentRepository;
  /** Shares its partition with `payments` and `wallets`: see RefundRepository. */
  readonly refunds: RefundRepository;
  readonly idempotency: IdempotencyStore;
  /** The purchase limit's allowances, in the user partition (with `wallets`). */
  readonly allowances: AllowanceRepository;
  /** Each sale's waiting list and its offers, in the sale's partition. */
  readonly waitlist: WaitlistRepository;
  /** Operator actions; in the sales' partition (SaleRepository.update writes both at once). */
  readonly audit: AuditLog;
  /** The outbox of every partition, read back as one feed; each mutating step above appends its own events. */
  readonly events: EventFeed;
  /** Resolves when the store answers; for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
