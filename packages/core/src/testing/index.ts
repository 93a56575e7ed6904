/**
 * @boxoffice/core/testing: the conformance kit every storage adapter runs.
 *
 *   import { runConformance } from '@boxoffice/core/testing';
 *   runConformance({ name: 'postgres', makeStore: async () => createPgStore(uniqueSchema()) });
 *
 * Checks are plain async functions asserting with node:assert; `runCheck`
 * runs one directly (the kit's self-tests run them against broken adapters).
 */
export { ManualClock, KIT_EPOCH, WallClock } from './clock.js';
export { SequenceIds, RandomIds } from './ids.js';
export { chiSquarePValue } from './chi-square.js';
export type { Capability, Check, CheckContext, StoreFactory, SuiteName } from './check.js';
export { CAPABILITIES, createContext, runCheck, subContext } from './check.js';
export type { ConformanceOptions, Suite } from './register.js';
export {
  catalogSuite,
  eventsSuite,
  idempotencySuite,
  paymentSuite,
  refundSuite,
  queueSuite,
  registerChecks,
  reservationSuite,
  runConformance,
  saleSuite,
  SUITES,
  testTitle,
  waitlistSuite,
  walletSuite,
} from './register.js';
export { ALL_CHECKS, CHECKS_BY_SUITE, findCheck } from './suites/index.js';
export type { FaultLog, FaultPlan, FaultyStore } from './faulty-store.js';
export { faultyStore, gatedStore } from './faulty-store.js';
export type { Around, PortCall, PortName } from './intercept.js';
export { gap, interceptStore, replacePorts } from './intercept.js';
export type { BrokenAdapter, NaiveStoreBugs } from './broken-adapters.js';
export { EventTail, ofRun } from './event-tail.js';
export * as broken from './broken-adapters.js';
// The queue property tests (fast-check), owned by their own module.
export * from './queue-properties.js';
export * from './purchase-limit-properties.js';
export * from './refund-properties.js';
export * from './waitlist-properties.js';
export { dyingSale } from './waitlist-fixture.js';
export type { DyingSale, DyingSaleOptions } from './waitlist-fixture.js';
// The event replay property (fast-check), over any adapter with an outbox.
export { eventPropertySuite, eventReplayProperty } from './event-properties.js';
export type { EventPropertySuiteOptions } from './event-properties.js';
