import assert from 'node:assert/strict';
import type { Boxoffice } from '../../boxoffice.js';
import type { QueueStatus, QueueTokenPrimitives } from '../../queue/queue-token.js';
import { drawKey, drawKeys, drawOrder, seedHash, verifyDrawOrder } from '../../sale/draw.js';
import type { Sale, SaleSettings } from '../../sale/sale.js';
import { sha256, toHex, utf8 } from '../../sale/sha256.js';
import type { BoxofficeConfig } from '../../shared/config.js';
import type { CheckContext } from '../check.js';
import { defineChecks, subContext } from '../check.js';
import { chiSquarePValue } from '../chi-square.js';
import { concert, range, rejectsWith, sortedTaken } from '../fixtures.js';

const OPENS_IN_MS = 3_600_000;

interface SaleRun {
  readonly bo: Boxoffice;
  readonly sale: Sale;
  readonly scheduleId: string;
  readonly opensAt: number;
}

/** A concert of `seats` seats and a sale of its date, opening in an hour unless `opensInMs` says otherwise. */
async function scheduledSale(
  ctx: CheckContext,
  options: { seats?: number; config?: Partial<BoxofficeConfig>; settings?: Partial<SaleSettings>; opensInMs?: number; bo?: Boxoffice } = {},
): Promise<SaleRun> {
  const bo = options.bo ?? ctx.boxoffice(options.config);
  const c = concert(ctx, options.seats ?? 20);
  await bo.catalog.publish([c]);
  const opensAt = ctx.clock.now() + (options.opensInMs ?? OPENS_IN_MS);
  const scheduleId = c.schedules[0]!.id;
  const sale = await bo.sales.create({
    id: ctx.queueId,
    name: `Kit sale ${ctx.tag}`,
    scheduleIds: [scheduleId],
    opensAt: new Date(opensAt).toISOString(),
    settings: options.settings,
  });
  return { bo, sale, scheduleId, opensAt };
}

async function enter(bo: Boxoffice, ctx: CheckContext, n: number | string, queueId = ctx.queueId) {
  return (await bo.queue.enter(queueId, ctx.user(n))).status;
}

async function stored(ctx: CheckContext, token: string, queueId = ctx.queueId): Promise<QueueTokenPrimitives> {
  const view = await ctx.store.queue.view(queueId, token);
  assert.ok(view, `token ${token} is stored`);
  return view.token;
}

/** A waiting token as the port stores it, entered at `at` (port-level checks). */
function candidate(queueId: string, token: string, userId: string, at: number, key: string | null): Omit<QueueTokenPrimitives, 'seq'> {
  return {
    token,
    queueId,
    userId,
    state: 'waiting',
    enteredAt: at,
    lastSeenAt: at,
    activatedAt: null,
    activeUntil: null,
    endedAt: null,
    drawKey: key,
    endReason: null,
  };
}

/** `n` tokens `<queue>.<prefix><i>` entered at the port after the opening, one after another. */
async function enterAtPort(ctx: CheckContext, prefix: string, n: number): Promise<{ q: string; t: number }> {
  const q = ctx.queueId;
  const t = ctx.clock.now();
  for (const i of range(n)) await ctx.store.queue.enter(candidate(q, `${q}.${prefix}${i}`, ctx.user(i), t, null));
  return { q, t };
}

const RULE = { maxActive: 1000, admitPerMinute: 100_000, windowMs: 60_000, sessionTtlMs: 600_000, limit: 1000 };

export const saleChecks = defineChecks('sale', [
  {
    slug: 'create-validates',
    name: 'a sale is created whole or not at all: bad input and a taken id store nothing; seedHash is public, the seed only once open',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const c = concert(ctx, 5);
      await bo.catalog.publish([c]);
      const scheduleId = c.schedules[0]!.id;
      const opensAt = new Date(ctx.clock.now() + 60_000).toISOString();
      const bad: Array<[unknown, string]> = [
        [{ id: 'not safe!', scheduleIds: [scheduleId], opensAt }, 'an unsafe id'],
        [{ id: ctx.queueId, scheduleIds: [scheduleId], opensAt: 'tomorrow' }, 'an opensAt that is not a time'],
        [{ id: ctx.queueId, scheduleIds: [scheduleId], opensAt: '2027-13-45T99:00:00Z' }, 'an impossible time'],
        [{ id: ctx.queueId, scheduleIds: [`${ctx.tag}nope`], opensAt }, 'a schedule that does not exist'],
        [{ id: ctx.queueId, scheduleIds: [], opensAt }, 'no schedule'],
        [{ id: ctx.queueId, scheduleIds: [scheduleId], opensAt, settings: { maxActive: 0 } }, 'a bad setting'],
        [{ id: ctx.queueId, scheduleIds: [scheduleId], opensAt, settings: { surprise: 1 } }, 'an unknown setting'],
        [{ id: ctx.queueId, scheduleIds: [scheduleId], opensAt, mode: 'chaos' }, 'an unknown mode'],
        [null, 'no object'],
      ];
      for (const [input, what] of bad) await rejectsWith(bo.sales.create(input), 'validation_failed', what);
      assert.equal(await ctx.store.sales.get(ctx.queueId), null, 'nothing was stored');
      await rejectsWith(bo.sales.get(ctx.queueId), 'sale_not_found', 'unknown sale');
      await rejectsWith(bo.sales.get('../etc'), 'sale_not_found', 'unsafe sale id');

      const sale = await bo.sales.create({ id: ctx.queueId, scheduleIds: [scheduleId], opensAt, settings: { maxActive: 7 } });
      assert.equal(sale.state, 'scheduled');
      assert.equal(sale.seed, null, 'the seed is secret before the opening');
      assert.match(sale.seedHash, /^[0-9a-f]{64}$/);
      assert.equal(sale.settings.maxActive, 7, 'its own setting');
      assert.equal(sale.settings.admitPerMinute, bo.config.admitPerMinute, "the host's default for the rest");
      const before = await ctx.store.sales.get(ctx.queueId);
      await rejectsWith(bo.sales.create({ id: ctx.queueId, scheduleIds: [scheduleId], opensAt }), 'sale_exists', 'a taken id');
      assert.deepEqual(await ctx.store.sales.get(ctx.queueId), before, 'the first sale is unchanged');

      ctx.clock.advance(60_000);
      await rejectsWith(bo.sales.drawn(ctx.queueId), 'validation_failed', 'the draw before the opening tick');
      const open = await ctx.boxoffice().sales.get(ctx.queueId);
      assert.equal(open.state, 'open');
      assert.ok(open.seed !== null && seedHash(open.seed) === open.seedHash, 'the published seed matches its hash');
      assert.ok((await bo.sales.list()).some((s) => s.id === ctx.queueId));
    },
  },
  {
    slug: 'pre-queue',
    name: 'before opensAt entrants wait in the pre-queue (no place, no admission, no idle expiry); at the opening they take places 1..k in HMAC order, ahead of every later entrant',
    async run(ctx) {
      const { bo, opensAt } = await scheduledSale(ctx, { config: { maxActive: 3, idleTimeout: 60 } });
      const early = [];
      for (const n of range(8)) early.push(await enter(bo, ctx, n));
      for (const s of early) {
        assert.equal(s.state, 'pre_queue');
        assert.equal(s.position, null);
        assert.equal(s.opensAt, new Date(opensAt).toISOString());
      }
      // Silent for far longer than the idle timeout: the pre-queue's idle clock starts at the opening.
      ctx.clock.set(opensAt - 1);
      assert.deepEqual((await bo.tick([ctx.queueId])).queues[ctx.queueId]!.admitted, [], 'nobody is admitted before opensAt');
      assert.equal((await bo.queue.status(ctx.queueId, early[0]!.token, ctx.user(1))).state, 'pre_queue');
      // The store itself too (core does not ask before the opening): a pre-queue token was last seen at the opening.
      const idleBefore = opensAt - 1 - 60_000;
      assert.deepEqual(await ctx.store.queue.expireIdle(ctx.queueId, idleBefore, opensAt - 1, 100), [], 'the store idles out no pre-queue token');
      // Entrants at opensAt, before any tick: they queue behind the pre-queue.
      ctx.clock.set(opensAt);
      const late = [await enter(bo, ctx, 'late1'), await enter(bo, ctx, 'late2')];
      for (const s of late) assert.equal(s.state, 'waiting');
      const report = (await bo.tick([ctx.queueId])).queues[ctx.queueId]!;
      const sale = await bo.sales.get(ctx.queueId);
      const order = drawOrder(sale.seed!, early.map((s) => s.token));
      assert.deepEqual(report.admitted, order.slice(0, 3), 'the first admitted are the head of the HMAC order');
      assert.deepEqual(report.expiredIdle, [], 'no pre-queue token expired idle');
      for (const [i, token] of order.slice(3).entries()) {
        const status = await bo.queue.status(ctx.queueId, token, (await stored(ctx, token)).userId);
        assert.equal(status.state, 'waiting');
        assert.equal(status.position, i + 1, `drawn token ${i + 4} of the HMAC order`);
      }
      for (const [i, s] of late.entries()) {
        const status = await bo.queue.status(ctx.queueId, s.token, ctx.user(`late${i + 1}`));
        assert.equal(status.position, order.length - 3 + i + 1, 'every later entrant is behind the whole pre-queue');
      }
    },
  },
  {
    slug: 'draw-verifiable',
    name: "the drawn order equals the HMAC order of the published seed, every pre-queue token included, and the seed matches seedHash",
    async run(ctx) {
      const { bo, opensAt, sale } = await scheduledSale(ctx, { config: { maxActive: 2 } });
      const early = [];
      for (const n of range(12)) early.push(await enter(bo, ctx, n));
      await bo.queue.leave(ctx.queueId, early[4]!.token, ctx.user(5));
      ctx.clock.set(opensAt + 500);
      await bo.tick([ctx.queueId]);
      await enter(bo, ctx, 'after');
      await bo.tick([ctx.queueId]);
      const drawn = await ctx.boxoffice().sales.drawn(ctx.queueId);
      assert.equal(drawn.seedHash, sale.seedHash, 'the hash published at creation');
      assert.deepEqual([...drawn.tokens].sort(), early.map((s) => s.token).sort(), 'the draw lists every pre-queue token, the one that left too');
      const verdict = verifyDrawOrder(drawn);
      assert.ok(verdict.seedMatchesHash, 'the seed matches seedHash');
      assert.ok(verdict.orderMatches, `the order is the HMAC order (first mismatch at place ${verdict.firstMismatch})`);
      for (const token of drawn.tokens) assert.equal((await stored(ctx, token)).drawKey, drawKey(drawn.seed, token));
    },
  },
  {
    slug: 'late-pre-queue-candidate',
    name: 'a pre-queue entrant that arrives after the opening (a host whose clock lags) queues behind, not in the draw',
    async run(ctx) {
      const q = ctx.queueId;
      const seed = toHex(sha256(utf8(ctx.tag)));
      const t = ctx.clock.now();
      for (const n of range(3)) await ctx.store.queue.enter(candidate(q, `${q}.p${n}`, ctx.user(n), t, drawKey(seed, `${q}.p${n}`)));
      assert.deepEqual(await ctx.store.queue.listDrawn(q, 0, 10), [], 'the draw is not shown before the opening');
      assert.deepEqual(await ctx.store.queue.admit(q, { ...RULE, maxActive: 1 }, t + 1), [drawOrder(seed, range(3).map((n) => `${q}.p${n}`))[0]]);
      const late = await ctx.store.queue.enter(candidate(q, `${q}.late`, ctx.user('late'), t + 2, drawKey(seed, `${q}.late`)));
      assert.ok(late.refused === undefined);
      assert.equal(late.token.drawKey, null, 'stored without a draw key');
      assert.equal(late.position, 3, 'behind the two drawn tokens still waiting');
      assert.equal((await ctx.store.queue.listDrawn(q, 0, 10)).length, 3, 'the draw is final');
      assert.equal((await ctx.store.queue.counts(q, t + 2)).openedAt, t + 1, 'opened once, by the first admit');
    },
  },
  {
    slug: 'draw-runs-out',
    name: 'the port: once the last drawn token is admitted or leaves, the line follows at once: in the same admit call, from place 1, and the draw still lists everyone',
    async run(ctx) {
      const seed = toHex(sha256(utf8(`runs-out ${ctx.tag}`)));
      const t = ctx.clock.now();
      const rule = (limit: number) => ({ ...RULE, limit });
      // Four drawn and three in the line; the draw runs out inside one admit call.
      const q = ctx.queueId;
      const drawn = range(4).map((n) => `${q}.d${n}`);
      for (const [n, token] of drawn.entries()) await ctx.store.queue.enter(candidate(q, token, ctx.user(`d${n}`), t, drawKey(seed, token)));
      const order = drawOrder(seed, drawn);
      assert.deepEqual(await ctx.store.queue.admit(q, rule(0), t + 1), [], 'the opening, with no room');
      const line = range(3).map((n) => `${q}.l${n}`);
      for (const [n, token] of line.entries()) await ctx.store.queue.enter(candidate(q, token, ctx.user(`l${n}`), t + 2, null));
      await ctx.store.queue.leave(q, order[1]!, t + 3);
      assert.deepEqual(await ctx.store.queue.admit(q, rule(2), t + 4), [order[0], order[2]]);
      assert.equal((await ctx.store.queue.view(q, line[0]!))?.position, 2, 'behind the one drawn token still waiting');
      assert.deepEqual(await ctx.store.queue.admit(q, rule(3), t + 5), [order[3], line[0], line[1]], 'the draw ends and the line follows in the same call');
      assert.equal((await ctx.store.queue.view(q, line[2]!))?.position, 1);
      assert.equal((await ctx.store.queue.counts(q, t + 5)).drawn, 0, 'no drawn token waits');
      assert.deepEqual(await ctx.store.queue.listDrawn(q, 0, 10), order, 'the draw lists everyone, the one who left too');
      // On a second queue the last drawn token leaves instead: the line moves up to place 1 at once.
      const q2 = `${q}-b`;
      const drawn2 = range(2).map((n) => `${q2}.d${n}`);
      for (const [n, token] of drawn2.entries()) await ctx.store.queue.enter(candidate(q2, token, ctx.user(`b${n}`), t, drawKey(seed, token)));
      const order2 = drawOrder(seed, drawn2);
      assert.deepEqual(await ctx.store.queue.admit(q2, rule(1), t + 1), [order2[0]]);
      await ctx.store.queue.enter(candidate(q2, `${q2}.l0`, ctx.user('bl0'), t + 2, null));
      assert.equal((await ctx.store.queue.view(q2, `${q2}.l0`))?.position, 2);
      await ctx.store.queue.leave(q2, order2[1]!, t + 3);
      assert.equal((await ctx.store.queue.view(q2, `${q2}.l0`))?.position, 1, 'first once the last drawn token left');
      assert.deepEqual(await ctx.store.queue.admit(q2, rule(5), t + 4), [`${q2}.l0`]);
      assert.deepEqual(await ctx.store.queue.listDrawn(q2, 0, 10), order2);
    },
  },
  {
    slug: 'draw-once-across-hosts',
    name: 'four hosts ticking at the opening while people keep entering draw once: one order, the HMAC one, and no one admitted twice or past maxActive',
    capability: 'sharedAcrossInstances',
    async run(ctx) {
      const config = { maxActive: 10 };
      const hosts = [ctx.boxoffice(config), ctx.boxoffice(config), ctx.boxoffice(config), ctx.boxoffice(config)];
      const { opensAt } = await scheduledSale(ctx, { bo: hosts[0]! });
      const early = await Promise.all(range(30).map((n) => enter(hosts[n % 4]!, ctx, n)));
      ctx.clock.set(opensAt);
      const [ticks, late] = await Promise.all([
        Promise.all(hosts.map((h) => h.tick([ctx.queueId]))),
        Promise.all(range(10, 100).map((n) => enter(hosts[n % 4]!, ctx, n))),
      ]);
      const admitted = ticks.flatMap((r) => r.queues[ctx.queueId]!.admitted);
      assert.equal(new Set(admitted).size, admitted.length, 'no token admitted twice');
      assert.equal(admitted.length, 10, 'maxActive admitted in all');
      const drawn = await hosts[1]!.sales.drawn(ctx.queueId);
      const order = drawOrder(drawn.seed, early.map((s) => s.token));
      assert.deepEqual(drawn.tokens, order, 'one draw, in HMAC order');
      assert.deepEqual([...admitted].sort(), order.slice(0, 10).sort(), 'the admitted are the head of the draw');
      const lateSet = new Set(late.map((s) => s.token));
      const drawnSet = new Set(order);
      for (const token of lateSet) assert.ok(!drawnSet.has(token), 'an entrant at or after opensAt is not in the draw');
    },
  },
  {
    slug: 'draw-uniform',
    name: 'across 10^4 sales with different seeds, each of 20 pre-queue tokens takes every place equally often (chi-square, p > 0.001)',
    capability: 'concurrentCalls',
    // 2.2 x 10^5 port calls: a few seconds on memory or a local Redis, longer on a network store.
    minTimeoutMs: 600_000,
    async run(ctx) {
      const shuffles = 10_000;
      const size = 20;
      const table = Array.from({ length: size }, () => new Array<number>(size).fill(0));
      const t = ctx.clock.now();
      const one = async (s: number) => {
        const q = `${ctx.tag}x${s}`;
        const key = drawKeys(toHex(sha256(utf8(`kit-draw-${s}`))));
        // Fixed token names and seeds: the outcome is the same on every run, so the check cannot flake.
        for (let i = 0; i < size; i++) await ctx.store.queue.enter(candidate(q, `tok${i}`, `u${i}`, t, key(`tok${i}`)));
        await ctx.store.queue.admit(q, { ...RULE, limit: 0 }, t);
        const drawn = await ctx.store.queue.listDrawn(q, 0, size);
        assert.equal(drawn.length, size);
        drawn.forEach((token, place) => table[Number(token.slice(3))]![place]!++);
      };
      let next = 0;
      await Promise.all(
        range(32).map(async () => {
          while (next < shuffles) await one(next++);
        }),
      );
      const p = chiSquarePValue(table);
      assert.ok(p > 0.001, `places are not uniform: chi-square p = ${p}`);
    },
  },
  {
    slug: 'sold-out',
    name: 'once every seat is sold the next tick ends the waiting and pre-queue tokens with sold_out; nobody is admitted after; entries answer sale_sold_out and store nothing',
    async run(ctx) {
      const { bo, opensAt, scheduleId } = await scheduledSale(ctx, { seats: 2, config: { maxActive: 1 }, opensInMs: 0 });
      assert.equal(opensAt, ctx.clock.now());
      const buyer = await enter(bo, ctx, 'buyer');
      const others = [await enter(bo, ctx, 2), await enter(bo, ctx, 3)];
      await bo.tick([ctx.queueId]);
      const session = { queueId: ctx.queueId, token: buyer.token, userId: ctx.user('buyer') };
      const hold = await bo.reservations.hold(session, scheduleId, [1, 2]);
      await bo.wallet.charge(session.userId, hold.amount, `${ctx.tag}k`);
      await bo.payments.pay(session, hold.id, `${ctx.tag}p`);
      assert.equal((await bo.sales.get(ctx.queueId)).state, 'sold_out');
      const report = (await bo.tick([ctx.queueId])).queues[ctx.queueId]!;
      assert.deepEqual([...report.ended].sort(), others.map((s) => s.token).sort());
      assert.deepEqual(report.admitted, []);
      for (const [i, s] of others.entries()) {
        const status = await bo.queue.status(ctx.queueId, s.token, ctx.user(i + 2));
        assert.equal(status.state, 'expired');
        assert.equal(status.endReason, 'sold_out');
      }
      const before = await ctx.store.queue.counts(ctx.queueId, ctx.clock.now());
      assert.equal(before.sealed, 'sold_out');
      await rejectsWith(bo.queue.enter(ctx.queueId, ctx.user('newcomer')), 'sale_sold_out', 'entry after sold out');
      assert.deepEqual(await ctx.store.queue.counts(ctx.queueId, ctx.clock.now()), before, 'the refused entry stored nothing');
      // The port's fence: a sealed queue admits nobody, even with room and someone waiting.
      const straggler = await ctx.store.queue.enter(candidate(ctx.queueId, `${ctx.queueId}.s`, ctx.user('s'), ctx.clock.now(), null));
      assert.deepEqual(straggler, { refused: 'sold_out' }, 'the store refuses entries into a sealed queue');
      ctx.clock.advanceSeconds(3600);
      const later = (await bo.tick([ctx.queueId])).queues[ctx.queueId]!;
      assert.deepEqual(later.admitted, [], 'no admission after sold out');
      assert.deepEqual(await ctx.store.queue.admit(ctx.queueId, RULE, ctx.clock.now()), [], 'a sealed queue admits nobody');
    },
  },
  {
    slug: 'sealed-admits-nobody',
    name: 'the port: after seal, admit admits nobody although tokens wait (entered before the seal, past its batch limit)',
    async run(ctx) {
      const { q, t } = await enterAtPort(ctx, 'w', 5);
      assert.deepEqual(await ctx.store.queue.seal(q, 'sold_out', t, 2), [`${q}.w1`, `${q}.w2`], 'the first batch of waiting tokens ends');
      assert.deepEqual(await ctx.store.queue.admit(q, RULE, t + 1), [], 'the rest wait, but nobody is admitted');
      assert.equal((await ctx.store.queue.counts(q, t + 1)).waiting, 3);
      assert.equal((await ctx.store.queue.seal(q, 'closed', t + 2, 10)).length, 3);
      const ended = await stored(ctx, `${q}.w3`);
      assert.equal(ended.state, 'expired');
      assert.equal(ended.endReason, 'sold_out', 'the first seal reason stays');
    },
  },
  {
    slug: 'unseal',
    name: 'the port: a queue sealed sold_out is unsealed (a seat came back): entries and admission resume, the ended stay ended; a closed one stays sealed',
    async run(ctx) {
      const { q, t } = await enterAtPort(ctx, 'u', 2);
      assert.equal(await ctx.store.queue.unseal(q, t), false, 'not sealed: nothing to do');
      await ctx.store.queue.seal(q, 'sold_out', t, 1);
      assert.deepEqual(await ctx.store.queue.enter(candidate(q, `${q}.late`, ctx.user('late'), t, null)), { refused: 'sold_out' });
      assert.equal(await ctx.store.queue.unseal(q, t + 1), true);
      assert.equal(await ctx.store.queue.unseal(q, t + 1), false, 'once');
      assert.equal((await ctx.store.queue.counts(q, t + 1)).sealed, null);
      const again = await ctx.store.queue.enter(candidate(q, `${q}.again`, ctx.user('again'), t + 1, null));
      assert.ok(!('refused' in again), 'entries resume');
      assert.equal((await stored(ctx, `${q}.u1`)).endReason, 'sold_out', 'the seal\'s ended stay ended');
      assert.ok((await ctx.store.queue.admit(q, RULE, t + 2)).length > 0, 'admission resumes');
      const c = subContext(ctx, 'closed');
      await ctx.store.queue.seal(c.queueId, 'closed', t, 10);
      assert.equal(await ctx.store.queue.unseal(c.queueId, t + 3), false);
      assert.equal((await ctx.store.queue.counts(c.queueId, t + 3)).sealed, 'closed', 'a closed sale never reopens');
    },
  },
  {
    slug: 'sales-isolated',
    name: 'two sales share no token, place or admission budget; a token of one sale opens no schedule of the other (not_in_sale) and holds nothing there',
    async run(ctx) {
      const a = subContext(ctx, 'a');
      const b = subContext(ctx, 'b');
      const config = { admitPerMinute: 2 };
      const bo = ctx.boxoffice(config);
      const saleA = await scheduledSale(a, { bo, opensInMs: 0 });
      const saleB = await scheduledSale(b, { bo, opensInMs: 0 });
      const inA: QueueStatus[] = [];
      const inB: QueueStatus[] = [];
      for (const n of range(3)) {
        inA.push((await bo.queue.enter(a.queueId, ctx.user(n))).status);
        inB.push((await bo.queue.enter(b.queueId, ctx.user(n))).status);
      }
      assert.ok(inA.every((s, i) => s.token !== inB[i]!.token), 'one user, two sales: two tokens');
      assert.deepEqual(inA.map((s) => s.position), [1, 2, 3]);
      assert.deepEqual(inB.map((s) => s.position), [1, 2, 3], 'places are per sale');
      const report = await bo.tick([a.queueId, b.queueId]);
      assert.equal(report.queues[a.queueId]!.admitted.length, 2);
      assert.equal(report.queues[b.queueId]!.admitted.length, 2, 'each sale has its own admitPerMinute budget');
      const tokenOfA = inA[0]!.token;
      assert.equal(await ctx.store.queue.view(b.queueId, tokenOfA), null, "sale B does not know sale A's token");
      await rejectsWith(bo.queue.status(b.queueId, tokenOfA, ctx.user(1)), 'token_not_found', 'A token read as B');
      const session = { queueId: a.queueId, token: tokenOfA, userId: ctx.user(1) };
      await rejectsWith(bo.reservations.hold(session, saleB.scheduleId, [1]), 'not_in_sale', "hold on B's schedule");
      await rejectsWith(bo.catalog.listSeats(session, saleB.scheduleId), 'not_in_sale', "B's seats");
      await rejectsWith(bo.reservations.hold({ ...session, queueId: b.queueId }, saleB.scheduleId, [1]), 'token_not_found', "A's token as B's");
      assert.deepEqual(await sortedTaken(ctx, saleB.scheduleId), [], 'nothing held in B');
      const concerts = await bo.catalog.listConcerts(session);
      assert.deepEqual(concerts.map((c) => c.id), [`${a.tag}c`], "A's listing shows only A's concert");
      // A reservation made in B cannot be paid with A's session.
      const sessionB = { queueId: b.queueId, token: inB[0]!.token, userId: ctx.user(1) };
      const holdB = await bo.reservations.hold(sessionB, saleB.scheduleId, [1]);
      await bo.wallet.charge(ctx.user(1), holdB.amount, `${ctx.tag}k`);
      await rejectsWith(bo.payments.pay(session, holdB.id, `${ctx.tag}p`), 'not_in_sale', "paying B's hold with A's session");
      assert.equal(await ctx.store.payments.findByReservation(ctx.user(1), holdB.id), null, 'no payment recorded');
      assert.equal(saleA.sale.id, a.queueId);
    },
  },
  {
    slug: 'end-reasons',
    name: 'every ended token carries why: left, paid, session_ended, idle, sold_out, closed',
    async run(ctx) {
      const { q, t } = await enterAtPort(ctx, 'e', 6);
      await ctx.store.queue.leave(q, `${q}.e1`, t + 1);
      await ctx.store.queue.admit(q, { ...RULE, maxActive: 2, sessionTtlMs: 1000 }, t + 1);
      await ctx.store.queue.complete(q, `${q}.e2`, t + 2);
      await ctx.store.queue.view(q, `${q}.e5`, { at: t + 50_000, userId: ctx.user(5) });
      await ctx.store.queue.expireSessions(q, t + 1001, 10);
      await ctx.store.queue.expireIdle(q, t + 10, t + 1001, 10);
      await ctx.store.queue.seal(q, 'closed', t + 1002, 10);
      const reasons = await Promise.all(range(6).map(async (n) => (await stored(ctx, `${q}.e${n}`)).endReason));
      assert.deepEqual(reasons, ['left', 'paid', 'session_ended', 'idle', 'closed', 'idle']);
      const other = subContext(ctx, 'o').queueId;
      await ctx.store.queue.enter(candidate(other, `${other}.x`, ctx.user('x'), t, null));
      await ctx.store.queue.seal(other, 'sold_out', t + 1, 10);
      assert.equal((await stored(ctx, `${other}.x`, other)).endReason, 'sold_out');
      const live = await ctx.store.queue.enter(candidate(`${q}z`, `${q}.z`, ctx.user('z'), t, null));
      assert.ok(live.refused === undefined && live.token.endReason === null, 'a live token has no end reason');
    },
  },
  {
    slug: 'measured-rate',
    name: 'counts report the admissions of the last minute and the opening time; the wait estimate follows the measured rate',
    async run(ctx) {
      assert.deepEqual(await ctx.store.queue.counts(ctx.queueId, ctx.clock.now()), {
        waiting: 0,
        drawn: 0,
        active: 0,
        admittedLastMinute: 0,
        openedAt: null,
        sealed: null,
        mode: 'queue',
        modeVersion: 0,
      });
      const { q, t } = await enterAtPort(ctx, 'm', 6);
      await ctx.store.queue.admit(q, { ...RULE, maxActive: 2 }, t);
      await ctx.store.queue.admit(q, { ...RULE, maxActive: 3 }, t + 30_000);
      assert.deepEqual(await ctx.store.queue.counts(q, t + 30_000), {
        waiting: 3,
        drawn: 0,
        active: 3,
        admittedLastMinute: 3,
        openedAt: t,
        sealed: null,
        mode: 'queue',
        modeVersion: 0,
      });
      assert.equal((await ctx.store.queue.counts(q, t + 60_000)).admittedLastMinute, 1, 'admissions older than a minute drop out');
      assert.equal((await ctx.store.queue.counts(q, t + 90_001)).admittedLastMinute, 0);

      // Through core: 60/min configured, a room of 6 full for a minute with no session ended: the place
      // waits for a session to end, at worst a room per session length (6 per 3600 s), not the configured second.
      const m = subContext(ctx, 'm');
      const bo = ctx.boxoffice({ admitPerMinute: 60, maxActive: 6, sessionTtl: 3600 });
      for (const n of range(10)) await bo.queue.enter(m.queueId, m.user(n));
      await bo.tick([m.queueId]);
      ctx.clock.advanceSeconds(60);
      await bo.tick([m.queueId]);
      const waiting = (await bo.queue.enter(m.queueId, m.user(7))).status;
      assert.equal(waiting.position, 1);
      assert.equal(waiting.etaSeconds, 600, 'full room, no turnover yet: a room per session length');
    },
  },
]);
