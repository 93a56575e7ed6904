import { purchaseLimitPropertySuite, queuePropertySuite, refundPropertySuite, runConformance } from '@boxoffice/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONGO_OUTBOX_NEEDS_TRANSACTIONS } from '../src/mongo-events.js';
import { MONGO_WAITLIST_MISSING } from '../src/mongo-waitlist.js';
import type { MongoTarget } from './mongo-env.js';
import { AVAILABLE, explainSkip, HOW_TO_RUN, openTarget, REQUIRE_MONGODB, storeFactory, targetHasTransactions } from './mongo-env.js';

// The whole conformance kit and the queue property tests from @boxoffice/core/testing, on MongoDB.
// On a replica set or mongos the kit runs twice: with transactions (what `auto` picks there) and
// with them off, so the standalone path (conditional single-document steps plus recovery) runs too;
// the queue property tests likewise. The events suite runs where the store has its outbox: with transactions.

// Whether `auto` picks transactions on the target (a replica set or mongos), asked before the suites register.
const TRANSACTIONS = AVAILABLE ? await targetHasTransactions() : false;

let target: MongoTarget | null = null;
const current = (): MongoTarget => {
  if (!target) throw new Error('the MongoDB target did not start');
  return target;
};

describe.runIf(AVAILABLE)('adapter-mongodb', () => {
  beforeAll(async () => {
    target = await openTarget();
    const hello = await target.client.db('admin').command({ hello: 1 });
    const rs = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
    console.info(
      `[adapter-mongodb] suites on ${target.description}: ${rs ? 'transactions, then the no-transaction path' : 'standalone, no-transaction path'}`,
    );
  }, 90_000);
  afterAll(async () => {
    await target?.stop();
  }, 30_000);

  // Places by seq need a line index the MongoDB queue does not keep (its places are counts); core reads statuses in full.
  const noPlaces = 'the MongoDB queue answers no places by seq (no line bitmap)';
  const noOutbox = { outbox: MONGO_OUTBOX_NEEDS_TRANSACTIONS, waitlist: MONGO_WAITLIST_MISSING, linePlaces: noPlaces };
  const auto = TRANSACTIONS ? { waitlist: MONGO_WAITLIST_MISSING, linePlaces: noPlaces } : noOutbox;
  runConformance({ name: 'mongodb (auto)', makeStore: storeFactory(current, 'kit', 'auto'), disabled: auto });
  runConformance({ name: 'mongodb (transactions off)', makeStore: storeFactory(current, 'kitnt', 'off'), disabled: noOutbox });
  queuePropertySuite({ name: 'mongodb', makeStore: storeFactory(current, 'qp', 'auto') });
  // The no-transaction path: enter in two writes, admission under the server-timed lease with its gap grace.
  queuePropertySuite({ name: 'mongodb (transactions off)', makeStore: storeFactory(current, 'qpnt', 'off') });
  purchaseLimitPropertySuite({ name: 'mongodb (transactions off)', makeStore: storeFactory(current, 'plnt', 'off') });
  refundPropertySuite({ name: 'mongodb (transactions off)', makeStore: storeFactory(current, 'rfnt', 'off') });
});

if (!AVAILABLE) {
  explainSkip('conformance.test.ts');
  if (REQUIRE_MONGODB) {
    describe('adapter-mongodb (required)', () => {
      it('needs MongoDB because BOXOFFICE_REQUIRE_MONGODB=1', () => {
        expect.fail(`BOXOFFICE_REQUIRE_MONGODB=1 but no MongoDB: ${HOW_TO_RUN}`);
      });
    });
  }
}
