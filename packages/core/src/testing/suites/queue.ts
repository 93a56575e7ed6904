import assert from 'node:assert/strict';
import type { CheckContext } from '../check.js';
import { defineChecks } from '../check.js';
import { enterUsers, range, rejectsWith, tokenState } from '../fixtures.js';
import { RandomIds } from '../ids.js';
import type { Boxoffice } from '../../boxoffice.js';
import { saleOfToken, saleToken } from '../../queue/queue-token.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The waiting and active counts (the rest of QueueCounts is checked by the sale checks). */
async function liveCounts(bo: Boxoffice, queueId: string): Promise<{ waiting: number; active: number }> {
  const { waiting, active } = await bo.queue.counts(queueId);
  return { waiting, active };
}

async function positions(ctx: CheckContext, tokens: readonly string[]): Promise<Array<number | null>> {
  return Promise.all(tokens.map(async (t) => (await ctx.store.queue.view(ctx.queueId, t))?.position ?? null));
}

export const queueChecks = defineChecks('queue', [
  {
    slug: 'enter-positions',
    name: 'waiting positions are exactly 1..n in entry order',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const entered = [];
      for (const n of range(8)) {
        const r = await bo.queue.enter(ctx.queueId, ctx.user(n));
        assert.equal(r.created, true);
        assert.equal(r.status.state, 'waiting');
        assert.equal(r.status.position, n, `user ${n} entered ${n}th`);
        entered.push(r.status.token);
      }
      for (const [i, token] of entered.entries()) {
        const status = await bo.queue.status(ctx.queueId, token, ctx.user(i + 1));
        assert.equal(status.position, i + 1);
      }
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 8, active: 0 });
      assert.equal(new Set(entered).size, 8, 'every user gets its own token');
    },
  },
  {
    slug: 'enter-idempotent',
    name: 'enter returns the same token while it is live, and a new one after it ended',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1 });
      const u = ctx.user('a');
      const first = await bo.queue.enter(ctx.queueId, u);
      const again = await bo.queue.enter(ctx.queueId, u);
      assert.equal(again.created, false);
      assert.equal(again.status.token, first.status.token, 'waiting: same token');
      assert.equal(again.status.position, 1);
      await bo.queue.tick(ctx.queueId);
      const active = await bo.queue.enter(ctx.queueId, u);
      assert.equal(active.status.token, first.status.token, 'active: same token');
      assert.equal(active.status.state, 'active');
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 0, active: 1 });
      await bo.queue.leave(ctx.queueId, first.status.token, u);
      const fresh = await bo.queue.enter(ctx.queueId, u);
      assert.equal(fresh.created, true);
      assert.notEqual(fresh.status.token, first.status.token, 'after leaving: a new token');
      assert.equal(await tokenState(ctx, first.status.token), 'expired');
    },
  },
  {
    slug: 'concurrent-enters',
    name: 'concurrent enters: one token per user, positions exactly 1..n',
    capability: 'concurrentCalls',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const users = range(30).map((n) => ctx.user(n));
      const results = await Promise.all(users.flatMap((u) => [bo.queue.enter(ctx.queueId, u), bo.queue.enter(ctx.queueId, u)]));
      for (let i = 0; i < users.length; i++) {
        assert.equal(results[2 * i]!.status.token, results[2 * i + 1]!.status.token, `user ${i}: both calls see one token`);
      }
      const tokens = users.map((_, i) => results[2 * i]!.status.token);
      assert.equal(new Set(tokens).size, 30);
      const seen = await Promise.all(tokens.map((t) => ctx.store.queue.view(ctx.queueId, t)));
      const bySeq = [...seen].sort((a, b) => a!.token.seq - b!.token.seq);
      assert.deepEqual(
        bySeq.map((v) => v!.position),
        range(30),
        'positions follow entry order, 1..n',
      );
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 30, active: 0 });
    },
  },
  {
    slug: 'token-format',
    name: 'tokens are stored and returned whole: <saleId>.<opaque, URL-safe, at least 128 bits>',
    async run(ctx) {
      const ids = new RandomIds();
      const bo = ctx.boxoffice({}, { ids });
      const tokens = [];
      for (const n of range(40)) tokens.push((await bo.queue.enter(ctx.queueId, ctx.user(n))).status.token);
      assert.deepEqual(tokens, ids.issuedTokens.map((t) => saleToken(ctx.queueId, t)), 'the store keeps the token core generated');
      for (const token of tokens) {
        assert.equal(saleOfToken(token), ctx.queueId, 'a token names its sale');
        const t = token.slice(ctx.queueId.length + 1);
        assert.match(t, BASE64URL);
        assert.ok(t.length >= 22, `a token carries at least 128 bits: ${t}`);
        assert.ok(!t.includes(ctx.user('')), 'a token does not embed the user id');
      }
      assert.equal(new Set(tokens).size, tokens.length);
      const last = tokens.at(-1)!;
      assert.equal((await bo.queue.status(ctx.queueId, last, ctx.user(40))).token, last);
    },
  },
  {
    slug: 'leave-frees-place',
    name: 'leave expires the token and frees its place at once',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1 });
      const s = await enterUsers(bo, ctx, range(5));
      await bo.queue.tick(ctx.queueId);
      assert.deepEqual(await positions(ctx, s.map((x) => x.token)), [null, 1, 2, 3, 4]);
      await bo.queue.leave(ctx.queueId, s[2]!.token, s[2]!.userId);
      assert.equal(await tokenState(ctx, s[2]!.token), 'expired');
      assert.deepEqual(await positions(ctx, s.map((x) => x.token)), [null, 1, null, 2, 3], 'places behind move up');
      await bo.queue.leave(ctx.queueId, s[2]!.token, s[2]!.userId);
      assert.equal(await tokenState(ctx, s[2]!.token), 'expired', 'leaving twice is harmless');
      // The active session leaves: its slot is free for the next tick, with no clock movement.
      await bo.queue.leave(ctx.queueId, s[0]!.token, s[0]!.userId);
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 3, active: 0 });
      const { admitted } = await bo.queue.tick(ctx.queueId);
      assert.deepEqual(admitted, [s[1]!.token]);
      assert.equal(await tokenState(ctx, s[0]!.token), 'expired');
    },
  },
  {
    slug: 'admission-max-active',
    name: 'the number of active tokens never exceeds maxActive',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 3 });
      const s = await enterUsers(bo, ctx, range(10));
      const first = await bo.queue.tick(ctx.queueId);
      assert.equal(first.admitted.length, 3);
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 7, active: 3 });
      assert.equal((await bo.queue.tick(ctx.queueId)).admitted.length, 0, 'a full room admits nobody');
      await bo.queue.complete(ctx.queueId, first.admitted[0]!);
      assert.equal((await bo.queue.tick(ctx.queueId)).admitted.length, 1, 'one freed slot admits one');
      const states = await Promise.all(s.map((x) => tokenState(ctx, x.token)));
      assert.equal(states.filter((st) => st === 'active').length, 3);
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 6, active: 3 });
    },
  },
  {
    slug: 'admission-fifo',
    name: 'admission is FIFO: nobody is admitted while an earlier entrant still waits',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 2 });
      const s = await enterUsers(bo, ctx, range(7));
      const t = s.map((x) => x.token);
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, [t[0], t[1]]);
      await bo.queue.complete(ctx.queueId, t[0]!);
      await bo.queue.complete(ctx.queueId, t[1]!);
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, [t[2], t[3]]);
      await bo.queue.leave(ctx.queueId, t[4]!, s[4]!.userId);
      await bo.queue.complete(ctx.queueId, t[2]!);
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, [t[5]], 'a token that left is skipped');
      assert.deepEqual(await positions(ctx, t), [null, null, null, null, null, null, 1]);
    },
  },
  {
    slug: 'admission-rate-window',
    name: 'admitPerMinute holds over a sliding 60-second window',
    async run(ctx) {
      const bo = ctx.boxoffice({ admitPerMinute: 3, idleTimeout: 3600 });
      const s = await enterUsers(bo, ctx, range(10));
      const t = s.map((x) => x.token);
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, t.slice(0, 3));
      ctx.clock.advanceSeconds(15); // into the next calendar minute: a fixed window would reopen here
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, [], 'still within 60 s of the last admissions');
      ctx.clock.advanceSeconds(30);
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, []);
      ctx.clock.advanceSeconds(16); // 61 s after the first admissions
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, t.slice(3, 6));
      ctx.clock.advanceSeconds(59);
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, []);
      ctx.clock.advanceSeconds(2);
      assert.deepEqual((await bo.queue.tick(ctx.queueId)).admitted, t.slice(6, 9));
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 1, active: 9 });
    },
  },
  {
    slug: 'idle-expiry',
    name: 'a waiting token that stops polling expires after idleTimeout; a polling one stays',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1, idleTimeout: 60 });
      const [a, b, c, d] = await enterUsers(bo, ctx, ['a', 'b', 'c', 'd']);
      await bo.queue.tick(ctx.queueId);
      ctx.clock.advanceSeconds(40);
      await bo.queue.status(ctx.queueId, c!.token, c!.userId); // heartbeat
      await bo.queue.enter(ctx.queueId, d!.userId); // entering again also counts
      ctx.clock.advanceSeconds(30);
      const report = await bo.queue.tick(ctx.queueId);
      assert.deepEqual(report.expiredIdle, [b!.token]);
      assert.equal(await tokenState(ctx, b!.token), 'expired');
      assert.equal(await tokenState(ctx, a!.token), 'active', 'active sessions do not idle out');
      assert.deepEqual(await positions(ctx, [c!.token, d!.token]), [1, 2]);
      assert.equal((await bo.queue.status(ctx.queueId, b!.token, b!.userId)).state, 'expired');
    },
  },
  {
    slug: 'status-many',
    name: "a batch of status reads answers each as view would, in order, and records only the poller's own heartbeats, within the slack",
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1, idleTimeout: 60 });
      const [a, b, c, d] = await enterUsers(bo, ctx, ['a', 'b', 'c', 'd']);
      await bo.queue.tick(ctx.queueId);
      const entered = ctx.clock.now();
      ctx.clock.advanceSeconds(40);
      const at = ctx.clock.now();
      const q = ctx.store.queue;
      const reads = [
        { token: b!.token, heartbeat: { at, userId: b!.userId } },
        { token: c!.token, heartbeat: { at, userId: b!.userId } }, // another user's poll: records nothing
        { token: `${ctx.queueId}.nosuchtoken0000000000000`, heartbeat: { at, userId: b!.userId } },
        { token: d!.token },
        { token: a!.token, heartbeat: { at, userId: a!.userId } }, // active: no heartbeat
        { token: b!.token, heartbeat: { at, userId: b!.userId } }, // twice in one batch
      ];
      const answers = await q.statusMany(ctx.queueId, reads, 0);
      assert.equal(answers.length, reads.length, 'one answer per read');
      assert.deepEqual(answers.map((v) => v?.token.token ?? null), [b!.token, c!.token, null, d!.token, a!.token, b!.token], 'answers in read order');
      assert.deepEqual(answers.map((v) => v?.position ?? null), [1, 2, null, 3, null, 1]);
      assert.equal(answers[0]!.token.lastSeenAt, at, 'the poller’s own heartbeat lands');
      const views = await Promise.all([b, c, d, a].map((x) => q.view(ctx.queueId, x!.token)));
      assert.deepEqual(views.map((v) => v!.token.lastSeenAt), [at, entered, entered, entered], "only b's own poll moved a lastSeenAt");
      // The slack: a heartbeat moving lastSeenAt by less may be dropped; one moving it by the slack or more lands.
      ctx.clock.advanceSeconds(5);
      await q.statusMany(ctx.queueId, [{ token: c!.token, heartbeat: { at: ctx.clock.now(), userId: c!.userId } }], 10_000);
      const early = (await q.view(ctx.queueId, c!.token))!.token.lastSeenAt;
      assert.ok(early === entered || early === ctx.clock.now(), 'within the slack: kept or moved to the poll, nothing else');
      ctx.clock.advanceSeconds(10);
      const late = ctx.clock.now();
      await q.statusMany(ctx.queueId, [{ token: c!.token, heartbeat: { at: late, userId: c!.userId } }], 10_000);
      assert.equal((await q.view(ctx.queueId, c!.token))!.token.lastSeenAt, late, 'past the slack the heartbeat lands');
      // The idle sweep sees the batch's heartbeats: d never polled, b and c did.
      const idle = await q.expireIdle(ctx.queueId, entered + 1, ctx.clock.now(), 10);
      assert.deepEqual(idle, [d!.token]);
      assert.deepEqual(await q.statusMany(ctx.queueId, [], 0), [], 'an empty batch answers nothing');
    },
  },
  {
    slug: 'line-places',
    name: 'places by seq: the place view answers while the token waits in the line, null once it left it or for a seq no token has; nothing recorded',
    capability: 'linePlaces',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1, idleTimeout: 60 });
      const q = ctx.store.queue;
      const places = (seqs: number[]) => q.linePlaces!(ctx.queueId, seqs);
      const [a, b, c, d, e] = await enterUsers(bo, ctx, ['a', 'b', 'c', 'd', 'e']);
      await bo.queue.tick(ctx.queueId); // a is admitted
      const seq = async (s: { token: string }) => (await q.view(ctx.queueId, s.token))!.token.seq;
      const [sa, sb, sc, sd, se] = await Promise.all([a, b, c, d, e].map((s) => seq(s!)));
      const before = await Promise.all([b, c, d, e].map((s) => q.view(ctx.queueId, s!.token)));
      assert.deepEqual(await places([sb!, sc!, sd!, se!, sa!]), [1, 2, 3, 4, null], 'the line in order; an active token has no place');
      assert.deepEqual(await places([se!, sb!, se!]), [4, 1, 4], 'any order, repeats answered each time');
      const unused = Math.max(sa!, sb!, sc!, sd!, se!) + 1_000;
      assert.deepEqual(await places([unused, -1, 0.5]), [null, null, null], 'a seq no token has');
      assert.deepEqual(await places([]), [], 'an empty batch answers nothing');
      const after = await Promise.all([b, c, d, e].map((s) => q.view(ctx.queueId, s!.token)));
      assert.deepEqual(after, before, 'places by seq record nothing');
      // Leaving, idle expiry and admission take a token out of the line: its seq answers null, the rest move up.
      await bo.queue.leave(ctx.queueId, c!.token, c!.userId);
      assert.deepEqual(await places([sb!, sc!, sd!, se!]), [1, null, 2, 3]);
      await bo.queue.leave(ctx.queueId, a!.token, a!.userId);
      await bo.queue.tick(ctx.queueId); // b is admitted
      assert.deepEqual(await places([sb!, sd!, se!]), [null, 1, 2]);
      ctx.clock.advanceSeconds(30);
      await bo.queue.status(ctx.queueId, e!.token, e!.userId); // e's heartbeat; d stays silent
      ctx.clock.advanceSeconds(40);
      assert.deepEqual(await q.expireIdle(ctx.queueId, ctx.clock.now() - 60_000, ctx.clock.now(), 10), [d!.token]);
      assert.deepEqual(await places([sd!, se!]), [null, 1]);
      assert.deepEqual(await places([se!]), [(await q.view(ctx.queueId, e!.token))!.position], 'the place view answers');
      // A pre-queue token (a draw key, the queue not yet opened) is not in the line: no place by seq.
      const pre = `${ctx.queueId}-pre`;
      const early = await q.enter({ token: `${pre}.early0000000000000000`, queueId: pre, userId: ctx.user('p'), state: 'waiting', enteredAt: ctx.clock.now(), lastSeenAt: ctx.clock.now(), activatedAt: null, activeUntil: null, endedAt: null, drawKey: 'ab'.repeat(32), endReason: null });
      assert.ok(!early.refused && early.token.drawKey !== null, 'entered the pre-queue');
      assert.deepEqual(await q.linePlaces!(pre, [early.token.seq]), [null], 'a pre-queue token has no place by seq');
    },
  },
  {
    slug: 'line-places-heartbeat',
    name: 'heartbeats sent with places by seq keep waiting tokens from idling out, on the pause-free clock; a seq that no longer waits records nothing',
    capability: 'linePlaces',
    async run(ctx) {
      const q = ctx.store.queue;
      const id = ctx.queueId;
      const t = ctx.clock.now() + 123; // not a whole second: a heartbeat by seq is kept to the millisecond
      const tokens = [1, 2, 3, 4, 5].map((n) => `${id}.lb${n}`);
      for (const [i, token] of tokens.entries()) {
        const entered = await q.enter({ token, queueId: id, userId: ctx.user(i + 1), state: 'waiting', enteredAt: t, lastSeenAt: t, activatedAt: null, activeUntil: null, endedAt: null, drawKey: null, endReason: null });
        assert.ok(!entered.refused && entered.created);
      }
      const [p1, p2, p3, p4, p5] = tokens as [string, string, string, string, string];
      const seqOf = async (token: string) => (await q.view(id, token))!.token.seq;
      const [s1, s2, s3, s4] = await Promise.all([p1, p2, p3, p4].map(seqOf));
      const p3Before = await q.view(id, p3);
      // p1 and p2 beat at t + 50 s; p3 is asked its place alone.
      assert.deepEqual(await q.linePlaces!(id, [s1!, s2!, s3!], { at: t + 50_000, seqs: [s1!, s2!] }), [1, 2, 3]);
      assert.deepEqual(await q.view(id, p3), p3Before, 'a seq asked without a heartbeat records nothing');
      // A heartbeat arriving late with an earlier time (another host's) does not move p1 back.
      assert.deepEqual(await q.linePlaces!(id, [s1!], { at: t + 10_000, seqs: [s1!] }), [1]);
      // A seq that left the line, and one no token has: no place, and nothing recorded.
      await q.leave(id, p4, t + 50_000);
      const p4Left = await q.view(id, p4);
      const unused = Math.max(s1!, s2!, s3!, s4!) + 1_000;
      assert.deepEqual(await q.linePlaces!(id, [s4!, unused], { at: t + 51_000, seqs: [s4!, unused] }), [null, null]);
      assert.deepEqual(await q.view(id, p4), p4Left, 'a heartbeat by seq does not touch a token that left');
      // Paused at t + 55 s: p2's heartbeat by seq at t + 300 s counts as seen at the pause's start.
      assert.equal(await q.setMode(id, 'paused', 2, t + 55_000), true);
      assert.deepEqual(await q.linePlaces!(id, [s2!], { at: t + 300_000, seqs: [s2!] }), [2]);
      assert.equal(await q.setMode(id, 'queue', 3, t + 600_000), true);
      // 60 s idle limit, 545 s of pause not counted: p3 and p5 (seen at t) idle out first, then p1 (t + 50 s), then p2 (t + 55 s).
      const idle = async (now: number) => (await q.expireIdle(id, now - 60_000, now, 100)).sort();
      assert.deepEqual(await idle(t + 604_000), [], 'p3 and p5 have been idle 59 s outside the pause');
      assert.deepEqual(await idle(t + 605_000), [p3, p5].sort());
      assert.deepEqual(await idle(t + 654_000), [], 'p1 was seen by its heartbeat by seq');
      assert.deepEqual(await idle(t + 655_000), [p1]);
      assert.deepEqual(await idle(t + 659_000), [], "p2's heartbeat during the pause counts from the pause's start");
      assert.deepEqual(await idle(t + 660_000), [p2]);
    },
  },
  {
    slug: 'status-heartbeat',
    name: 'concurrent status polls (coalesced into batches) each see their place and count as heartbeats',
    capability: 'concurrentCalls',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1, idleTimeout: 60 });
      const s = await enterUsers(bo, ctx, range(12));
      ctx.clock.advanceSeconds(45);
      const polled = s.filter((_, i) => i % 2 === 0);
      const answers = await Promise.all(polled.flatMap((x) => [bo.queue.status(ctx.queueId, x.token, x.userId), bo.queue.status(ctx.queueId, x.token, x.userId)]));
      assert.deepEqual(answers.map((a) => a.position), polled.flatMap((_, i) => [2 * i + 1, 2 * i + 1]), 'each poll sees its own place');
      await rejectsWith(bo.queue.status(ctx.queueId, s[1]!.token, s[0]!.userId), 'token_not_found', "another user's token");
      ctx.clock.advanceSeconds(30);
      const report = await bo.queue.tick(ctx.queueId);
      assert.deepEqual([...report.expiredIdle].sort(), s.filter((_, i) => i % 2 === 1).map((x) => x.token).sort(), 'who did not poll idles out; who polled stays');
      assert.deepEqual(report.admitted, [s[0]!.token]);
    },
  },
  {
    slug: 'session-expiry',
    name: 'an active session ends at sessionTtl: refused at once, expired by the tick, its slot reused',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1, sessionTtl: 60, idleTimeout: 3600 });
      const [a, b] = await enterUsers(bo, ctx, ['a', 'b']);
      await bo.queue.tick(ctx.queueId);
      const status = await bo.queue.status(ctx.queueId, a!.token, a!.userId);
      assert.equal(status.activeUntil, new Date(ctx.clock.now() + 60_000).toISOString());
      ctx.clock.advanceSeconds(60);
      await rejectsWith(bo.queue.requireActive(ctx.queueId, a!.token, a!.userId), 'token_expired', 'session over before any tick');
      const report = await bo.queue.tick(ctx.queueId);
      assert.deepEqual(report.expiredSessions, [a!.token]);
      assert.deepEqual(report.admitted, [b!.token], 'the freed slot is used in the same tick');
      assert.equal(await tokenState(ctx, a!.token), 'expired');
    },
  },
  {
    slug: 'tick-order',
    name: 'a tick expires sessions, then idle tokens, then admits',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1, sessionTtl: 120, idleTimeout: 60 });
      const [a, b, c] = await enterUsers(bo, ctx, ['a', 'b', 'c']);
      await bo.queue.tick(ctx.queueId);
      ctx.clock.advanceSeconds(100);
      await bo.queue.status(ctx.queueId, c!.token, c!.userId);
      ctx.clock.advanceSeconds(20);
      const report = await bo.queue.tick(ctx.queueId);
      assert.deepEqual(report.expiredSessions, [a!.token]);
      assert.deepEqual(report.expiredIdle, [b!.token], 'the idle head is expired, not admitted');
      assert.deepEqual(report.admitted, [c!.token]);
    },
  },
  {
    slug: 'ended-never-active',
    name: 'completed and expired tokens never become active again',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 2, sessionTtl: 30, idleTimeout: 3600 });
      const [a, b, c, d, e] = await enterUsers(bo, ctx, ['a', 'b', 'c', 'd', 'e']);
      const ended = new Map<string, string>();
      const tick = async () => {
        const report = await bo.queue.tick(ctx.queueId);
        for (const t of report.admitted) assert.ok(!ended.has(t), `an ended (${ended.get(t)}) token was admitted`);
        for (const [t, state] of ended) assert.equal(await tokenState(ctx, t), state, 'an ended token changed state');
        for (const t of report.expiredSessions) ended.set(t, 'expired');
        for (const t of report.expiredIdle) ended.set(t, 'expired');
      };
      await tick(); // a, b active
      await bo.queue.complete(ctx.queueId, a!.token);
      ended.set(a!.token, 'completed');
      await bo.queue.leave(ctx.queueId, b!.token, b!.userId);
      ended.set(b!.token, 'expired');
      await bo.queue.leave(ctx.queueId, c!.token, c!.userId); // c left while waiting
      ended.set(c!.token, 'expired');
      await tick(); // d, e active
      assert.equal(await tokenState(ctx, d!.token), 'active');
      ctx.clock.advanceSeconds(31);
      await tick(); // d, e sessions expire
      await bo.queue.complete(ctx.queueId, d!.token); // completing an expired token changes nothing
      await bo.queue.leave(ctx.queueId, a!.token, a!.userId); // leaving a completed token changes nothing
      for (let i = 0; i < 3; i++) {
        await enterUsers(bo, ctx, [`late${i}`]);
        await tick();
        ctx.clock.advanceSeconds(31);
      }
      const states = await Promise.all([a, b, c, d, e].map((x) => tokenState(ctx, x!.token)));
      assert.deepEqual(states, ['completed', 'expired', 'expired', 'expired', 'expired']);
      const again = await bo.queue.enter(ctx.queueId, a!.userId);
      assert.equal(again.created, true);
      assert.notEqual(again.status.token, a!.token);
    },
  },
  {
    slug: 'token-bound-to-user',
    name: "another user's token, or an unknown one, is token_not_found and changes nothing",
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 1 });
      const [a, b] = await enterUsers(bo, ctx, ['a', 'b']);
      await bo.queue.tick(ctx.queueId);
      const before = await Promise.all([a, b].map((x) => ctx.store.queue.view(ctx.queueId, x!.token)));
      const mallory = ctx.user('mallory');
      for (const x of [a!, b!]) {
        await rejectsWith(bo.queue.status(ctx.queueId, x.token, mallory), 'token_not_found', 'status');
        await rejectsWith(bo.queue.leave(ctx.queueId, x.token, mallory), 'token_not_found', 'leave');
        await rejectsWith(bo.queue.requireActive(ctx.queueId, x.token, mallory), 'token_not_found', 'requireActive');
        await rejectsWith(bo.queue.requireActive(ctx.queueId, x.token, b === x ? a!.userId : b!.userId), 'token_not_found', 'swap');
      }
      await rejectsWith(bo.queue.status(ctx.queueId, `${ctx.tag}nosuchtoken`, a!.userId), 'token_not_found', 'unknown');
      await rejectsWith(bo.queue.status(`${ctx.queueId}x`, a!.token, a!.userId), 'token_not_found', 'other queue');
      const after = await Promise.all([a, b].map((x) => ctx.store.queue.view(ctx.queueId, x!.token)));
      assert.deepEqual(after, before);
    },
  },
  {
    slug: 'queues-isolated',
    name: 'queues are independent: each has its own line, positions, maxActive and window',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxActive: 2 });
      const [q1, q2] = [`${ctx.queueId}1`, `${ctx.queueId}2`];
      const enter = async (q: string, n: number) => (await bo.queue.enter(q, ctx.user(n))).status;
      const a1 = await enter(q1, 1);
      const a2 = await enter(q2, 1); // the same user in another queue gets its own token
      assert.notEqual(a1.token, a2.token);
      for (const n of range(3, 2)) {
        assert.equal((await enter(q1, n)).position, n);
        assert.equal((await enter(q2, n)).position, n);
      }
      assert.equal((await bo.queue.tick(q1)).admitted.length, 2);
      assert.deepEqual(await liveCounts(bo, q2), { waiting: 4, active: 0 }, 'a tick of one queue leaves the other alone');
      assert.equal((await bo.queue.tick(q2)).admitted.length, 2, 'maxActive counts per queue');
      await rejectsWith(bo.queue.status(q2, a1.token, ctx.user(1)), 'token_not_found', 'a token belongs to its queue');
    },
  },
  {
    slug: 'bad-input',
    name: 'a bad queue id or user id is validation_failed and stores nothing',
    async run(ctx) {
      const bo = ctx.boxoffice();
      await rejectsWith(bo.queue.enter('bad queue!', ctx.user(1)), 'validation_failed', 'queue id');
      await rejectsWith(bo.queue.enter(ctx.queueId, ''), 'validation_failed', 'empty user');
      await rejectsWith(bo.queue.enter(ctx.queueId, 'x'.repeat(200)), 'validation_failed', 'long user');
      assert.deepEqual(await liveCounts(bo, ctx.queueId), { waiting: 0, active: 0 });
      const { status } = await bo.queue.enter(ctx.queueId, ctx.user(1));
      assert.equal(status.position, 1, 'nothing was queued by the bad calls');
    },
  },
  {
    slug: 'concurrent-ticks',
    name: 'four Boxoffice instances ticking at once keep maxActive and FIFO, admitting each token once',
    capability: 'sharedAcrossInstances',
    async run(ctx) {
      const maxActive = 5;
      const hosts = range(4).map(() => ctx.boxoffice({ maxActive, idleTimeout: 3600 }));
      const s = await enterUsers(hosts[0]!, ctx, range(40));
      const order = s.map((x) => x.token);
      const admitted: string[] = [];
      for (let round = 0; round < 30 && admitted.length < order.length; round++) {
        const reports = await Promise.all(hosts.map((h) => h.queue.tick(ctx.queueId)));
        for (const r of reports) admitted.push(...r.admitted);
        const { active } = await hosts[round % 4]!.queue.counts(ctx.queueId);
        assert.ok(active <= maxActive, `round ${round}: ${active} active, more than ${maxActive}`);
        assert.equal(new Set(admitted).size, admitted.length, `round ${round}: a token was admitted twice`);
        assert.deepEqual([...admitted].sort(), order.slice(0, admitted.length).sort(), `round ${round}: admission skipped an earlier entrant`);
        const states = await Promise.all(order.map((t) => tokenState(ctx, t)));
        assert.ok(states.filter((x) => x === 'active').length <= maxActive, `round ${round}: too many active tokens`);
        // Two sessions end each round, completed by different hosts at once.
        const live = order.filter((_, i) => states[i] === 'active').slice(0, 2);
        await Promise.all(live.map((t, i) => hosts[(round + i) % 4]!.queue.complete(ctx.queueId, t)));
        ctx.clock.advance(100);
      }
      assert.equal(admitted.length, order.length, 'everyone got in eventually');
    },
  },
  {
    slug: 'concurrent-ticks-rate',
    name: 'four Boxoffice instances ticking at once keep admitPerMinute over the sliding window',
    capability: 'sharedAcrossInstances',
    async run(ctx) {
      const hosts = range(4).map(() => ctx.boxoffice({ admitPerMinute: 3, idleTimeout: 3600, sessionTtl: 3600 }));
      const s = await enterUsers(hosts[0]!, ctx, range(20));
      const admissions: Array<{ at: number; token: string }> = [];
      for (let round = 0; round < 10; round++) {
        if (round > 0) ctx.clock.advanceSeconds(21); // steps that never land on the window's edge
        const now = ctx.clock.now();
        const reports = await Promise.all(hosts.map((h) => h.queue.tick(ctx.queueId)));
        for (const r of reports) for (const token of r.admitted) admissions.push({ at: now, token });
        const inWindow = admissions.filter((a) => a.at > now - 60_000).length;
        assert.ok(inWindow <= 3, `round ${round}: ${inWindow} admitted within 60 s, more than admitPerMinute 3`);
      }
      // Rounds at 0, 21, ..., 189 s: the window reopens at 63, 126 and 189 s.
      assert.equal(admissions.length, 12, 'the window admits again as soon as it slides');
      assert.deepEqual(admissions.map((a) => a.token).sort(), s.slice(0, 12).map((x) => x.token).sort(), 'FIFO');
    },
  },
]);
