import type { AdmissionRule, EnterResult, Heartbeat, QueueCounts, QueueRepository, TokenView } from '../queue/queue-repository.js';
import type { QueueTokenPrimitives } from '../queue/queue-token.js';

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
}

/**
 * A deliberately simple queue (linear scans) for the kit's self-tests: with no
 * bugs switched on it keeps the QueueRepository contract, so a failing check
 * against a bugged one is caused by the bug.
 */
export class NaiveQueueRepository implements QueueRepository {
  private readonly queues = new Map<string, { tokens: Token[]; admissions: number[] }>();

  constructor(private readonly bugs: NaiveQueueBugs = {}) {}

  async enter(candidate: Omit<QueueTokenPrimitives, 'seq'>): Promise<EnterResult> {
    const q = this.queue(candidate.queueId);
    const live = q.tokens.find((t) => t.userId === candidate.userId && (t.state === 'waiting' || t.state === 'active'));
    if (live) {
      if (live.state === 'waiting') live.lastSeenAt = Math.max(live.lastSeenAt, candidate.enteredAt);
      return { token: { ...live }, created: false, position: this.position(q.tokens, live) };
    }
    const token: Token = { ...candidate, state: 'waiting', seq: q.tokens.length + 1 };
    q.tokens.push(token);
    return { token: { ...token }, created: true, position: this.position(q.tokens, token) };
  }

  async view(queueId: string, token: string, heartbeat?: Heartbeat): Promise<TokenView | null> {
    const tokens = this.tokens(queueId);
    const t = tokens.find((x) => x.token === token);
    if (!t) return null;
    if (heartbeat && t.state === 'waiting' && t.userId === heartbeat.userId) t.lastSeenAt = Math.max(t.lastSeenAt, heartbeat.at);
    return { token: { ...t }, position: this.position(tokens, t) };
  }

  async leave(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const t = this.find(queueId, token);
    if (!t) return null;
    if (t.state === 'waiting' || t.state === 'active') this.end(t, 'expired', now);
    return { ...t };
  }

  async complete(queueId: string, token: string, now: number): Promise<QueueTokenPrimitives | null> {
    const t = this.find(queueId, token);
    if (!t) return null;
    if (t.state === 'active') this.end(t, 'completed', now);
    return { ...t };
  }

  async expireSessions(queueId: string, now: number, limit: number): Promise<string[]> {
    const due = this.tokens(queueId).filter((t) => t.state === 'active' && (t.activeUntil ?? Infinity) <= now).slice(0, limit);
    for (const t of due) this.end(t, 'expired', now);
    return due.map((t) => t.token);
  }

  async expireIdle(queueId: string, idleBefore: number, now: number, limit: number): Promise<string[]> {
    const due = this.tokens(queueId).filter((t) => t.state === 'waiting' && t.lastSeenAt <= idleBefore).slice(0, limit);
    for (const t of due) this.end(t, 'expired', now);
    return due.map((t) => t.token);
  }

  async admit(queueId: string, rule: AdmissionRule, now: number): Promise<string[]> {
    const q = this.queues.get(this.bugs.oneLine ? '*' : queueId);
    if (!q) return [];
    q.admissions = q.admissions.filter((at) => at > now - rule.windowMs);
    const active = q.tokens.filter((t) => t.state === 'active').length;
    const room = Math.min(rule.maxActive - active, rule.admitPerMinute - q.admissions.length, rule.limit);
    const waiting = q.tokens.filter((t) => t.state === 'waiting' || (this.bugs.admitEnded && t.state === 'expired' && t.activatedAt === null));
    if (this.bugs.lifo) waiting.reverse();
    const admitted = waiting.slice(0, Math.max(0, room));
    for (const t of admitted) {
      t.state = 'active';
      t.activatedAt = now;
      t.activeUntil = now + rule.sessionTtlMs;
      q.admissions.push(now);
    }
    return admitted.map((t) => t.token);
  }

  async counts(queueId: string): Promise<QueueCounts> {
    const tokens = this.tokens(queueId);
    return {
      waiting: tokens.filter((t) => t.state === 'waiting').length,
      active: tokens.filter((t) => t.state === 'active').length,
    };
  }

  private queue(queueId: string) {
    if (this.bugs.oneLine) queueId = '*';
    let q = this.queues.get(queueId);
    if (!q) this.queues.set(queueId, (q = { tokens: [], admissions: [] }));
    return q;
  }

  private tokens(queueId: string): Token[] {
    return this.queues.get(this.bugs.oneLine ? '*' : queueId)?.tokens ?? [];
  }

  private find(queueId: string, token: string): Token | undefined {
    return this.tokens(queueId).find((t) => t.token === token);
  }

  private position(tokens: readonly Token[], t: Token): number | null {
    if (t.state !== 'waiting') return null;
    return tokens.filter((x) => (this.bugs.stalePositions || x.state === 'waiting') && x.seq <= t.seq).length;
  }

  private end(t: Token, to: 'completed' | 'expired', now: number): void {
    t.state = to;
    t.endedAt = now;
  }
}
