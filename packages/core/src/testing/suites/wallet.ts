import assert from 'node:assert/strict';
import { defineChecks } from '../check.js';
import { assertLedgerConsistent, fullLedger, range, rejectsWith, tally } from '../fixtures.js';

export const walletChecks = defineChecks('wallet', [
  {
    slug: 'charge-and-balance',
    name: 'a charge returns the new balance and a ledger entry; balance() reads both back',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const u = ctx.user('a');
      assert.deepEqual(await bo.wallet.balance(u), { balance: 0, entries: [], nextCursor: null }, 'a new wallet is empty');
      const first = await bo.wallet.charge(u, 500, `${ctx.tag}k1`);
      assert.equal(first.balance, 500);
      assert.equal(first.replayed, false);
      assert.deepEqual(
        { ...first.entry, id: typeof first.entry.id },
        { id: 'string', type: 'charge', amount: 500, balanceAfter: 500, at: ctx.clock.now(), ref: `${ctx.tag}k1` },
      );
      ctx.clock.advanceSeconds(1);
      const second = await bo.wallet.charge(u, 250);
      assert.equal(second.balance, 750);
      assert.equal(second.entry.ref, second.entry.id, 'a charge without a key refers to its own entry');
      const page = await bo.wallet.balance(u);
      assert.deepEqual(page, { balance: 750, entries: [second.entry, first.entry], nextCursor: null });
      assert.equal(await ctx.store.wallets.balance(u), 750);
      assert.deepEqual(await bo.wallet.balance(ctx.user('b')), { balance: 0, entries: [], nextCursor: null }, 'wallets are per user');
    },
  },
  {
    slug: 'concurrent-charges',
    name: '100 concurrent charges of 1: the balance rises by exactly 100 and equals the ledger sum',
    capability: 'concurrentCalls',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const u = ctx.user('a');
      await bo.wallet.charge(u, 1000);
      const results = await Promise.all(range(100).map(() => bo.wallet.charge(u, 1)));
      const ledger = await fullLedger(bo, u);
      assert.equal(ledger.balance, 1100, `balance ${ledger.balance}: updates were lost`);
      assert.equal(ledger.entries.length, 101);
      assertLedgerConsistent(ledger);
      assert.deepEqual(
        results.map((r) => r.balance).sort((x, y) => x - y),
        range(100, 1001),
        'each charge saw its own balance',
      );
    },
  },
  {
    slug: 'balance-limit',
    name: 'a charge past maxBalance is balance_limit and changes nothing; reaching it exactly is fine',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxBalance: 1000, maxCharge: 1000 });
      const u = ctx.user('a');
      await bo.wallet.charge(u, 900);
      const before = await fullLedger(bo, u);
      await rejectsWith(bo.wallet.charge(u, 101), 'balance_limit');
      await rejectsWith(bo.wallet.charge(u, 101, `${ctx.tag}k`), 'balance_limit', 'with a key');
      assert.deepEqual(await fullLedger(bo, u), before);
      assert.equal((await bo.wallet.charge(u, 100, `${ctx.tag}k`)).balance, 1000, 'the failed key did not stick');
    },
  },
  {
    slug: 'concurrent-charges-at-limit',
    name: 'concurrent charges near maxBalance: exactly the ones that fit succeed',
    capability: 'concurrentCalls',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxBalance: 50, maxCharge: 10 });
      const u = ctx.user('a');
      const { ok, codes } = tally(await Promise.allSettled(range(80).map(() => bo.wallet.charge(u, 1))));
      assert.equal(ok.length, 50);
      assert.deepEqual(new Set(codes), new Set(['balance_limit']));
      const ledger = await fullLedger(bo, u);
      assert.equal(ledger.balance, 50);
      assertLedgerConsistent(ledger);
    },
  },
  {
    slug: 'invalid-amount',
    name: 'amounts that are not whole, positive and at most maxCharge are invalid_amount and change nothing',
    async run(ctx) {
      const bo = ctx.boxoffice({ maxCharge: 1000 });
      const u = ctx.user('a');
      await bo.wallet.charge(u, 10);
      const before = await fullLedger(bo, u);
      for (const amount of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10', null, undefined, 1001, 2 ** 53, {}]) {
        await rejectsWith(bo.wallet.charge(u, amount, `${ctx.tag}k`), 'invalid_amount', String(amount));
      }
      await rejectsWith(bo.wallet.charge('', 10), 'validation_failed', 'empty user id');
      assert.deepEqual(await fullLedger(bo, u), before);
    },
  },
  {
    slug: 'idempotent-charge',
    name: 'a charge retried with the same key is applied once; the key with another amount is refused',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const [a, b] = [ctx.user('a'), ctx.user('b')];
      const key = `${ctx.tag}key`;
      const first = await bo.wallet.charge(a, 100, key);
      const again = await bo.wallet.charge(a, 100, key);
      assert.equal(again.replayed, true);
      assert.deepEqual(again.entry, first.entry);
      assert.equal(again.balance, 100);
      await rejectsWith(bo.wallet.charge(a, 200, key), 'idempotency_mismatch');
      const ledger = await fullLedger(bo, a);
      assert.equal(ledger.balance, 100);
      assert.equal(ledger.entries.length, 1);
      assert.equal((await bo.wallet.charge(b, 100, key)).replayed, false, 'keys belong to their user');
      assert.equal(await ctx.store.wallets.balance(b), 100);
    },
  },
  {
    slug: 'concurrent-idempotent-charge',
    name: 'the same key sent 20 times at once is applied once',
    capability: 'concurrentCalls',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const u = ctx.user('a');
      const results = await Promise.all(range(20).map(() => bo.wallet.charge(u, 7, `${ctx.tag}key`)));
      assert.equal(results.filter((r) => !r.replayed).length, 1);
      assert.equal(new Set(results.map((r) => r.entry.id)).size, 1);
      const ledger = await fullLedger(bo, u);
      assert.equal(ledger.balance, 7);
      assert.equal(ledger.entries.length, 1);
    },
  },
  {
    slug: 'history-pagination',
    name: 'history is newest first and pages by cursor without gaps or repeats, even as entries arrive',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const u = ctx.user('a');
      for (const n of range(25)) {
        await bo.wallet.charge(u, n);
        ctx.clock.advanceSeconds(1);
      }
      const p1 = await bo.wallet.balance(u, 10);
      assert.deepEqual(p1.entries.map((e) => e.amount), range(10).map((i) => 26 - i));
      assert.equal(p1.balance, 325);
      assert.notEqual(p1.nextCursor, null);
      await bo.wallet.charge(u, 1000); // arrives between pages
      const p2 = await bo.wallet.balance(u, 10, p1.nextCursor);
      assert.deepEqual(p2.entries.map((e) => e.amount), range(10).map((i) => 16 - i));
      const p3 = await bo.wallet.balance(u, 10, p2.nextCursor);
      assert.deepEqual(p3.entries.map((e) => e.amount), [5, 4, 3, 2, 1]);
      assert.equal(p3.nextCursor, null);
      const all = [...p1.entries, ...p2.entries, ...p3.entries];
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.at >= all[i]!.at, 'newest first');
      assert.equal(new Set(all.map((e) => e.id)).size, 25);
      const whole = await fullLedger(bo, u);
      assert.equal(whole.entries.length, 26);
      assertLedgerConsistent(whole);
      const exact = await bo.wallet.balance(u, 26);
      assert.equal(exact.nextCursor, null, 'a page that reaches the oldest entry is the last');
    },
  },
  {
    slug: 'history-bad-input',
    name: 'a bad page size or cursor is validation_failed',
    async run(ctx) {
      const bo = ctx.boxoffice();
      const u = ctx.user('a');
      await bo.wallet.charge(u, 5);
      for (const limit of [0, -1, 101, 1.5, Number.NaN]) {
        await rejectsWith(bo.wallet.balance(u, limit), 'validation_failed', `limit ${limit}`);
      }
      await rejectsWith(bo.wallet.balance(u, 10, 'not-a-cursor!'), 'validation_failed', 'cursor');
      await rejectsWith(bo.wallet.balance('', 10), 'validation_failed', 'user');
    },
  },
]);
