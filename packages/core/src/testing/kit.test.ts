import { AssertionError } from 'node:assert';
import { createMemoryStore } from '@boxoffice/adapter-memory';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BROKEN_ADAPTERS, claimsPending, holdsInWaitlistMode, lastFirstWaitlist, naiveStore, silentSweep, skippingCursor } from './broken-adapters.js';
import { waitlistModelProperty, waitlistSchedulerProperty } from './waitlist-properties.js';
import { eventReplayProperty } from './event-properties.js';
import { runCheck } from './check.js';
import { testTitle } from './register.js';
import { ALL_CHECKS, findCheck } from './suites/index.js';

// The kit's self-test: it passes a good store and catches each deliberately broken one.
// The memory store is the base every broken adapter wraps (a test-only dependency of core).
const memory = async () => createMemoryStore({ linePlaces: true });

describe('conformance kit', () => {
  it('has unique, well-formed check ids', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(queue|sale|catalog|reservation|wallet|payment|refund|idempotency|events|waitlist)\/[a-z0-9-]+$/);
  });

  it('titles a check of a disabled capability as skipped, with the reason', () => {
    const check = findCheck('queue/concurrent-ticks');
    expect(testTitle(check)).toEqual({ name: `${check.name} [queue/concurrent-ticks]`, skip: false });
    expect(testTitle(check, { concurrentCalls: 'other' }).skip).toBe(false);
    expect(testTitle(check, { sharedAcrossInstances: 'one process only' })).toEqual({
      name: `${check.name} [queue/concurrent-ticks] (disabled: sharedAcrossInstances: one process only)`,
      skip: true,
    });
    expect(testTitle(findCheck('queue/enter-positions'), { concurrentCalls: 'x', sharedAcrossInstances: 'y' }).skip).toBe(false);
  });

  it('titles a check left out by id as skipped, with the reason; other ids and inherited names leave it on', () => {
    const check = findCheck('sale/draw-uniform');
    expect(testTitle(check, {}, { 'sale/draw-uniform': 'runs on one Redis' })).toEqual({
      name: `${check.name} [sale/draw-uniform] (skipped here: runs on one Redis)`,
      skip: true,
    });
    expect(testTitle(check, {}, { 'sale/draw-verifiable': 'x' }).skip).toBe(false);
    expect(testTitle(findCheck('queue/enter-positions'), {}, { toString: 'x' } as Record<string, string>).skip).toBe(false);
  });

  describe('passes the memory store', () => {
    for (const check of ALL_CHECKS) it(check.id, () => runCheck(check, memory));
  });

  describe('passes the naive control store (every port naive, no bug on)', () => {
    for (const check of ALL_CHECKS) {
      it(check.id, () => runCheck(check, async () => naiveStore(createMemoryStore())));
    }
  });

  describe('catches each broken adapter', () => {
    for (const broken of BROKEN_ADAPTERS) {
      for (const id of broken.caughtBy) {
        it(`${broken.name} (${broken.bug}) fails ${id}`, async () => {
          const check = findCheck(id);
          // It must fail by an assertion (a detected violation), not by crashing.
          const error = await runCheck(check, async () => broken.wrap(await memory())).then(
            () => null,
            (e: unknown) => e,
          );
          expect(error, `${id} passed against ${broken.name}`).toBeInstanceOf(AssertionError);
        });
      }
    }
  });

  // A bug usually breaks more than its own checks; this lists them all (in the test output) and proves the
  // declared ones are among them. It runs every check against every broken adapter (minutes, and growing
  // with both), so it is `npm run test:deep`'s (BOXOFFICE_KIT_REPORT=1); the block above proves each catch.
  describe.runIf(process.env.BOXOFFICE_KIT_REPORT === '1')('reports everything each broken adapter breaks', () => {
    for (const broken of BROKEN_ADAPTERS) {
      it(broken.name, { timeout: 300_000 }, async () => {
        const failing: string[] = [];
        for (const check of ALL_CHECKS) {
          const failed = await runCheck(check, async () => broken.wrap(await memory())).then(
            () => false,
            () => true,
          );
          if (failed) failing.push(check.id);
        }
        // Labelled: these checks failing on a deliberately broken adapter is the kit working.
        console.log(`[kit self-test] ${broken.name} (${broken.bug}) is caught, as expected, by ${failing.length} of ${ALL_CHECKS.length} checks: ${failing.join(', ')}`);
        expect(failing).toEqual(expect.arrayContaining([...broken.caughtBy]));
      });
    }
  });

  describe('the event replay property', () => {
    // It passes the honest stores (memory: its own test file) and catches a silent sweep and a skipping cursor.
    it('passes the naive control store', async () => {
      await fc.assert(eventReplayProperty(naiveStore(createMemoryStore())), { numRuns: 50 });
    });
    for (const [name, wrap] of [['silentSweep', silentSweep], ['skippingCursor', skippingCursor]] as const) {
      // Random sequences do not always reach the bug in 100 runs (seen missing once in CI); the check stops at the first failure.
      it(`catches ${name}`, async () => {
        const result = await fc.check(eventReplayProperty(wrap(createMemoryStore())), { numRuns: 2_000 });
        expect(result.failed, `${name} passed the replay property`).toBe(true);
      }, 120_000);
    }
  });

  describe('the waiting list property', () => {
    it('passes the naive control store', async () => {
      await fc.assert(waitlistModelProperty({ store: naiveStore(createMemoryStore()) }), { numRuns: 50 });
    });
    for (const [name, wrap] of [['lastFirstWaitlist', lastFirstWaitlist], ['claimsPending', claimsPending], ['holdsInWaitlistMode', holdsInWaitlistMode]] as const) {
      it(`catches ${name}`, async () => {
        const result = await fc.check(waitlistModelProperty({ store: wrap(createMemoryStore()) }), { numRuns: 2_000 });
        expect(result.failed, `${name} passed the waiting list property`).toBe(true);
      }, 120_000);
    }
    it('the scheduled property passes the naive control store', async () => {
      await fc.assert(waitlistSchedulerProperty({ store: naiveStore(createMemoryStore()) }), { numRuns: 50 });
    });
    for (const [name, wrap] of [['holdsInWaitlistMode', holdsInWaitlistMode]] as const) {
      it(`the scheduled property catches ${name}`, async () => {
        const result = await fc.check(waitlistSchedulerProperty({ store: wrap(createMemoryStore()) }), { numRuns: 2_000 });
        expect(result.failed, `${name} passed the scheduled waiting list property`).toBe(true);
      }, 120_000);
    }
  });
});
