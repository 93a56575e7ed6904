import { createBoxoffice } from '@boxoffice/core';
import type { ConcertPrimitives } from '@boxoffice/core';
import { dyingSale, ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import type { RedisStore } from '../src/index.js';
import { explainSkip, REQUIRE_REDIS } from './redis-env.js';
import { clusterToolsPresent } from './cluster-harness.js';
import { startRedis } from './private-server.js';
import type { PrivateRedis } from './private-server.js';

// Round trips per operation, counted on a PRIVATE redis-server (spare port, temp dir, no persistence):
//  - MONITOR lists every command a client sends, and marks the ones a script runs inside as "lua";
//    the commands the store's own connection sends between two markers are its round trips
//    (no pipelining is used, so each command is one round trip);
//  - INFO commandstats deltas give the EVAL/EVALSHA calls and every command run inside them.

const tools = await clusterToolsPresent();
if (!tools) explainSkip('round-trips.test.ts', 'redis-server is not on the PATH');
// Without redis-server: skipped (with the line above), or a failure when BOXOFFICE_REQUIRE_REDIS=1.
if (!tools) {
  describe('round trips (redis-server missing)', () => {
    it.runIf(REQUIRE_REDIS)('needs redis-server because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail('BOXOFFICE_REQUIRE_REDIS=1 but redis-server is not on the PATH');
    });
  });
}

const concert: ConcertPrimitives = {
  id: 'rt',
  name: 'Round trips',
  venue: null,
  schedules: [{ id: 'rt-1', concertId: 'rt', startsAt: '2027-03-01T10:00:00.000Z', seats: Array.from({ length: 20 }, (_, i) => ({ number: i + 1, price: 100, grade: null })) }],
};

interface Measured {
  /** Commands the store's connection sent: its round trips. */
  readonly roundTrips: number;
  /** Times the caller waited on the network: commands sent while none of the store's was in flight (commands sent together share one wait). */
  readonly waits: number;
  /** The commands, by name, as sent. */
  readonly sent: string[];
  /** EVAL + EVALSHA calls in INFO commandstats. */
  readonly scripts: number;
  /** Commands run inside those scripts (commandstats delta minus the top-level ones). */
  readonly inside: number;
}

describe.runIf(tools)('round trips per operation on a private redis-server', () => {
  let server: PrivateRedis;
  let store: RedisStore;
  let admin: Redis;
  let monitor: Redis;
  const lines: Array<{ args: string[]; source: string }> = [];
  const clock = new ManualClock(Date.UTC(2027, 0, 1));
  const ids = new SequenceIds('rt');
  const report: Record<string, Measured> = {};
  let inFlight = 0;
  let waits = 0;

  beforeAll(async () => {
    server = await startRedis();
    store = await createRedisStore({ url: server.url, prefix: 'rt' });
    // Counts the waits: a command sent while another of the store's is in flight rides the same round trip.
    const client = store.client as Redis;
    const send = client.sendCommand.bind(client);
    client.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
      if (inFlight === 0) waits += 1;
      inFlight += 1;
      const reply = send(...args) as Promise<unknown>;
      void reply.then(
        () => (inFlight -= 1),
        () => (inFlight -= 1),
      );
      return reply;
    }) as Redis['sendCommand'];
    admin = new Redis(server.port, '127.0.0.1');
    monitor = await new Redis(server.port, '127.0.0.1').monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => lines.push({ args, source }));
  });

  afterAll(async () => {
    console.log('[adapter-redis] round trips per operation:');
    for (const [op, m] of Object.entries(report)) {
      console.log(`  ${op.padEnd(28)} ${m.roundTrips} command(s) in ${m.waits} round trip(s): ${m.sent.join(', ')}; ${m.inside} commands inside scripts`);
    }
    monitor?.disconnect();
    admin?.disconnect();
    await store?.close();
    await server?.stop();
  });

  const storeSource = (): string => {
    const socket = (store.client as Redis).stream;
    return `${socket.localAddress}:${socket.localPort}`;
  };

  async function mark(label: string): Promise<void> {
    await admin.echo(label);
    const deadline = Date.now() + 5000;
    while (!lines.some((l) => l.args[0]?.toLowerCase() === 'echo' && l.args[1] === label)) {
      if (Date.now() > deadline) throw new Error(`MONITOR never showed ${label}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async function commandstats(): Promise<Map<string, number>> {
    const info = await admin.info('commandstats');
    const calls = new Map<string, number>();
    for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1]!, Number(m[2]));
    return calls;
  }

  async function measure(op: string, run: () => Promise<unknown>): Promise<Measured> {
    const before = await commandstats();
    await mark(`begin-${op}`);
    const from = lines.length;
    const waitsBefore = waits;
    await run();
    const waited = waits - waitsBefore;
    await mark(`end-${op}`);
    const after = await commandstats();
    const source = storeSource();
    const sent = lines.slice(from).filter((l) => l.source === source).map((l) => l.args[0]!.toLowerCase());
    let total = 0;
    for (const [name, count] of after) {
      if (name === 'info' || name === 'echo') continue;
      total += count - (before.get(name) ?? 0);
    }
    const scripts = (after.get('evalsha') ?? 0) - (before.get('evalsha') ?? 0) + (after.get('eval') ?? 0) - (before.get('eval') ?? 0);
    const measured = { roundTrips: sent.length, waits: waited, sent, scripts, inside: total - sent.length };
    report[op] = measured;
    return measured;
  }

  it('counts one round trip for each of enter, status, hold, cancel and charge at the port, and a fixed number for pay', async () => {
    const bo = createBoxoffice({ store, clock, ids, config: { maxActive: 10 } });
    await bo.catalog.publish([concert]);
    // Warm up: the catalog cache, and each script's first EVAL on this connection (later calls are EVALSHA).
    const warm = await bo.queue.enter('rtq', 'warm');
    await bo.tick(['rtq']);
    const warmSession = { queueId: 'rtq', token: warm.status.token, userId: 'warm' };
    const warmHold = await bo.reservations.hold(warmSession, 'rt-1', [20]);
    await bo.reservations.cancel('warm', warmHold.id);
    await bo.wallet.charge('warm', 1000, 'w1');
    const warmPaid = await bo.payments.pay(warmSession, (await bo.reservations.hold(warmSession, 'rt-1', [19])).id, 'wp');
    await bo.refunds.refund({ userId: 'op', operator: true }, 'warm', warmPaid.id, 'wr');
    await store.idempotency.begin('warm', 'wk', 'print', clock.now(), 5000);
    await store.idempotency.finish('warm', 'wk', { status: 201, body: null }, clock.now(), 86_400_000);
    // A partition's first change costs no extra round trip on one node: its script indexes its event stream
    // itself (event.lua). (It used to SADD the stream to a set first; on Cluster a slot's first index still does.)
    await bo.wallet.charge('port', 1, 'warm-port');
    await bo.wallet.charge('alice', 1, 'warm-alice');
    const firstChange = await measure('wallet.charge (first of a user)', () => bo.wallet.charge('newcomer', 1, 'n1'));
    expect(firstChange.sent).toEqual(['evalsha']);

    // The ports, one call each.
    const t = clock.now();
    const enterPort = await measure('queue.enter (port)', () =>
      store.queue.enter({ token: 'port-token-aaaaaaaaaaaaaaaa', queueId: 'rtq', userId: 'port', state: 'waiting', enteredAt: t, lastSeenAt: t, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null }),
    );
    const viewPort = await measure('queue.view (port)', () => store.queue.view('rtq', 'port-token-aaaaaaaaaaaaaaaa', { at: t, userId: 'port' }));
    // A batch of status reads (issue 17): one script however many tokens it ranks.
    const batchPort = await measure('queue.statusMany (port, 3 reads)', () =>
      store.queue.statusMany('rtq', ['port-token-aaaaaaaaaaaaaaaa', 'port-token-aaaaaaaaaaaaaaaa', 'no-such-token'].map((token) => ({ token, heartbeat: { at: t, userId: 'port' } })), 0),
    );
    const holdPort = await measure('inventory.hold (port)', () =>
      store.inventory.hold({ id: 'rt-1.porthold', userId: 'port', scheduleId: 'rt-1', seats: [1, 2], amount: 200, state: 'held', createdAt: t, expiresAt: t + 60_000, paymentId: null }, t),
    );
    const cancelPort = await measure('inventory.cancel (port)', () => store.inventory.cancel('rt-1.porthold', t));
    const chargePort = await measure('wallets.charge (port)', () =>
      store.wallets.charge({ userId: 'port', amount: 5, maxBalance: 1000, entryId: 'pc1', idempotencyKey: 'pk', now: t }),
    );
    const reservePort = await measure('allowances.reserve (port)', () =>
      store.allowances.reserve('port', 'rtq', { reservationId: 'rt-1.porthold', seats: 2, expiresAt: t + 60_000 }, 4),
    );
    for (const m of [enterPort, viewPort, batchPort, holdPort, cancelPort, chargePort, reservePort]) {
      expect(m.roundTrips).toBe(1);
      expect(m.scripts).toBe(1);
    }

    // The use cases, as the host calls them.
    let token = '';
    const enter = await measure('queue.enter', async () => {
      token = (await bo.queue.enter('rtq', 'alice')).status.token;
    });
    const status = await measure('queue.status', () => bo.queue.status('rtq', token, 'alice'));
    expect(enter.roundTrips).toBe(1);
    expect(status.roundTrips).toBe(1);
    await bo.tick(['rtq']);
    const session = { queueId: 'rtq', token, userId: 'alice' };
    let holdId = '';
    const hold = await measure('reservations.hold', async () => {
      holdId = (await bo.reservations.hold(session, 'rt-1', [3, 4])).id;
    });
    const cancel = await measure('reservations.cancel', () => bo.reservations.cancel('alice', holdId));
    const charge = await measure('wallet.charge', () => bo.wallet.charge('alice', 1000, 'c1'));
    expect(charge.roundTrips).toBe(1);
    // hold: the token check (queue tag) and the purchase limit's reserve (user tag) go out together, then the
    // one hold script: three commands, two round trips. cancel: the ownership read, then the one script.
    expect(hold.sent).toEqual(['evalsha', 'evalsha', 'evalsha']);
    expect(hold.waits).toBe(2);
    expect(cancel.sent).toEqual(['evalsha', 'evalsha']);

    const second = await bo.reservations.hold(session, 'rt-1', [5, 6]);
    const bob = await bo.queue.enter('rtq', 'bob');
    await bo.tick(['rtq']);
    const session2 = { queueId: 'rtq', token: bob.status.token, userId: 'bob' };
    await bo.wallet.charge('bob', 1000, 'b1');
    let paymentId = '';
    const pay = await measure('payments.pay', async () => {
      paymentId = (await bo.payments.pay(session, second.id, 'pay-1')).id;
    });
    // pay (issue 17): the reads (the payment of the reservation, the token, the hold, the balance), the unsettled
    // index entry (track) and the claim of the hold go out together; then record (create and debit in one script);
    // confirm and the token's end together; complete. The index entry is dropped later by the sweep, off the
    // payment's path. Ten commands in four waits (it was eleven in six, and twelve in twelve before that).
    expect(pay.sent.filter((c) => c !== 'evalsha')).toEqual(['get', 'zadd']);
    expect(pay.roundTrips).toBe(10);
    expect(pay.waits).toBe(4);
    // The same through the host (POST /v1/payments): the Idempotency-Key record (the user's partition) begins with
    // the first round trip and finishes with the last, as packages/http's payments route rides them.
    const third = await bo.reservations.hold(session2, 'rt-1', [7, 8]);
    const keyed = await measure('payments.pay + Idempotency-Key', async () => {
      const p = await bo.payments.pay(session2, third.id, 'pay-2', {
        before: async () => {
          const begun = await store.idempotency.begin('bob', 'pay-2', 'print', clock.now(), 5000);
          if (begun.outcome !== 'started') throw new Error(begun.outcome);
        },
        after: (done) => store.idempotency.finish('bob', 'pay-2', { status: 201, body: done }, clock.now(), 86_400_000),
      });
      expect(p.state).toBe('completed');
    });
    expect(keyed.roundTrips).toBe(12);
    expect(keyed.waits).toBe(4);
    // refund (by an operator: the implicit sale takes no buyer refunds): the refund and the payment read, the
    // pending-refunds index entry, the fence, the seat step, the credit, and the index cleared (a stored sale adds
    // one allowance release per sale of the schedule; the implicit sale has none).
    const refund = await measure('refunds.refund', () => bo.refunds.refund({ userId: 'op', operator: true }, 'alice', paymentId, 'rf-1'));
    expect(refund.sent).toEqual(['evalsha', 'evalsha', 'zadd', 'evalsha', 'evalsha', 'evalsha', 'zrem']);
    // One queue and one schedule: the sales (re-read every tick), expire sessions, the queue's counts (the
    // measured rate and the seal), expire idle, admit, the schedule list, the hold sweep, the unsettled index,
    // the stale claims of the schedule, and (since refunds) the pending-refunds index: one more than before.
    const sweep = await measure('tick (admit + holds + recovery)', () => bo.tick(['rtq']));
    expect(sweep.roundTrips).toBeLessThanOrEqual(10);
  });

  it('counts the waiting list: one script to join, one for the status, three port steps for one offer', async () => {
    const bo = createBoxoffice({ store, clock, ids, config: { payGraceSeconds: 0 } });
    // A sold-out sale of one schedule whose last three seats come back (dead claims released).
    const sale = await dyingSale(bo, { tag: 'rtw', seats: 4, dying: 3 });
    // Warm up: the sale cache, each script's first EVAL, the list partition's first change, one open offer.
    await bo.waitlist.join(sale.saleId, 'wl-warm');
    await sale.release(4);
    await bo.tick([sale.saleId]);
    const join = await measure('waitlist.join', () => bo.waitlist.join(sale.saleId, 'wl-a'));
    const status = await measure('waitlist.status', () => bo.waitlist.status(sale.saleId, 'wl-a'));
    for (const m of [join, status]) expect(m.sent).toEqual(['evalsha']);
    // One offer at the ports: claim (sale tag), the offer hold (schedule tag), open (sale tag, with waitlist.offered).
    await sale.release(3);
    const t = clock.now();
    let claimed: Awaited<ReturnType<typeof store.waitlist.claim>> | null = null;
    const steps = await measure('waitlist offer (3 port steps)', async () => {
      claimed = await store.waitlist.claim(sale.saleId, { id: 'rto1', scheduleId: sale.scheduleId, seat: 3 }, t, t);
      await store.inventory.offer({ id: `${sale.scheduleId}.rto1`, userId: 'wl-a', scheduleId: sale.scheduleId, seats: [3], amount: 10, state: 'held', createdAt: t, expiresAt: t + 60_000, paymentId: null, waitlistSaleId: sale.saleId }, t);
      await store.waitlist.open(sale.saleId, 'rto1', t + 60_000, t);
    });
    expect(claimed).toMatchObject({ kind: 'claimed' });
    expect(steps.sent).toEqual(['evalsha', 'evalsha', 'evalsha']);
    // The list's tick with one seat to offer (and two open offers to reconcile): the list's meta, the mode
    // pushed to the one schedule, the live offers, each open offer's hold, the schedule's taken seats, then
    // the three steps. Its cost grows with the open offers and the sale's seats: see the waitlist README.
    await bo.waitlist.join(sale.saleId, 'wl-b');
    await sale.release(2);
    const tick = await measure('waitlist.tick (one offer, two open)', () => bo.waitlist.tick(sale.saleId));
    expect(tick.sent.every((c) => c === 'evalsha')).toBe(true);
    expect(tick.roundTrips).toBe(9);
    expect((await bo.waitlist.status(sale.saleId, 'wl-b')).state).toBe('offered');
  });
});
