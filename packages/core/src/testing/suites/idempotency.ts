import assert from 'node:assert/strict';
import { defineChecks } from '../check.js';
import { range } from '../fixtures.js';

const TTL = 60_000;

export const idempotencyChecks = defineChecks('idempotency', [
  {
    slug: 'lifecycle',
    name: 'begin starts once; a repeat is in_progress, then replays the finished answer; another body is mismatch',
    capability: 'idempotencyRecords',
    async run(ctx) {
      const store = ctx.store.idempotency;
      const [scope, key, now] = [ctx.user('a'), `${ctx.tag}key`, ctx.clock.now()];
      assert.deepEqual(await store.begin(scope, key, 'fp1', now, TTL), { outcome: 'started' });
      assert.deepEqual(await store.begin(scope, key, 'fp1', now, TTL), { outcome: 'in_progress' });
      assert.deepEqual(await store.begin(scope, key, 'fp2', now, TTL), { outcome: 'mismatch' });
      const response = { status: 201, body: { id: 'p1', nested: { amount: 5, list: [1, 'two', null] } }, headers: { location: '/v1/payments/p1' } };
      await store.finish(scope, key, response, now, TTL);
      assert.deepEqual(await store.begin(scope, key, 'fp1', now + 1000, TTL), { outcome: 'replay', response });
      assert.deepEqual(await store.begin(scope, key, 'fp2', now + 1000, TTL), { outcome: 'mismatch' });
      await store.abandon(scope, key);
      assert.equal((await store.begin(scope, key, 'fp1', now + 2000, TTL)).outcome, 'replay', 'abandon leaves a finished record alone');
    },
  },
  {
    slug: 'lease',
    name: 'an in-progress record is a lease: renewed while its request runs, free for a retry once it lapses, never revived',
    capability: 'idempotencyRecords',
    async run(ctx) {
      const store = ctx.store.idempotency;
      const lease = 5_000;
      const [scope, key, t0] = [ctx.user('a'), `${ctx.tag}key`, ctx.clock.now()];
      assert.equal((await store.begin(scope, key, 'fp1', t0, lease)).outcome, 'started');
      assert.equal((await store.begin(scope, key, 'fp1', t0 + lease - 1, lease)).outcome, 'in_progress', 'held within the lease');
      assert.equal(await store.renew(scope, key, t0 + 3_000, lease), true, 'the running request renews');
      assert.equal((await store.begin(scope, key, 'fp1', t0 + 3_000 + lease - 1, lease)).outcome, 'in_progress', 'held within the renewed lease');
      assert.equal(await store.renew(scope, key, t0 + 3_000 + lease, lease), false, 'a lapsed lease is not revived');
      assert.equal((await store.begin(scope, key, 'fp1', t0 + 3_000 + lease, lease)).outcome, 'started', 'a retry takes over a lapsed lease');
      await store.finish(scope, key, { status: 201, body: { ok: true } }, t0 + 9_000, TTL);
      assert.equal(await store.renew(scope, key, t0 + 9_001, lease), false, 'a finished record is not renewed');
      assert.equal((await store.begin(scope, key, 'fp1', t0 + 9_000 + TTL - 1, lease)).outcome, 'replay', 'renew left the finished answer alone');
      assert.equal(await store.renew(scope, `${ctx.tag}never-begun`, t0, lease), false, 'nothing to renew');
    },
  },
  {
    slug: 'abandon',
    name: 'abandoning an in-progress record lets a retry start again',
    capability: 'idempotencyRecords',
    async run(ctx) {
      const store = ctx.store.idempotency;
      const [scope, key, now] = [ctx.user('a'), `${ctx.tag}key`, ctx.clock.now()];
      assert.equal((await store.begin(scope, key, 'fp1', now, TTL)).outcome, 'started');
      await store.abandon(scope, key);
      assert.equal((await store.begin(scope, key, 'fp2', now, TTL)).outcome, 'started', 'a new body may use the key after abandon');
      await store.abandon(scope, `${ctx.tag}never-begun`); // harmless
    },
  },
  {
    slug: 'scoped-by-user',
    name: 'keys belong to their scope (the user who sent them)',
    capability: 'idempotencyRecords',
    async run(ctx) {
      const store = ctx.store.idempotency;
      const key = `${ctx.tag}key`;
      const now = ctx.clock.now();
      assert.equal((await store.begin(ctx.user('a'), key, 'fp', now, TTL)).outcome, 'started');
      assert.equal((await store.begin(ctx.user('b'), key, 'fp', now, TTL)).outcome, 'started');
      await store.finish(ctx.user('a'), key, { status: 200, body: 'a' }, now, TTL);
      assert.deepEqual(await store.begin(ctx.user('b'), key, 'fp', now, TTL), { outcome: 'in_progress' });
    },
  },
  {
    slug: 'expiry',
    name: 'a record is forgotten after its ttl',
    capability: 'idempotencyRecords',
    async run(ctx) {
      const store = ctx.store.idempotency;
      const [scope, key, now] = [ctx.user('a'), `${ctx.tag}key`, ctx.clock.now()];
      await store.begin(scope, key, 'fp1', now, TTL);
      await store.finish(scope, key, { status: 201, body: 1 }, now, TTL);
      assert.equal((await store.begin(scope, key, 'fp1', now + TTL - 1, TTL)).outcome, 'replay');
      assert.equal((await store.begin(scope, key, 'fp2', now + TTL + 1, TTL)).outcome, 'started', 'expired: a new request');
    },
  },
  {
    slug: 'concurrent-begin',
    name: 'the same key begun 20 times at once starts exactly once',
    capability: 'idempotencyRecords',
    async run(ctx) {
      const store = ctx.store.idempotency;
      const [scope, key, now] = [ctx.user('a'), `${ctx.tag}key`, ctx.clock.now()];
      const outcomes = await Promise.all(range(20).map(() => store.begin(scope, key, 'fp', now, TTL)));
      assert.equal(outcomes.filter((o) => o.outcome === 'started').length, 1);
      assert.ok(outcomes.every((o) => o.outcome === 'started' || o.outcome === 'in_progress'));
    },
  },
]);
