export { createMemoryStore, type MemoryStoreOptions } from './in-memory-store.js';
export { InMemoryQueueRepository, DEFAULT_ENDED_TOKEN_RETENTION_MS } from './in-memory-queue-repository.js';
export { InMemorySales } from './in-memory-sales.js';
export { InMemoryCatalog } from './in-memory-catalog.js';
export { InMemorySeatInventory } from './in-memory-seat-inventory.js';
export { InMemoryWallets } from './in-memory-wallets.js';
export { InMemoryIdempotencyStore } from './in-memory-idempotency.js';
export { SystemClock, CryptoIdGenerator } from './system.js';
export { InMemoryEventLog, DEFAULT_EVENT_RETENTION } from './in-memory-events.js';
