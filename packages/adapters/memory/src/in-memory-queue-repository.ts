import type {
  AdmissionRule,
  EndReason,
  EnterResult,
  Heartbeat,
  LineHeartbeat,
  QueueCounts,
  QueueRepository,
  QueueTokenPrimitives,
  SaleMode,
  SealReason,
  StatusRead,
  TokenView,
} from '@boxoffice/core';
import { assertMove, drafts, NO_EVENTS, skipsHeartbeat } from '@boxoffice/core';
import type { EventSink } from '@boxoffice/core';
import { HeartbeatLog, type Beating } from './heartbeat-log.js';
import { RankIndex } from './rank-index.js';
import { TokenIndex } from './token-index.js';

/** A stored token: its primitives plus where it sits in the line's indexes (kept on the record, which a lookup already has in cache). */
type Token = { -readonly [K in keyof QueueTokenPrimitives]: QueueTokenPrimitives[K] } & Beating & {
  /** Its place in the draw (1-based), 0 until the opening ranks the pre-queue. */
  drawRank: number;
};

/** What a caller gets: a copy of the primitives, without the index fields (`satisfies` names every field, optional ones too). */
function primitives(t: Token): QueueTokenPrimitives {
  return {
    token: t.token,
    queueId: t.queueId,
    userId: t.userId,
    state: t.state,
    seq: t.seq,
    enteredAt: t.enteredAt,
    lastSeenAt: t.lastSeenAt,
    activatedAt: t.activatedAt,
    activeUntil: t.activeUntil,
    endedAt: t.endedAt,
    drawKey: t.drawKey,
    endReason: t.endReason,
  } satisfies { [K in keyof QueueTokenPrimitives]-?: unknown };
}

const MINUTE_MS = 60_000;
/** Hex digits of an HMAC-SHA256 draw key. */
const DRAW_KEY_LENGTH = 64;

/**
 * One queue's indexes. Every map keeps insertion order, which the sweeps rely on.
 * Two tiers: the pre-queue (tokens with a draw key), ranked by draw key when the
 * queue opens, then the line of later entrants in `seq` order.
 */
class Line {
  /** Every record not yet forgotten, by token: a `TokenIndex`, since a `Map` cost two or three more misses a lookup at 10^6. */
  readonly tokens = new TokenIndex<Token>();
  readonly liveByUser = new Map<string, string>();
  /** Tokens by seq; pre-queue tokens have a seq too but are admitted from `drawn`. */
  readonly bySeq: Array<Token | null> = [null];
  /** The seq of every waiting token of the line (not the pre-queue): a position is a rank in it. */
  readonly waitingSeqs = new RankIndex();
  /** Pre-queue entries as drawKey..token (draw keys are 64 hex digits), in entry order until the opening sorts them. */
  preQueue: string[] = [];
  /** The pre-queue in draw order, fixed at the opening. */
  drawn: string[] = [];
  /** The draw rank of every drawn token still waiting. */
  readonly drawnRanks = new RankIndex();
  drawnHead = 0;
  drawnWaiting = 0;
  /** Waiting tokens in heartbeat order, seen on the pause-free clock: a heartbeat moves a token to the end. */
  readonly heartbeats = new HeartbeatLog<Token>();
  /** Active tokens in admission order (sessions of one length end in that order). */
  readonly sessions = new Map<string, number>();
  /** Admission times in the sliding window, oldest first. */
  admissions: number[] = [];
  head = 1;
  waiting = 0;
  openedAt: number | null = null;
  sealed: SealReason | null = null;
  /** Ended tokens in the order they ended, kept for a retention so their status still reads, then forgotten. */
  readonly ended = new Map<string, number>();
  mode: SaleMode = 'queue';
  modeVersion = 0;
  /** Pauses: when the running one began, and the length of the ended ones. */
  pausedAt: number | null = null;
  pausedMs = 0;

  /** Paused time up to `at`. */
  paused(at: number): number {
    return this.pausedMs + (this.pausedAt === null ? 0 : Math.max(0, at - this.pausedAt));
  }

  /** The pause-free clock idle time is counted on: it stands still while paused. */
  unpaused(at: number): number {
    return at - this.paused(at);
  }
}

/** How long an ended token's status stays readable (Redis keeps it as long, by a key TTL). */
export const DEFAULT_ENDED_TOKEN_RETENTION_MS = 10 * 60 * 1000;

/**
 * The queue in process memory. Each method runs to completion without
 * awaiting, so it is atomic within the process.
 *
 * Costs, n waiting: enter O(log n), status O(log n) (a rank in a bitset with a
 * block tree, see rank-index.ts), leave O(log n), admit O(k log n) for k admitted,
 * expiry O(k) for k expired (amortised: see heartbeat-log.ts); the opening ranks
 * the pre-queue once, O(p log p) for p pre-queue tokens. Beyond the token's
 * lookup in `tokens` and its record, a status touches only arrays that stay in
 * cache at 10^6 waiting (bench/README.md, "Status growth in the memory store").
 */
export class InMemoryQueueRepository implements QueueRepository {
  private readonly lines = new Map<string, Line>();

  /** Places by seq, only when made with `placesBySeq` (see MemoryStoreOptions.linePlaces). */
  readonly linePlaces?: (queueId: string, seqs: readonly number[], heartbeat?: LineHeartbeat) => Promise<Array<number | null>>;

  /** Ended tokens are forgotten `endedRetentionMs` after they end, so enter/leave churn does not grow memory for ever; without a sink (a bare repository) events go nowhere. */
  constructor(
    private readonly endedRetentionMs = DEFAULT_ENDED_TOKEN_RETENTION_MS,
    private readonly events: EventSink = NO_EVENTS,
    placesBySeq = false,
  ) {
    if (placesBySeq) this.linePlaces = async (queueId, seqs, heartbeat) => this.placesOf(queueId, seqs, heartbeat);
  }

  async enter(candidate: Omit<QueueTokenPrimitives, 'seq'>, sessionTtlMs?: number): Promise<EnterResult> {
    const line = this.line(candidate.queueId);
    this.forget(line, candidate.enteredAt);
    const liveToken = line.liveByUser.get(candidate.userId);
    const live = liveToken === undefined ? undefined : line.tokens.get(liveToken);
    if (live) {
      if (live.state === 'waiting') this.heartbeat(line, live, candidate.enteredAt);
      return { token: primitives(live), created: false, position: this.position(line, live), openedAt: line.openedAt };
    }
    if (line.sealed !== null) return { refused: line.sealed };
    if (line.mode === 'reject') return { refused: 'reject' };
    const seq = line.bySeq.length;
    // Too late for the draw: a pre-queue candidate that lost the race with the opening queues behind.
    const drawKey = line.openedAt === null ? candidate.drawKey : null;
    // Every field named, in one literal (no spread): one shape for every record, and on Node 20 a spread followed by more keys cost µs.
    const token: Token = {
      token: candidate.token,
      queueId: candidate.queueId,
      userId: candidate.userId,
      state: 'waiting',
      seq,
      enteredAt: candidate.enteredAt,
      lastSeenAt: candidate.lastSeenAt,
      activatedAt: candidate.activatedAt,
      activeUntil: candidate.activeUntil,
      endedAt: candidate.endedAt,
      drawKey,
      endReason: null,
      hbIndex: -1,
      hbSeen: 0,
      drawRank: 0,
    };
    line.bySeq.push(token);
    line.tokens.set(token);
    line.liveByUser.set(token.userId, token.token);
    if (line.mode === 'passthrough' && line.openedAt !== null && sessionTtlMs !== undefined) {
      // Straight in: no cap, no rate, but counted as an admission.
      token.state = 'active';
      token.activatedAt = token.enteredAt;
      token.activeUntil = token.enteredAt + sessionTtlMs;
      line.sessions.set(token.token, token.activeUntil);
      line.admissions.push(token.enteredAt);
      this.events.append(drafts.admitted(token, token.activeUntil, token.enteredAt));
      return { token: primitives(token), created: true, position: null, openedAt: line.openedAt };
    }
    if (drawKey === null) {
      line.waitingSeqs.insert(seq);
    } else {
      line.preQueue.push(drawKey + token.token);
      line.drawnWaiting += 1;
    }
    line.heartbeats.touch(token, line.unpaused(token.lastSeenAt));
    line.waiting += 1;
    return { token: primitives(token), created: true, position: this.position(line, token), openedAt: line.openedAt };
  }

  async view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null> {
    const line = this.lines.get(queueId);
    const t = line?.tokens.get(token);
    if (!line || !t) return null;
    if (heartbeat && t.state === 'waiting' && t.userId === heartbeat.userId) this.heartbeat(line, t, heartbeat.at);
    return { token: primitives(t), position: this.position(line, t), openedAt: line.openedAt };
  }

  /**
   * A loop of views, each run to completion as it is called: one instant of this process. Each goes through
   * `view` (the tests' fault injection wraps it); its second lookup of the token finds it in cache.
   */
  statusMany(queueId: string, reads: readonly StatusRead[], slackMs: number): Promise<Array<TokenView | null>> {
    return Promise.all(reads.map((r) => this.view(queueId, r.token, skipsHeartbeat(this.lines.get(queueId)?.tokens.get(r.token), r, slackMs) ? undefined : r.heartbeat)));
  }

  private placesOf(queueId: string, seqs: readonly number[], heartbeat?: LineHeartbeat): Array<number | null> {
    const line = this.lines.get(queueId);
    if (line && heartbeat) {
      for (const seq of heartbeat.seqs) {
        const t = Number.isSafeInteger(seq) && seq >= 0 ? line.bySeq[seq] : undefined;
        if (t?.state === 'waiting' && t.drawKey === null) this.heartbeat(line, t, heartbeat.at);
      }
    }
    return seqs.map((seq) => (line && Number.isSafeInteger(seq) && seq >= 0 && line.waitingSeqs.has(seq) ? line.drawnWaiting + line.waitingSeqs.rank(seq) : null));
  }

  async leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const line = this.lines.get(queueId);
    const t = line?.tokens.get(token);
    if (!line || !t) return null;
    if (t.state === 'waiting' || t.state === 'active') this.end(line, t, 'expired', 'left', now);
    return primitives(t);
  }

  async complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const line = this.lines.get(queueId);
    const t = line?.tokens.get(token);
    if (!line || !t) return null;
    if (t.state === 'active') this.end(line, t, 'completed', 'paid', now);
    return primitives(t);
  }

  async expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    const line = this.lines.get(queueId);
    if (!line) return [];
    const expired: string[] = [];
    for (const [token, activeUntil] of line.sessions) {
      if (expired.length >= limit) break;
      if (activeUntil > now) continue;
      this.end(line, line.tokens.get(token)!, 'expired', 'session_ended', now);
      expired.push(token);
    }
    return expired;
  }

  async expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    const line = this.lines.get(queueId);
    if (!line || line.mode === 'paused') return [];
    // On the pause-free clock: the paused time since a token was last seen does not count.
    const bound = idleBefore - line.paused(now);
    const expired: string[] = [];
    while (expired.length < limit) {
      // Heartbeat order: the first token seen recently enough ends the scan.
      const t = line.heartbeats.oldest();
      if (!t || t.hbSeen > bound) break;
      this.end(line, t, 'expired', 'idle', now);
      expired.push(t.token);
    }
    return expired;
  }

  async admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const line = this.line(queueId);
    if (line.sealed !== null || line.mode === 'paused') return [];
    if (line.openedAt === null) this.open(line, queueId, now);
    const windowStart = now - rule.windowMs;
    let drop = 0;
    while (drop < line.admissions.length && line.admissions[drop]! <= windowStart) drop++;
    if (drop > 0) line.admissions = line.admissions.slice(drop);
    const room = Math.min(rule.maxActive - line.sessions.size, rule.admitPerMinute - line.admissions.length, rule.limit);
    const admitted: string[] = [];
    while (admitted.length < room && line.waiting > 0) {
      const t = this.nextWaiting(line);
      if (!t) break;
      assertMove(t.state, 'active');
      this.leaveLine(line, t);
      t.state = 'active';
      t.activatedAt = now;
      t.activeUntil = now + rule.sessionTtlMs;
      line.sessions.set(t.token, t.activeUntil);
      line.admissions.push(now);
      admitted.push(t.token);
      this.events.append(drafts.admitted(t, t.activeUntil, now));
    }
    return admitted;
  }

  async seal(queueId: string, reason: SealReason, now: number, limit: number): Promise<string[]> {
    const line = this.line(queueId);
    // Only the first seal announces it; a closing is the operator's sale.changed.
    if (line.sealed === null && reason === 'sold_out') this.events.append(drafts.soldOut(queueId, now));
    line.sealed ??= reason;
    const ended: string[] = [];
    while (ended.length < limit) {
      const t = line.heartbeats.oldest();
      if (!t) break;
      this.end(line, t, 'expired', line.sealed, now);
      ended.push(t.token);
    }
    return ended;
  }

  async unseal(queueId: string, now: number): Promise<boolean> {
    const line = this.line(queueId);
    if (line.sealed !== 'sold_out') return false;
    line.sealed = null;
    this.events.append(drafts.opened(queueId, now));
    return true;
  }

  async listDrawn(queueId: string, offset: number, limit: number): Promise<string[]> {
    const line = this.lines.get(queueId);
    if (!line || line.openedAt === null) return [];
    return line.drawn.slice(offset, offset + limit);
  }

  async counts(queueId: string, now: number): Promise<QueueCounts> {
    const line = this.lines.get(queueId);
    if (!line) return { waiting: 0, drawn: 0, active: 0, admittedLastMinute: 0, openedAt: null, sealed: null, mode: 'queue', modeVersion: 0 };
    return {
      waiting: line.waiting,
      drawn: line.drawnWaiting,
      active: line.sessions.size,
      admittedLastMinute: line.admissions.filter((at) => at > now - MINUTE_MS).length,
      openedAt: line.openedAt,
      sealed: line.sealed,
      mode: line.mode,
      modeVersion: line.modeVersion,
    };
  }

  async setMode(queueId: string, mode: SaleMode, version: number, now: number): Promise<boolean> {
    const line = this.line(queueId);
    if (version <= line.modeVersion) return false;
    if (mode === 'paused' && line.pausedAt === null) line.pausedAt = now;
    if (mode !== 'paused' && line.pausedAt !== null) {
      line.pausedMs += Math.max(0, now - line.pausedAt);
      line.pausedAt = null;
    }
    line.mode = mode;
    line.modeVersion = version;
    return true;
  }

  /** The draw: the pre-queue takes places 1..k in draw-key order, once. */
  private open(line: Line, queueId: string, now: number): void {
    line.openedAt = now;
    this.events.append(drafts.opened(queueId, now));
    // The default sort compares strings by UTF-16 code units: for drawKey..token that is the draw-key order
    // (lowercase hex, fixed length), ties broken by token. 10^5 entries sort in a few tens of milliseconds.
    line.drawn = line.preQueue.sort().map((entry) => entry.slice(DRAW_KEY_LENGTH));
    line.preQueue = [];
    line.drawn.forEach((token, i) => {
      const t = line.tokens.get(token)!;
      t.drawRank = i + 1;
      if (t.state === 'waiting') line.drawnRanks.insert(i + 1);
    });
  }

  /** The head of the queue: the drawn pre-queue first, then the line. */
  private nextWaiting(line: Line): Token | undefined {
    // A forgotten (long ended) token is simply passed over.
    while (line.drawnHead < line.drawn.length) {
      const t = line.tokens.get(line.drawn[line.drawnHead++]!);
      if (t?.state === 'waiting') return t;
    }
    while (line.head < line.bySeq.length) {
      // The record itself, not its token string: admission takes the line in order without a hash lookup each.
      const t = line.bySeq[line.head++];
      if (t?.state === 'waiting' && t.drawKey === null) return t;
    }
    return undefined;
  }

  private line(queueId: string): Line {
    let line = this.lines.get(queueId);
    if (!line) {
      line = new Line();
      this.lines.set(queueId, line);
    }
    return line;
  }

  private position(line: Line, t: Token): number | null {
    if (t.state !== 'waiting') return null;
    if (t.drawKey !== null) return line.openedAt === null ? null : line.drawnRanks.rank(t.drawRank);
    return line.drawnWaiting + line.waitingSeqs.rank(t.seq);
  }

  private heartbeat(line: Line, t: Token, at: number): void {
    const seen = Math.max(t.hbIndex < 0 ? -Infinity : t.hbSeen, line.unpaused(at));
    t.lastSeenAt = Math.max(t.lastSeenAt, at);
    line.heartbeats.touch(t, seen);
  }

  /** A waiting token leaves the waiting indexes (admitted or ended). */
  private leaveLine(line: Line, t: Token): void {
    if (t.drawKey === null) {
      line.waitingSeqs.remove(t.seq);
    } else {
      line.drawnWaiting -= 1;
      if (t.drawRank > 0) line.drawnRanks.remove(t.drawRank);
    }
    line.heartbeats.drop(t);
    line.waiting -= 1;
  }

  private end(line: Line, t: Token, to: 'completed' | 'expired', reason: EndReason, now: number): void {
    assertMove(t.state, to);
    if (t.state === 'waiting') {
      this.leaveLine(line, t);
    } else {
      line.sessions.delete(t.token);
    }
    t.state = to;
    t.endedAt = now;
    t.endReason = reason;
    this.events.append(drafts.ended(t, reason, now));
    if (line.liveByUser.get(t.userId) === t.token) line.liveByUser.delete(t.userId);
    line.ended.set(t.token, now);
    this.forget(line, now);
  }

  /**
   * Drops ended tokens past their retention: the record and its entry in the seq index. What stays
   * per token ever entered is a slot of the seq index and a bit of the rank index.
   * Pre-queue tokens stay: the draw lists every one of them, so anyone can verify it (as on Redis).
   */
  private forget(line: Line, now: number): void {
    for (const [token, endedAt] of line.ended) {
      if (endedAt > now - this.endedRetentionMs) break;
      line.ended.delete(token);
      const t = line.tokens.get(token);
      if (!t || t.drawKey !== null) continue;
      line.bySeq[t.seq] = null;
      line.tokens.delete(token);
    }
  }
}
