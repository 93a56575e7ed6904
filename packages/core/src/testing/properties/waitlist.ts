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

// The waiting list's model-based property (SPEC "Refunds and the waiting list") over small pools: five
// people, four seats (one sold, three held by dead claims that commands release), two hosts ticking at
// once, a controllable clock. After every command the invariants below are read back from the store.

const PEOPLE = ['w0', 'w1', 'w2', 'w3', 'w4'] as const;
const SEATS = 4;
const OFFER_TTL = 30;
const GRACE = 5;
const CONFIG: Partial<BoxofficeConfig> = { holdTtl: 30, payGraceSeconds: GRACE, paymentRecoveryTimeout: 10, tickBatch: 1_000 };

export interface WaitlistReal {
  readonly hosts: readonly Boxoffice[];
  readonly clock: ManualClock;
  readonly sale: DyingSale;
  readonly tag: string;
}

/** Nothing to predict beyond what the store shows: the invariants are checked against it. */
export type WaitlistModel = Record<string, never>;
type Cmd = fc.AsyncCommand<WaitlistModel, WaitlistReal>;

const userOf = (r: WaitlistReal, p: string) => `${r.tag}${p}`;

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
  // Offers in list order: nobody still waiting came before someone holding an offer.
  for (const o of offered) {
    for (const w of waiting) assert.ok(w.entry.seq > o.entry.seq, `[waitlist] ${label}: ${w.entry.userId} waits ahead of ${o.entry.userId}, who has an offer`);
  }
  // Every live offer hold belongs to exactly one open offer of its person; one per person.
  const taken = await bo.store.inventory.takenSeats(scheduleId, now);
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

class PayCommand implements Cmd {
  constructor(readonly p: string) {}
  check = () => true;
  async run(_m: WaitlistModel, r: WaitlistReal): Promise<void> {
    const bo = r.hosts[0]!;
    const userId = userOf(r, this.p);
    const place = await bo.store.waitlist.get(r.sale.saleId, userId);
    if (place?.entry.state === 'offered') {
      const code = await codeOf(() => bo.waitlist.pay(userId, `${r.sale.scheduleId}.${place.entry.offer!.id}`));
      assert.ok(code === null || code === 'hold_expired', `${this}: ${code}`);
    }
    await waitlistInvariants(r, this.toString());
  }
  toString = () => `pay(${this.p})`;
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
  fc.integer({ min: 2, max: SEATS }).map((s) => new ReleaseCommand(s)),
  personArb.map((p) => new PayCommand(p)),
  fc.constantFrom(1_000, 10_000, OFFER_TTL * 1000, (OFFER_TTL + GRACE) * 1000).map((ms) => new AdvanceCommand(ms)),
  fc.constant(new TickCommand()),
  fc.constant(new TickCommand()),
];

async function setUp(target: QueuePropertyTarget): Promise<WaitlistReal> {
  const tag = freshRunTag();
  const clock = new ManualClock(KIT_EPOCH);
  const hosts = [0, 1].map((i) => createBoxoffice({ store: target.store, clock, ids: new SequenceIds(`${tag}h${i}`), config: CONFIG }));
  const sale = await dyingSale(hosts[0]!, { tag, seats: SEATS, dying: SEATS - 1, offerTtlSeconds: OFFER_TTL, price: 1 });
  for (const p of PEOPLE) await hosts[0]!.wallet.charge(`${tag}${p}`, 100);
  return { hosts, clock, sale, tag };
}

/** Random joins, leaves, releases, payments, clock steps and two-host ticks keep the list's invariants. */
export function waitlistModelProperty(target: QueuePropertyTarget, maxCommands = 40) {
  return fc.asyncProperty(fc.commands(commandArbs, { maxCommands }), async (cmds) => {
    if (target.reset) await target.reset();
    const real = await setUp(target);
    await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
  });
}
