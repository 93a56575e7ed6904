import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBoxoffice, type Boxoffice } from '../../boxoffice.js';
import type { BoxofficeConfig } from '../../shared/config.js';
import { KIT_EPOCH, ManualClock } from '../clock.js';
import { SequenceIds } from '../ids.js';
import type { DyingSale } from '../waitlist-fixture.js';
import { dyingSale } from '../waitlist-fixture.js';
import type { QueuePropertyTarget } from './run-config.js';
import { codeOf } from './sequential-context.js';
import { freshRunTag } from './run-config.js';

// The waiting list's model-based properties (SPEC "Refunds and the waiting list") over small pools: five
// people, five seats of a sold-out sale (two bought for real and refunded by commands, one sold, two held
// by dead claims that commands release), paid offers refunded in turn, two hosts ticking at once, a
// controllable clock. After every command the invariants below are read back from the store.

export const PEOPLE = ['w0', 'w1', 'w2', 'w3', 'w4'] as const;
const SEATS = 5;
/** Seats 1..BOUGHT are bought through the queue and refundable; the last DYING are dead claims. */
const BOUGHT = 2;
const DYING = 2;
const OFFER_TTL = 30;
const GRACE = 5;
export const WAITLIST_CONFIG: Partial<BoxofficeConfig> = { holdTtl: 30, payGraceSeconds: GRACE, paymentRecoveryTimeout: 10, tickBatch: 1_000 };

export interface WaitlistReal {
  readonly hosts: readonly Boxoffice[];
  readonly clock: ManualClock;
  readonly sale: DyingSale;
  readonly tag: string;
}

/** Nothing to predict beyond what the store shows: the invariants are checked against it. */
export type WaitlistModel = Record<string, never>;
type Cmd = fc.AsyncCommand<WaitlistModel, WaitlistReal>;

export const userOf = (r: WaitlistReal, p: string) => `${r.tag}${p}`;

/** The invariants, read from the store. `afterTick`: every free seat must be spoken for by a lapsed offer in its grace. */
export async function waitlistInvariants(r: WaitlistReal, label: string, afterTick = false): Promise<void> {
  const bo = r.hosts[0]!;
  const { saleId, scheduleId } = r.sale;
  const now = r.clock.now();
  const places = new Map<string, NonNullable<Awaited<ReturnType<typeof bo.store.waitlist.get>>>>();
  for (const p of PEOPLE) {
    const place = await bo.store.waitlist.get(saleId, userOf(r, p));
    if (place) places.set(userOf(r, p), place);
  }
  const waiting = [...places.values()].filter((x) => x.position !== null).sort((a, b) => a.position! - b.position!);
  // Positions are 1..n in arrival order.
  assert.deepEqual(waiting.map((x) => x.position), waiting.map((_, i) => i + 1), `[waitlist] ${label}: positions`);
  assert.deepEqual(waiting.map((x) => x.entry.seq), [...waiting.map((x) => x.entry.seq)].sort((a, b) => a - b), `[waitlist] ${label}: positions follow arrival`);
  const offered = [...places.values()].filter((x) => x.entry.state === 'offered');
  // Offers in list order: nobody still waiting came before someone who got an offer (open, paid or lapsed).
  for (const o of [...places.values()].filter((x) => x.entry.state !== 'waiting' && x.entry.state !== 'left')) {
    for (const w of waiting) assert.ok(w.entry.seq > o.entry.seq, `[waitlist] ${label}: ${w.entry.userId} waits ahead of ${o.entry.userId}, who got an offer`);
  }
  // No seat is offered to two people at once (pending or open).
  const live = [...places.values()].filter((x) => x.entry.offer !== null && (x.entry.state === 'offered' || (x.entry.state === 'waiting' && x.entry.offer.state === 'pending')));
  const liveSeats = live.map((x) => `${x.entry.offer!.scheduleId}#${x.entry.offer!.seat}`);
  assert.equal(new Set(liveSeats).size, liveSeats.length, `[waitlist] ${label}: one seat in two live offers: ${liveSeats.join(', ')}`);
  // Every live offer hold belongs to exactly one open offer of its person; one per person.
  const taken = await bo.store.inventory.takenSeats(scheduleId, now);
  const numbers = taken.map((t) => t.number);
  assert.equal(new Set(numbers).size, numbers.length, `[waitlist] ${label}: a seat held or sold twice: ${JSON.stringify(taken)}`);
  const offerHolds = taken.filter((t) => t.offer === true);
  const owners = new Map<string, number>();
  for (const t of offerHolds) {
    const h = (await bo.store.inventory.get(t.reservationId))!;
    const place = places.get(h.userId);
    const open = place?.entry.state === 'offered' && `${scheduleId}.${place.entry.offer?.id}` === h.id;
    // A lapsed offer within its grace may outlive its place only once settled as expired, and never takes a seat then.
    assert.ok(open, `[waitlist] ${label}: offer hold ${h.id} of ${h.userId} is not their open offer`);
    owners.set(h.userId, (owners.get(h.userId) ?? 0) + 1);
  }
  for (const [u, n] of owners) assert.equal(n, 1, `[waitlist] ${label}: ${u} holds ${n} offers`);
  const free = Array.from({ length: SEATS }, (_, i) => i + 1).filter((n) => !taken.some((t) => t.number === n));
  if (waiting.length > 0) {
    // No released seat is free to anyone else while people wait.
    for (const seat of free) {
      const id = `${scheduleId}.${r.tag}x${seat}n${now}`;
      const code = await codeOf(() => bo.store.inventory.hold({ id, userId: `${r.tag}outsider`, scheduleId, seats: [seat], amount: 1, state: 'held', createdAt: now, expiresAt: now + 1_000, paymentId: null }, now));
      if (code === null) await bo.store.inventory.cancel(id, now);
      assert.equal(code, 'seat_unavailable', `[waitlist] ${label}: an outsider held free seat ${seat} while ${waiting.length} wait`);
    }
    if (afterTick) {
      const inGrace = offered.filter((o) => o.entry.offer!.expiresAt! <= now && o.entry.offer!.expiresAt! + GRACE * 1000 > now).length;
      assert.ok(free.length <= inGrace, `[waitlist] ${label}: ${free.length} seats free after a tick while ${waiting.length} wait (${inGrace} offers in their grace)`);
    }
  }
}

class JoinCommand implements Cmd {
  constructor(readonly p: string) {}
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    const code = await codeOf(() => r.hosts[0]!.waitlist.join(r.sale.saleId, userOf(r, this.p)));
    assert.ok(code === null || code === 'waitlist_not_open', `${this}: ${code}`);
    await waitlistInvariants(r, this.toString());
  }
  toString = () => `join(${this.p})`;
}

class LeaveCommand implements Cmd {
  constructor(readonly p: string) {}
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    const code = await codeOf(() => r.hosts[1]!.waitlist.leave(r.sale.saleId, userOf(r, this.p)));
    assert.ok(code === null || code === 'waitlist_not_found', `${this}: ${code}`);
    await waitlistInvariants(r, this.toString());
  }
  toString = () => `leave(${this.p})`;
}

class ReleaseCommand implements Cmd {
  constructor(readonly seat: number) {}
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    await r.sale.release(this.seat);
    await waitlistInvariants(r, this.toString());
  }
  toString = () => `release(${this.seat})`;
}

/** An operator refunds a seat bought before the sell-out (a number), or the n-th paid offer not yet refunded. */
class RefundCommand implements Cmd {
  constructor(readonly target: number | { readonly paid: number }) {}
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    if (typeof this.target === 'number') await r.sale.refund(this.target);
    else await refundPaidOffer(r.hosts[1]!, r, this.target.paid);
    await waitlistInvariants(r, this.toString());
  }
  toString = () => (typeof this.target === 'number' ? `refund(seat ${this.target})` : `refund(paid offer #${this.target.paid})`);
}

/** The payments of offers paid and not refunded, in the order of the people. */
async function paidOffers(bo: Boxoffice, r: WaitlistReal): Promise<{ userId: string; paymentId: string }[]> {
  const paid = [];
  for (const p of PEOPLE) {
    const userId = userOf(r, p);
    const place = await bo.store.waitlist.get(r.sale.saleId, userId);
    if (place?.entry.state !== 'purchased') continue;
    const payment = await bo.store.payments.findByReservation(userId, `${r.sale.scheduleId}.${place.entry.offer!.id}`);
    if (payment?.state === 'completed' && (await bo.store.refunds.findByPayment(userId, payment.id)) === null) paid.push({ userId, paymentId: payment.id });
  }
  return paid;
}

/** An operator on `bo` refunds the n-th paid offer (modulo how many there are); false when there is none. */
export async function refundPaidOffer(bo: Boxoffice, r: WaitlistReal, n: number): Promise<boolean> {
  const paid = await paidOffers(bo, r);
  const p = paid[n % Math.max(1, paid.length)];
  if (!p) return false;
  await bo.refunds.refund({ userId: `${r.tag}operator`, operator: true }, p.userId, p.paymentId);
  return true;
}

/** The n-th person holding an open offer (modulo how many) pays it on `bo`: the error code, or null (also when nobody holds one). */
export async function payOpenOffer(bo: Boxoffice, r: WaitlistReal, n: number): Promise<string | null> {
  const offered = [];
  for (const p of PEOPLE) {
    const place = await bo.store.waitlist.get(r.sale.saleId, userOf(r, p));
    if (place?.entry.state === 'offered') offered.push(place.entry);
  }
  const entry = offered[n % Math.max(1, offered.length)];
  return entry ? codeOf(() => bo.waitlist.pay(entry.userId, `${r.sale.scheduleId}.${entry.offer!.id}`)) : null;
}

/** The n-th person holding an open offer (modulo how many) pays it, with no queue token. */
class PayCommand implements Cmd {
  constructor(readonly n: number) {}
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    const code = await payOpenOffer(r.hosts[0]!, r, this.n);
    assert.ok(code === null || code === 'hold_expired', `${this}: ${code}`);
    await waitlistInvariants(r, this.toString());
  }
  toString = () => `pay(offer #${this.n})`;
}

class AdvanceCommand implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    r.clock.advance(this.ms);
    await waitlistInvariants(r, this.toString());
  }
  toString = () => `advance(${this.ms})`;
}

/** Both hosts tick at once. */
class TickCommand implements Cmd {
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    await Promise.all(r.hosts.map((h) => h.tick([r.sale.saleId])));
    await waitlistInvariants(r, 'tick', true);
  }
  toString = () => 'tick';
}

const personArb = fc.constantFrom(...PEOPLE);
const commandArbs: fc.Arbitrary<Cmd>[] = [
  personArb.map((p) => new JoinCommand(p)),
  personArb.map((p) => new JoinCommand(p)),
  personArb.map((p) => new LeaveCommand(p)),
  fc.integer({ min: SEATS - DYING + 1, max: SEATS }).map((s) => new ReleaseCommand(s)),
  fc.integer({ min: 1, max: BOUGHT }).map((s) => new RefundCommand(s)),
  fc.nat(3).map((n) => new RefundCommand({ paid: n })),
  fc.nat(3).map((n) => new PayCommand(n)),
  fc.nat(3).map((n) => new PayCommand(n)),
  fc.constantFrom(1_000, 10_000, OFFER_TTL * 1000, (OFFER_TTL + GRACE) * 1000).map((ms) => new AdvanceCommand(ms)),
  fc.constant(new TickCommand()),
  fc.constant(new TickCommand()),
];

export async function setUpWaitlist(target: QueuePropertyTarget): Promise<WaitlistReal> {
  const tag = freshRunTag();
  const clock = new ManualClock(KIT_EPOCH);
  const hosts = [0, 1].map((i) => createBoxoffice({ store: target.store, clock, ids: new SequenceIds(`${tag}h${i}`), config: WAITLIST_CONFIG }));
  const sale = await dyingSale(hosts[0]!, { tag, seats: SEATS, bought: BOUGHT, dying: DYING, offerTtlSeconds: OFFER_TTL, price: 1 });
  for (const p of PEOPLE) await hosts[0]!.wallet.charge(`${tag}${p}`, 100);
  return { hosts, clock, sale, tag };
}

/** Random joins, leaves, releases, refunds, payments, clock steps and two-host ticks keep the list's invariants. */
export function waitlistModelProperty(target: QueuePropertyTarget, maxCommands = 40) {
  return fc.asyncProperty(fc.commands(commandArbs, { maxCommands, size: '+1' }), async (cmds) => {
    if (target.reset) await target.reset();
    const real = await setUpWaitlist(target);
    await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
  });
}
