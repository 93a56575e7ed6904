import type { ClientSession, Collection, Db, MongoClient, TransactionOptions } from 'mongodb';
import type { ConcertDoc, ScheduleDoc } from './documents/catalog.js';
import type { IdempotencyDoc } from './documents/idempotency.js';
import type { PaymentDoc, PaymentTrackDoc } from './documents/payments.js';
import type { RefundDoc } from './documents/refunds.js';
import type { AdmissionDoc } from './documents/admission.js';
import type { CounterDoc, TokenDoc } from './documents/queue.js';
import type { EventDoc, EventLeaseDoc } from './documents/events.js';
import type { AuditDoc, SaleDoc } from './documents/sales.js';
import type { ReservationDoc, SeatDoc } from './documents/seats.js';
import type { LedgerDoc, WalletDoc } from './documents/wallets.js';
import { COLLECTIONS } from './indexes.js';
import { DEFAULT_EVENTS_PER_PARTITION, MongoOutbox } from './mongo-events.js';

/**
 * Runs a multi-document step. With transactions (replica set or mongos) the
 * body runs inside session.withTransaction, which retries it on transient
 * errors, so the body must be safe to re-run and must not swallow driver errors.
 * Without, the body runs as it is, with no session: every step in it is then a
 * conditional single-document write that is safe to repeat or to resume.
 */
export class Steps {
  constructor(
    private readonly client: MongoClient,
    readonly transactions: boolean,
    private readonly options: TransactionOptions,
  ) {}

  run<T>(body: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
    if (!this.transactions) return body(undefined);
    return this.client.withSession((session) => session.withTransaction((s) => body(s), this.options));
  }
}

/** What every repository shares: the typed collections and the step runner. */
export class MongoContext {
  readonly tokens: Collection<TokenDoc>;
  readonly counters: Collection<CounterDoc>;
  readonly locks: Collection<AdmissionDoc>;
  readonly concerts: Collection<ConcertDoc>;
  readonly schedules: Collection<ScheduleDoc>;
  readonly reservations: Collection<ReservationDoc>;
  readonly seats: Collection<SeatDoc>;
  readonly wallets: Collection<WalletDoc>;
  readonly ledger: Collection<LedgerDoc>;
  readonly payments: Collection<PaymentDoc>;
  readonly paymentTracks: Collection<PaymentTrackDoc>;
  readonly refunds: Collection<RefundDoc>;
  readonly idempotency: Collection<IdempotencyDoc>;
  readonly sales: Collection<SaleDoc>;
  readonly audit: Collection<AuditDoc>;
  readonly events: Collection<EventDoc>;
  readonly eventLeases: Collection<EventLeaseDoc>;
  /** Where steps append their events, in their transaction. */
  readonly outbox: MongoOutbox;

  constructor(
    readonly db: Db,
    readonly steps: Steps,
    eventsPerPartition = DEFAULT_EVENTS_PER_PARTITION,
  ) {
    this.tokens = db.collection<TokenDoc>(COLLECTIONS.tokens);
    this.counters = db.collection<CounterDoc>(COLLECTIONS.counters);
    this.locks = db.collection<AdmissionDoc>(COLLECTIONS.locks);
    this.concerts = db.collection<ConcertDoc>(COLLECTIONS.concerts);
    this.schedules = db.collection<ScheduleDoc>(COLLECTIONS.schedules);
    this.reservations = db.collection<ReservationDoc>(COLLECTIONS.reservations);
    this.seats = db.collection<SeatDoc>(COLLECTIONS.seats);
    this.wallets = db.collection<WalletDoc>(COLLECTIONS.wallets);
    this.ledger = db.collection<LedgerDoc>(COLLECTIONS.ledger);
    this.payments = db.collection<PaymentDoc>(COLLECTIONS.payments);
    this.paymentTracks = db.collection<PaymentTrackDoc>(COLLECTIONS.paymentTracks);
    this.refunds = db.collection<RefundDoc>(COLLECTIONS.refunds);
    this.idempotency = db.collection<IdempotencyDoc>(COLLECTIONS.idempotency);
    this.sales = db.collection<SaleDoc>(COLLECTIONS.sales);
    this.audit = db.collection<AuditDoc>(COLLECTIONS.audit);
    this.events = db.collection<EventDoc>(COLLECTIONS.events);
    this.eventLeases = db.collection<EventLeaseDoc>(COLLECTIONS.eventLeases);
    this.outbox = new MongoOutbox(this.counters, this.events, steps, eventsPerPartition);
  }

  /** The next value of a named counter: one atomic $inc, created on first use. */
  async nextSeq(name: string, session?: ClientSession): Promise<number> {
    const doc = await this.counters.findOneAndUpdate(
      { _id: name },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after', session },
    );
    if (!doc) throw new Error(`counter ${name} did not return a value`);
    return doc.seq;
  }
}
