import { skipsHeartbeat } from '../queue/pace.js';
import type { AdmissionRule, EnterResult, Heartbeat, LineHeartbeat, QueueCounts, QueueRepository, StatusRead, TokenView } from '../queue/queue-repository.js';
import type { EndReason, QueueTokenPrimitives, SealReason } from '../queue/queue-token.js';
import type { SaleMode } from '../sale/sale.js';
import type { EventSink } from '../events/event-drafts.js';
import { drafts, NO_EVENTS } from '../events/event-drafts.js';

type Token = { -readonly [K in keyof QueueTokenPrimitives]: QueueTokenPrimitives[K] };

export interface NaiveQueueBugs {
  /** Admit the newest waiting token first. */
  readonly lifo?: boolean;
  /** Admission also picks tokens that left the line while waiting. */
  readonly admitEnded?: boolean;
  /** A position counts every earlier token, ended ones too. */
  readonly stalePositions?: boolean;
  /** Every queue id shares one line (a key without its queue). */
  readonly oneLine?: boolean;
  /** The pre-queue is admitted in arrival order, ignoring the draw keys. */
  readonly arrivalDraw?: boolean;
  /** A pre-queue token that enters after the opening still jumps ahead of the line. */
  readonly lateDraw?: boolean;
  /** An admission that reaches the end of the draw admits nobody from the line in the same call. */
  readonly drawEndStops?: boolean;
  /** The seal stops entries but admission goes on. */
  readonly admitSealed?: boolean;
  /** One admission window for every queue: sales share a budget. */
  readonly sharedBudget?: boolean;
  /** A token is found by its string in any queue. */
  readonly globalTokens?: boolean;
  /** The idle expiry ends tokens without saying why. */
  readonly noIdleReason?: boolean;
  /** The idle clock runs from entry, ignoring the stored lastSeenAt (a pre-queue token would expire before the opening). */
  readonly idleFromEntry?: boolean;
  /** admittedLastMinute counts every admission ever. */
  readonly staleAdmissionCount?: boolean;
  /** A paused queue still admits. */
  readonly pauseAdmits?: boolean;
  /** The idle clocks run on through a pause. */
  readonly pauseIdles?: boolean;
  /** Resuming puts the line back in heartbeat order (the last seen last). */
  readonly resumeReorders?: boolean;
  /** Passthrough is ignored: entrants wait like any other. */
  readonly passthroughWaits?: boolean;
  /** Reject is ignored: newcomers still get in. */
  readonly rejectAdmitsNewcomers?: boolean;
  /** setMode ignores the version: an older copy of the sale undoes a newer change. */
  readonly staleModeWins?: boolean;
  /** unseal() reopens a closed queue too, not only a sold-out one. */
  readonly unsealsClosed?: boolean;
  /** The seal ends the line but forgets the pre-queue. */
  readonly sealSkipsPreQueue?: boolean;
  /** A batched status read records its heartbeat whoever polls the token. */
  readonly batchAnyPoller?: boolean;
  /** A batched status read never records a heartbeat. */
  readonly batchDropsHeartbeats?: boolean;
  /** A batched read during a pause records no heartbeat (the batch path gets the pause-free clock wrong). */
  readonly batchSkipsPausedHeartbeat?: boolean;
  /** Places by seq rank a token that left the line as if it were still in it (no membership check). */
  readonly placesOfTheGone?: boolean;
  /** Places by seq drop the heartbeats sent with them. */
  readonly deafLinePlaces?: boolean;
}

type Q = {
  tokens: Token[];
  admissions: number[];
  ever: number;
  openedAt: number | null;
  sealed: SealReason | null;
  mode: SaleMode;
  modeVersion: number;
  /** Every pause as [start, end]; end null while it runs. */
  pauses: Array<[number, number | null]>;
};

/**
 * A deliberately simple queue (linear scans) for the kit's self-tests: with no
 * bugs switched on it keeps the QueueRepository contract, so a failing check
 * against a bugged one is caused by the bug.
 */
export class NaiveQueueRepository implements QueueRepository {
  private readonly queues = new Map<string, Q>();

  constructor(
    private readonly bugs: NaiveQueueBugs = {},
    private readonly events: EventSink = NO_EVENTS,
  ) {}

  async enter(candidate: Omit<QueueTokenPrimitives, 'seq'>, sessionTtlMs?: number): Promise<EnterResult> {
    const q = this.queue(candidate.queueId);
    const live = q.tokens.find((t) => t.userId === candidate.userId && (t.state === 'waiting' || t.state === 'active'));
    if (live) {
      if (live.state === 'waiting') live.lastSeenAt = Math.max(live.lastSeenAt, candidate.enteredAt);
      return { token: { ...live }, created: false, position: this.position(q, live), openedAt: q.openedAt };
    }
    if (q.sealed) return { refused: q.sealed };
    if (q.mode === 'reject' && !this.bugs.rejectAdmitsNewcomers) return { refused: 'reject' };
    const drawKey = q.openedAt === null || this.bugs.lateDraw ? candidate.drawKey : null;
    const token: Token = { ...candidate, state: 'waiting', seq: q.tokens.length + 1, drawKey, endReason: null };
    q.tokens.push(token);
    if (q.mode === 'passthrough' && q.openedAt !== null && drawKey === null && sessionTtlMs !== undefined && !this.bugs.passthroughWaits) {
      token.state = 'active';
      token.activatedAt = token.enteredAt;
      token.activeUntil = token.enteredAt + sessionTtlMs;
      q.admissions.push(token.enteredAt);
      q.ever += 1;
      this.events.append(drafts.admitted(token, token.activeUntil, token.enteredAt));
      return { token: { ...token }, created: true, position: null, openedAt: q.openedAt };
    }
    return { token: { ...token }, created: true, position: this.position(q, token), openedAt: q.openedAt };
  }

  async view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null> {
    const q = this.bugs.globalTokens
      ? [...this.queues.values()].find((x) => x.tokens.some((y) => y.token === token))
      : this.queues.get(this.bugs.oneLine ? '*' : queueId);
    const t = q?.tokens.find((x) => x.token === token);
    if (!q || !t) return null;
    if (heartbeat && t.state === 'waiting' && t.userId === heartbeat.userId) t.lastSeenAt = Math.max(t.lastSeenAt, heartbeat.at);
    return { token: { ...t }, position: this.position(q, t), openedAt: q.openedAt };
  }

  statusMany(queueId: string, reads: readonly StatusRead[], slackMs: number): Promise<Array<TokenView | null>> {
    return Promise.all(
      reads.map((r) => {
        const t = this.find(queueId, r.token);
        let hb = skipsHeartbeat(t, r, slackMs) || this.bugs.batchDropsHeartbeats ? undefined : r.heartbeat;
        if (hb && t && this.bugs.batchAnyPoller) hb = { ...hb, userId: t.userId };
        if (hb && this.bugs.batchSkipsPausedHeartbeat && this.queue(queueId).mode === 'paused') hb = undefined;
        return this.view(queueId, r.token, hb);
      }),
    );
  }

  async leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const t = this.find(queueId, token);
    if (!t) return null;
    if (t.state === 'waiting' || t.state === 'active') this.end(t, 'expired', 'left', now);
    return { ...t };
  }

  async complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const t = this.find(queueId, token);
    if (!t) return null;
    if (t.state === 'active') this.end(t, 'completed', 'paid', now);
    return { ...t };
  }

  async expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    const due = this.tokens(queueId).filter((t) => t.state === 'active' && (t.activeUntil ?? Infinity) <= now).slice(0, limit);
    for (const t of due) this.end(t, 'expired', 'session_ended', now);
    return due.map((t) => t.token);
  }

  async expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    const q = this.queues.get(this.bugs.oneLine ? '*' : queueId);
    if (!q || (q.mode === 'paused' && !this.bugs.pauseIdles)) return [];
    const seen = (t: Token) => (this.bugs.idleFromEntry ? t.enteredAt : t.lastSeenAt);
    // Idle time is the time since last seen less the paused part of it (interval by interval, unlike the memory store's clock).
    const paused = (since: number) =>
      this.bugs.pauseIdles ? 0 : q.pauses.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b ?? now, now) - Math.max(a, since)), 0);
    const due = q.tokens.filter((t) => t.state === 'waiting' && now - seen(t) - paused(seen(t)) >= now - idleBefore).slice(0, limit);
    for (const t of due) {
      this.end(t, 'expired', 'idle', now);
      if (this.bugs.noIdleReason) t.endReason = null;
    }
    return due.map((t) => t.token);
  }

  async admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const q = this.queue(queueId);
    if (q.sealed && !this.bugs.admitSealed) return [];
    if (q.mode === 'paused' && !this.bugs.pauseAdmits) return [];
    if (q.openedAt === null) this.events.append(drafts.opened(queueId, now));
    q.openedAt ??= now;
    const budget = this.bugs.sharedBudget ? this.queue('*budget') : q;
    budget.admissions = budget.admissions.filter((at) => at > now - rule.windowMs);
    const active = q.tokens.filter((t) => t.state === 'active').length;
    const room = Math.min(rule.maxActive - active, rule.admitPerMinute - budget.admissions.length, rule.limit);
    const waiting = this.line(q).filter((t) => t.state === 'waiting' || (this.bugs.admitEnded && t.state === 'expired' && t.activatedAt === null));
    if (this.bugs.lifo) waiting.reverse();
    let admitted = waiting.slice(0, Math.max(0, room));
    if (this.bugs.drawEndStops && admitted.some((t) => t.drawKey !== null)) admitted = admitted.filter((t) => t.drawKey !== null);
    for (const t of admitted) {
      t.state = 'active';
      t.activatedAt = now;
      t.activeUntil = now + rule.sessionTtlMs;
      budget.admissions.push(now);
      if (budget !== q) q.admissions.push(now);
      q.ever += 1;
      this.events.append(drafts.admitted(t, t.activeUntil, now));
    }
    return admitted.map((t) => t.token);
  }

  async unseal(queueId: string, now: number): Promise<boolean> {
    const q = this.queue(queueId);
    if (q.sealed !== 'sold_out' && !(this.bugs.unsealsClosed && q.sealed !== null)) return false;
    q.sealed = null;
    this.events.append(drafts.opened(queueId, now));
    return true;
  }

  async seal(queueId: string, reason: SealReason, now: number, limit: number): Promise<string[]> {
    const q = this.queue(queueId);
    if (q.sealed === null && reason === 'sold_out') this.events.append(drafts.soldOut(queueId, now));
    q.sealed ??= reason;
    const due = q.tokens.filter((t) => t.state === 'waiting' && !(this.bugs.sealSkipsPreQueue && t.drawKey !== null)).slice(0, limit);
    for (const t of due) this.end(t, 'expired', q.sealed, now);
    return due.map((t) => t.token);
  }

  async listDrawn(queueId: string, offset: number, limit: number): Promise<string[]> {
    const q = this.queues.get(this.bugs.oneLine ? '*' : queueId);
    if (!q || q.openedAt === null) return [];
    return this.drawn(q.tokens).slice(offset, offset + limit).map((t) => t.token);
  }

  async counts(queueId: string, now: number): Promise<QueueCounts> {
    const q = this.queues.get(this.bugs.oneLine ? '*' : queueId);
    const tokens = q?.tokens ?? [];
    const waiting = tokens.filter((t) => t.state === 'waiting');
    return {
      waiting: waiting.length,
      drawn: waiting.filter((t) => t.drawKey !== null).length,
      active: tokens.filter((t) => t.state === 'active').length,
      admittedLastMinute: this.bugs.staleAdmissionCount ? (q?.ever ?? 0) : (q?.admissions ?? []).filter((at) => at > now - 60_000).length,
      openedAt: q?.openedAt ?? null,
      sealed: q?.sealed ?? null,
      mode: q?.mode ?? 'queue',
      modeVersion: q?.modeVersion ?? 0,
    };
  }

  async setMode(queueId: string, mode: SaleMode, version: number, now: number): Promise<boolean> {
    const q = this.queue(queueId);
    if (version <= q.modeVersion && !this.bugs.staleModeWins) return false;
    const running = q.pauses.find(([, end]) => end === null);
    if (mode === 'paused' && !running) q.pauses.push([now, null]);
    if (mode !== 'paused' && running) {
      running[1] = now;
      if (this.bugs.resumeReorders) {
        const seen = new Map(q.tokens.map((t) => [t, t.lastSeenAt]));
        q.tokens.sort((a, b) => seen.get(a)! - seen.get(b)!);
        q.tokens.forEach((t, i) => (t.seq = i + 1));
      }
    }
    q.mode = mode;
    q.modeVersion = Math.max(q.modeVersion, version);
    return true;
  }

  /** Every token in queue order: the pre-queue by draw key, then the rest by seq. */
  private line(q: Q): Token[] {
    return [...this.drawn(q.tokens), ...q.tokens.filter((t) => t.drawKey === null)];
  }

  private drawn(tokens: readonly Token[]): Token[] {
    const pre = tokens.filter((t) => t.drawKey !== null);
    if (this.bugs.arrivalDraw) return pre;
    return pre.sort((a, b) => (a.drawKey! < b.drawKey! ? -1 : a.drawKey! > b.drawKey! ? 1 : a.token < b.token ? -1 : 1));
  }

  private queue(queueId: string): Q {
    if (this.bugs.oneLine) queueId = '*';
    let q = this.queues.get(queueId);
    if (!q) this.queues.set(queueId, (q = { tokens: [], admissions: [], ever: 0, openedAt: null, sealed: null, mode: 'queue', modeVersion: 0, pauses: [] }));
    return q;
  }

  async linePlaces(queueId: string, seqs: readonly number[], heartbeat?: LineHeartbeat): Promise<Array<number | null>> {
    const q = this.queues.get(this.bugs.oneLine ? '*' : queueId);
    if (q && heartbeat && !this.bugs.deafLinePlaces) {
      for (const t of q.tokens) {
        if (t.state === 'waiting' && t.drawKey === null && heartbeat.seqs.includes(t.seq)) t.lastSeenAt = Math.max(t.lastSeenAt, heartbeat.at);
      }
    }
    return seqs.map((seq) => {
      const t = q?.tokens.find((x) => x.seq === seq);
      if (!q || !t || t.drawKey !== null) return null;
      if (t.state === 'waiting') return this.position(q, t);
      // The bug: the waiting tokens of the line up to this seq, as a rank without the membership test would count.
      return this.bugs.placesOfTheGone ? this.line(q).filter((x) => x.state === 'waiting' && x.seq <= seq).length + 1 : null;
    });
  }

  private tokens(queueId: string): Token[] {
    return this.queues.get(this.bugs.oneLine ? '*' : queueId)?.tokens ?? [];
  }

  private find(queueId: string, token: string): Token | undefined {
    return this.tokens(queueId).find((t) => t.token === token);
  }

  private position(q: Q, t: Token): number | null {
    if (t.state !== 'waiting') return null;
    if (t.drawKey !== null && q.openedAt === null) return null;
    const line = this.line(q);
    const at = line.indexOf(t);
    return line.slice(0, at + 1).filter((x) => this.bugs.stalePositions || x.state === 'waiting').length;
  }

  private end(t: Token, to: 'completed' | 'expired', reason: EndReason, now: number): void {
    t.state = to;
    t.endedAt = now;
    t.endReason = reason;
    this.events.append(drafts.ended(t, reason, now));
  }
}
