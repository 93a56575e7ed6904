import type {
  AdmissionRule,
  EnterResult,
  Heartbeat,
  QueueCounts,
  QueueRepository,
  QueueTokenPrimitives,
  TokenView,
} from '@boxoffice/core';
import { assertMove } from '@boxoffice/core';
import { Fenwick } from './fenwick.js';

type Token = { -readonly [K in keyof QueueTokenPrimitives]: QueueTokenPrimitives[K] };

/** One queue's indexes. Every map keeps insertion order, which the sweeps rely on. */
class Line {
  readonly tokens = new Map<string, Token>();
  readonly liveByUser = new Map<string, string>();
  readonly bySeq: string[] = [''];
  readonly waitingTree = new Fenwick();
  /** Waiting tokens in heartbeat order: a heartbeat moves a token to the end. */
  readonly heartbeats = new Map<string, number>();
  /** Active tokens in admission order (sessions of one length end in that order). */
  readonly sessions = new Map<string, number>();
  /** Admission times in the sliding window, oldest first. */
  admissions: number[] = [];
  head = 1;
  waiting = 0;
}

/**
 * The queue in process memory. Each method runs to completion without
 * awaiting, so it is atomic within the process.
 *
 * Costs, n waiting: enter O(log n), status O(log n) (a Fenwick prefix sum),
 * leave O(log n), admit O(k log n) for k admitted, expiry O(k) for k expired.
 */
export class InMemoryQueueRepository implements QueueRepository {
  private readonly lines = new Map<string, Line>();

  async enter(candidate: Omit<QueueTokenPrimitives, 'seq'>): Promise<EnterResult> {
    const line = this.line(candidate.queueId);
    const liveToken = line.liveByUser.get(candidate.userId);
    const live = liveToken === undefined ? undefined : line.tokens.get(liveToken);
    if (live) {
      if (live.state === 'waiting') this.heartbeat(line, live, candidate.enteredAt);
      return { token: { ...live }, created: false, position: this.position(line, live) };
    }
    const seq = line.bySeq.length;
    const token: Token = { ...candidate, state: 'waiting', seq };
    line.bySeq.push(token.token);
    line.tokens.set(token.token, token);
    line.liveByUser.set(token.userId, token.token);
    line.waitingTree.add(seq, 1);
    line.heartbeats.set(token.token, token.lastSeenAt);
    line.waiting += 1;
    return { token: { ...token }, created: true, position: this.position(line, token) };
  }

  async view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null> {
    const line = this.lines.get(queueId);
    const t = line?.tokens.get(token);
    if (!line || !t) return null;
    if (heartbeat && t.state === 'waiting' && t.userId === heartbeat.userId) this.heartbeat(line, t, heartbeat.at);
    return { token: { ...t }, position: this.position(line, t) };
  }

  async leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const line = this.lines.get(queueId);
    const t = line?.tokens.get(token);
    if (!line || !t) return null;
    if (t.state === 'waiting' || t.state === 'active') this.end(line, t, 'expired', now);
    return { ...t };
  }

  async complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const line = this.lines.get(queueId);
    const t = line?.tokens.get(token);
    if (!line || !t) return null;
    if (t.state === 'active') this.end(line, t, 'completed', now);
    return { ...t };
  }

  async expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    const line = this.lines.get(queueId);
    if (!line) return [];
    const expired: string[] = [];
    for (const [token, activeUntil] of line.sessions) {
      if (expired.length >= limit) break;
      if (activeUntil > now) continue;
      this.end(line, line.tokens.get(token)!, 'expired', now);
      expired.push(token);
    }
    return expired;
  }

  async expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    const line = this.lines.get(queueId);
    if (!line) return [];
    const expired: string[] = [];
    for (const [token, lastSeenAt] of line.heartbeats) {
      // Heartbeat order: the first token seen recently enough ends the scan.
      if (expired.length >= limit || lastSeenAt > idleBefore) break;
      this.end(line, line.tokens.get(token)!, 'expired', now);
      expired.push(token);
    }
    return expired;
  }

  async admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const line = this.lines.get(queueId);
    if (!line) return [];
    const windowStart = now - rule.windowMs;
    let drop = 0;
    while (drop < line.admissions.length && line.admissions[drop]! <= windowStart) drop++;
    if (drop > 0) line.admissions = line.admissions.slice(drop);
    const room = Math.min(rule.maxActive - line.sessions.size, rule.admitPerMinute - line.admissions.length, rule.limit);
    const admitted: string[] = [];
    while (admitted.length < room && line.waiting > 0) {
      const t = line.tokens.get(line.bySeq[line.head]!);
      line.head += 1;
      if (!t || t.state !== 'waiting') continue;
      assertMove(t.state, 'active');
      t.state = 'active';
      t.activatedAt = now;
      t.activeUntil = now + rule.sessionTtlMs;
      line.waitingTree.add(t.seq, -1);
      line.heartbeats.delete(t.token);
      line.waiting -= 1;
      line.sessions.set(t.token, t.activeUntil);
      line.admissions.push(now);
      admitted.push(t.token);
    }
    return admitted;
  }

  async counts(queueId: string): Promise<QueueCounts> {
    const line = this.lines.get(queueId);
    return { waiting: line?.waiting ?? 0, active: line?.sessions.size ?? 0 };
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
    return t.state === 'waiting' ? line.waitingTree.prefix(t.seq) : null;
  }

  private heartbeat(line: Line, t: Token, at: number): void {
    t.lastSeenAt = Math.max(t.lastSeenAt, at);
    line.heartbeats.delete(t.token);
    line.heartbeats.set(t.token, t.lastSeenAt);
  }

  private end(line: Line, t: Token, to: 'completed' | 'expired', now: number): void {
    assertMove(t.state, to);
    if (t.state === 'waiting') {
      line.waitingTree.add(t.seq, -1);
      line.heartbeats.delete(t.token);
      line.waiting -= 1;
    } else {
      line.sessions.delete(t.token);
    }
    t.state = to;
    t.endedAt = now;
    if (line.liveByUser.get(t.userId) === t.token) line.liveByUser.delete(t.userId);
  }
}
