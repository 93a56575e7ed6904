import type { BoxofficeStore } from '@boxoffice/core';
import { InMemoryAllowances } from './in-memory-allowances.js';
import { InMemoryCatalog } from './in-memory-catalog.js';
import { InMemoryEventLog } from './in-memory-events.js';
import { InMemoryIdempotencyStore } from './in-memory-idempotency.js';
import { InMemoryQueueRepository } from './in-memory-queue-repository.js';
import { InMemoryRefunds } from './in-memory-refunds.js';
import { InMemorySales } from './in-memory-sales.js';
import { InMemorySeatInventory } from './in-memory-seat-inventory.js';
import { InMemoryWaitlist } from './in-memory-waitlist.js';
import { InMemoryWallets } from './in-memory-wallets.js';

export interface MemoryStoreOptions {
  /** How long an ended queue token's status stays readable before it is forgotten (default 10 min). */
  readonly endedTokenRetentionMs?: number;
  /** Events kept in the outbox (the oldest are dropped). Default 100 000. */
  readonly eventRetention?: number;
  /**
   * Answer places by seq (`QueueRepository.linePlaces`, core's lean status path for long lines). Off by
   * default: here a full status read costs what a place does, so core's memory of the tokens it read would
   * be pure overhead (at 10^6 waiting it made a poll slower). Tests turn it on to run that path and its check.
   */
  readonly linePlaces?: boolean;
}

/** Every port in process memory: the embedded default, needing no services. One process only. */
export function createMemoryStore(options: MemoryStoreOptions = {}): BoxofficeStore {
  // One log for every port: each appends its events inside the step that makes the change.
  const events = new InMemoryEventLog(options.eventRetention);
  const wallets = new InMemoryWallets(events);
  const sales = new InMemorySales(events);
  return {
    queue: new InMemoryQueueRepository(options.endedTokenRetentionMs, events, options.linePlaces),
    sales,
    audit: sales,
    catalog: new InMemoryCatalog(),
    inventory: new InMemorySeatInventory(events),
    wallets,
    payments: wallets,
    refunds: new InMemoryRefunds(wallets, events),
    idempotency: new InMemoryIdempotencyStore(),
    allowances: new InMemoryAllowances(),
    waitlist: new InMemoryWaitlist(events),
    events,
    ping: async () => {},
    close: async () => {},
  };
}
