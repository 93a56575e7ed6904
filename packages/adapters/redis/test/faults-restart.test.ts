import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBoxoffice, isDomainError } from '@boxoffice/core';
import type { Boxoffice, ConcertPrimitives, SessionRef } from '@boxoffice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { auditStore, ledgerOf } from './fixtures/audit.js';
import { SecureIds, sleep, WallClock } from './fixtures/system.js';
import { startRedis } from './private-server.js';
import type { PrivateRedis } from './private-server.js';
import { explainSkip, REQUIRE_REDIS } from './redis-env.js';

// A private redis-server (spare port, temp folder, AOF with fsync on every write) is killed with SIGKILL while
// charges stream in, then started again on the same port and folder. During the gap every call fails with
// store_unavailable and nothing else; the same store object carries on once the server is back; a charge
// retried under its key lands once, and unkeyed charges are in the ledger at most once per call. Payments run
// through the gap too, each retried under its idempotency key until it answers: each completes exactly once.

const hasServer = await startRedis()
  .then(async (probe) => {
    await probe.stop();
    return true;
  })
  .catch(() => false);
if (!hasServer) explainSkip('faults-restart.test.ts', 'redis-server could not be started here');
if (REQUIRE_REDIS && !hasServer) {
  describe('adapter-redis restart faults (required)', () => {
    it('needs redis-server because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail('BOXOFFICE_REQUIRE_REDIS=1 but redis-server could not be started');
    });
  });
}

const AOF = ['--appendonly', 'yes', '--appendfsync', 'always'];
const USERS = ['ra', 'rb', 'rc', 'rd'];
const PAYERS = Array.from({ length: 16 }, (_, i) => `payer-${i}`);
const concert: ConcertPrimitives = {
  id: 'rs',
  name: 'Restart',
  venue: null,
  schedules: [{ id: 'rs-s1', concertId: 'rs', startsAt: '2027-03-01T19:00:00.000Z', seats: PAYERS.map((_, i) => ({ number: i + 1, price: 70 + i, grade: null })) }],
};

interface Lanes {
  okKeyed: Map<string, { amount: number; replayed: boolean; entryId: string; userId: string }>;
  okUnkeyed: Map<string, number>;
  ambiguousUnkeyed: Map<string, number>;
  unavailable: number;
  other: unknown[];
  okAfterRestart: number;
}

/** Waits until no process has this PID (Node reaps its children), so the port is free again. */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(25);
  }
  throw new Error(`process ${pid} did not exit`);
}

describe.runIf(hasServer)('adapter-redis: the server restarts mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bo-restart-'));
  let server: PrivateRedis;
  let store: RedisStore;
  let bo: Boxoffice;

  beforeAll(async () => {
    server = await startRedis({ dir, extraArgs: AOF });
    store = await createRedisStore({ url: server.url, prefix: 'restart' });
    // A short recovery timeout: the payment lanes run the recovery sweep as a host's tick would (see below).
    bo = createBoxoffice({ store, clock: new WallClock(), ids: new SecureIds(), config: { paymentRecoveryTimeout: 4 } });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers store_unavailable during the gap, then carries on with nothing applied twice', async () => {
    const lanes: Lanes = { okKeyed: new Map(), okUnkeyed: new Map(), ambiguousUnkeyed: new Map(), unavailable: 0, other: [], okAfterRestart: 0 };
    let phase: 'before' | 'gap' | 'after' = 'before';
    let stop = false;

    // Payers: active, charged, each with a hold, before the run.
    await bo.catalog.publish([concert]);
    const sessions: SessionRef[] = [];
    for (const userId of PAYERS) sessions.push({ queueId: 'restart', token: (await bo.queue.enter('restart', userId)).status.token, userId });
    await bo.queue.tick('restart');
    const holds: string[] = [];
    for (const [i, session] of sessions.entries()) {
      await bo.wallet.charge(session.userId, 1_000, `pre-${session.userId}`);
      holds.push((await bo.reservations.hold(session, 'rs-s1', [i + 1])).id);
    }
    const failed = (error: unknown): void => {
      if (isDomainError(error, 'store_unavailable')) lanes.unavailable++;
      else lanes.other.push(error);
    };

    // Keyed lanes: every key is retried until it answers; unkeyed lane: each call is its own request.
    const keyed = USERS.map(async (userId, lane) => {
      for (let n = 0; !stop; n++) {
        // ':' is not in the base64url alphabet, so no random entry id (an unkeyed charge's ref) looks like a key.
        const key = `key:${lane}:${n}`;
        const amount = 1 + ((lane * 31 + n) % 97);
        for (;;) {
          try {
            const r = await bo.wallet.charge(userId, amount, key);
            lanes.okKeyed.set(key, { amount, replayed: r.replayed, entryId: r.entry.id, userId });
            if (phase === 'after') lanes.okAfterRestart++;
            break;
          } catch (error) {
            failed(error);
            await sleep(20);
          }
        }
      }
    });
    // Unkeyed: each call its own amount, so a call applied twice (say, resent after a reconnect) shows in the ledger.
    const unkeyed = (async () => {
      for (let call = 0; !stop; call++) {
        const userId = USERS[0]!;
        const amount = 1000 + call;
        try {
          const r = await bo.wallet.charge(userId, amount, null);
          lanes.okUnkeyed.set(r.entry.id, amount);
        } catch (error) {
          failed(error);
          lanes.ambiguousUnkeyed.set(`call-${call}`, amount);
          await sleep(20);
        }
      }
    })();

    // Four payment lanes, one payment each every 200 ms or so, so some land before the kill (at 400 ms), some
    // in the gap and some after the restart.
    const payAttempts: number[] = [];
    let inProgress = 0;
    const paying = [0, 1, 2, 3].map(async (lane) => {
      await sleep(50 * lane);
      for (let i = lane; i < sessions.length; i += 4) {
        for (let attempt = 1; ; attempt++) {
          try {
            const p = await bo.payments.pay(sessions[i]!, holds[i]!, `pay-${i}`);
            expect(p.state).toBe('completed');
            payAttempts.push(attempt);
            break;
          } catch (error) {
            if (isDomainError(error, 'payment_in_progress')) {
              // The kill cut an earlier attempt after its claim of the hold and before its record: the claim is
              // the attempt's, which may never come back. A host's tick runs the recovery sweep, which aborts
              // the attempt once it is half the recovery timeout old and frees its claim; retries run it here.
              // Without it this lane retried until the test timed out (once, in CI).
              inProgress++;
              await bo.payments.recover().catch(failed);
            } else {
              failed(error);
            }
            await sleep(20);
          }
        }
        await sleep(200);
      }
    });

    await sleep(400);
    const beforeKill = lanes.okKeyed.size;
    expect(beforeKill).toBeGreaterThan(10);
    process.kill(server.pid, 'SIGKILL');
    phase = 'gap';
    await gone(server.pid);
    await sleep(300);
    // Other ports answer the same way while the server is away.
    await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(bo.queue.enter('restart', 'someone')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(bo.wallet.balance(USERS[1]!)).rejects.toMatchObject({ code: 'store_unavailable' });
    const duringGap = lanes.okKeyed.size;
    await sleep(300);
    expect(lanes.okKeyed.size).toBe(duringGap);

    server = await startRedis({ dir, port: server.port, extraArgs: AOF });
    phase = 'after';
    const deadline = Date.now() + 20_000;
    while (lanes.okAfterRestart < 40 && Date.now() < deadline) await sleep(50);
    stop = true;
    await Promise.all([...keyed, unkeyed, ...paying]);

    expect(lanes.other).toEqual([]);
    expect(lanes.unavailable).toBeGreaterThan(0);
    expect(lanes.okAfterRestart).toBeGreaterThanOrEqual(40);
    await store.ping();

    // Nothing twice: every key is in its ledger once (acknowledged before the kill or after), with its amount.
    // Every payment completed once, with one debit, its seat sold and its token completed; nothing is left to sweep.
    // Nothing debited is left unfinished. An attempt the kill cut after its tracking and before its record may
    // still be listed (now that the sweep looks back only 2 s): it is aborted, and the audit below shows that
    // nothing was charged for it.
    const swept = await bo.payments.recover();
    expect([swept.completed, swept.failed]).toEqual([[], []]);
    const audit = await auditStore(store, { users: [...USERS, ...PAYERS], scheduleIds: ['rs-s1'], now: Date.now(), settled: true });
    expect(audit.problems).toEqual([]);
    expect(audit.payments.filter((p) => p.state === 'completed')).toHaveLength(PAYERS.length);
    expect((await store.inventory.takenSeats('rs-s1', Date.now())).map((t) => t.state)).toEqual(PAYERS.map(() => 'sold'));
    let keyedEntries = 0;
    for (const userId of USERS) {
      const { entries } = await ledgerOf(store, userId);
      const byRef = new Map<string, number>();
      for (const e of entries) byRef.set(e.ref, (byRef.get(e.ref) ?? 0) + 1);
      for (const [key, ok] of lanes.okKeyed) {
        if (ok.userId !== userId) continue;
        expect(byRef.get(key), key).toBe(1);
        expect(entries.find((e) => e.ref === key)?.amount).toBe(ok.amount);
      }
      keyedEntries += entries.filter((e) => e.type === 'charge' && e.ref.startsWith('key:')).length;
    }
    expect(keyedEntries).toBe(lanes.okKeyed.size);
    // Unkeyed: each answered call once; a call that failed may or may not have run, but never twice.
    // An unkeyed charge's ref is its own entry id.
    const unkeyedEntries = (await ledgerOf(store, USERS[0]!)).entries.filter((e) => e.type === 'charge' && e.ref === e.id);
    for (const id of lanes.okUnkeyed.keys()) expect(unkeyedEntries.some((e) => e.id === id)).toBe(true);
    expect(unkeyedEntries.length).toBeGreaterThanOrEqual(lanes.okUnkeyed.size);
    expect(unkeyedEntries.length).toBeLessThanOrEqual(lanes.okUnkeyed.size + lanes.ambiguousUnkeyed.size);
    const amounts = unkeyedEntries.map((e) => e.amount);
    expect(new Set(amounts).size).toBe(amounts.length);
    const sent = new Set([...lanes.okUnkeyed.values(), ...lanes.ambiguousUnkeyed.values()]);
    for (const a of amounts) expect(sent.has(a)).toBe(true);

    const replays = [...lanes.okKeyed.values()].filter((v) => v.replayed).length;
    console.info(
      `[faults-restart] ${beforeKill} keyed charges before the kill, ${lanes.okKeyed.size} in all (${replays} answered as a replay ` +
        `of an attempt that had run); ${lanes.unavailable} store_unavailable; unkeyed ${lanes.okUnkeyed.size} ok, ` +
        `${lanes.ambiguousUnkeyed.size} cut off by the restart (as expected; each applied at most once), ` +
        `${unkeyedEntries.length} in the ledger; ${PAYERS.length} payments, ` +
        `${payAttempts.filter((a) => a > 1).length} of them retried through the gap, ${inProgress} retries found an attempt's claim, ` +
        `${swept.aborted.length} cut attempts aborted by the last sweep`,
    );
  }, 60_000);
});
