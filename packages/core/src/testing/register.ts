import { describe, it } from 'vitest';
import type { Capability, Check, StoreFactory, SuiteName } from './check.js';
import { runCheck } from './check.js';
import { CHECKS_BY_SUITE } from './suites/index.js';

export interface ConformanceOptions {
  /** Names the adapter in test titles. */
  readonly name: string;
  /** A fresh, empty (or uniquely namespaced) store per call; each is closed after its test. */
  readonly makeStore: StoreFactory;
  /** Capabilities the adapter lacks, each with the reason; their checks are registered as skipped. */
  readonly disabled?: Partial<Record<Capability, string>>;
  /**
   * Checks left out by id, each with the reason (registered as skipped, the reason in the title). For a
   * deployment variant whose code path a check cannot tell from another's that runs it, where the check is
   * costly (`sale/draw-uniform` makes 2.2 x 10^5 calls).
   */
  readonly skip?: Readonly<Record<string, string>>;
  /** Per-check timeout; the fault-injection checks make a few hundred store calls. Default 60 s. */
  readonly timeoutMs?: number;
}

/** A domain's checks, callable as a registrar: `queueSuite({ name, makeStore })`. */
export interface Suite {
  (options: ConformanceOptions): void;
  readonly suite: SuiteName;
  readonly checks: readonly Check[];
}

function suite(name: SuiteName): Suite {
  const register = (options: ConformanceOptions) => registerChecks(`${options.name}: ${name}`, CHECKS_BY_SUITE[name], options);
  return Object.assign(register, { suite: name, checks: CHECKS_BY_SUITE[name] });
}

export const queueSuite = suite('queue');
export const saleSuite = suite('sale');
export const catalogSuite = suite('catalog');
export const reservationSuite = suite('reservation');
export const walletSuite = suite('wallet');
export const paymentSuite = suite('payment');
export const refundSuite = suite('refund');
export const idempotencySuite = suite('idempotency');
export const eventsSuite = suite('events');
export const waitlistSuite = suite('waitlist');

export const SUITES: readonly Suite[] = [queueSuite, saleSuite, catalogSuite, reservationSuite, walletSuite, paymentSuite, refundSuite, idempotencySuite, eventsSuite, waitlistSuite];

/** Registers every suite with vitest for one adapter. */
export function runConformance(options: ConformanceOptions): void {
  describe(`conformance: ${options.name}`, () => {
    for (const s of SUITES) s(options);
  });
}

/** Turns checks into vitest tests. A check whose capability is disabled is registered as skipped, with the reason in its title. */
export function registerChecks(title: string, checks: readonly Check[], options: ConformanceOptions): void {
  describe(title, () => {
    for (const check of checks) {
      const { name, skip } = testTitle(check, options.disabled, options.skip);
      it.skipIf(skip)(name, () => runCheck(check, options.makeStore), Math.max(options.timeoutMs ?? 60_000, check.minTimeoutMs ?? 0));
    }
  });
}

/** The vitest title of a check, and whether it is skipped because its capability is disabled or it is left out by id. */
export function testTitle(check: Check, disabled: ConformanceOptions['disabled'] = {}, left: ConformanceOptions['skip'] = {}): { name: string; skip: boolean } {
  const reason = Object.hasOwn(left, check.id) ? left[check.id] : undefined;
  if (reason !== undefined) return { name: `${check.name} [${check.id}] (skipped here: ${reason})`, skip: true };
  const needs: readonly Capability[] = check.capability === undefined ? [] : typeof check.capability === 'string' ? [check.capability] : check.capability;
  const off = needs.find((c) => disabled[c] !== undefined);
  if (off === undefined) return { name: `${check.name} [${check.id}]`, skip: false };
  return { name: `${check.name} [${check.id}] (disabled: ${off}: ${disabled[off]})`, skip: true };
}
