import type { Db, IndexDescription } from 'mongodb';
import { MongoServerError } from 'mongodb';

/** Every collection the adapter uses, in one place. */
export const COLLECTIONS = {
  tokens: 'queue_tokens',
  counters: 'counters',
  locks: 'locks',
  concerts: 'concerts',
  schedules: 'schedules',
  reservations: 'reservations',
  seats: 'seats',
  wallets: 'wallets',
  ledger: 'ledger',
  payments: 'payments',
  paymentTracks: 'payment_tracks',
  refunds: 'refunds',
  idempotency: 'idempotency',
  sales: 'sales',
  audit: 'audit_log',
  events: 'events',
  eventLeases: 'event_leases',
} as const;

/**
 * The indexes, by collection. The unique ones hold the invariants even if the
 * adapter's code were wrong: one live token per user and queue, one holder per
 * seat, one ledger entry per wallet idempotency key (charge key or payment id)
 * and per ledger position, one live payment per reservation and per session.
 */
export const INDEXES: Readonly<Record<keyof typeof COLLECTIONS, readonly IndexDescription[]>> = {
  tokens: [
    { name: 'one_live_token_per_user', key: { queueId: 1, userId: 1 }, unique: true, partialFilterExpression: { live: true } },
    // Queue order with the pre-queue first: the head, and the batched positions (one pass up to the farthest asked).
    { name: 'queue_order', key: { queueId: 1, state: 1, line: 1 } },
    // FIFO without transactions: admission counts the seqs taken before the opening and walks the later ones, in any state.
    { name: 'seq_walk', key: { queueId: 1, seq: 1 } },
    // The draw in its order, every pre-queue token whatever its state.
    { name: 'draw_order', key: { queueId: 1, drawKey: 1 }, partialFilterExpression: { drawKey: { $type: 'string' } } },
    { name: 'idle_sweep', key: { queueId: 1, state: 1, lastSeenAt: 1 } },
    { name: 'session_sweep', key: { queueId: 1, state: 1, activeUntil: 1 } },
    // Admissions in the sliding window: tokens activated after its start, whatever their state now.
    { name: 'admission_window', key: { queueId: 1, activatedAt: 1 } },
    // Completed and expired tokens go away a while after they end.
    { name: 'purge_ended', key: { purgeAt: 1 }, expireAfterSeconds: 0 },
  ],
  counters: [],
  locks: [],
  concerts: [{ name: 'publication_order', key: { ord: 1 } }],
  schedules: [
    { name: 'by_concert', key: { concertId: 1 } },
    { name: 'publication_order', key: { ord: 1, index: 1 } },
  ],
  reservations: [{ name: 'hold_sweep', key: { scheduleId: 1, state: 1, expiresAt: 1 } }],
  seats: [{ name: 'one_holder_per_seat', key: { scheduleId: 1, number: 1 }, unique: true }],
  wallets: [],
  ledger: [
    { name: 'ledger_order', key: { userId: 1, seq: 1 }, unique: true },
    { name: 'one_entry_per_key', key: { userId: 1, key: 1 }, unique: true, partialFilterExpression: { key: { $type: 'string' } } },
  ],
  payments: [
    {
      name: 'one_live_payment_per_reservation',
      key: { userId: 1, reservationId: 1 },
      unique: true,
      partialFilterExpression: { live: true },
    },
    // A session pays once: of racing payments in one session (queue token), the insert decides one.
    { name: 'one_live_payment_per_session', key: { userId: 1, token: 1 }, unique: true, partialFilterExpression: { live: true } },
    { name: 'recovery_sweep', key: { state: 1, updatedAt: 1 } },
  ],
  // Payment ids tracked before their claim and create: the sweep finds a claim whose payment never came.
  paymentTracks: [{ name: 'recovery_sweep', key: { createdAt: 1 } }],
  refunds: [
    // The refund fence: a payment is refunded at most once, whatever the code does.
    { name: 'one_refund_per_payment', key: { userId: 1, paymentId: 1 }, unique: true },
    { name: 'recovery_sweep', key: { state: 1, updatedAt: 1 } },
  ],
  idempotency: [{ name: 'purge_expired', key: { purgeAt: 1 }, expireAfterSeconds: 0 }],
  sales: [],
  // Operator actions, newest first by their sequence number (the page cursor).
  audit: [{ name: 'newest_first', key: { seq: -1 }, unique: true }],
  events: [
    // One event per partition place; the trim deletes a partition's oldest.
    { name: 'partition_order', key: { p: 1, s: 1 }, unique: true },
    // The feed in order (g > cursor), and the unsequenced ones (g: null) in partition order for the sequencer.
    { name: 'feed_order', key: { g: 1, p: 1, s: 1 } },
  ],
  eventLeases: [],
};

const NAMESPACE_EXISTS = 48;

/**
 * Creates every collection and index the adapter needs. Idempotent: run it at
 * every start (createMongoStore does). Collections are created up front so that
 * transactions never have to create one.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [key, name] of Object.entries(COLLECTIONS) as Array<[keyof typeof COLLECTIONS, string]>) {
    if (!existing.has(name)) {
      try {
        await db.createCollection(name);
      } catch (error) {
        // Another process created it first.
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
      }
    }
    const specs = INDEXES[key];
    if (specs.length > 0) await db.collection(name).createIndexes([...specs]);
  }
}
