import { randomUUID } from 'node:crypto';
import type { UserApi } from './api.js';
import { SALE_ID, SCHEDULE_ID } from './catalog.js';
import { powHeader } from './pow.js';
import type { Crowd, HoldRecord } from './user.js';

/**
 * The bot cohort (`--bots N`), one of three scripts each, in turn:
 * - skip-pow: enters without proof of work, and retries as scripts do;
 * - fast-poll: does the work, then polls its status ten times faster than pollAfterMs asks,
 *   ignoring Retry-After, and grabs the front seats when admitted;
 * - many-tabs: does the work, waits as asked, then holds from five tabs at once, each tab
 *   the purchase limit's worth of seats (five times the limit in all), and pays for every hold.
 */
export type BotKind = 'skip-pow' | 'fast-poll' | 'many-tabs';
const KINDS: readonly BotKind[] = ['skip-pow', 'fast-poll', 'many-tabs'];
export const botKind = (n: number): BotKind => KINDS[n % KINDS.length]!;

const TABS = 5;
const TOKENS = `/v1/sales/${SALE_ID}/queue/tokens`;

interface Status {
  readonly token: string;
  readonly state: string;
  readonly pollAfterMs: number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function botJourney(userId: string, api: UserApi, kind: BotKind, c: Crowd): Promise<void> {
  const { tally, options: o, ledger } = c;
  tally.bots += 1;
  let entered: Status | null = null;
  if (kind === 'skip-pow') {
    for (let i = 0; i < 3 && !entered; i++) {
      const r = await api.call<Status>('POST', TOKENS, {});
      if (r.status === 200 || r.status === 201) entered = r.body;
      else await sleep(200, c.stop);
    }
  } else {
    const r = await api.call<Status>('POST', TOKENS, {}, await powHeader(api, SALE_ID));
    if (r.status === 200 || r.status === 201) entered = r.body;
  }
  if (!entered) return;
  tally.botsEntered += 1;
  const speedup = kind === 'fast-poll' ? 10 : 1;
  let status: Status = entered;
  while ((status.state === 'waiting' || status.state === 'pre_queue') && !c.stop.aborted) {
    await sleep(Math.max(20, (status.pollAfterMs || 1000) / speedup), c.stop);
    const r = await api.call<Status>('GET', `${TOKENS}/${entered.token}`);
    if (r.status === 429) continue; // a script does not read Retry-After
    if (r.status !== 200) return;
    status = r.body;
  }
  if (status.state !== 'active') return;

  const q = { 'queue-token': entered.token };
  const map = await api.call<{ number: number; available: boolean }[]>('GET', `/v1/schedules/${SCHEDULE_ID}/seats`, undefined, q);
  if (map.status !== 200) return;
  const free = map.body.filter((s) => s.available).map((s) => s.number);
  const per = o.maxSeatsPerUser;
  const tabs = kind === 'many-tabs' ? TABS : 1;
  const wanted = Array.from({ length: tabs }, (_, t) => free.slice(t * per, (t + 1) * per)).filter((s) => s.length > 0);
  const held = await Promise.all(wanted.map((seats) => api.call<{ id: string; seats: number[]; amount: number; expiresAt: string }>('POST', '/v1/reservations', { scheduleId: SCHEDULE_ID, seats }, q)));
  const records: HoldRecord[] = [];
  for (const r of held) {
    if (r.status !== 201) continue;
    const record: HoldRecord = { userId, id: r.body.id, seats: r.body.seats, amount: r.body.amount, expiresAt: Date.parse(r.body.expiresAt), paid: false, abandoned: false };
    ledger.holds.push(record);
    records.push(record);
  }
  if (records.length === 0) return;
  const total = records.reduce((sum, r) => sum + r.amount, 0);
  const charge = await api.call('POST', '/v1/wallet/charges', { amount: total }, { 'idempotency-key': randomUUID() });
  if (charge.status !== 201) return;
  ledger.charged.set(userId, (ledger.charged.get(userId) ?? 0) + total);
  // Every tab pays at once.
  await Promise.all(
    records.map(async (record) => {
      const pay = await api.call('POST', '/v1/payments', { reservationId: record.id }, { ...q, 'idempotency-key': randomUUID() });
      if (pay.status !== 201) return;
      record.paid = true;
      ledger.paid.set(userId, (ledger.paid.get(userId) ?? 0) + record.amount);
      tally.sales += 1;
      tally.seatsSold += record.seats.length;
      tally.botSeats += record.seats.length;
    }),
  );
}
