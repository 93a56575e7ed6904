import type { EndReason, QueueState, QueueStatusState, SealReason } from '../queue/queue-token.js';

/**
 * The reference semantics of one waiting queue, written as plainly as possible (arrays and
 * linear scans), for the property tests to compare a real store against. Times are epoch ms.
 * Boundaries follow the port's doc comments: a session ends when `activeUntil <= now`, a waiting
 * token is idle when it has not been seen for idleTimeout outside the operator's pauses, and an admission counts in the window
 * while `at > now - windowMs`.
 */
export interface QueueModelRule {
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly sessionTtlMs: number;
  readonly idleTimeoutMs: number;
  readonly windowMs: number;
  /** The sale's opening: entrants before it form the pre-queue, nobody is admitted before it. */
  readonly opensAt: number;
  /** The draw key of a pre-queue token (HMAC-SHA256 of the sale's seed and the token). */
  readonly drawKey: (token: string) => string;
}

export interface ModelToken {
  readonly token: string;
  readonly userId: string;
  state: QueueState;
  enteredAt: number;
  lastSeenAt: number;
  activatedAt: number | null;
  activeUntil: number | null;
  endedAt: number | null;
  /** Set for a pre-queue token. */
  readonly drawKey: string | null;
  endReason: EndReason | null;
}

export interface ModelTick {
  readonly expiredSessions: string[];
  readonly expiredIdle: string[];
  readonly admitted: string[];
  /** Waiting tokens ended because the queue is sealed. */
  readonly ended: string[];
}

export class QueueModel {
  /** Every token ever issued, in entry order. */
  readonly tokens: ModelToken[] = [];
  /** Every admission time, oldest first. */
  readonly admissions: number[] = [];
  /** The first admission at or after opensAt opens the queue; the draw is final from then on. */
  openedAt: number | null = null;
  /** The operator's pauses as [start, end], end null while one runs: no admissions, and idle clocks stand still. */
  readonly pauses: Array<[number, number | null]> = [];
  /** Sold out or closed: no entries, no admissions, the waiting ended a batch at a time. */
  sealed: SealReason | null = null;

  constructor(readonly rule: QueueModelRule) {}

  find(token: string): ModelToken | undefined {
    return this.tokens.find((t) => t.token === token);
  }

  liveOf(userId: string): ModelToken | undefined {
    return this.tokens.find((t) => t.userId === userId && (t.state === 'waiting' || t.state === 'active'));
  }

  /** The waiting tokens in queue order: the pre-queue by draw key, then the rest in entry order. */
  waiting(): ModelToken[] {
    const waiting = this.tokens.filter((t) => t.state === 'waiting');
    const drawn = waiting.filter((t) => t.drawKey !== null).sort((a, b) => (a.drawKey! < b.drawKey! ? -1 : 1));
    return [...drawn, ...waiting.filter((t) => t.drawKey === null)];
  }

  /** The state a client sees: a pre-queue token before the opening is pre_queue. */
  statusState(t: ModelToken): QueueStatusState {
    return t.state === 'waiting' && t.drawKey !== null && this.openedAt === null ? 'pre_queue' : t.state;
  }

  get paused(): boolean {
    return this.pauses.length > 0 && this.pauses[this.pauses.length - 1]![1] === null;
  }

  pause(now: number): void {
    if (!this.paused) this.pauses.push([now, null]);
  }

  resume(now: number): void {
    if (this.paused) this.pauses[this.pauses.length - 1]![1] = now;
  }

  /** How long a token last seen at `seen` has been idle at `now`, paused time not counted. */
  idleFor(seen: number, now: number): number {
    const paused = this.pauses.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b ?? now, now) - Math.max(a, seen)), 0);
    return now - seen - paused;
  }

  active(): ModelToken[] {
    return this.tokens.filter((t) => t.state === 'active');
  }

  position(t: ModelToken): number | null {
    if (t.state !== 'waiting' || this.statusState(t) === 'pre_queue') return null;
    return this.waiting().indexOf(t) + 1;
  }

  /** A user's live token comes back (a heartbeat if waiting); otherwise, unless sealed, `newToken` joins the tail. */
  enter(userId: string, now: number, newToken: string): { token: ModelToken; created: boolean } | { refused: SealReason } {
    const live = this.liveOf(userId);
    if (live) {
      if (live.state === 'waiting') live.lastSeenAt = Math.max(live.lastSeenAt, now);
      return { token: live, created: false };
    }
    if (this.sealed !== null) return { refused: this.sealed };
    // Before the opening: the pre-queue, whose idle clock starts at the opening.
    const early = now < this.rule.opensAt && this.openedAt === null;
    const token: ModelToken = {
      token: newToken,
      userId,
      state: 'waiting',
      enteredAt: now,
      lastSeenAt: early ? this.rule.opensAt : now,
      activatedAt: null,
      activeUntil: null,
      endedAt: null,
      drawKey: early ? this.rule.drawKey(newToken) : null,
      endReason: null,
    };
    this.tokens.push(token);
    return { token, created: true };
  }

  /**
   * A status poll by `userId`: a heartbeat when waiting; undefined when unknown or not theirs.
   * Another user's poll is rejected and records no heartbeat.
   */
  status(token: string, userId: string, now: number): ModelToken | undefined {
    const t = this.find(token);
    if (!t) return undefined;
    if (t.userId !== userId) return undefined;
    if (t.state === 'waiting') t.lastSeenAt = Math.max(t.lastSeenAt, now);
    return t;
  }

  /** false when unknown or not theirs (token_not_found); ending an ended token changes nothing. */
  leave(token: string, userId: string, now: number): boolean {
    const t = this.find(token);
    if (!t || t.userId !== userId) return false;
    if (t.state === 'waiting' || t.state === 'active') this.end(t, 'expired', now, 'left');
    return true;
  }

  complete(token: string, now: number): void {
    const t = this.find(token);
    if (t && t.state === 'active') this.end(t, 'completed', now, 'paid');
  }

  /** Seals the queue (the first reason stays) and ends up to `limit` waiting tokens with its reason. */
  seal(reason: SealReason, now: number, limit = Infinity, chosen?: readonly string[]): string[] {
    this.sealed ??= reason;
    const ended = pickUpTo(this.waiting(), limit, chosen);
    for (const t of ended) this.end(t, 'expired', now, this.sealed);
    return ended.map((t) => t.token);
  }

  /**
   * The spec's three steps, in order, each touching at most `limit` tokens (the tickBatch), with a
   * sealed queue's batch of ends after the first and no admission. When more are due than `limit`,
   * any `limit` of them may go: the model takes the real store's `chosen` ones if they are a valid
   * choice, else the oldest (and so disagrees).
   */
  tick(
    now: number,
    limit = Infinity,
    chosen?: { expiredSessions: readonly string[]; expiredIdle: readonly string[]; ended?: readonly string[] },
  ): ModelTick {
    const dueSessions = this.active().filter((t) => t.activeUntil !== null && t.activeUntil <= now);
    const expiredSessions = pickUpTo(dueSessions, limit, chosen?.expiredSessions);
    for (const t of expiredSessions) this.end(t, 'expired', now, 'session_ended');
    const ended = this.sealed !== null && this.waiting().length > 0 ? this.seal(this.sealed, now, limit, chosen?.ended) : [];

    const dueIdle = this.paused ? [] : this.waiting().filter((t) => this.idleFor(t.lastSeenAt, now) >= this.rule.idleTimeoutMs);
    const expiredIdle = pickUpTo(dueIdle, limit, chosen?.expiredIdle);
    for (const t of expiredIdle) this.end(t, 'expired', now, 'idle');

    const admitted: string[] = [];
    const report = { expiredSessions: expiredSessions.map((t) => t.token), expiredIdle: expiredIdle.map((t) => t.token), admitted, ended };
    if (now < this.rule.opensAt || this.sealed !== null || this.paused) return report;
    this.openedAt ??= now;
    const inWindow = this.admissions.filter((at) => at > now - this.rule.windowMs).length;
    const room = Math.min(this.rule.maxActive - this.active().length, this.rule.admitPerMinute - inWindow, limit);
    for (const t of this.waiting().slice(0, Math.max(0, room))) {
      t.state = 'active';
      t.activatedAt = now;
      t.activeUntil = now + this.rule.sessionTtlMs;
      this.admissions.push(now);
      admitted.push(t.token);
    }
    return report;
  }

  /** The earliest instant after `now` at which a tick would change something by time alone. */
  nextDeadline(now: number): number | null {
    const times: number[] = [];
    for (const t of this.active()) if (t.activeUntil !== null) times.push(t.activeUntil);
    if (!this.paused) for (const t of this.waiting()) times.push(now + this.rule.idleTimeoutMs - this.idleFor(t.lastSeenAt, now));
    for (const at of this.admissions) times.push(at + this.rule.windowMs);
    if (this.openedAt === null) times.push(this.rule.opensAt);
    const future = times.filter((at) => at > now);
    return future.length === 0 ? null : Math.min(...future);
  }

  private end(t: ModelToken, to: 'completed' | 'expired', now: number, reason: EndReason): void {
    t.state = to;
    t.endedAt = now;
    t.endReason = reason;
  }
}

function pickUpTo(due: ModelToken[], limit: number, chosen: readonly string[] | undefined): ModelToken[] {
  if (due.length <= limit) return due;
  if (chosen && chosen.length === limit && new Set(chosen).size === limit) {
    const picked = chosen.map((token) => due.find((t) => t.token === token));
    if (picked.every((t) => t !== undefined)) return picked as ModelToken[];
  }
  return due.slice(0, limit);
}
