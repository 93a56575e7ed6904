import { drawKey } from '../sale/draw.js';
import type { ActiveSale, SaleService } from '../sale/sale-service.js';
import type { PaceRule, RateSample } from '../sale/wait-estimate.js';
import { estimateWaitSeconds, measureTurnover, rampedCap } from '../sale/wait-estimate.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import { SAFE_ID } from '../shared/ids.js';
import type { Pace } from './pace.js';
import { DepartureMeter } from './departures.js';
import { paceOf, pollAfterMs } from './pace.js';
import type { AdmissionRule, EnterRefusal, QueueCounts, QueueRepository, StatusRead, TokenView } from './queue-repository.js';
import { Coalescer } from './status-batch.js';
import { LineMemory } from './line-memory.js';
import type { QueueStatus, QueueTokenPrimitives, SealReason } from './queue-token.js';
import { saleToken } from './queue-token.js';

export interface TickReport {
  readonly expiredSessions: readonly string[];
  readonly expiredIdle: readonly string[];
  readonly admitted: readonly string[];
  /** Waiting and pre-queue tokens ended because the sale sold out or was closed. */
  readonly ended: readonly string[];
}

const ADMISSION_WINDOW_MS = 60_000;
/** How long after the opening a pre-queue token is told to poll again. */
const PRE_QUEUE_POLL_LAG_MS = 2_000;

/** A lean poll (see `inLine`): its token's seq, with the poll's time when it owes a heartbeat. */
type LinePoll = number | { readonly seq: number; readonly at: number };

/**
 * The waiting room of each sale: enter, poll, leave, and the admission tick.
 * A sale's queue id is its sale id.
 */
export class QueueService {
  /** The last tick's counts per queue, and the last turnover measured: what etaSeconds is made of. */
  private readonly samples = new Map<string, RateSample>();
  private readonly turnovers = new Map<string, number>();
  /** Per queue, how fast people leave its line on their own (departures.ts). */
  private readonly departures = new Map<string, DepartureMeter>();
  /**
   * The longest line this process has seen per queue (ticks' counts, polled places): the pace
   * (pace.ts) follows it. It only grows, so an idle timeout never shrinks under a waiter who was
   * told to poll rarely.
   */
  private readonly longest = new Map<string, number>();
  /** Status reads of one queue arriving together go to the store as one statusMany. */
  private readonly reads = new Coalescer<StatusRead, TokenView | null>((queueId, reads) =>
    // The slack depends on the line's length alone, not on the sale's idle timeout.
    this.repo.statusMany(queueId, reads, this.paceFor(queueId, 0).heartbeatSlackMs),
  );

  /**
   * The lean status path (issue 17). A poll of a token this process read as the poller's, waiting in the line,
   * asks the store for its place by seq alone (`linePlaces`: no record read), with a heartbeat when one is owed
   * (the token was last seen a slack or more ago), which the store keeps by seq. The place says the token still
   * waits and where; null sends the poll on to a full read, which tells where it went. The remembered record
   * is otherwise what a full read would answer: a token waiting in the line changes nothing shown but its place.
   */
  private readonly inLine: LineMemory;
  private readonly paceRules = new WeakMap<PaceRule, PaceRule>();
  private readonly places = new Coalescer<LinePoll, number | null>((queueId, polls) => this.linePlaces(queueId, polls), 0, 1024, 4);

  constructor(
    private readonly repo: QueueRepository,
    private readonly sales: SaleService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
  ) {
    // Up to `lineMemoryTokens`: past it the older half is forgotten, and each one's next poll is a full read.
    this.inLine = new LineMemory(config.lineMemoryTokens);
  }

  /**
   * Idempotent per user: a live token is returned instead of a new one. Before
   * the sale opens the token joins the pre-queue with its draw key; its idle
   * clock starts at the opening. A sold-out or closed sale refuses newcomers.
   */
  async enter(queueId: string, userId: string): Promise<{ status: QueueStatus; created: boolean }> {
    assertQueueId(queueId);
    assertUserId(userId);
    const sale = await this.sales.active(queueId);
    if (sale.closed) throw sealedError('closed', sale.id);
    const now = this.clock.now();
    const token = saleToken(sale.id, this.ids.newToken());
    const early = sale.record !== null && now < sale.opensAt;
    // The store applies the queue's mode in the same step: refused under `reject`, active at once under `passthrough`.
    const result = await this.repo.enter({
      token,
      queueId,
      userId,
      state: 'waiting',
      enteredAt: now,
      lastSeenAt: early ? sale.opensAt : now,
      activatedAt: null,
      activeUntil: null,
      endedAt: null,
      drawKey: early ? drawKey(sale.record!.seed, token) : null,
      endReason: null,
    }, sale.settings.sessionTtlSeconds * 1000);
    if (result.refused !== undefined) throw refusedError(result.refused, sale.id);
    this.keepInLine(result.token);
    return { status: this.toStatus(sale, result.token, result.position, result.openedAt, now), created: result.created };
  }

  /**
   * A status read that counts as a heartbeat. Concurrent reads of one queue in this process are
   * coalesced (those of one event-loop turn, or behind the call in flight) into one `statusMany`.
   */
  async status(queueId: string, token: string, userId: string): Promise<QueueStatus> {
    const sale = await this.sales.active(queueId);
    const now = this.clock.now();
    const known = this.inLine.get(token);
    if (known !== undefined && known.queueId === queueId && known.userId === userId) {
      const owes = now - known.lastSeenAt >= this.paceFor(queueId, 0).heartbeatSlackMs;
      const place = await this.places.submit(queueId, owes ? { seq: known.seq, at: now } : known.seq);
      if (place !== null) {
        // Remembered as seen now, so the next polls within the slack owe nothing (once a slack: the spread is rare).
        if (owes) this.inLine.set({ ...known, lastSeenAt: now });
        return this.toStatus(sale, known, place, null, now);
      }
    }
    const view = await this.reads.submit(queueId, { token, heartbeat: { at: now, userId } });
    if (!view) {
      this.inLine.delete(token);
      throw tokenNotFound();
    }
    assertOwner(view.token, userId);
    this.keepInLine(view.token);
    return this.toStatus(sale, view.token, view.position, view.openedAt, now);
  }

  /** One store call for a batch of lean polls: their heartbeats go at the earliest of their times (never later than seen). */
  private linePlaces(queueId: string, polls: readonly LinePoll[]): Promise<Array<number | null>> {
    let beats: number[] | undefined;
    let at = Infinity;
    const seqs = polls.map((p) => {
      if (typeof p === 'number') return p;
      (beats ??= []).push(p.seq);
      at = Math.min(at, p.at);
      return p.seq;
    });
    return this.repo.linePlaces!(queueId, seqs, beats && { at, seqs: beats });
  }

  /**
   * Keeps a token read waiting in the line for the lean status path (see `inLine`); forgets any other. Only on a
   * long line: a short one keeps the first release's pace exactly, every poll a heartbeat written to the record.
   */
  private keepInLine(t: QueueTokenPrimitives): void {
    if (this.repo.linePlaces === undefined || this.config.lineMemoryTokens === 0) return;
    if (t.state !== 'waiting' || t.drawKey !== null || this.paceFor(t.queueId, 0).heartbeatSlackMs === 0) {
      this.inLine.delete(t.token);
      return;
    }
    this.inLine.set(t);
  }

  /** The user gives up their place or session. Leaving twice is harmless. */
  async leave(queueId: string, token: string, userId: string): Promise<void> {
    const view = await this.repo.view(queueId, token);
    if (!view) throw tokenNotFound();
    assertOwner(view.token, userId);
    await this.repo.leave(queueId, token, this.clock.now());
    if (view.token.state === 'waiting') this.meter(queueId).depart();
  }

  private meter(queueId: string): DepartureMeter {
    let meter = this.departures.get(queueId);
    if (!meter) this.departures.set(queueId, (meter = new DepartureMeter()));
    return meter;
  }

  /** The gate in front of the sale: the token must be this user's and active now. */
  async requireActive(queueId: string, token: string, userId: string): Promise<QueueTokenPrimitives> {
    const view = await this.repo.view(queueId, token);
    if (!view) throw tokenNotFound();
    assertOwner(view.token, userId);
    const t = view.token;
    if (t.state === 'waiting') {
      const preQueue = t.drawKey !== null && view.openedAt === null;
      throw new DomainError('token_not_active', 'This queue token is still waiting for admission.', {
        position: preQueue ? null : view.position,
        state: preQueue ? 'pre_queue' : 'waiting',
      });
    }
    const now = this.clock.now();
    if (t.state !== 'active' || (t.activeUntil !== null && t.activeUntil <= now)) {
      throw new DomainError('token_expired', 'This queue session has ended. Enter the queue again.', { state: t.state, endReason: t.endReason });
    }
    return t;
  }

  /** Ends an active session after a successful payment. Idempotent. */
  async complete(queueId: string, token: string): Promise<void> {
    await this.repo.complete(queueId, token, this.clock.now());
  }

  /**
   * One admission tick of a sale, in the spec's order, plus the sale's ends:
   * a sold-out or closed sale seals its queue (no entries, no admissions) and
   * ends its waiting tokens, at most `tickBatch` a tick. Nothing is admitted
   * before `opensAt`; the first admission after it opens the queue, which
   * fixes the draw. The sale's mode reaches the queue here if a change has not
   * yet (the version fences it); `paused` admits nobody and idles nobody,
   * `passthrough` admits with no cap or rate. Several ticks may run at once, in any process.
   */
  async tick(queueId: string): Promise<TickReport> {
    const sale = await this.sales.active(queueId);
    const now = this.clock.now();
    const limit = this.config.tickBatch;
    const expiredSessions = await this.repo.expireSessions(queueId, now, limit);
    const counts = await this.repo.counts(queueId, now);
    if (sale.record !== null && counts.modeVersion < sale.version) await this.repo.setMode(queueId, sale.mode, sale.version, now);
    const reason = await this.sealReason(sale, counts);
    const ended = reason !== null && (counts.sealed === null || counts.waiting > 0) ? await this.repo.seal(queueId, reason, now, limit) : [];
    // The pace of a long line stretches the idle timeout (pace.ts).
    const idleMs = this.paceFor(queueId, sale.settings.idleTimeoutSeconds * 1000, counts.waiting).idleMs;
    // Idle clocks start at the opening (whenever an operator moved it to), and stand still while paused.
    const idles = sale.mode !== 'paused' && now - idleMs >= sale.opensAt;
    const expiredIdle = idles ? await this.repo.expireIdle(queueId, now - idleMs, now, limit) : [];
    this.meter(queueId).depart(expiredIdle.length);
    const admits = reason === null && now >= sale.opensAt && sale.mode !== 'paused';
    const admitted = admits ? await this.repo.admit(queueId, this.rule(sale, counts.openedAt ?? now, now), now) : [];
    // The counts as they stand after this tick's admissions (the admit opened the queue if it was not), with no extra read.
    this.remember(queueId, sale, now, {
      admittedLastMinute: counts.admittedLastMinute + admitted.length,
      openedAt: counts.openedAt ?? (admits ? now : null),
      active: counts.active + admitted.length,
      waiting: counts.waiting,
    });
    return { expiredSessions, expiredIdle, admitted, ended };
  }

  /** A sold-out sale's queue takes entrants again: a seat came back and nobody waits for it. A closed sale stays sealed. */
  async reopen(queueId: string): Promise<boolean> {
    return this.repo.unseal(queueId, this.clock.now());
  }

  async counts(queueId: string): Promise<QueueCounts> {
    return this.repo.counts(queueId, this.clock.now());
  }

  /** The wait a token at `position` of this queue would be told now (the console's tail estimate). */
  estimate(queueId: string, position: number, settings: PaceRule): number {
    return estimateWaitSeconds(position, this.samples.get(queueId) ?? null, this.paceRule(settings), this.turnovers.get(queueId) ?? null, this.clock.now(), this.departures.get(queueId)?.hazard());
  }

  /** The pace of a queue by the longest line seen here, `seen` (a count or a place) included. */
  private paceFor(queueId: string, idleTimeoutMs: number, seen = 0): Pace {
    const longest = Math.max(this.longest.get(queueId) ?? 0, seen);
    if (longest > 0) this.longest.set(queueId, longest);
    return paceOf(idleTimeoutMs, longest);
  }

  /** A sale's settings with the host's admission ramp: what the wait estimate models. */
  private paceRule(settings: PaceRule): PaceRule {
    // Made once per settings object (a sale's, cached with it): every waiting poll asks, and a spread costs microseconds.
    let rule = this.paceRules.get(settings);
    if (rule === undefined) this.paceRules.set(settings, (rule = { ...settings, admissionRampMs: this.config.admissionRampSeconds * 1000 }));
    return rule;
  }

  private rule(sale: ActiveSale, openedAt: number, now: number): AdmissionRule {
    // passthrough: everyone in line goes in, tickBatch a tick, with no cap or rate.
    const open = sale.mode === 'passthrough';
    return {
      maxActive: open ? Number.MAX_SAFE_INTEGER : sale.settings.maxActive,
      admitPerMinute: open ? Number.MAX_SAFE_INTEGER : rampedCap(sale.settings.admitPerMinute, this.config.admissionRampSeconds * 1000, openedAt, now),
      windowMs: ADMISSION_WINDOW_MS,
      sessionTtlMs: sale.settings.sessionTtlSeconds * 1000,
      limit: this.config.tickBatch,
    };
  }

  /** A sealed queue stays sealed; otherwise a closed sale, or a stored one whose every seat is sold. */
  private async sealReason(sale: ActiveSale, counts: QueueCounts): Promise<SealReason | null> {
    if (counts.sealed !== null) return counts.sealed;
    if (sale.closed) return 'closed';
    if (sale.record !== null && (await this.sales.isSoldOut(sale.record))) return 'sold_out';
    return null;
  }

  private remember(queueId: string, sale: ActiveSale, now: number, counts: Pick<RateSample, 'admittedLastMinute' | 'openedAt' | 'active'> & { waiting: number }): void {
    const sample: RateSample = { ...counts, maxActive: sale.settings.maxActive, at: now };
    this.meter(queueId).tick(now, counts.waiting);
    this.samples.set(queueId, sample);
    // Kept across ticks: while the window holds admissions back, the turnover cannot be seen.
    const turnover = measureTurnover(sample, this.paceRule(sale.settings));
    if (turnover !== null) this.turnovers.set(queueId, turnover);
  }

  private toStatus(sale: ActiveSale, t: QueueTokenPrimitives, position: number | null, openedAt: number | null, now: number): QueueStatus {
    const idleMs = sale.settings.idleTimeoutSeconds * 1000;
    if (t.state === 'waiting' && t.drawKey !== null && openedAt === null) {
      // The pre-queue: no place until the draw, which the first tick at or after opensAt makes. Poll a couple
      // of ticks after the opening (its place is drawn then, and the first admissions give the wait estimate
      // data), not all at its instant; and often enough for the idle clock, which starts at the opening.
      const pollAfterMs = Math.min(Math.max(1000, sale.opensAt - now + PRE_QUEUE_POLL_LAG_MS), 10_000, Math.floor(idleMs / 3));
      return statusOf(sale, t, 'pre_queue', null, null, null, pollAfterMs);
    }
    if (t.state === 'waiting') {
      const p = position ?? 1;
      const etaSeconds = estimateWaitSeconds(p, this.samples.get(t.queueId) ?? null, this.paceRule(sale.settings), this.turnovers.get(t.queueId) ?? null, now, this.departures.get(t.queueId)?.hazard());
      // Poll sooner near the head; at most the pace's cap, which keeps clear of the idle timeout.
      const pace = this.paceFor(t.queueId, idleMs, p);
      return statusOf(sale, t, 'waiting', p, etaSeconds, null, pollAfterMs(etaSeconds, pace));
    }
    const activeUntil = t.activeUntil === null ? null : new Date(t.activeUntil).toISOString();
    return statusOf(sale, t, t.state, null, null, activeUntil, t.state === 'active' ? 30_000 : 0);
  }
}

/**
 * A status, built as one object literal with every key in one order. On Node 20 the spread it replaced,
 * `{ ...common, state, ... }` (a spread followed by more keys), cost ~10 µs a status poll: more than the
 * rest of the poll's work in core and the memory store together.
 */
function statusOf(
  sale: ActiveSale,
  t: QueueTokenPrimitives,
  state: QueueStatus['state'],
  position: number | null,
  etaSeconds: number | null,
  activeUntil: string | null,
  pollAfterMs: number,
): QueueStatus {
  return {
    token: t.token,
    saleId: sale.id,
    mode: sale.mode,
    opensAt: sale.record === null ? null : opensAtIso(sale.opensAt),
    endReason: t.endReason,
    state,
    position,
    etaSeconds,
    activeUntil,
    pollAfterMs,
  };
}

/** The last opening time formatted: every poll of a sale repeats it, and a Date's toISOString costs ~1 µs. */
let lastOpensAt = Number.NaN;
let lastOpensAtIso = '';
function opensAtIso(ms: number): string {
  if (ms !== lastOpensAt) {
    lastOpensAtIso = new Date(ms).toISOString();
    lastOpensAt = ms;
  }
  return lastOpensAtIso;
}

function refusedError(reason: EnterRefusal, saleId: string): DomainError {
  if (reason === 'reject') {
    return new DomainError('sale_not_accepting', 'This sale takes no new entrants just now; those already in line keep their places.', { saleId });
  }
  return sealedError(reason, saleId);
}

function sealedError(reason: SealReason, saleId: string): DomainError {
  return reason === 'sold_out'
    ? new DomainError('sale_sold_out', 'This sale is sold out; its waiting room takes no one.', { saleId, waitlist: `/v1/sales/${saleId}/waitlist` })
    : new DomainError('sale_closed', 'This sale is closed.', { saleId });
}

function tokenNotFound(): DomainError {
  return new DomainError('token_not_found', 'No such queue token.');
}

/** Another user's token is reported as unknown, so nothing about it leaks. */
function assertOwner(t: QueueTokenPrimitives, userId: string): void {
  if (t.userId !== userId) throw tokenNotFound();
}

export function assertQueueId(queueId: string): void {
  if (!SAFE_ID.test(queueId)) throw new DomainError('validation_failed', 'A queue id is 1-64 letters, digits, _ or -.');
}

export function assertUserId(userId: string): void {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 128) {
    throw new DomainError('validation_failed', 'A user id is 1-128 characters.');
  }
}
