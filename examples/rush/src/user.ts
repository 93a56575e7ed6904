import { randomUUID } from 'node:crypto';
import { codeOf, type UserApi } from './api.js';
import type { Reply } from './http.js';
import { CONCERT_ID, SALE_ID, SCHEDULE_ID } from './catalog.js';
import { EtaWatch } from './eta.js';
import type { RushOptions } from './options.js';
import { powHeader } from './pow.js';
import { exponential } from './random.js';
import { sleep } from './sleep.js';
import type { Tally } from './tally.js';
import { waitlistJourney, type WaitlistRecord } from './waitlist.js';

interface Status {
  readonly token: string;
  readonly state: 'pre_queue' | 'waiting' | 'active' | 'completed' | 'expired';
  readonly position: number | null;
  readonly etaSeconds: number | null;
  readonly activeUntil: string | null;
  readonly endReason: string | null;
  readonly pollAfterMs: number;
}

/** Still in line: in the pre-queue (before the opening) or waiting. */
const inLine = (state: Status['state']): boolean => state === 'waiting' || state === 'pre_queue';

interface Reservation {
  readonly id: string;
  readonly seats: number[];
  readonly amount: number;
  readonly expiresAt: string;
}

interface Seat {
  readonly number: number;
  readonly price: number;
  readonly available: boolean;
}

export interface HoldRecord {
  readonly userId: string;
  readonly id: string;
  readonly seats: readonly number[];
  readonly amount: number;
  readonly expiresAt: number;
  paid: boolean;
  abandoned: boolean;
  /** The payment, once paid. */
  paymentId?: string;
  /** The refund, once its owner refunded the payment (completed). */
  refundId?: string;
}

/** What the crowd knows at the end, for the audit. */
export interface Ledger {
  readonly holds: HoldRecord[];
  /** Sum charged and paid per user, as the clients saw it. */
  readonly charged: Map<string, number>;
  readonly paid: Map<string, number>;
  /** Sum refunded per user (completed refunds), as the clients saw it. */
  readonly refunded: Map<string, number>;
  /** People on the crowd's waiting list. */
  readonly waitlist: WaitlistRecord[];
  /** Users with a bearer, by id, for the audit's wallet reads. */
  readonly apis: Map<string, UserApi>;
}

export interface Crowd {
  readonly options: RushOptions;
  readonly tally: Tally;
  readonly ledger: Ledger;
  readonly random: () => number;
  /** Set when the run stops: users still waiting go home. */
  readonly stop: AbortSignal;
  /** The hosts' session length, to read admission times back from `activeUntil`. */
  readonly sessionTtlMs: number;
  /** Resolves once someone joined the sold-out sale's waiting list: later refunds release seats to it. */
  readonly listOpen: Promise<void>;
  readonly joinedList: () => void;
}

const TOKENS = `/v1/sales/${SALE_ID}/queue/tokens`;


/**
 * Waits for `active` by polling at the server's pace, or on the event stream; gives up after `patienceMs`.
 * Every status seen goes to `see` (the wait estimate's check). Answers the final state, or the end reason of an ended token.
 */
async function waitForTurn(
  api: UserApi,
  first: Status,
  useSse: boolean,
  patienceMs: number,
  c: Crowd,
  see: (s: Status) => void,
): Promise<Status['state'] | 'gave_up' | 'stopped' | 'sold_out'> {
  const deadline = Date.now() + patienceMs;
  let status = first;
  see(status);
  const outcome = (s: Status) => (s.endReason === 'sold_out' ? 'sold_out' : s.state);
  if (useSse && inLine(status.state)) {
    const give = new AbortController();
    const timer = setTimeout(() => give.abort(), patienceMs);
    const onStop = (): void => give.abort();
    c.stop.addEventListener('abort', onStop, { once: true });
    let last: Status = status;
    try {
      const code = await api.events(`${TOKENS}/${status.token}/events`, (data) => {
        last = data as Status;
        see(last);
        if (!inLine(last.state)) give.abort();
      }, give.signal);
      if (code !== 200) return 'expired';
    } finally {
      clearTimeout(timer);
      c.stop.removeEventListener('abort', onStop);
    }
    if (!inLine(last.state)) return outcome(last);
    if (c.stop.aborted) return 'stopped';
    // The stream ended without a final event: fall back to one poll.
    const r = await api.call<Status>('GET', `${TOKENS}/${status.token}`);
    if (r.status !== 200) return 'expired';
    status = r.body;
    see(status);
    if (!inLine(status.state)) return outcome(status);
    return Date.now() >= deadline ? 'gave_up' : 'waiting';
  }
  while (inLine(status.state)) {
    if (c.stop.aborted) return 'stopped';
    const wait = Math.min(status.pollAfterMs > 0 ? status.pollAfterMs : 1000, Math.max(0, deadline - Date.now()));
    await sleep(wait, c.stop);
    if (c.stop.aborted) return 'stopped';
    if (Date.now() >= deadline) return 'gave_up';
    const r = await api.call<Status>('GET', `${TOKENS}/${status.token}`);
    if (r.status !== 200) return 'expired';
    status = r.body;
    see(status);
  }
  return outcome(status);
}

/** Picks `k` free seats, most people wanting the front rows: that is where holds collide. */
function choose(seats: readonly Seat[], k: number, random: () => number): number[] {
  const free = seats.filter((s) => s.available).map((s) => s.number);
  const picked = new Set<number>();
  while (picked.size < Math.min(k, free.length)) {
    const i = Math.floor(free.length * random() ** 2);
    picked.add(free[i]!);
  }
  return [...picked].sort((a, b) => a - b);
}

/** One person's rush: queue, wait (or give up), pick seats, hold, charge, pay. */
export async function journey(userId: string, api: UserApi, c: Crowd): Promise<void> {
  const { tally, options: o, random, ledger } = c;
  const entered = Date.now();
  tally.arrived += 1;
  // With bots in the crowd the sale asks for proof of work: a person's browser does it before entering.
  const enter = await api.call<Status>('POST', TOKENS, {}, o.bots > 0 ? await powHeader(api, SALE_ID) : {});
  if (codeOf(enter) === 'sale_sold_out') {
    tally.soldOutAtEntry += 1;
    return turnedAway(userId, api, c);
  }
  if (enter.status !== 201 && enter.status !== 200) return;
  if (enter.body.state === 'pre_queue') tally.preQueued += 1;
  const token = enter.body.token;
  const q = { 'queue-token': token };
  const useSse = random() < o.sse;
  const eta = new EtaWatch(c.sessionTtlMs);
  const see = (s: Status): void => {
    const sample = eta.see(s);
    if (sample) tally.etaSamples.push(sample);
  };
  const outcome = await waitForTurn(api, enter.body, useSse, exponential(random, o.patience * 1000), c, see);
  if (outcome === 'gave_up') {
    tally.gaveUp += 1;
    await api.call('DELETE', `${TOKENS}/${token}`);
    return;
  }
  if (outcome === 'stopped') return;
  if (outcome === 'sold_out') {
    tally.soldOutWhileWaiting += 1;
    return turnedAway(userId, api, c);
  }
  if (outcome !== 'active') {
    tally.tokensExpired += 1;
    return;
  }
  tally.admitted += 1;
  tally.admittedAt.push(tally.elapsed());
  tally.waitMs.push(Date.now() - entered);

  // Browse like the page does: concerts, dates, then the seat map.
  await api.call('GET', '/v1/concerts', undefined, q);
  await api.call('GET', `/v1/concerts/${CONCERT_ID}/schedules`, undefined, q);
  const want = 1 + Math.floor(random() * o.maxSeatsPerUser);
  let hold: Reservation | null = null as Reservation | null;
  for (let attempt = 0; attempt < 4 && !hold; attempt++) {
    const map = await api.call<Seat[]>('GET', `/v1/schedules/${SCHEDULE_ID}/seats`, undefined, q);
    if (map.status !== 200) break;
    const seats = choose(map.body, want, random);
    if (seats.length === 0) break;
    tally.holdAttempts += 1;
    const r = await api.call<Reservation>('POST', '/v1/reservations', { scheduleId: SCHEDULE_ID, seats }, q);
    tally.holdAnswered();
    if (r.status === 201 && r.body) hold = r.body;
    else if (codeOf(r) === 'seat_unavailable') tally.conflicts += 1;
    else break;
  }
  if (!hold) {
    tally.soldOut += 1;
    await api.call('DELETE', `${TOKENS}/${token}`);
    return turnedAway(userId, api, c);
  }
  tally.holds += 1;
  const record: HoldRecord = { userId, id: hold.id, seats: hold.seats, amount: hold.amount, expiresAt: Date.parse(hold.expiresAt), paid: false, abandoned: false };
  ledger.holds.push(record);

  if (random() < o.abandon) {
    // Closes the tab: the hold expires on its own.
    record.abandoned = true;
    tally.abandoned += 1;
    return;
  }
  if (random() < o.payFirst) {
    // Tries to pay with an empty wallet first: 402 insufficient_balance.
    await api.call('POST', '/v1/payments', { reservationId: hold.id }, { ...q, 'idempotency-key': randomUUID() });
  }
  const pay = await chargeAndPay(api, record, c, q);
  if (pay === null) return;
  if (pay.status === 201) {
    tally.sales += 1;
    // The share is kept, not drawn: the first sale refunds when refunds > 0, then as the share falls behind. A draw
    // per sale let a short run (a few sales) end with no refund at all, and nothing about refunds was tested.
    if (Math.ceil(tally.sales * o.refunds) > tally.refundsChosen) {
      tally.refundsChosen += 1;
      await refund(api, record, c);
    }
  } else {
    tally.paymentsFailed += 1;
    if (codeOf(pay) === 'hold_expired') tally.expiries += 1;
  }
}

/** Charges the hold's amount, then pays it (retrying once with the same key); a paid hold is recorded. null: the charge failed. */
export async function chargeAndPay(api: UserApi, record: HoldRecord, c: Crowd, headers: Record<string, string>): Promise<Reply<{ id: string }> | null> {
  const { ledger, tally } = c;
  const charge = await api.call('POST', '/v1/wallet/charges', { amount: record.amount }, { 'idempotency-key': randomUUID() });
  if (charge.status !== 201) return null;
  ledger.charged.set(record.userId, (ledger.charged.get(record.userId) ?? 0) + record.amount);
  const key = randomUUID();
  const pay = await withRetry(() => api.call<{ id: string }>('POST', '/v1/payments', { reservationId: record.id }, { ...headers, 'idempotency-key': key }));
  if (pay.status === 201) {
    record.paid = true;
    record.paymentId = pay.body.id;
    ledger.paid.set(record.userId, (ledger.paid.get(record.userId) ?? 0) + record.amount);
    tally.seatsSold += record.seats.length;
    tally.humanSeats += record.seats.length;
  }
  return pay;
}

/** Turned away by the sell-out: the sale sold out, so a share join its waiting list. */
async function turnedAway(userId: string, api: UserApi, c: Crowd): Promise<void> {
  if (c.random() < c.options.waitlist) await waitlistJourney(userId, api, c);
}

/** A retry with the same Idempotency-Key finishes or replays the first attempt: after a 5xx, or a 409 while it runs. */
async function withRetry<T>(send: () => Promise<Reply<T>>): Promise<Reply<T>> {
  const first = await send();
  if (first.status < 500 && first.status !== 409) return first;
  await sleep(200, new AbortController().signal);
  return send();
}

/** Changes their mind: refunds the payment (the seats go back on sale, the money to the wallet). */
async function refund(api: UserApi, record: HoldRecord, c: Crowd): Promise<void> {
  // Changes their mind a little later: once the waiting list has someone (or the run stops), so refunds go to it.
  await Promise.race([c.listOpen, sleep(c.options.maxSeconds * 1000, c.stop)]);
  c.tally.refundsRequested += 1;
  const key = randomUUID();
  const r = await withRetry(() => api.call<{ id: string; state: string }>('POST', `/v1/payments/${record.paymentId}/refunds`, undefined, { 'idempotency-key': key }));
  if (r.status !== 201 || r.body.state !== 'completed') return;
  record.refundId = r.body.id;
  c.ledger.refunded.set(record.userId, (c.ledger.refunded.get(record.userId) ?? 0) + record.amount);
  c.tally.refundsCompleted += 1;
  // The seats are no longer sold (they may sell again).
  c.tally.seatsSold -= record.seats.length;
  c.tally.humanSeats -= record.seats.length;
}
