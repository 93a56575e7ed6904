import { createBoxoffice } from '@boxoffice/core';
import type { Boxoffice, BoxofficeConfig, ConcertPrimitives, SessionRef } from '@boxoffice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { auditStore, ledgerOf, overlappingHolds } from './fixtures/audit.js';
import { spawnWorkers, stopWorkers } from './fixtures/pool.js';
import type { Worker } from './fixtures/pool.js';
import type { HoldEvent } from './fixtures/protocol.js';
import { JumpClock, SecureIds, sleep, WallClock } from './fixtures/system.js';
import { deletePrefix, explainSkip, REDIS_URL, REQUIRE_REDIS, redisAnswers, uniquePrefix } from './redis-env.js';

// Four Node processes, each with its own connection and its own Boxoffice (wall-clock time), race on one Redis
// under a unique key prefix: holds of the same seats, charges and payments on the same wallets, ticks of one
// queue. The parent then audits the store (fixtures/audit.ts) and the workers' logs.

const available = await redisAnswers();
if (!available) explainSkip('multiprocess.test.ts', `no Redis answers at ${REDIS_URL}`);
if (REQUIRE_REDIS && !available) {
  describe('adapter-redis multi-process (required)', () => {
    it('needs Redis because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    });
  });
}

const WORKERS = 4;
// A few users buy many seats here: the purchase limit is set out of the way (the kit checks it).
const CONFIG: Partial<BoxofficeConfig> = { maxActive: 1000, admitPerMinute: 100_000, paymentRecoveryTimeout: 30, maxSeatsPerUser: 1_000_000 };
const SEAT_PRICE = 100;
const seats = (n: number, price: number) => Array.from({ length: n }, (_, i) => ({ number: i + 1, price, grade: null }));
const concert: ConcertPrimitives = {
  id: 'mp',
  name: 'Multi-process',
  venue: null,
  schedules: [
    { id: 'mp-s1', concertId: 'mp', startsAt: '2027-03-01T19:00:00.000Z', seats: seats(40, SEAT_PRICE) },
    { id: 'mp-s2', concertId: 'mp', startsAt: '2027-03-02T19:00:00.000Z', seats: seats(200, 150) },
    { id: 'mp-s3', concertId: 'mp', startsAt: '2027-03-03T19:00:00.000Z', seats: seats(60, 120) },
    { id: 'mp-s4', concertId: 'mp', startsAt: '2027-03-04T19:00:00.000Z', seats: seats(40, 90) },
  ],
};

describe.runIf(available)(`adapter-redis: ${WORKERS} processes on one Redis`, () => {
  const prefix = uniquePrefix('mp');
  let store: RedisStore;
  let bo: Boxoffice;
  let workers: Worker[] = [];
  const seatSessions: SessionRef[][] = [];
  const seatHolds: HoldEvent[] = [];

  beforeAll(async () => {
    store = await createRedisStore({ url: REDIS_URL, prefix });
    bo = createBoxoffice({ store, clock: new WallClock(), ids: new SecureIds(), config: CONFIG });
    await bo.catalog.publish([concert]);
    workers = await spawnWorkers(WORKERS, { url: REDIS_URL, prefix, config: CONFIG });
  }, 90_000);

  afterAll(async () => {
    await stopWorkers(workers);
    if (!store) return;
    await deletePrefix(store.client, prefix);
    await store.close();
  });

  it('N holds of the same seats from every process: exactly one wins', async () => {
    const users = (w: number) => Array.from({ length: 8 }, (_, i) => `seat-w${w}-u${i}`);
    seatSessions.push(...(await Promise.all(workers.map((w, wi) => w.call('enterActive', { queueId: 'seats', users: users(wi) })))));
    for (const u of seatSessions.flat()) await bo.wallet.charge(u.userId, 10_000, `pre-${u.userId}`);

    // 32 sessions in 4 processes hold seats 1 and 2 at once.
    const same = (await Promise.all(workers.map((w, wi) => w.call('holdRace', { sessions: seatSessions[wi]!, scheduleId: 'mp-s1', seats: seatSessions[wi]!.map(() => [1, 2]) })))).flat();
    expect(same).toHaveLength(32);
    expect(same.filter((h) => h.id !== null)).toHaveLength(1);
    expect(same.filter((h) => h.id === null).map((h) => h.code)).toEqual(Array(31).fill('seat_unavailable'));

    // Overlapping pairs: [k, k+1] for k in 3..8, so every seat is wanted by several sessions in several processes.
    const pairs = (await Promise.all(
      workers.map((w, wi) => w.call('holdRace', { sessions: seatSessions[wi]!, scheduleId: 'mp-s1', seats: seatSessions[wi]!.map((_, i) => [3 + ((wi * 8 + i) % 6), 4 + ((wi * 8 + i) % 6)]) })),
    )).flat();
    const won = pairs.filter((h) => h.id !== null);
    expect(won.length).toBeGreaterThanOrEqual(3); // 3-4, 5-6, 7-8 can all be had at once
    expect(pairs.filter((h) => h.id === null).every((h) => h.code === 'seat_unavailable')).toBe(true);
    seatHolds.push(...same, ...pairs);
    expect(overlappingHolds(seatHolds)).toEqual([]);
    const audit = await auditStore(store, { users: seatSessions.flat().map((s) => s.userId), scheduleIds: ['mp-s1'], now: Date.now(), settled: true });
    expect(audit.problems).toEqual([]);
  });

  it('holds, cancels and payments churning on shared seats: never two owners, sold seats stay sold', async () => {
    expect(seatSessions).toHaveLength(WORKERS);
    const results = await Promise.all(workers.map((w, wi) => w.call('seatChurn', { sessions: seatSessions[wi]!, scheduleId: 'mp-s1', from: 9, to: 24, rounds: 8 })));
    const holds = results.flatMap((r) => r.holds);
    const paid = results.flatMap((r) => r.paid);
    seatHolds.push(...holds);
    expect(holds.filter((h) => h.id !== null).length).toBeGreaterThan(20);
    expect(holds.filter((h) => h.id === null).every((h) => h.code === 'seat_unavailable')).toBe(true);
    expect(paid.length).toBeGreaterThan(0);
    expect(overlappingHolds(seatHolds)).toEqual([]);

    const now = Date.now();
    const audit = await auditStore(store, { users: seatSessions.flat().map((s) => s.userId), scheduleIds: ['mp-s1'], now, settled: true });
    expect(audit.problems).toEqual([]);
    expect(audit.payments.filter((p) => p.state === 'completed').map((p) => p.id).sort()).toEqual(paid.map((p) => p.paymentId).sort());
    const sold = (await store.inventory.takenSeats('mp-s1', now)).filter((t) => t.state === 'sold');
    const paidSeats = audit.reservations.filter((r) => paid.some((p) => p.reservationId === r.id)).flatMap((r) => r.seats);
    expect(sold.map((t) => t.number)).toEqual([...paidSeats].sort((a, b) => a - b));
  });

  it('charges and payments on the same wallets from every process: nothing lost, nothing twice', async () => {
    const users = ['wallet-a', 'wallet-b', 'wallet-c'];
    for (const u of users) await bo.wallet.charge(u, 2_000, `pre-${u}`);
    const results = await Promise.all(
      workers.map((w, wi) =>
        w.call('walletRace', {
          queueId: 'wallets',
          scheduleId: 'mp-s2',
          users,
          seats: Array.from({ length: 12 }, (_, i) => wi * 40 + i + 1),
          charges: 40,
          sharedKeys: 6,
          tag: `w${wi}`,
        }),
      ),
    );
    const charges = results.flatMap((r) => r.charges);
    const paid = results.flatMap((r) => r.paid);
    expect(paid.length).toBeGreaterThan(10);

    // A key every process used: the same entry for all of them, applied by exactly one.
    for (let j = 0; j < 6; j++) {
      const same = charges.filter((c) => c.key === `shared-${j}`);
      expect(same).toHaveLength(WORKERS);
      expect(new Set(same.map((c) => c.entryId)).size).toBe(1);
      expect(same.filter((c) => !c.replayed)).toHaveLength(1);
    }

    console.info(
      `[multiprocess] wallet race: ${charges.length} charge answers, ${paid.length} payments, ` +
        `${results.reduce((s, r) => s + r.retries, 0)} retries after another process completed a shared token, ` +
        `${results.reduce((s, r) => s + r.insufficient, 0)} short of balance`,
    );
    const audit = await auditStore(store, { users, scheduleIds: ['mp-s2'], now: Date.now(), settled: true });
    expect(audit.problems).toEqual([]);
    for (const u of users) {
      const { balance, entries } = await ledgerOf(store, u);
      const applied = charges.filter((c) => c.userId === u && !c.replayed);
      const mine = paid.filter((p) => p.userId === u);
      // Every charge that answered is in the ledger once, and nothing else is (besides the parent's first one).
      expect(entries.filter((e) => e.type === 'charge').map((e) => e.id).sort()).toEqual(
        [...applied.map((c) => c.entryId), entries.find((e) => e.ref === `pre-${u}`)!.id].sort(),
      );
      expect(entries.filter((e) => e.type === 'payment').map((e) => e.ref).sort()).toEqual(mine.map((p) => p.paymentId).sort());
      const expected = 2_000 + applied.reduce((s, c) => s + c.amount, 0) - mine.reduce((s, p) => s + p.amount, 0);
      expect(balance).toBe(expected);
    }
  });

  it('ticks of one queue from every process: never past maxActive, admitted in entry order', async () => {
    const queueId = 'rush';
    const maxActive = 3;
    const keys = store.keys.queue(queueId);
    const snapshots: Array<{ head: number | null; admitted: string[]; active: number }> = [];
    let racing = true;
    // The parent samples the queue atomically while the workers race: the head of the waiting line (its first set
    // bit is the seq at the head), every token admitted so far (the admission log keeps the last minute, longer than
    // this test; its members are tokens less their '<queueId>.') and the active count.
    const sampler = (async () => {
      while (racing) {
        const replies = await store.client.multi().bitpos(keys.line, 1).zrange(keys.admissions, 0, -1).zcard(keys.active).exec();
        const [[, head], [, admitted], [, active]] = replies as [[null, number], [null, string[]], [null, number]];
        snapshots.push({ head: head >= 0 ? head : null, admitted: admitted.map((s) => `${queueId}.${s}`), active });
        await sleep(1);
      }
    })();
    const results = await Promise.all(
      workers.map((w, wi) =>
        w.call('queueRace', {
          queueId,
          users: Array.from({ length: 25 }, (_, i) => `rush-w${wi}-u${i}`),
          tickers: 2,
          holdMs: 12,
          deadlineMs: 40_000,
          config: { maxActive },
        }),
      ),
    );
    racing = false;
    await sampler;

    const tokens = results.flatMap((r) => r.tokens);
    const ticks = results.flatMap((r) => r.ticks);
    expect(tokens).toHaveLength(100);
    expect(results.reduce((s, r) => s + r.completed, 0)).toBe(100);
    const seq = new Map<string, number>();
    for (const { token } of tokens) {
      const view = await store.queue.view(queueId, token);
      expect(view?.token.state).toBe('completed');
      seq.set(token, view!.token.seq);
    }
    expect([...seq.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    // Each token admitted exactly once, each tick's batch in entry order, and the count after a tick within bounds.
    const admitted = ticks.flatMap((t) => t.admitted);
    expect(admitted.length).toBe(100);
    expect(new Set(admitted).size).toBe(100);
    for (const t of ticks) {
      expect(t.activeAfter).toBeLessThanOrEqual(maxActive);
      const s = t.admitted.map((x) => seq.get(x)!);
      expect(s).toEqual([...s].sort((a, b) => a - b));
    }
    // At every sampled instant: active <= maxActive, and no admitted token entered after one still waiting.
    expect(snapshots.length).toBeGreaterThan(20);
    for (const snap of snapshots) {
      expect(snap.active).toBeLessThanOrEqual(maxActive);
      if (snap.head === null || snap.admitted.length === 0) continue;
      const last = Math.max(...snap.admitted.map((x) => seq.get(x) ?? Number.POSITIVE_INFINITY));
      expect(last).toBeLessThan(snap.head);
    }
    expect(snapshots.some((s) => s.active === maxActive)).toBe(true);
    expect(snapshots.some((s) => s.head !== null && s.admitted.length > 0)).toBe(true);
    console.info(`[multiprocess] queue race: ${ticks.length} ticks from ${WORKERS} processes, ${snapshots.length} snapshots`);
  });

  it('recovery sweeps race live payments in every process: the debit/abort fence lets one side win', async () => {
    const users = (w: number) => Array.from({ length: 12 }, (_, i) => `sweep-w${w}-u${i}`);
    const sessions = await Promise.all(workers.map((w, wi) => w.call('enterActive', { queueId: 'sweep', users: users(wi) })));
    const allUsers = sessions.flat().map((s) => s.userId);
    for (const u of allUsers) await bo.wallet.charge(u, 1_000, `pre-${u}`);

    // The parent's sweeper runs 16 s ahead, so every payment in flight is already stale to it (the timeout is
    // 30 s, the sweep takes those idle for half of it), yet no hold has expired.
    const ahead = new JumpClock();
    ahead.jump(16_000);
    const sweeper = createBoxoffice({ store, clock: ahead, ids: new SecureIds(), config: CONFIG });
    const swept = { completed: new Set<string>(), aborted: new Set<string>(), sweeps: 0 };
    let racing = true;
    const sweeping = (async () => {
      while (racing) {
        const r = await sweeper.payments.recover();
        r.completed.forEach((id) => swept.completed.add(id));
        r.aborted.forEach((id) => swept.aborted.add(id));
        swept.sweeps++;
      }
    })();
    const results = await Promise.all(
      workers.map((w, wi) => w.call('payAll', { sessions: sessions[wi]!, scheduleId: 'mp-s3', seats: sessions[wi]!.map((_, i) => wi * 12 + i + 1), staggerMs: 2 })),
    );
    racing = false;
    await sweeping;
    const last = await sweeper.payments.recover();
    last.completed.forEach((id) => swept.completed.add(id));
    last.aborted.forEach((id) => swept.aborted.add(id));

    const paid = results.flatMap((r) => r.paid);
    const failed = results.flatMap((r) => r.failed);
    expect(failed.every((f) => f.code === 'payment_aborted')).toBe(true);
    expect(paid.length + failed.length).toBe(48);
    const audit = await auditStore(store, { users: allUsers, scheduleIds: ['mp-s3'], now: Date.now(), settled: true });
    expect(audit.problems).toEqual([]);
    const byId = new Map(audit.payments.map((p) => [p.id, p]));
    for (const p of paid) expect(byId.get(p.paymentId)?.state).toBe('completed');
    // Whoever lost the fence: a payer told payment_aborted was aborted by a sweep, with no money moved. The sweep
    // aborts the stored payment (an aborted record), or, when it comes between the payer's tracking and its record,
    // the attempt itself (a tombstone and no record; one npm test run under load saw only those): so every aborted
    // record is the sweep's, the sweep aborted at least one attempt per refused payer, and those kept their money.
    const aborted = audit.payments.filter((p) => p.state === 'aborted');
    expect(aborted.length).toBeLessThanOrEqual(failed.length);
    for (const p of aborted) expect(swept.aborted.has(p.id)).toBe(true);
    expect(swept.aborted.size).toBeGreaterThanOrEqual(failed.length);
    for (const f of failed) {
      expect(audit.payments.filter((p) => p.userId === f.userId && p.state !== 'aborted')).toEqual([]);
      expect(await store.wallets.balance(f.userId)).toBe(1_000);
    }
    console.info(
      `[multiprocess] sweep race: ${swept.sweeps} sweeps beside 48 payments; ${paid.length} paid, ${failed.length} aborted by a sweep; ` +
        `the sweep finished ${swept.completed.size} debited payments itself`,
    );
  });

  it('holds that lapse within milliseconds race their payments and the hold sweep: sold or free, never both', async () => {
    const users = (w: number) => Array.from({ length: 10 }, (_, i) => `lapse-w${w}-u${i}`);
    const sessions = await Promise.all(workers.map((w, wi) => w.call('enterActive', { queueId: 'lapse', users: users(wi) })));
    const allUsers = sessions.flat().map((s) => s.userId);
    for (const u of allUsers) await bo.wallet.charge(u, 1_000, `pre-${u}`);

    let racing = true;
    let sweeps = 0;
    let expiredBySweep = 0;
    const sweeping = (async () => {
      while (racing) {
        expiredBySweep += (await bo.reservations.sweep()).length;
        sweeps++;
      }
    })();
    // A 30 ms hold, paid for after a pause of up to 60 ms: some payments claim in time, others find it lapsed.
    const results = await Promise.all(
      workers.map((w, wi) =>
        w.call('payAll', { sessions: sessions[wi]!, scheduleId: 'mp-s4', seats: sessions[wi]!.map((_, i) => wi * 10 + i + 1), staggerMs: 3, pauseMs: 60, config: { holdTtl: 0.03 } }),
      ),
    );
    racing = false;
    await sweeping;
    await sleep(40);
    expiredBySweep += (await bo.reservations.sweep()).length;

    const paid = results.flatMap((r) => r.paid);
    const failed = results.flatMap((r) => r.failed);
    expect(paid.length + failed.length).toBe(40);
    expect(failed.every((f) => f.code === 'hold_expired')).toBe(true);
    const now = Date.now();
    const audit = await auditStore(store, { users: allUsers, scheduleIds: ['mp-s4'], now, settled: true });
    expect(audit.problems).toEqual([]);
    // Exactly the paid seats are taken (sold); every other hold has lapsed and freed its seat; no money moved for them.
    const paidSeats = audit.reservations.filter((r) => paid.some((p) => p.reservationId === r.id)).flatMap((r) => r.seats);
    expect((await store.inventory.takenSeats('mp-s4', now)).map((t) => `${t.number}:${t.state}`)).toEqual(
      [...paidSeats].sort((a, b) => a - b).map((n) => `${n}:sold`),
    );
    for (const r of audit.reservations.filter((x) => !paid.some((p) => p.reservationId === x.id))) expect(r.state).toBe('expired');
    for (const f of failed) expect((await ledgerOf(store, f.userId)).balance).toBe(1_000);
    console.info(`[multiprocess] lapse race: ${paid.length} paid in time, ${failed.length} hold_expired; ${sweeps} sweeps expired ${expiredBySweep} holds`);
  });
});
