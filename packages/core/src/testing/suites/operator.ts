import assert from 'node:assert/strict';
import type { Boxoffice } from '../../boxoffice.js';
import type { TickReport } from '../../queue/queue-service.js';
import type { SaleSettings } from '../../sale/sale.js';
import type { VersionedSale } from '../../sale/sale-service.js';
import type { BoxofficeConfig } from '../../shared/config.js';
import type { CheckContext } from '../check.js';
import { defineChecks } from '../check.js';
import { EventTail } from '../event-tail.js';
import type { Shopper } from '../fixtures.js';
import { concert, enterUsers, range, rejectsWith, tally } from '../fixtures.js';

// The operator's switches (SPEC "Operators"): modes applied by the store, changes as a compare-and-set
// with exactly one audit entry, the audit log paged newest first. Ids are `sale/...`: they belong to the sale suite.

interface Console {
  readonly bo: Boxoffice;
  readonly scheduleId: string;
  readonly op: string;
}

/** A concert and a sale of its date, open now unless `opensInMs` says otherwise. */
async function saleFor(
  ctx: CheckContext,
  settings: Partial<SaleSettings> = {},
  options: { config?: Partial<BoxofficeConfig>; opensInMs?: number; seats?: number } = {},
): Promise<Console> {
  const bo = ctx.boxoffice({ idleTimeout: 60, sessionTtl: 600, ...options.config });
  const c = concert(ctx, options.seats ?? 10);
  await bo.catalog.publish([c]);
  const opensAt = options.opensInMs === undefined ? undefined : new Date(ctx.clock.now() + options.opensInMs).toISOString();
  await bo.sales.create({ id: ctx.queueId, scheduleIds: [c.schedules[0]!.id], opensAt, settings });
  return { bo, scheduleId: c.schedules[0]!.id, op: ctx.user('operator') };
}

/** A change made against the version just read, as an operator who looked first. */
async function change(c: Console, ctx: CheckContext, patch: unknown): Promise<VersionedSale> {
  const { version } = await c.bo.sales.read(ctx.queueId);
  return c.bo.sales.change(ctx.queueId, patch, { actor: c.op, expectedVersion: version });
}

async function tick(bo: Boxoffice, ctx: CheckContext): Promise<TickReport> {
  return (await bo.tick([ctx.queueId])).queues[ctx.queueId]!;
}

/** Places as stored, read without a heartbeat. */
async function positions(ctx: CheckContext, who: readonly Shopper[]): Promise<Array<number | null>> {
  return Promise.all(who.map(async (s) => (await ctx.store.queue.view(ctx.queueId, s.token))?.position ?? null));
}

const RULE = { maxActive: 1000, admitPerMinute: 100_000, windowMs: 60_000, sessionTtlMs: 600_000, limit: 1000 };

export const operatorChecks = defineChecks('sale', [
  {
    slug: 'paused',
    name: 'paused: nobody is admitted or idled out, the order stands, status says paused; resumed, admissions go on at the configured rate and idle clocks run again',
    async run(ctx) {
      const c = await saleFor(ctx, { maxActive: 10, admitPerMinute: 2 });
      const q = ctx.queueId;
      const [a, b, ...line] = await enterUsers(c.bo, ctx, range(6));
      assert.deepEqual((await tick(c.bo, ctx)).admitted, [a!.token, b!.token]);
      // Heartbeats in reverse line order: a store that re-sorted the line by last sight would show it.
      for (const s of [...line].reverse()) {
        ctx.clock.advanceSeconds(1);
        await c.bo.queue.status(q, s.token, s.userId);
      }
      const paused = await change(c, ctx, { mode: 'paused' });
      assert.equal(paused.sale.mode, 'paused');
      for (const round of range(30)) {
        ctx.clock.advanceSeconds(10);
        const report = await tick(c.bo, ctx);
        assert.deepEqual(report.admitted, [], `nobody is admitted while paused (round ${round})`);
        assert.deepEqual(report.expiredIdle, [], `nobody idles out while paused (round ${round})`);
      }
      // Even a host that missed the change and calls the store itself: the store admits and idles nobody.
      const now = ctx.clock.now();
      assert.deepEqual(await ctx.store.queue.admit(q, RULE, now), [], 'the store admits nobody from a paused queue');
      assert.deepEqual(await ctx.store.queue.expireIdle(q, now, now, 100), [], 'the store idles nobody out of a paused queue');
      // The head polls during the pause (so it was seen last of all): it keeps its place all the same.
      const status = await c.bo.queue.status(q, line[0]!.token, line[0]!.userId);
      assert.equal(status.mode, 'paused', 'the status says paused');
      assert.deepEqual(await positions(ctx, line), [1, 2, 3, 4], 'the waiting keep their places');

      await change(c, ctx, { mode: 'queue' });
      assert.deepEqual((await tick(c.bo, ctx)).admitted, [line[0]!.token, line[1]!.token], 'resumed: the head, at the configured rate');
      ctx.clock.advanceSeconds(10);
      assert.deepEqual((await tick(c.bo, ctx)).admitted, [], 'the rate holds: two a minute');
      // The last two were seen 2 and 3 s before the pause: 55 s after the resume they are 57 and 58 s idle, not 350.
      ctx.clock.advanceSeconds(45);
      assert.deepEqual((await tick(c.bo, ctx)).expiredIdle, [], 'the pause did not count as idle time');
      ctx.clock.advanceSeconds(5);
      const late = await tick(c.bo, ctx);
      assert.deepEqual([...late.expiredIdle].sort(), [line[2]!.token, line[3]!.token].sort(), 'idle clocks run again after the resume');
    },
  },
  {
    slug: 'paused-idle-clock',
    name: 'a pause stops the idle clock of a token last seen before it: idle time before and after the pause adds up, the pause does not; a heartbeat during the pause (a lone view, a batched read) counts from the resume',
    async run(ctx) {
      const q = ctx.queueId;
      const t = ctx.clock.now();
      const entrant = (n: number, at: number) => ({
        token: `${q}.p${n}`,
        queueId: q,
        userId: ctx.user(n),
        state: 'waiting' as const,
        enteredAt: at,
        lastSeenAt: at,
        activatedAt: null,
        activeUntil: null,
        endedAt: null,
        drawKey: null,
        endReason: null,
      });
      await ctx.store.queue.enter(entrant(1, t));
      await ctx.store.queue.enter(entrant(2, t + 20_000));
      await ctx.store.queue.enter(entrant(3, t));
      await ctx.store.queue.enter(entrant(4, t));
      assert.equal(await ctx.store.queue.setMode(q, 'paused', 2, t + 30_000), true);
      // Polled mid-pause, p3 in a batch (the status path) and p4 alone: each was last seen at the pause's start.
      await ctx.store.queue.statusMany(q, [{ token: `${q}.p3`, heartbeat: { at: t + 300_000, userId: ctx.user(3) } }], 0);
      await ctx.store.queue.view(q, `${q}.p4`, { at: t + 400_000, userId: ctx.user(4) });
      assert.equal(await ctx.store.queue.setMode(q, 'queue', 3, t + 630_000), true);
      // 60 s idle limit: p1 was seen 30 s before the pause, p2 10 s before. Ten minutes of pause count for nothing.
      const idle = (now: number) => ctx.store.queue.expireIdle(q, now - 60_000, now, 100);
      assert.deepEqual(await idle(t + 659_000), [], 'p1 has been idle 59 s outside the pause');
      assert.deepEqual(await idle(t + 660_000), [`${q}.p1`], 'p1 reaches 60 s');
      assert.deepEqual(await idle(t + 679_000), [], 'p2 has been idle 59 s outside the pause');
      assert.deepEqual(await idle(t + 680_000), [`${q}.p2`]);
      assert.deepEqual(await idle(t + 689_000), [], 'p3 and p4 have been idle 59 s since the resume');
      assert.deepEqual((await idle(t + 690_000)).sort(), [`${q}.p3`, `${q}.p4`]);
      const counts = await ctx.store.queue.counts(q, t + 680_000);
      assert.equal(counts.mode, 'queue');
      assert.equal(counts.modeVersion, 3);
    },
  },
  {
    slug: 'passthrough',
    name: 'passthrough: an entrant is active at once and those waiting go in with no cap or rate; back to queue, entrants wait again',
    async run(ctx) {
      const c = await saleFor(ctx, { maxActive: 1, admitPerMinute: 1 });
      const q = ctx.queueId;
      const [first, ...waiting] = await enterUsers(c.bo, ctx, range(4));
      assert.deepEqual((await tick(c.bo, ctx)).admitted, [first!.token]);
      await change(c, ctx, { mode: 'passthrough' });
      const tail = await EventTail.at(ctx);
      const { status } = await c.bo.queue.enter(q, ctx.user('fast'));
      const admittedEvents = (await tail.take()).filter((e) => e.type === 'queue.admitted').map((e) => (e.data as { token: string }).token);
      assert.deepEqual(admittedEvents, [status.token], 'the entry let straight in appends its queue.admitted event');
      assert.equal(status.state, 'active', 'an entrant under passthrough is active at once, past the cap');
      assert.equal(status.mode, 'passthrough');
      await c.bo.queue.requireActive(q, status.token, ctx.user('fast'));
      const report = await tick(c.bo, ctx);
      assert.deepEqual(report.admitted, waiting.map((s) => s.token), 'the waiting go in, in order, with no cap or rate');
      const counts = await c.bo.sales.counts(q);
      assert.equal(counts.active, 5);
      assert.equal(counts.admittedLastMinute, 5, 'entrants let straight in count as admissions');
      await change(c, ctx, { mode: 'queue' });
      const after = (await c.bo.queue.enter(q, ctx.user('slow'))).status;
      assert.equal(after.state, 'waiting', 'back to queue: entrants wait');
    },
  },
  {
    slug: 'reject',
    name: 'reject: a newcomer is refused with sale_not_accepting and nothing is stored; those in line keep their places and are admitted',
    async run(ctx) {
      const c = await saleFor(ctx, { maxActive: 1 });
      const q = ctx.queueId;
      const line = await enterUsers(c.bo, ctx, range(3));
      await change(c, ctx, { mode: 'reject' });
      const before = await ctx.store.queue.counts(q, ctx.clock.now());
      await rejectsWith(c.bo.queue.enter(q, ctx.user('late')), 'sale_not_accepting', 'a newcomer');
      assert.deepEqual(await ctx.store.queue.counts(q, ctx.clock.now()), before, 'the refused entry stored nothing');
      const again = (await c.bo.queue.enter(q, line[1]!.userId)).status;
      assert.equal(again.token, line[1]!.token, 'a user in line who enters again gets their own token back');
      assert.deepEqual(await positions(ctx, line), [1, 2, 3]);
      assert.deepEqual((await tick(c.bo, ctx)).admitted, [line[0]!.token], 'the line is admitted as usual');
      assert.deepEqual(await positions(ctx, line.slice(1)), [1, 2]);
      await change(c, ctx, { mode: 'queue' });
      assert.equal((await c.bo.queue.enter(q, ctx.user('late'))).status.position, 3, 'back to queue: newcomers queue behind');
    },
  },
  {
    slug: 'close',
    name: 'closing ends pre-queue and waiting tokens with endReason closed, refuses entries, keeps active sessions and cannot be changed again',
    async run(ctx) {
      // Opens in a minute: the first two enter the pre-queue; after the opening three more queue and one is admitted.
      const c = await saleFor(ctx, { maxActive: 1 }, { opensInMs: 60_000 });
      const q = ctx.queueId;
      const early = await enterUsers(c.bo, ctx, ['e1', 'e2']);
      assert.equal((await c.bo.queue.status(q, early[0]!.token, early[0]!.userId)).state, 'pre_queue');
      ctx.clock.advanceSeconds(60);
      await tick(c.bo, ctx);
      const late = await enterUsers(c.bo, ctx, ['l1', 'l2']);
      const closed = await change(c, ctx, { closed: true });
      assert.equal(closed.sale.state, 'closed');
      const states = await Promise.all([...early, ...late].map(async (s) => (await ctx.store.queue.view(q, s.token))!.token));
      const live = states.filter((t) => t.state === 'active');
      assert.equal(live.length, 1, 'the active session runs on');
      for (const t of states.filter((x) => x.state !== 'active')) {
        assert.deepEqual([t.state, t.endReason], ['expired', 'closed'], `token ${t.token} ends with endReason closed`);
      }
      await rejectsWith(c.bo.queue.enter(q, ctx.user('new')), 'sale_closed', 'entry into a closed sale');
      await rejectsWith(change(c, ctx, { mode: 'queue' }), 'sale_closed', 'a change to a closed sale');
      assert.deepEqual((await tick(c.bo, ctx)).admitted, [], 'a closed sale admits nobody');
    },
  },
  {
    slug: 'racing-changes',
    name: 'two operators change a sale from the same version at once on two hosts: one wins, the other gets version_conflict, one audit entry',
    capability: 'concurrentCalls',
    async run(ctx) {
      const c = await saleFor(ctx);
      const other = ctx.boxoffice();
      const q = ctx.queueId;
      const { version } = await c.bo.sales.read(q);
      const tail = await EventTail.at(ctx);
      const results = await Promise.allSettled([
        c.bo.sales.change(q, { settings: { maxActive: 7 } }, { actor: ctx.user('op1'), expectedVersion: version }),
        other.sales.change(q, { settings: { maxActive: 9 } }, { actor: ctx.user('op2'), expectedVersion: version }),
      ]);
      const { ok, codes } = tally(results);
      assert.equal(ok.length, 1, 'exactly one change wins');
      assert.deepEqual(codes, ['version_conflict']);
      const stored = await c.bo.sales.read(q);
      assert.equal(stored.version, version + 1);
      assert.equal(stored.sale.settings.maxActive, ok[0]!.sale.settings.maxActive, 'the stored sale is the winner');
      const { entries } = await c.bo.sales.audit();
      const changes = entries.filter((e) => e.saleId === q && e.action === 'sale.changed');
      assert.equal(changes.length, 1, 'one audit entry');
      assert.deepEqual(changes[0]!.after, { settings: { maxActive: stored.sale.settings.maxActive } });
      const events = (await tail.take()).filter((e) => e.type === 'sale.changed');
      assert.deepEqual(
        events.map((e) => [e.saleId, e.data]),
        [[q, { changes: changes[0]!.after }]],
        'one sale.changed event, in the step of the change',
      );
      await rejectsWith(other.sales.change(q, { mode: 'paused' }, { actor: ctx.user('op2'), expectedVersion: version }), 'version_conflict', 'a stale version');
    },
  },
  {
    slug: 'change-validation',
    name: 'a bad or stale change is refused with a typed error and changes nothing; a change that changes nothing writes nothing',
    async run(ctx) {
      const c = await saleFor(ctx, {}, { opensInMs: 60_000 });
      const q = ctx.queueId;
      const before = await c.bo.sales.read(q);
      const bad: Array<[unknown, string]> = [
        [{ mode: 'frozen' }, 'patch.mode'],
        [{ settings: { maxActive: 0 } }, 'patch.settings.maxActive'],
        [{ settings: { nope: 1 } }, 'patch.settings.nope'],
        [{ opensAt: 'tomorrow' }, 'patch.opensAt'],
        [{ opensAt: new Date(ctx.clock.now() - 1000).toISOString() }, 'patch.opensAt'],
        [{ closed: false }, 'patch.closed'],
        [{ name: 'x' }, 'patch.name'],
        [[], 'patch'],
      ];
      for (const [patch, path] of bad) {
        const error = await rejectsWith(change(c, ctx, patch), 'validation_failed', JSON.stringify(patch));
        assert.equal(error.details.path, path);
      }
      await rejectsWith(c.bo.sales.change(q, { mode: 'paused' }, { actor: c.op, expectedVersion: before.version + 1 }), 'version_conflict', 'a version from the future');
      await rejectsWith(c.bo.sales.change(`${q}x`, { mode: 'paused' }, { actor: c.op, expectedVersion: 1 }), 'sale_not_found', 'no such sale');
      assert.deepEqual(await c.bo.sales.read(q), before, 'nothing changed');
      assert.deepEqual((await c.bo.sales.audit()).entries, [], 'nothing audited');
      const same = await change(c, ctx, { mode: 'queue', settings: {} });
      assert.equal(same.version, before.version, 'a change to the same values writes nothing');
      const moved = new Date(ctx.clock.now() + 120_000).toISOString();
      const later = await change(c, ctx, { opensAt: moved, settings: { maxActive: 5 } });
      assert.equal(later.sale.opensAt, moved);
      assert.equal(later.version, before.version + 1);
      ctx.clock.advanceSeconds(120);
      const error = await rejectsWith(change(c, ctx, { opensAt: new Date(ctx.clock.now() + 60_000).toISOString() }), 'validation_failed', 'opensAt once open');
      assert.equal(error.details.path, 'patch.opensAt');
      const reset = await change(c, ctx, { settings: { maxActive: null } });
      assert.equal(reset.sale.settings.maxActive, c.bo.config.maxActive, 'null goes back to the host default');
    },
  },
  {
    slug: 'settings-across-hosts',
    name: 'a cap and a rate changed on one host apply on another host from its next tick',
    capability: 'sharedAcrossInstances',
    async run(ctx) {
      const c = await saleFor(ctx, { maxActive: 1, admitPerMinute: 100, idleTimeoutSeconds: 600 });
      const other = ctx.boxoffice({ idleTimeout: 60, sessionTtl: 600 });
      const q = ctx.queueId;
      const line = await enterUsers(c.bo, ctx, range(6));
      assert.deepEqual((await tick(other, ctx)).admitted, [line[0]!.token], 'the other host admits by the cap of 1');
      await change(c, ctx, { settings: { maxActive: 10, admitPerMinute: 3 } });
      assert.deepEqual((await tick(other, ctx)).admitted, [line[1]!.token, line[2]!.token], 'its next tick: cap 10, but 3 a minute');
      ctx.clock.advanceSeconds(61);
      assert.deepEqual((await tick(other, ctx)).admitted, line.slice(3, 6).map((s) => s.token), 'the new rate, a minute later');
      assert.equal((await other.sales.read(q)).sale.settings.maxActive, 10);
    },
  },
  {
    slug: 'mode-fence',
    name: "a queue's mode moves only forward in sale versions: a host with an older copy never undoes a newer change, and a change a host failed to pass on arrives with the next tick",
    async run(ctx) {
      const q = ctx.queueId;
      const t = ctx.clock.now();
      assert.equal(await ctx.store.queue.setMode(q, 'paused', 5, t), true);
      assert.equal(await ctx.store.queue.setMode(q, 'queue', 4, t + 1), false, 'an older version is ignored');
      assert.equal(await ctx.store.queue.setMode(q, 'queue', 5, t + 1), false, 'the same version again is ignored');
      const counts = await ctx.store.queue.counts(q, t + 2);
      assert.deepEqual([counts.mode, counts.modeVersion], ['paused', 5]);

      // A change stored without reaching the queue (the changing host died in between): the next tick passes it on.
      const m = { ...ctx, queueId: `${q}m` };
      const c = await saleFor(m);
      const record = (await ctx.store.sales.get(m.queueId))!;
      const at = new Date(ctx.clock.now()).toISOString();
      const draft = { at, actor: c.op, action: 'sale.changed' as const, saleId: m.queueId, before: { mode: 'queue' }, after: { mode: 'reject' } };
      assert.ok(await ctx.store.sales.update({ ...record, mode: 'reject', version: record.version + 1 }, record.version, draft));
      const other = ctx.boxoffice();
      await other.tick([m.queueId]);
      await rejectsWith(c.bo.queue.enter(m.queueId, m.user('n')), 'sale_not_accepting', 'the mode arrived within one tick');
    },
  },
  {
    slug: 'audit-log',
    name: 'the audit log keeps every operator action with actor, time, sale, before and after, newest first, paged by cursor without gaps or repeats',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const op = ctx.user('operator');
      const c = concert(ctx, 4);
      await bo.catalog.publish([c], { actor: op });
      const q = ctx.queueId;
      await bo.sales.create({ id: q, scheduleIds: [c.schedules[0]!.id] }, { actor: op });
      for (const n of range(5)) {
        ctx.clock.advanceSeconds(1);
        const { version } = await bo.sales.read(q);
        await bo.sales.change(q, { settings: { maxActive: 10 + n } }, { actor: op, expectedVersion: version });
      }
      const all = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: Awaited<ReturnType<typeof bo.sales.audit>> = await bo.sales.audit({ cursor: cursor ?? undefined, limit: 2 });
        assert.ok(page.entries.length <= 2);
        all.push(...page.entries);
        cursor = page.next;
        if (cursor === null) break;
      }
      const actions = all.map((e) => e.action);
      assert.deepEqual(actions, ['sale.changed', 'sale.changed', 'sale.changed', 'sale.changed', 'sale.changed', 'sale.created', 'concert.published']);
      assert.equal(new Set(all.map((e) => e.id)).size, all.length, 'no entry twice');
      assert.deepEqual(all[0]!.before, { settings: { maxActive: 14 } });
      assert.deepEqual(all[0]!.after, { settings: { maxActive: 15 } });
      assert.equal(all[0]!.at, new Date(ctx.clock.now()).toISOString());
      assert.ok(all.every((e) => e.actor === op));
      assert.equal(all[5]!.saleId, q);
      assert.equal(all[6]!.saleId, null);
      assert.ok(!JSON.stringify(all).includes('"seed"'), 'the audit log never holds the seed');
      const times = all.map((e) => Date.parse(e.at));
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      await rejectsWith(bo.sales.audit({ limit: 0 }), 'validation_failed', 'limit 0');
      await rejectsWith(bo.sales.audit({ cursor: 'no such {cursor}' }), 'validation_failed', 'a bad cursor');
    },
  },
  {
    slug: 'console-counts',
    name: "a sale's live counts: pre-queue, waiting, active, admitted in the last minute, seats free, held and sold, and the wait at the tail",
    async run(ctx) {
      const c = await saleFor(ctx, { maxActive: 2 }, { opensInMs: 60_000, seats: 10 });
      const q = ctx.queueId;
      await enterUsers(c.bo, ctx, ['a', 'b', 'c']);
      const early = await c.bo.sales.counts(q);
      assert.deepEqual(early, { preQueue: 3, waiting: 0, active: 0, admittedLastMinute: 0, seats: { free: 10, held: 0, sold: 0 }, etaTailSeconds: 0 });
      ctx.clock.advanceSeconds(60);
      await tick(c.bo, ctx);
      await enterUsers(c.bo, ctx, ['d']);
      const counts = await c.bo.sales.counts(q);
      assert.deepEqual({ ...counts, etaTailSeconds: undefined }, {
        preQueue: 0,
        waiting: 2,
        active: 2,
        admittedLastMinute: 2,
        seats: { free: 10, held: 0, sold: 0 },
        etaTailSeconds: undefined,
      });
      assert.ok(counts.etaTailSeconds >= 1, 'somebody waits: the tail waits a while');
      await rejectsWith(c.bo.sales.counts(`${q}x`), 'sale_not_found', 'no such sale');
    },
  },
]);
