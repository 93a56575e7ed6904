import type { LineHeartbeat, QueueRepository } from '../queue/queue-repository.js';
import type { SalePrimitives } from '../sale/sale.js';
import type { BoxofficeStore } from '../shared/store.js';
import { gap, replacePorts } from './intercept.js';
import type { NaiveAllowanceBugs } from './naive-allowances.js';
import { NaiveAllowances } from './naive-allowances.js';
import type { NaiveEventBugs } from './naive-events.js';
import { NaiveEventLog } from './naive-events.js';
import type { NaiveIdempotencyBugs } from './naive-idempotency.js';
import { NaiveIdempotencyStore } from './naive-idempotency.js';
import type { NaiveInventoryBugs } from './naive-inventory.js';
import { NaiveSeatInventory } from './naive-inventory.js';
import type { NaiveQueueBugs } from './naive-queue.js';
import { NaiveQueueRepository } from './naive-queue.js';
import type { NaiveRefundBugs } from './naive-refunds.js';
import { NaiveRefunds } from './naive-refunds.js';
import type { NaiveWalletBugs } from './naive-wallets.js';
import { NaiveWallets } from './naive-wallets.js';
import type { NaiveWaitlistBugs } from './naive-waitlist.js';
import { NaiveWaitlist } from './naive-waitlist.js';
import { OPERATOR_BROKEN_ADAPTERS, salesInto } from './broken-operators.js';

/**
 * Deliberately broken stores, built over a working one (the memory store in
 * the kit's self-tests). Each keeps every port but one honest, so the check
 * that fails names the bug. The kit must catch every one of them.
 *
 * Wrappers that need a bug the wrapped store cannot express (a LIFO line, a
 * seat without a conflict check, a lost wallet update) swap that port for a
 * small naive implementation with the bug switched on; `naiveStore` is the
 * same with every bug off, and passes the whole kit.
 */
export interface BrokenAdapter {
  readonly name: string;
  readonly bug: string;
  readonly wrap: (store: BoxofficeStore) => BoxofficeStore;
  /** Ids of the conformance checks that must fail against it. */
  readonly caughtBy: readonly string[];
}

/** The admission step ignores maxActive: admits past the cap. */
export function overCapacityQueue(queue: QueueRepository): QueueRepository {
  return {
    ...delegateQueue(queue),
    admit: (queueId, rule, now) => queue.admit(queueId, { ...rule, maxActive: Number.MAX_SAFE_INTEGER }, now),
  };
}

/**
 * Admission as read-then-write across a round trip: it counts the active
 * tokens, yields, then admits up to the cap it computed. Alone it is correct;
 * two ticks at once both see the same room and admit past maxActive.
 */
export function racyAdmissionQueue(queue: QueueRepository): QueueRepository {
  return {
    ...delegateQueue(queue),
    admit: async (queueId, rule, now) => {
      const { active } = await queue.counts(queueId, now);
      await gap();
      const room = Math.max(0, Math.min(rule.limit, rule.maxActive - active));
      if (room === 0) return [];
      return queue.admit(queueId, { ...rule, maxActive: Number.MAX_SAFE_INTEGER, limit: room }, now);
    },
  };
}

/**
 * The sliding window kept as read-then-write: it counts recent admissions,
 * yields, then admits up to the room it computed. Concurrent ticks each see
 * the same room and together admit past admitPerMinute.
 */
export function racyRateWindowQueue(queue: QueueRepository): QueueRepository {
  const log = new Map<string, number[]>();
  return {
    ...delegateQueue(queue),
    admit: async (queueId, rule, now) => {
      const recent = (log.get(queueId) ?? []).filter((at) => at > now - rule.windowMs).length;
      await gap();
      const room = Math.max(0, Math.min(rule.limit, rule.admitPerMinute - recent));
      if (room === 0) return [];
      const admitted = await queue.admit(queueId, { ...rule, admitPerMinute: Number.MAX_SAFE_INTEGER, limit: room }, now);
      log.set(queueId, [...(log.get(queueId) ?? []), ...admitted.map(() => now)]);
      return admitted;
    },
  };
}

export function racyRateWindow(store: BoxofficeStore): BoxofficeStore {
  return replacePorts(store, { queue: racyRateWindowQueue(store.queue) });
}

export function overCapacity(store: BoxofficeStore): BoxofficeStore {
  return replacePorts(store, { queue: overCapacityQueue(store.queue) });
}

export function racyAdmission(store: BoxofficeStore): BoxofficeStore {
  return replacePorts(store, { queue: racyAdmissionQueue(store.queue) });
}

export function naiveQueue(bugs: NaiveQueueBugs = {}) {
  return (store: BoxofficeStore): BoxofficeStore => replacePorts(store, { queue: new NaiveQueueRepository(bugs) });
}

export function naiveInventory(bugs: NaiveInventoryBugs = {}) {
  return (store: BoxofficeStore): BoxofficeStore => replacePorts(store, { inventory: new NaiveSeatInventory(bugs) });
}

export function naiveWallets(bugs: NaiveWalletBugs = {}) {
  return (store: BoxofficeStore): BoxofficeStore => {
    const wallets = new NaiveWallets(bugs);
    // Refunds share the wallets' partition, so they go naive with them.
    return replacePorts(store, { wallets, payments: wallets, refunds: new NaiveRefunds(wallets) });
  };
}

export function naiveIdempotency(bugs: NaiveIdempotencyBugs = {}) {
  return (store: BoxofficeStore): BoxofficeStore => replacePorts(store, { idempotency: new NaiveIdempotencyStore(bugs) });
}

export function naiveAllowances(bugs: NaiveAllowanceBugs = {}) {
  return (store: BoxofficeStore): BoxofficeStore => replacePorts(store, { allowances: new NaiveAllowances(bugs) });
}

/** listUnsettled ignores `before`: the recovery sweep settles payments still in flight. */
export function eagerRecovery(store: BoxofficeStore): BoxofficeStore {
  const base = replacePorts(store, {});
  return replacePorts(store, {
    payments: { ...base.payments, listUnsettled: (_before, limit) => store.payments.listUnsettled(Number.MAX_SAFE_INTEGER, limit) },
  });
}

export interface NaiveStoreBugs {
  readonly queue?: NaiveQueueBugs;
  readonly inventory?: NaiveInventoryBugs;
  readonly wallets?: NaiveWalletBugs;
  readonly refunds?: NaiveRefundBugs;
  readonly events?: NaiveEventBugs;
  readonly waitlist?: NaiveWaitlistBugs;
}

/**
 * Every stateful port naive, sharing one naive outbox. With no bug on it is
 * the control group, which must pass the whole kit; the event bugs switch one
 * on in an otherwise honest store, so only the events suite can catch them.
 */
export function naiveStore(store: BoxofficeStore, bugs: NaiveStoreBugs = {}): BoxofficeStore {
  const events = new NaiveEventLog(bugs.events);
  const wallets = new NaiveWallets(bugs.wallets, events);
  return replacePorts(store, {
    queue: new NaiveQueueRepository(bugs.queue, events),
    inventory: new NaiveSeatInventory(bugs.inventory, events),
    wallets,
    payments: wallets,
    refunds: new NaiveRefunds(wallets, bugs.refunds, events),
    idempotency: new NaiveIdempotencyStore(),
    allowances: new NaiveAllowances(),
    sales: salesInto(store, events),
    waitlist: new NaiveWaitlist(bugs.waitlist, events),
    events,
  });
}

/** Offers go to the person who joined last. */
export const lastFirstWaitlist = (store: BoxofficeStore) => naiveStore(store, { waitlist: { lastFirst: true } });
/** A person whose offer is pending is taken again for the next seat. */
export const claimsPending = (store: BoxofficeStore) => naiveStore(store, { waitlist: { claimPending: true } });
/** The list's live offers leave out pending ones: a crash between claim and open is never finished. */
export const forgetsPendingOffers = (store: BoxofficeStore) => naiveStore(store, { waitlist: { openOnly: true } });
/** An ordinary hold takes a seat the waiting list keeps. */
export const holdsInWaitlistMode = (store: BoxofficeStore) => naiveStore(store, { inventory: { holdInWaitlistMode: true } });

/** The hold sweep ends lapsed holds without a reservation.released. */
export const silentSweep = (store: BoxofficeStore) => naiveStore(store, { inventory: { silentSweep: true } });
/** payments.complete announces payment.completed again on a repeat. */
export const repeatCompleted = (store: BoxofficeStore) => naiveStore(store, { wallets: { repeatCompleted: true } });
/** The feed's cursor skips the first event of every next page. */
export const skippingCursor = (store: BoxofficeStore) => naiveStore(store, { events: { skippingCursor: true } });
/** The delivery lease is granted to every host that asks. */
export const sharedLease = (store: BoxofficeStore) => naiveStore(store, { events: { sharedLease: true } });

/** The pre-queue is admitted in arrival order: the draw is ignored. */
export const arrivalDraw = naiveQueue({ arrivalDraw: true });
/** A pre-queue entrant after the opening joins the draw and jumps the line. */
export const lateDraw = naiveQueue({ lateDraw: true });
/** An admission that reaches the end of the draw stops there: the line waits for the next call. */
export const drawEndStops = naiveQueue({ drawEndStops: true });
/** A sealed (sold-out) queue still admits. */
export const admitsSealed = naiveQueue({ admitSealed: true });
/** unseal() reopens a closed sale's queue as well as a sold-out one. */
export const unsealsClosed = naiveQueue({ unsealsClosed: true });
/** Every sale shares one admission budget. */
export const sharedBudget = naiveQueue({ sharedBudget: true });
/** A token is found whatever sale it is presented for. */
export const globalTokens = naiveQueue({ globalTokens: true });
/** Idle expiry leaves no end reason. */
export const noIdleReason = naiveQueue({ noIdleReason: true });
/** The idle clock runs from entry: the pre-queue expires before it opens. */
export const idleFromEntry = naiveQueue({ idleFromEntry: true });
/** The measured rate counts admissions older than a minute. */
export const staleAdmissionCount = naiveQueue({ staleAdmissionCount: true });

/** The sales port hands back another seed than the one stored at creation (the committed seedHash no longer matches). */
export function swappedSeed(store: BoxofficeStore): BoxofficeStore {
  const swap = (sale: SalePrimitives | null): SalePrimitives | null => (sale ? { ...sale, seed: [...sale.seed].reverse().join('') } : null);
  return replacePorts(store, {
    sales: {
      create: (sale, audit) => store.sales.create(sale, audit),
      get: async (id) => swap(await store.sales.get(id)),
      list: async () => (await store.sales.list()).map((s) => swap(s)!),
      update: (sale, version, audit) => store.sales.update(sale, version, audit),
    },
  });
}

/** Admits tokens that left the line while waiting. */
export const admitsEnded = naiveQueue({ admitEnded: true });
/** Counts ended tokens in positions. */
export const stalePositions = naiveQueue({ stalePositions: true });
/** A batched status read records a heartbeat for whoever polls. */
export const batchAnyPoller = naiveQueue({ batchAnyPoller: true });
/** A batched status read never records a heartbeat. */
export const batchDropsHeartbeats = naiveQueue({ batchDropsHeartbeats: true });
/** A batched read during a pause records no heartbeat. */
export const batchSkipsPausedHeartbeat = naiveQueue({ batchSkipsPausedHeartbeat: true });
/** Places by seq without the membership test: a token that left still gets one. */
export const placesOfTheGone = naiveQueue({ placesOfTheGone: true });
export const deafLinePlaces = naiveQueue({ deafLinePlaces: true });
/** The sweep expires holds that a payment has claimed. */
export const expiresClaimed = naiveInventory({ expireClaimed: true });
/** History pages overlap by one entry. */
export const overlappingCursor = naiveWallets({ overlappingCursor: true });
/** Idempotency begin() is check-then-write: concurrent requests with one key all start. */
export const racyIdempotency = naiveIdempotency({ racyBegin: true });
/** renew() revives a lapsed in-progress record. */
export const revivedLease = naiveIdempotency({ renewLapsed: true });
/** In-progress records outlive their lease. */
export const stuckInProgress = naiveIdempotency({ ignoreLease: true });
/** One line for every queue id. */
export const sharedLine = naiveQueue({ oneLine: true });
/** Seats keyed by number alone, across schedules. */
export const sharedSeatNumbers = naiveInventory({ ignoreSchedule: true });
/** Admits the newest waiting token first. */
export const lifoAdmission = naiveQueue({ lifo: true });
/** Stores a hold without checking its seats: two holds share a seat. */
export const doubleBooking = naiveInventory({ noConflictCheck: true });
/** Checks the seats, yields, then stores: racing holds of one seat all win. */
export const racyHold = naiveInventory({ racyHold: true });
/** Claims a lapsed hold within the pay grace without checking that its seats are still its own. */
export const claimLostSeats = naiveInventory({ claimLostSeats: true });
/** A lapsed hold keeps its seats until the sweep runs. */
export const noLazyExpiry = naiveInventory({ noLazyExpiry: true });
/** Reads the balance, yields, writes it back: concurrent charges are lost. */
export const lostUpdate = naiveWallets({ lostUpdate: true });
/** Applies a charge again when its idempotency key is replayed. */
export const ignoredChargeKeys = naiveWallets({ ignoreChargeKeys: true });
/** Debits a payment that the recovery sweep already aborted. */
export const unfencedDebit = naiveWallets({ unfencedDebit: true });
/** Payments: listUnsettled reads a cross-partition index that track() never writes, so the sweep is blind. */
export const untrackedPayments = naiveWallets({ untracked: true });
/** Payments: aborting a tracked id never stored leaves no tombstone, so its late create still lands (a claim freed twice over). */
export const noTombstone = naiveWallets({ noTombstone: true });
/** Debits a payment again when its debit is retried. */
export const repeatDebit = naiveWallets({ repeatDebit: true });
/** Debits without looking at the balance: concurrent payments overdraw. */
export const overdraft = naiveWallets({ noBalanceCheck: true });
/** Refunds: the fence is check-then-write, so racing refunds of one payment all pass it. */
export const doubleRefund = (store: BoxofficeStore) => naiveStore(store, { refunds: { racyFence: true } });
/** Refunds: a repeated credit step (a retry after a lost answer) credits again. */
export const repeatCredit = (store: BoxofficeStore) => naiveStore(store, { refunds: { repeatCredit: true } });
/** Refunds: the sweep lists no pending refund, so one fenced before a crash stays half-done. */
export const blindRefundSweep = (store: BoxofficeStore) => naiveStore(store, { refunds: { blindSweep: true } });
/** Refunds: the reservation reads refunded but its seats stay sold. */
export const refundKeepsSeats = (store: BoxofficeStore) => naiveStore(store, { inventory: { refundKeepsSeats: true } });
/** Keeps one live payment per reservation but not per session: one session buys many times. */
export const noSessionFence = naiveWallets({ noSessionFence: true });

export const BROKEN_ADAPTERS: readonly BrokenAdapter[] = [
  ...OPERATOR_BROKEN_ADAPTERS,
  { name: 'untrackedPayments', bug: 'track() writes no index entry: the recovery sweep never lists a stalled payment', wrap: untrackedPayments, caughtBy: ['payment/tracked-unsettled', 'payment/fault-injection'] },
  { name: 'noTombstone', bug: 'aborting an id never stored leaves no tombstone: its late create lands', wrap: noTombstone, caughtBy: ['payment/tracked-unsettled'] },
  { name: 'doubleRefund', bug: 'the refund fence is check-then-write', wrap: doubleRefund, caughtBy: ['refund/concurrent-refunds'] },
  { name: 'repeatCredit', bug: 'a repeated refund credit credits again', wrap: repeatCredit, caughtBy: ['refund/at-most-once'] },
  { name: 'blindRefundSweep', bug: 'the refund sweep lists no pending refund', wrap: blindRefundSweep, caughtBy: ['refund/fault-injection', 'refund/fault-during-recovery', 'refund/races-recovery'] },
  { name: 'refundKeepsSeats', bug: 'a refunded reservation keeps its seats sold', wrap: refundKeepsSeats, caughtBy: ['refund/success-effects'] },
  { name: 'lastFirstWaitlist', bug: 'offers go to the person who joined last', wrap: lastFirstWaitlist, caughtBy: ['waitlist/offers-in-order', 'waitlist/concurrent-ticks'] },
  { name: 'claimsPending', bug: 'a person with a pending offer is offered the next seat too', wrap: claimsPending, caughtBy: ['waitlist/concurrent-ticks'] },
  { name: 'forgetsPendingOffers', bug: 'a pending offer left by a fault is never re-driven', wrap: forgetsPendingOffers, caughtBy: ['waitlist/offer-faults'] },
  { name: 'holdsInWaitlistMode', bug: 'an ordinary hold takes a seat kept for the waiting list', wrap: holdsInWaitlistMode, caughtBy: ['waitlist/offers-in-order', 'waitlist/mode-fence'] },
  {
    name: 'racyAllowance',
    bug: 'the allowance is read, then written, across a round trip',
    wrap: naiveAllowances({ racyReserve: true }),
    caughtBy: ['reservation/purchase-limit-parallel'],
  },
  {
    name: 'allowanceCountsHolds',
    bug: 'the purchase limit counts holds, not seats',
    wrap: naiveAllowances({ countHolds: true }),
    caughtBy: ['reservation/purchase-limit-after-paying', 'reservation/allowance-port'],
  },
  {
    name: 'releaseKeepsAllowance',
    bug: 'giving an allowance back keeps it',
    wrap: naiveAllowances({ releaseKeeps: true }),
    caughtBy: ['reservation/purchase-limit-returns'],
  },
  {
    name: 'releaseDropsAllowance',
    bug: "giving one hold's allowance back drops the user's whole allowance in the sale",
    wrap: naiveAllowances({ releaseDropsAll: true }),
    caughtBy: ['reservation/purchase-limit-returns', 'reservation/purchase-limit-faults'],
  },
  {
    name: 'reserveTwice',
    bug: 'a repeated reserve of one reservation counts it twice',
    wrap: naiveAllowances({ reserveTwice: true }),
    caughtBy: ['reservation/allowance-port'],
  },
  {
    name: 'allowanceListsOne',
    bug: "listing a user's allowance answers only its first entry",
    wrap: naiveAllowances({ listFirstOnly: true }),
    caughtBy: ['reservation/purchase-limit-forfeit'],
  },
  {
    name: 'arrivalDraw',
    bug: 'the pre-queue keeps arrival order instead of the HMAC draw',
    wrap: arrivalDraw,
    caughtBy: ['sale/pre-queue', 'sale/draw-verifiable', 'sale/draw-uniform'],
  },
  { name: 'lateDraw', bug: 'a pre-queue entrant after the opening joins the draw', wrap: lateDraw, caughtBy: ['sale/late-pre-queue-candidate'] },
  { name: 'drawEndStops', bug: 'an admission that reaches the end of the draw admits nobody from the line in that call', wrap: drawEndStops, caughtBy: ['sale/draw-runs-out'] },
  { name: 'admitsSealed', bug: 'a sold-out queue still admits', wrap: admitsSealed, caughtBy: ['sale/sealed-admits-nobody'] },
  { name: 'unsealsClosed', bug: 'unseal reopens a closed sale too', wrap: unsealsClosed, caughtBy: ['sale/unseal'] },
  { name: 'sharedBudget', bug: 'sales share one admission budget', wrap: sharedBudget, caughtBy: ['sale/sales-isolated'] },
  { name: 'globalTokens', bug: "a token is found in any sale's queue", wrap: globalTokens, caughtBy: ['sale/sales-isolated'] },
  { name: 'noIdleReason', bug: 'idle expiry records no end reason', wrap: noIdleReason, caughtBy: ['sale/end-reasons'] },
  { name: 'idleFromEntry', bug: 'the idle clock runs from entry, so the pre-queue expires before opening', wrap: idleFromEntry, caughtBy: ['sale/pre-queue'] },
  { name: 'staleAdmissionCount', bug: 'the measured rate counts admissions older than a minute', wrap: staleAdmissionCount, caughtBy: ['sale/measured-rate'] },
  { name: 'swappedSeed', bug: 'the sales port returns another seed than it stored', wrap: swappedSeed, caughtBy: ['sale/create-validates', 'sale/draw-verifiable'] },
  { name: 'overCapacity', bug: 'admits past maxActive', wrap: overCapacity, caughtBy: ['queue/admission-max-active'] },
  {
    name: 'racyRateWindow',
    bug: 'the admission window is counted, then written, across a round trip',
    wrap: racyRateWindow,
    caughtBy: ['queue/concurrent-ticks-rate'],
  },
  { name: 'lifoAdmission', bug: 'admits the newest waiting token first', wrap: lifoAdmission, caughtBy: ['queue/admission-fifo'] },
  {
    name: 'racyAdmission',
    bug: 'admission reads the active count, yields, then admits',
    wrap: racyAdmission,
    caughtBy: ['queue/concurrent-ticks'],
  },
  {
    name: 'doubleBooking',
    bug: 'a hold never checks its seats',
    wrap: doubleBooking,
    caughtBy: ['reservation/held-seat-unavailable', 'reservation/parallel-holds-one-winner'],
  },
  {
    name: 'racyHold',
    bug: 'a hold checks its seats, yields, then writes',
    wrap: racyHold,
    caughtBy: ['reservation/parallel-holds-one-winner', 'reservation/parallel-multi-seat-holds'],
  },
  {
    name: 'claimLostSeats',
    bug: 'a lapsed hold is claimed within the pay grace though a rival took its seat',
    wrap: claimLostSeats,
    caughtBy: ['payment/pay-grace'],
  },
  { name: 'noLazyExpiry', bug: 'a lapsed hold keeps its seats until the sweep', wrap: noLazyExpiry, caughtBy: ['reservation/lazy-expiry'] },
  {
    name: 'lostUpdate',
    bug: 'a charge reads the balance, yields, writes it back',
    wrap: lostUpdate,
    caughtBy: ['wallet/concurrent-charges'],
  },
  { name: 'ignoredChargeKeys', bug: 'a replayed charge key is applied again', wrap: ignoredChargeKeys, caughtBy: ['wallet/idempotent-charge'] },
  {
    name: 'unfencedDebit',
    bug: 'a debit goes through after the recovery sweep aborted its payment',
    wrap: unfencedDebit,
    caughtBy: ['payment/recovery-fences-stalled-debit'],
  },
  {
    name: 'repeatDebit',
    bug: 'a retried debit debits again',
    wrap: repeatDebit,
    caughtBy: ['payment/concurrent-double-pay'],
  },
  { name: 'overdraft', bug: 'a debit never checks the balance', wrap: overdraft, caughtBy: ['payment/never-negative'] },
  {
    name: 'noSessionFence',
    bug: 'payments are fenced per reservation but not per session',
    wrap: noSessionFence,
    caughtBy: ['payment/one-payment-per-session'],
  },
  { name: 'admitsEnded', bug: 'admission picks tokens that left while waiting', wrap: admitsEnded, caughtBy: ['queue/ended-never-active'] },
  { name: 'stalePositions', bug: 'positions count ended tokens', wrap: stalePositions, caughtBy: ['queue/leave-frees-place'] },
  { name: 'batchAnyPoller', bug: "a batched status read records another user's heartbeat", wrap: batchAnyPoller, caughtBy: ['queue/status-many'] },
  { name: 'placesOfTheGone', bug: 'places by seq answer a place for a token that left the line', wrap: placesOfTheGone, caughtBy: ['queue/line-places'] },
  { name: 'deafLinePlaces', bug: 'places by seq drop the heartbeats sent with them: a waiter polling by seq idles out', wrap: deafLinePlaces, caughtBy: ['queue/line-places-heartbeat'] },
  { name: 'batchDropsHeartbeats', bug: 'a batched status read records no heartbeat', wrap: batchDropsHeartbeats, caughtBy: ['queue/status-many', 'queue/status-heartbeat'] },
  { name: 'batchSkipsPausedHeartbeat', bug: 'a batched read during a pause records no heartbeat, so the token idles out early', wrap: batchSkipsPausedHeartbeat, caughtBy: ['sale/paused-idle-clock'] },
  {
    name: 'expiresClaimed',
    bug: 'the sweep expires a hold that a payment claimed',
    wrap: expiresClaimed,
    caughtBy: ['payment/paying-hold-does-not-expire'],
  },
  {
    name: 'eagerRecovery',
    bug: 'listUnsettled ignores its age bound',
    wrap: eagerRecovery,
    caughtBy: ['payment/recovery-spares-fresh-payments'],
  },
  { name: 'overlappingCursor', bug: 'history pages overlap', wrap: overlappingCursor, caughtBy: ['wallet/history-pagination'] },
  { name: 'sharedLine', bug: 'every queue id shares one line', wrap: sharedLine, caughtBy: ['queue/queues-isolated', 'sale/sales-isolated'] },
  {
    name: 'sharedSeatNumbers',
    bug: 'seats are keyed by number without their schedule',
    wrap: sharedSeatNumbers,
    caughtBy: ['reservation/schedules-isolated'],
  },
  {
    name: 'racyIdempotency',
    bug: 'Idempotency-Key begin is check-then-write',
    wrap: racyIdempotency,
    caughtBy: ['idempotency/concurrent-begin'],
  },
  { name: 'revivedLease', bug: 'renew revives a lapsed in-progress record', wrap: revivedLease, caughtBy: ['idempotency/lease'] },
  { name: 'stuckInProgress', bug: 'an in-progress record outlives its lease', wrap: stuckInProgress, caughtBy: ['idempotency/lease'] },
  { name: 'silentSweep', bug: 'the hold sweep frees seats without reservation.released', wrap: silentSweep, caughtBy: ['events/reservation-steps'] },
  { name: 'repeatCompleted', bug: 'a repeated complete announces payment.completed again', wrap: repeatCompleted, caughtBy: ['events/payment-steps'] },
  { name: 'skippingCursor', bug: 'the feed cursor skips an event at each page', wrap: skippingCursor, caughtBy: ['events/feed-pages'] },
  { name: 'sharedLease', bug: 'two hosts hold the delivery lease at once', wrap: sharedLease, caughtBy: ['events/delivery-lease'] },
];

function delegateQueue(queue: QueueRepository): QueueRepository {
  return {
    enter: (c, ttl) => queue.enter(c, ttl),
    view: (q, t, h) => queue.view(q, t, h),
    statusMany: (q, r, s) => queue.statusMany(q, r, s),
    ...(queue.linePlaces ? { linePlaces: (q: string, s: readonly number[], h?: LineHeartbeat) => queue.linePlaces!(q, s, h) } : {}),
    leave: (q, t, n) => queue.leave(q, t, n),
    complete: (q, t, n) => queue.complete(q, t, n),
    expireSessions: (q, n, l) => queue.expireSessions(q, n, l),
    expireIdle: (q, i, n, l) => queue.expireIdle(q, i, n, l),
    admit: (q, r, n) => queue.admit(q, r, n),
    seal: (q, r, n, l) => queue.seal(q, r, n, l),
    unseal: (q, n) => queue.unseal(q, n),
    listDrawn: (q, o, l) => queue.listDrawn(q, o, l),
    counts: (q, n) => queue.counts(q, n),
    setMode: (q, m, v, n) => queue.setMode(q, m, v, n),
  };
}
