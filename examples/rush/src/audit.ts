import type { UserApi } from './api.js';
import { SCHEDULE_ID } from './catalog.js';
import { readFeed, replay, seatDiff, type FeedEvent } from './replay.js';
import { waitlistCheck } from './waitlist-audit.js';
import type { HoldRecord, Ledger } from './user.js';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface AuditResult {
  readonly ok: boolean;
  readonly checks: Check[];
  /** Holds the server reports expired (read back after their expiry). */
  readonly expiredHolds: number;
}

interface Entry {
  readonly type: 'charge' | 'payment' | 'refund';
  readonly amount: number;
}

/** Runs `fn` over `items`, `width` at a time. */
async function each<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * The audit reads the server's truth back through the API:
 * - every paid reservation is confirmed, and no seat is in two of them;
 * - the seat map shows exactly the sold seats (and any still-live holds) as taken;
 * - every wallet's balance equals the sum of its ledger, and what its owner charged minus paid;
 * - with an operator: the domain events, replayed in feed order, rebuild that seat map and every balance.
 */
export async function audit(ledger: Ledger, auditor: UserApi, auditorToken: string, operator?: UserApi): Promise<AuditResult> {
  const checks: Check[] = [];
  const states = new Map<string, string>();
  await each(ledger.holds, 32, async (h: HoldRecord) => {
    const api = ledger.apis.get(h.userId)!;
    const r = await api.call<{ state: string }>('GET', `/v1/reservations/${encodeURIComponent(h.id)}`);
    states.set(h.id, r.status === 200 ? r.body.state : `http_${r.status}`);
  });

  const paid = ledger.holds.filter((h) => h.paid);
  const kept = paid.filter((h) => h.refundId === undefined);
  const notConfirmed = kept.filter((h) => states.get(h.id) !== 'confirmed');
  checks.push({ name: 'every paid reservation is confirmed', ok: notConfirmed.length === 0, detail: `${kept.length - notConfirmed.length}/${kept.length} (not refunded)` });

  const owners = new Map<number, number>();
  for (const h of ledger.holds.filter((x) => states.get(x.id) === 'confirmed')) for (const s of h.seats) owners.set(s, (owners.get(s) ?? 0) + 1);
  const doubles = [...owners].filter(([, n]) => n > 1).map(([s]) => s);
  checks.push({ name: 'no seat sold twice', ok: doubles.length === 0, detail: doubles.length === 0 ? `${owners.size} seats sold once each` : `seats sold twice: ${doubles.slice(0, 10).join(', ')}` });

  const live = ledger.holds.filter((h) => states.get(h.id) === 'held' || states.get(h.id) === 'paying');
  const expected = new Set<number>([...owners.keys(), ...live.flatMap((h) => h.seats)]);
  const mapReadAt = Date.now();
  let mapTaken: Set<number> | null = null;
  const map = await auditor.call<{ number: number; available: boolean }[]>('GET', `/v1/schedules/${SCHEDULE_ID}/seats`, undefined, { 'queue-token': auditorToken });
  if (map.status !== 200) {
    checks.push({ name: 'seat map matches sales', ok: false, detail: `the auditor could not read the seat map (${map.status})` });
  } else {
    const taken = new Set(map.body.filter((s) => !s.available).map((s) => s.number));
    mapTaken = taken;
    const extra = [...taken].filter((s) => !expected.has(s));
    const missing = [...expected].filter((s) => !taken.has(s));
    checks.push({
      name: 'seat map matches sales',
      ok: extra.length === 0 && missing.length === 0,
      detail: `${taken.size} taken = ${owners.size} sold + ${expected.size - owners.size} live-held` + (extra.length + missing.length > 0 ? `; unexplained ${extra.slice(0, 5).join(',')} missing ${missing.slice(0, 5).join(',')}` : ''),
    });
  }

  const users = [...ledger.charged.keys()];
  const balances = new Map<string, number>();
  const bad: string[] = [];
  await each(users, 32, async (userId) => {
    const api = ledger.apis.get(userId)!;
    let sum = 0;
    let balance: number | null = null;
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const r = await api.call<{ balance: number; history: Entry[]; nextCursor: string | null }>('GET', `/v1/wallet?limit=100${q}`);
      if (r.status !== 200) {
        bad.push(`${userId}: GET /v1/wallet answered ${r.status}`);
        return;
      }
      balance ??= r.body.balance;
      balances.set(userId, balance);
      for (const e of r.body.history) sum += e.type === 'payment' ? -e.amount : e.amount;
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    const expectedBalance = (ledger.charged.get(userId) ?? 0) - (ledger.paid.get(userId) ?? 0) + (ledger.refunded.get(userId) ?? 0);
    if (balance !== sum) bad.push(`${userId}: balance ${balance} but ledger sums to ${sum}`);
    else if (balance !== expectedBalance) bad.push(`${userId}: balance ${balance} but the user charged-paid+refunded ${expectedBalance}`);
  });
  checks.push({ name: 'every balance equals its ledger', ok: bad.length === 0, detail: bad.length === 0 ? `${users.length} wallets` : bad.slice(0, 3).join('; ') });
  checks.push(await refundCheck(ledger, states, expected, mapTaken));

  if (operator) {
    const feed = await readFeed(operator);
    checks.push(...replayChecks(feed, mapTaken, mapReadAt, balances, paid.length, ledger));
    checks.push(waitlistCheck(feed, ledger));
  }

  const expiredHolds = ledger.holds.filter((h) => states.get(h.id) === 'expired').length;
  return { ok: checks.every((c) => c.ok), checks, expiredHolds };
}

/**
 * Every refund a buyer saw completed, read back: the reservation is refunded, none of its seats is
 * sold to it any more (a seat taken again belongs to a later buyer), the refund reads completed with
 * the payment's amount, and the payment names it. The money is in the balance check above.
 */
async function refundCheck(ledger: Ledger, states: Map<string, string>, sold: ReadonlySet<number>, mapTaken: Set<number> | null): Promise<Check> {
  const refunded = ledger.holds.filter((h) => h.refundId !== undefined);
  const bad: string[] = [];
  await each(refunded, 32, async (h) => {
    const api = ledger.apis.get(h.userId)!;
    if (states.get(h.id) !== 'refunded') bad.push(`${h.id}: reservation ${states.get(h.id)}`);
    // A refunded seat still taken must have been sold or held again, by another reservation (`sold`: theirs).
    const stillTaken = h.seats.filter((s) => mapTaken?.has(s) && !sold.has(s));
    if (stillTaken.length) bad.push(`${h.id}: seats ${stillTaken.join(',')} still taken`);
    const r = await api.call<{ id: string; state: string; amount: number }>('GET', `/v1/payments/${h.paymentId}/refund`);
    if (r.status !== 200 || r.body.id !== h.refundId || r.body.state !== 'completed' || r.body.amount !== h.amount) bad.push(`${h.id}: GET refund ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
    const p = await api.call<{ refundId: string | null }>('GET', `/v1/payments/${h.paymentId}`);
    if (p.body.refundId !== h.refundId) bad.push(`${h.id}: the payment names refund ${p.body.refundId}`);
  });
  return {
    name: 'every refunded payment: seats not sold, money back',
    ok: bad.length === 0,
    detail: bad.length === 0 ? `${refunded.length} refunds read back (balances above include them)` : bad.slice(0, 3).join('; '),
  };
}

/** The events, replayed, against what the API says now: the seat map and each balance read above. */
function replayChecks(feed: readonly FeedEvent[], mapTaken: Set<number> | null, mapReadAt: number, balances: Map<string, number>, paid: number, ledger: Ledger): Check[] {
  const r = replay(feed, SCHEDULE_ID, mapReadAt);
  const seatsOk = mapTaken !== null && r.soldTwice.length === 0 && seatDiff(r.taken, mapTaken) === '';
  const wrong = [...balances].filter(([u, b]) => (r.balances.get(u) ?? 0) !== b).map(([u, b]) => `${u}: balance ${b}, replayed ${r.balances.get(u) ?? 0}`);
  wrong.push(...r.chargeMismatches);
  if (r.paymentsCompleted !== paid) wrong.push(`${r.paymentsCompleted} payment.completed events for ${paid} paid holds`);
  const refunded = ledger.holds.filter((h) => h.refundId !== undefined);
  if (r.refundsCompleted !== refunded.length) wrong.push(`${r.refundsCompleted} refund.completed events for ${refunded.length} refunds`);
  const unreleased = refunded.filter((h) => !r.refundedReservations.has(h.id));
  if (unreleased.length) wrong.push(`no reservation.released (refund) for ${unreleased.slice(0, 3).map((h) => h.id).join(', ')}`);
  return [
    {
      name: 'events replayed rebuild the seat map',
      ok: seatsOk,
      detail: mapTaken === null ? 'no seat map to compare' : `${r.events} events: ${r.sold.size} sold + ${r.taken.size - r.sold.size} live-held${seatDiff(r.taken, mapTaken)}${r.soldTwice.length ? `; sold twice: ${r.soldTwice.join(',')}` : ''}`,
    },
    {
      name: 'events replayed rebuild every balance',
      ok: wrong.length === 0,
      detail: wrong.length === 0 ? `${balances.size} wallets, ${r.paymentsCompleted} payments, ${r.refundsCompleted} refunds` : wrong.slice(0, 3).join('; '),
    },
  ];
}
