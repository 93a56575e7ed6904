import type { BoxofficeStore } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import type { Db, ReadConcernLevel, TransactionOptions } from 'mongodb';
import { MongoClient, ReadConcern } from 'mongodb';
import type { Concerns, WriteConcernOption } from './concerns.js';
import { resolveConcerns } from './concerns.js';
import { MongoContext, Steps } from './context.js';
import { dbNameFromUrl, topologyFromHello } from './topology.js';
import { guarded, mapError } from './errors.js';
import { ensureIndexes } from './indexes.js';
import { MongoAllowances } from './mongo-allowances.js';
import { MongoCatalog } from './mongo-catalog.js';
import { MongoEvents, MongoEventsOff } from './mongo-events.js';
import { MongoWaitlistNotYet } from './mongo-waitlist.js';
import { MongoIdempotencyStore } from './mongo-idempotency.js';
import type { MongoQueueOptions } from './mongo-queue-repository.js';
import { MongoQueueRepository } from './mongo-queue-repository.js';
import { MongoSales } from './mongo-sales.js';
import { MongoSeatInventory } from './mongo-seat-inventory.js';
import type { MongoWalletOptions } from './mongo-wallets.js';
import { MongoRefunds } from './mongo-refunds.js';
import { MongoWallets } from './mongo-wallets.js';

export interface MongoStoreOptions {
  /** A MongoDB connection string; its path names the database unless dbName does. */
  readonly url: string;
  /** Default: the database in the URL, else `boxoffice`. */
  readonly dbName?: string;
  /**
   * Default `{ w: 'majority', wtimeoutMS: 10000 }`. A write concern weaker than
   * the read concern is refused (validation_failed), and so is `w: 0`.
   */
  readonly writeConcern?: WriteConcernOption;
  /** Default `majority`. */
  readonly readConcern?: ReadConcernLevel;
  readonly wallet?: MongoWalletOptions;
  /** A client to share; the store then leaves closing it to the caller. */
  readonly client?: MongoClient;
  /** `auto` (default) uses transactions when `hello` shows a replica set or mongos. */
  readonly transactions?: 'auto' | 'on' | 'off';
  readonly queue?: MongoQueueOptions;
  /**
   * Events kept per partition (queue, schedule, user, the sales): an append
   * that takes a partition past a multiple of 100 deletes those further back.
   * Default 10 000, like Redis's eventStreamMaxLen.
   */
  readonly eventsPerPartition?: number;
  /** Where the start-up line goes (which consistency path runs). Default console.info. */
  readonly log?: (line: string) => void;
}

/** The store, plus what it found at start. */
export interface MongoStore extends BoxofficeStore {
  readonly db: Db;
  /** Whether multi-document steps run in transactions. */
  readonly transactions: boolean;
  /** What `hello` reported: standalone server, replica set <name> or sharded cluster (mongos). */
  readonly topology: string;
}

/**
 * Connects, creates collections and indexes (ensureIndexes), asks the server
 * with `hello` whether it is a replica set or mongos, and says in the log which
 * path runs: transactions for multi-document steps, or (on a standalone
 * server) conditional single-document steps with idempotent recovery.
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  // Refuse unsafe concerns before connecting: nothing is started.
  const concerns = resolveConcerns(options);
  const keep = options.eventsPerPartition;
  if (keep !== undefined && (!Number.isSafeInteger(keep) || keep < 1)) {
    throw new DomainError('validation_failed', `eventsPerPartition must be a positive integer, got ${String(keep)}.`, { key: 'eventsPerPartition' });
  }
  const owned = options.client === undefined;
  // Retryable writes stay on (the driver default); they take effect on replica sets and mongos.
  // A down server fails fast (readiness probes, start-up) unless the URL sets its own timeout.
  const selection = /[?&]serverSelectionTimeoutMS=/i.test(options.url) ? {} : { serverSelectionTimeoutMS: 5_000 };
  const client = options.client ?? new MongoClient(options.url, { retryWrites: true, retryReads: true, ...selection });
  try {
    if (owned) await client.connect();
    const { writeConcern } = concerns;
    const readConcern = new ReadConcern(concerns.readConcern);
    const db = client.db(options.dbName ?? dbNameFromUrl(options.url) ?? 'boxoffice', { writeConcern, readConcern });
    await ensureIndexes(db);
    const topology = topologyFromHello(await db.admin().command({ hello: 1 }));
    const mode = options.transactions ?? 'auto';
    const transactions = mode === 'auto' ? topology.transactions : mode === 'on';
    const steps = new Steps(client, transactions, transactionOptions(writeConcern));
    const ctx = new MongoContext(db, steps, options.eventsPerPartition);
    (options.log ?? console.info)(
      `boxoffice: mongodb store on ${topology.description}, database ${db.databaseName}: ` +
        (transactions
          ? 'multi-document steps run in transactions, and every change appends its events in its transaction'
          : 'no transactions; conditional single-document updates with idempotent steps and recovery; no event outbox (it needs transactions)'),
    );
    const wallets = new MongoWallets(ctx, options.wallet);
    const sales = new MongoSales(ctx);
    return {
      db,
      transactions,
      topology: topology.description,
      queue: new MongoQueueRepository(ctx, options.queue),
      sales,
      audit: sales,
      catalog: new MongoCatalog(ctx),
      inventory: new MongoSeatInventory(ctx),
      wallets,
      payments: wallets,
      refunds: new MongoRefunds(ctx, wallets),
      idempotency: new MongoIdempotencyStore(ctx),
      allowances: new MongoAllowances(ctx),
      events: transactions ? new MongoEvents(ctx.counters, ctx.events, ctx.eventLeases, steps) : new MongoEventsOff(),
      waitlist: new MongoWaitlistNotYet(),
      ping: () =>
        guarded(async () => {
          await db.command({ ping: 1 });
        }),
      close: async () => {
        if (owned) await client.close();
      },
    };
  } catch (error) {
    if (owned) await client.close().catch(() => undefined);
    throw mapError(error);
  }
}

/**
 * Transactions read a snapshot on the primary and commit with the store's write
 * concern; a commit that cannot reach a majority gives up after the same wait
 * as any write (maxCommitTimeMS), and withTransaction's retries stop there.
 */
export function transactionOptions(writeConcern: Concerns['writeConcern']): TransactionOptions {
  return {
    readConcern: { level: 'snapshot' },
    writeConcern,
    readPreference: 'primary',
    maxCommitTimeMS: writeConcern.wtimeoutMS,
  };
}
