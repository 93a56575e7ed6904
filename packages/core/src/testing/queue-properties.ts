import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createBoxoffice, type Boxoffice } from '../boxoffice.js';
import type { QueueRepository } from '../queue/queue-repository.js';
import { canMove, type QueueState } from '../queue/queue-token.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { isDomainError } from '../shared/errors.js';
import type { BoxofficeStore } from '../shared/store.js';
import { KIT_EPOCH, ManualClock } from './clock.js';
import { SequenceIds } from './ids.js';
import { QueueModel, type ModelToken } from './queue-model.js';

export { QueueModel, type ModelTick, type ModelToken, type QueueModelRule } from './queue-model.js';

/**
 * Model-based property tests of the waiting queue (SPEC "Invariants"), for any adapter:
 *  - sequential: random command sequences (enter, status, leave, complete, requireActive, tick, and
 *    clock steps small, large and onto the next deadline) run against the real Boxoffice and a plain
 *    model (queue-model.ts); after each command the real store must keep every invariant and agree
 *    with the model;
 *  - concurrent: several Boxoffice instances on one store, with fc.scheduler choosing the order in
 *    which their store calls run; every state observed between calls must keep the invariants.
 * Every run uses fresh queue ids, so one store serves all runs (network stores are slow to make).
 * A failure prints fast-check's seed and path; to replay it, run only that test (vitest -t) with
 * FC_SEED=<seed> FC_PATH=<path>. FC_NUM_RUNS sets the number of runs.
 */

const WINDOW_MS = 60_000;
const USERS = ['u0', 'u1', 'u2', 'u3'] as const;
const QUEUES_PER_RUN = 2;

export interface QueuePropertyTarget {
  readonly store: BoxofficeStore;
  /** Runs before every run, e.g. to clear a store; runs use fresh queue ids, so most stores need none. */
  readonly reset?: () => Promise<void>;
}

export interface QueuePropertySuiteOptions {
  readonly name: string;
  /** Called once per property (two per suite), closed after it. */
  readonly makeStore: () => Promise<BoxofficeStore>;
  readonly reset?: (store: BoxofficeStore) => Promise<void>;
  /** Defaults to FC_NUM_RUNS, else 100. */
  readonly numRuns?: number;
  /** Per property; defaults to a generous bound that grows with numRuns. */
  readonly timeoutMs?: number;
}

/** FC_NUM_RUNS (the root `npm run test:deep` sets 1000), else 100. */
export function queuePropertyRuns(): number {
  const raw = process.env.FC_NUM_RUNS;
  const n = raw === undefined ? NaN : Number.parseInt(raw, 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 100;
}

/** FC_SEED and FC_PATH replay a reported failure: fast-check prints both. */
function replayParameters(): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return {
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : {}),
    ...(path !== undefined && path !== '' ? { path } : {}),
  };
}

/** Registers the queue property tests with vitest. */
export function queuePropertySuite(options: QueuePropertySuiteOptions): void {
  const numRuns = options.numRuns ?? queuePropertyRuns();
  const timeout = options.timeoutMs ?? Math.max(120_000, numRuns * 1_000);
  const withStore = async (body: (target: QueuePropertyTarget) => Promise<void>): Promise<void> => {
    const store = await options.makeStore();
    const reset = options.reset;
    try {
      await body({ store, ...(reset ? { reset: () => reset(store) } : {}) });
    } finally {
      await store.close();
    }
  };
  describe(`queue properties: ${options.name}`, () => {
    it(
      `sequential commands agree with the model and keep every queue invariant (${numRuns} runs)`,
      () => withStore((target) => fc.assert(queueModelProperty(target), { numRuns, ...replayParameters() })),
      timeout,
    );
    it(
      `concurrent instances under fc.scheduler keep capacity, FIFO and the other invariants (${numRuns} runs)`,
      () => withStore((target) => fc.assert(queueSchedulerProperty(target), { numRuns, ...replayParameters() })),
      timeout,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Every run gets a tag unique in this process and across processes, so runs never meet on a
// shared store: queue ids and tokens (which a store may key globally) both carry it.

let runCounter = 0;
const processTag = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;

function freshRunTag(): string {
  runCounter += 1;
  return `qp${processTag}r${runCounter}`;
}

// ---------------------------------------------------------------------------------------------
// Observation of a real queue and the invariants every observed state must keep.

export interface ObservedToken {
  readonly token: string;
  readonly userId: string;
  readonly seq: number;
  readonly state: QueueState;
  readonly position: number | null;
  readonly activatedAt: number | null;
  readonly activeUntil: number | null;
}

export interface QueueLimits {
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly windowMs: number;
}

const STATES: readonly QueueState[] = ['waiting', 'active', 'completed', 'expired'];

/**
 * Watches one queue of a store through the port (reads without heartbeats) and checks the SPEC's
 * invariants on every state it sees, and the arrows between consecutive states of each token.
 * Error messages start with the invariant's name in brackets.
 */
export class QueueWatch {
  /** Every token seen, in the order first seen. */
  readonly known: string[] = [];
  private readonly lastState = new Map<string, QueueState>();
  /** Admission time of every token ever seen admitted. */
  private readonly admittedAt = new Map<string, number>();
  maxActiveSeen = 0;

  constructor(
    private readonly repo: QueueRepository,
    readonly queueId: string,
    private readonly limits: QueueLimits,
  ) {}

  learn(token: string): void {
    if (!this.known.includes(token)) this.known.push(token);
  }

  lastStateOf(token: string): QueueState | undefined {
    return this.lastState.get(token);
  }

  /** Reads every known token and checks the invariants; returns the snapshot in the order first seen. */
  async check(context: string): Promise<ObservedToken[]> {
    const [views, counts] = await Promise.all([
      Promise.all(this.known.map((token) => this.repo.view(this.queueId, token))),
      this.repo.counts(this.queueId, 0),
    ]);
    const fail = (invariant: string, detail: string): never => {
      throw new assert.AssertionError({ message: `[${invariant}] after ${context}: ${detail}` });
    };
    const seen: ObservedToken[] = views.map((view, i) => {
      const token = this.known[i]!;
      if (!view) return fail('lost-token', `token ${token} is no longer found in queue ${this.queueId}`);
      const t = view.token;
      return {
        token,
        userId: t.userId,
        seq: t.seq,
        state: t.state,
        position: view.position,
        activatedAt: t.activatedAt,
        activeUntil: t.activeUntil,
      };
    });

    for (const t of seen) {
      if (!STATES.includes(t.state)) fail('one-state', `token ${t.token} is in no known state: ${String(t.state)}`);
      const before = this.lastState.get(t.token);
      if (before !== undefined && before !== t.state && !canMove(before, t.state)) {
        fail('arrows', `token ${t.token} moved ${before} -> ${t.state}`);
      }
      if (t.state === 'active' && (t.activatedAt === null || t.activeUntil === null)) {
        fail('one-state', `active token ${t.token} has no activatedAt/activeUntil`);
      }
      if (t.activatedAt !== null && !this.admittedAt.has(t.token)) this.admittedAt.set(t.token, t.activatedAt);
    }

    const waiting = seen.filter((t) => t.state === 'waiting');
    const active = seen.filter((t) => t.state === 'active');
    this.maxActiveSeen = Math.max(this.maxActiveSeen, active.length, counts.active);
    if (active.length > this.limits.maxActive || counts.active > this.limits.maxActive) {
      fail('capacity', `${Math.max(active.length, counts.active)} active tokens, maxActive is ${this.limits.maxActive}`);
    }
    if (counts.active !== active.length || counts.waiting !== waiting.length) {
      fail(
        'counts',
        `counts() says ${counts.waiting} waiting/${counts.active} active, tokens say ${waiting.length}/${active.length}`,
      );
    }

    const seqs = new Set(seen.map((t) => t.seq));
    if (seqs.size !== seen.length) fail('entry-order', 'two tokens share one seq');
    const line = [...waiting].sort((a, b) => a.seq - b.seq);
    line.forEach((t, i) => {
      if (t.position !== i + 1) fail('positions', `waiting token ${t.token} (seq ${t.seq}) is at ${String(t.position)}, expected ${i + 1}`);
    });
    for (const t of seen) {
      if (t.state !== 'waiting' && t.position !== null) fail('positions', `${t.state} token ${t.token} has position ${t.position}`);
    }

    // FIFO: a token that was ever admitted entered before every token still waiting.
    const firstWaiting = line[0];
    if (firstWaiting) {
      for (const t of seen) {
        if (this.admittedAt.has(t.token) && t.seq > firstWaiting.seq) {
          fail('FIFO', `token ${t.token} (seq ${t.seq}) was admitted while ${firstWaiting.token} (seq ${firstWaiting.seq}) still waits`);
        }
      }
    }

    const liveUsers = new Set<string>();
    for (const t of seen) {
      if (t.state !== 'waiting' && t.state !== 'active') continue;
      if (liveUsers.has(t.userId)) fail('one-live-token-per-user', `user ${t.userId} holds two live tokens`);
      liveUsers.add(t.userId);
    }

    const times = [...this.admittedAt.values()];
    for (const at of times) {
      const inWindow = times.filter((x) => x > at - this.limits.windowMs && x <= at).length;
      if (inWindow > this.limits.admitPerMinute) {
        fail('admission-window', `${inWindow} admissions in the window ending at ${at}, admitPerMinute is ${this.limits.admitPerMinute}`);
      }
    }

    for (const t of seen) this.lastState.set(t.token, t.state);
    return seen;
  }
}

// ---------------------------------------------------------------------------------------------
// Run configuration: small pools so commands collide.

interface RunConfig {
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly sessionTtl: number;
  readonly idleTimeout: number;
  /** The most tokens one tick step touches; small values make ticks leave work for the next one. */
  readonly tickBatch: number;
}

const runConfigArb: fc.Arbitrary<RunConfig> = fc.record({
  maxActive: fc.integer({ min: 1, max: 3 }),
  // Small enough next to maxActive that the 60-second window, not only capacity, holds admission back.
  admitPerMinute: fc.integer({ min: 2, max: 4 }),
  sessionTtl: fc.constantFrom(15, 40, 90),
  idleTimeout: fc.constantFrom(5, 12, 30),
  tickBatch: fc.oneof({ weight: 2, arbitrary: fc.constant(1_000) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
});

function boxofficeConfig(c: RunConfig): Partial<BoxofficeConfig> {
  return { maxActive: c.maxActive, admitPerMinute: c.admitPerMinute, sessionTtl: c.sessionTtl, idleTimeout: c.idleTimeout, tickBatch: c.tickBatch };
}

function limitsOf(c: RunConfig): QueueLimits {
  return { maxActive: c.maxActive, admitPerMinute: c.admitPerMinute, windowMs: WINDOW_MS };
}

// ---------------------------------------------------------------------------------------------
// Sequential: fc.commands against the model.

interface SeqModel {
  readonly queues: QueueModel[];
}

interface SeqReal {
  readonly bo: Boxoffice;
  readonly clock: ManualClock;
  readonly queueIds: readonly string[];
  readonly watches: readonly QueueWatch[];
}

type SeqCommand = fc.AsyncCommand<SeqModel, SeqReal>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

async function codeOf(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

/**
 * Compares a checked snapshot of the queue a command touched with the model, token by token.
 * (Commands check the invariants on the real store first, so a broken invariant is reported as such.)
 */
function verify(model: QueueModel, seen: readonly ObservedToken[], context: string): void {
  assert.deepEqual(
    seen.map((t) => t.token).sort(),
    model.tokens.map((t) => t.token).sort(),
    `[model] after ${context}: the set of tokens differs`,
  );
  const byToken = new Map(seen.map((t) => [t.token, t]));
  let lastSeq = -Infinity;
  for (const expected of model.tokens) {
    const actual = byToken.get(expected.token)!;
    if (actual.seq <= lastSeq) assert.fail(`[entry-order] after ${context}: seq of ${actual.token} does not follow entry order`);
    lastSeq = actual.seq;
    assert.deepEqual(
      { token: actual.token, userId: actual.userId, state: actual.state, position: actual.position, activeUntil: actual.activeUntil },
      {
        token: expected.token,
        userId: expected.userId,
        state: expected.state,
        position: model.position(expected),
        activeUntil: expected.activeUntil,
      },
      `[model] after ${context}: token ${expected.token} differs from the model`,
    );
  }
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

class EnterCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly user: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const label = this.toString();
    const now = r.clock.now();
    const got = await r.bo.queue.enter(r.queueIds[this.q]!, this.user);
    r.watches[this.q]!.learn(got.status.token);
    const seen = await r.watches[this.q]!.check(label);
    const expected = m.queues[this.q]!.enter(this.user, now, got.status.token);
    assert.deepEqual(
      { created: got.created, token: got.status.token },
      { created: expected.created, token: expected.token.token },
      `[enter-idempotent] ${label}: a live token must come back, and only a user without one gets a new token`,
    );
    assert.deepEqual(
      { state: got.status.state, position: got.status.position },
      { state: expected.token.state, position: m.queues[this.q]!.position(expected.token) },
      `[model] ${label}: the returned status differs`,
    );
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `enter(q${this.q}, ${this.user})`;
  }
}

class StatusCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly tokenIndex: number,
    readonly asOwner: boolean,
  ) {}
  check(m: Readonly<SeqModel>): boolean {
    return m.queues[this.q]!.tokens.length > 0;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const model = m.queues[this.q]!;
    const target = pick(model.tokens, this.tokenIndex)!;
    const user = this.asOwner ? target.userId : otherUser(target.userId);
    const label = `${this.toString()} [${target.token} by ${user}]`;
    const now = r.clock.now();
    let status: Awaited<ReturnType<Boxoffice['queue']['status']>> | undefined;
    const code = await codeOf(async () => {
      status = await r.bo.queue.status(r.queueIds[this.q]!, target.token, user);
    });
    const seen = await r.watches[this.q]!.check(label);
    const expected = model.status(target.token, user, now);
    if (!expected) {
      assert.equal(code, 'token_not_found', `[owner] ${label}: another user's token must read as token_not_found`);
    } else {
      assert.equal(code, null, `[model] ${label}: status failed`);
      assert.deepEqual(
        { state: status!.state, position: status!.position, activeUntil: status!.activeUntil },
        { state: expected.state, position: model.position(expected), activeUntil: iso(expected.activeUntil) },
        `[model] ${label}: status differs`,
      );
    }
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `status(q${this.q}, #${this.tokenIndex}${this.asOwner ? '' : ', other user'})`;
  }
}

class LeaveCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly tokenIndex: number,
    readonly asOwner: boolean,
  ) {}
  check(m: Readonly<SeqModel>): boolean {
    return m.queues[this.q]!.tokens.length > 0;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const model = m.queues[this.q]!;
    const target = pick(model.tokens, this.tokenIndex)!;
    const user = this.asOwner ? target.userId : otherUser(target.userId);
    const label = `${this.toString()} [${target.token} by ${user}]`;
    const code = await codeOf(() => r.bo.queue.leave(r.queueIds[this.q]!, target.token, user));
    const seen = await r.watches[this.q]!.check(label);
    const ok = model.leave(target.token, user, r.clock.now());
    assert.equal(code, ok ? null : 'token_not_found', `[owner] ${label}: unexpected outcome`);
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `leave(q${this.q}, #${this.tokenIndex}${this.asOwner ? '' : ', other user'})`;
  }
}

/** The gate in front of the sale: only the owner's active, unexpired token passes. Changes nothing. */
class RequireActiveCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly tokenIndex: number,
    readonly asOwner: boolean,
  ) {}
  check(m: Readonly<SeqModel>): boolean {
    return m.queues[this.q]!.tokens.length > 0;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const target = pick(m.queues[this.q]!.tokens, this.tokenIndex)!;
    const user = this.asOwner ? target.userId : otherUser(target.userId);
    const label = `${this.toString()} [${target.token} ${target.state} by ${user}]`;
    const now = r.clock.now();
    const code = await codeOf(() => r.bo.queue.requireActive(r.queueIds[this.q]!, target.token, user));
    const seen = await r.watches[this.q]!.check(label);
    const expected =
      target.userId !== user
        ? 'token_not_found'
        : target.state === 'waiting'
          ? 'token_not_active'
          : target.state === 'active' && target.activeUntil !== null && target.activeUntil > now
            ? null
            : 'token_expired';
    assert.equal(code, expected, `[model] ${label}: the gate answered ${String(code)}`);
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `requireActive(q${this.q}, #${this.tokenIndex}${this.asOwner ? '' : ', other user'})`;
  }
}

/** Completes an admitted token (active, or already ended: completing again must change nothing). */
class CompleteCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly tokenIndex: number,
  ) {}
  private candidates(m: Readonly<SeqModel>): ModelToken[] {
    return m.queues[this.q]!.tokens.filter((t) => t.state !== 'waiting');
  }
  check(m: Readonly<SeqModel>): boolean {
    return this.candidates(m).length > 0;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const target = pick(this.candidates(m), this.tokenIndex)!;
    const label = `${this.toString()} [${target.token} ${target.state}]`;
    await r.bo.queue.complete(r.queueIds[this.q]!, target.token);
    const seen = await r.watches[this.q]!.check(label);
    m.queues[this.q]!.complete(target.token, r.clock.now());
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `complete(q${this.q}, #${this.tokenIndex})`;
  }
}

class TickCommand implements SeqCommand {
  constructor(readonly q: number) {}
  check(): boolean {
    return true;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const label = this.toString();
    const report = await r.bo.queue.tick(r.queueIds[this.q]!);
    const seen = await r.watches[this.q]!.check(label);
    const expected = m.queues[this.q]!.tick(r.clock.now(), r.bo.config.tickBatch, report);
    assert.deepEqual(
      {
        expiredSessions: [...report.expiredSessions].sort(),
        expiredIdle: [...report.expiredIdle].sort(),
        admitted: [...report.admitted],
      },
      { expiredSessions: [...expected.expiredSessions].sort(), expiredIdle: [...expected.expiredIdle].sort(), admitted: expected.admitted },
      `[model] ${label}: the tick report differs (admitted is in admission order)`,
    );
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `tick(q${this.q})`;
  }
}

/** Moves the clock by a fixed step, or to just before/at/after the next time-driven event. */
class AdvanceCommand implements SeqCommand {
  constructor(readonly step: { readonly ms: number } | { readonly toDeadline: -1 | 0 | 1 }) {}
  check(): boolean {
    return true;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const now = r.clock.now();
    let ms: number;
    if ('ms' in this.step) {
      ms = this.step.ms;
    } else {
      const deadlines = m.queues.map((q) => q.nextDeadline(now)).filter((d): d is number => d !== null);
      const target = deadlines.length === 0 ? now + 1_000 : Math.min(...deadlines) + this.step.toDeadline;
      ms = Math.max(1, target - now);
    }
    r.clock.advance(ms);
  }
  toString(): string {
    return 'ms' in this.step ? `advance(${this.step.ms}ms)` : `advanceToDeadline(${this.step.toDeadline})`;
  }
}

function otherUser(userId: string): string {
  const i = USERS.indexOf(userId as (typeof USERS)[number]);
  return USERS[(i + 1) % USERS.length]!;
}

const queueIndexArb = fc.integer({ min: 0, max: QUEUES_PER_RUN - 1 });
const userArb = fc.constantFrom(...USERS);

const seqCommandArbs: fc.Arbitrary<SeqCommand>[] = [
  fc.tuple(queueIndexArb, userArb).map(([q, u]) => new EnterCommand(q, u)),
  fc.tuple(queueIndexArb, userArb).map(([q, u]) => new EnterCommand(q, u)),
  fc.tuple(queueIndexArb, fc.nat(20), fc.boolean()).map(([q, i, own]) => new StatusCommand(q, i, own)),
  fc.tuple(queueIndexArb, fc.nat(20), fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })).map(
    ([q, i, own]) => new LeaveCommand(q, i, own),
  ),
  fc.tuple(queueIndexArb, fc.nat(20)).map(([q, i]) => new CompleteCommand(q, i)),
  fc.tuple(queueIndexArb, fc.nat(20)).map(([q, i]) => new CompleteCommand(q, i)),
  fc.tuple(queueIndexArb, fc.nat(20), fc.boolean()).map(([q, i, own]) => new RequireActiveCommand(q, i, own)),
  queueIndexArb.map((q) => new TickCommand(q)),
  queueIndexArb.map((q) => new TickCommand(q)),
  fc
    .oneof(
      fc.integer({ min: 1, max: 2_000 }),
      fc.integer({ min: 2_000, max: 20_000 }),
      fc.integer({ min: 55_000, max: 65_000 }),
    )
    .map((ms) => new AdvanceCommand({ ms })),
  fc.constantFrom(-1 as const, 0 as const, 1 as const).map((d) => new AdvanceCommand({ toDeadline: d })),
];

/** The sequential model-based property, for fc.assert (suite) or fc.check (self-tests). */
export function queueModelProperty(target: QueuePropertyTarget, maxCommands = 50) {
  return fc.asyncProperty(runConfigArb, fc.commands(seqCommandArbs, { maxCommands, size: 'max' }), async (config, cmds) => {
    if (target.reset) await target.reset();
    const tag = freshRunTag();
    const clock = new ManualClock(KIT_EPOCH);
    const bo = createBoxoffice({ store: target.store, clock, ids: new SequenceIds(tag), config: boxofficeConfig(config) });
    const queueIds = Array.from({ length: QUEUES_PER_RUN }, (_, i) => `${tag}q${i}`);
    const rule = {
      maxActive: config.maxActive,
      admitPerMinute: config.admitPerMinute,
      sessionTtlMs: config.sessionTtl * 1000,
      idleTimeoutMs: config.idleTimeout * 1000,
      windowMs: WINDOW_MS,
    };
    await fc.asyncModelRun(
      () => ({
        model: { queues: queueIds.map(() => new QueueModel(rule)) },
        real: { bo, clock, queueIds, watches: queueIds.map((id) => new QueueWatch(target.store.queue, id, limitsOf(config))) },
      }),
      cmds,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Concurrent: fc.scheduler orders the store calls of several instances.

type Op =
  | { readonly kind: 'enter' | 'leave' | 'status' | 'complete'; readonly user: number }
  | { readonly kind: 'tick' };

interface Round {
  /** One program per instance, run concurrently; each runs its ops one after another. */
  readonly programs: readonly (readonly Op[])[];
  /** Clock step after the round (all programs see one instant within a round). */
  readonly advanceMs: number;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enter' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), user: fc.nat(USERS.length - 1) }) },
);

const roundArb: fc.Arbitrary<Round> = fc.record({
  programs: fc.array(fc.array(opArb, { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 4 }),
  advanceMs: fc.constantFrom(0, 1_000, 20_000, 61_000),
});

/**
 * The store's queue port as the instances see it: each call first waits for the scheduler to
 * release it. Calls then run concurrently (so a port that is not atomic shows its race), and
 * whenever none is in flight the queue is observed and checked, with new calls held back until
 * the observation ends, so every observed state is a consistent one.
 */
function scheduledQueue(raw: QueueRepository, s: fc.Scheduler, watch: QueueWatch, failures: unknown[]): QueueRepository {
  let inFlight = 0;
  let observing: Promise<void> | null = null;
  const step =
    <A extends unknown[], T>(name: string, call: (...args: A) => Promise<T>, learn?: (result: T) => void) =>
    async (...args: A): Promise<T> => {
      await s.schedule(Promise.resolve(), name);
      while (observing) await observing;
      inFlight += 1;
      let result: T;
      try {
        result = await call(...args);
        learn?.(result);
      } finally {
        inFlight -= 1;
      }
      if (inFlight === 0 && !observing) {
        const check = watch.check(`${name} in the scheduled run`).then(
          () => undefined,
          (error: unknown) => {
            failures.push(error);
            throw error;
          },
        );
        observing = check.catch(() => undefined).finally(() => (observing = null));
        await check;
      }
      return result;
    };
  return {
    enter: step('enter', (c) => raw.enter(c), (result) => {
      if (result.refused === undefined) watch.learn(result.token.token);
    }),
    view: step('view', (q, t, h) => raw.view(q, t, h)),
    leave: step('leave', (q, t, n) => raw.leave(q, t, n)),
    complete: step('complete', (q, t, n) => raw.complete(q, t, n)),
    expireSessions: step('expireSessions', (q, n, l) => raw.expireSessions(q, n, l)),
    expireIdle: step('expireIdle', (q, b, n, l) => raw.expireIdle(q, b, n, l)),
    admit: step('admit', (q, rule, n) => raw.admit(q, rule, n)),
    seal: step('seal', (q, r, n, l) => raw.seal(q, r, n, l)),
    listDrawn: step('listDrawn', (q, o, l) => raw.listDrawn(q, o, l)),
    counts: step('counts', (q, n) => raw.counts(q, n)),
  };
}

/** The concurrent property, for fc.assert (suite) or fc.check (self-tests). */
export function queueSchedulerProperty(target: QueuePropertyTarget) {
  return fc.asyncProperty(
    fc.scheduler(),
    runConfigArb,
    fc.array(roundArb, { minLength: 1, maxLength: 3 }),
    async (s, config, rounds) => {
      if (target.reset) await target.reset();
      const tag = freshRunTag();
      const queueId = `${tag}q0`;
      const clock = new ManualClock(KIT_EPOCH);
      const watch = new QueueWatch(target.store.queue, queueId, limitsOf(config));
      const failures: unknown[] = [];
      const queue = scheduledQueue(target.store.queue, s, watch, failures);
      const store: BoxofficeStore = { ...target.store, queue };
      const ids = new SequenceIds(tag);
      const instances = Array.from({ length: 4 }, () => createBoxoffice({ store, clock, ids, config: boxofficeConfig(config) }));
      const tokenOf = new Map<string, string>();

      const perform = async (bo: Boxoffice, op: Op): Promise<void> => {
        if (op.kind === 'tick') {
          await bo.queue.tick(queueId);
          return;
        }
        const user = USERS[op.user]!;
        const token = tokenOf.get(user);
        switch (op.kind) {
          case 'enter': {
            const got = await bo.queue.enter(queueId, user);
            tokenOf.set(user, got.status.token);
            return;
          }
          case 'leave':
            if (token) await bo.queue.leave(queueId, token, user);
            return;
          case 'status':
            if (token) await bo.queue.status(queueId, token, user);
            return;
          case 'complete':
            // Payment completes only tokens it saw active; the token may have ended since.
            if (token && watch.lastStateOf(token) === 'active') await bo.queue.complete(queueId, token);
            return;
        }
      };

      for (const round of rounds) {
        const programs = round.programs.map(async (ops, i) => {
          for (const op of ops) await perform(instances[i]!, op);
        });
        await s.waitFor(Promise.all(programs));
        clock.advance(round.advanceMs);
      }
      if (failures.length > 0) throw failures[0];
      await watch.check('the scheduled run');
      assert.ok(
        watch.maxActiveSeen <= config.maxActive,
        `[capacity] at most ${watch.maxActiveSeen} active seen, maxActive is ${config.maxActive}`,
      );
    },
  );
}
