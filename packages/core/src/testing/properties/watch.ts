import assert from 'node:assert/strict';
import type { QueueRepository } from '../../queue/queue-repository.js';
import { canMove, type QueueState } from '../../queue/queue-token.js';

export interface ObservedToken {
  readonly token: string;
  readonly userId: string;
  readonly seq: number;
  readonly state: QueueState;
  readonly position: number | null;
  readonly activatedAt: number | null;
  readonly activeUntil: number | null;
  readonly drawKey: string | null;
}

export interface QueueLimits {
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly windowMs: number;
  /** The sale's opensAt: no admission before it. */
  readonly opensAt: number;
}

const STATES: readonly QueueState[] = ['waiting', 'active', 'completed', 'expired'];

/** Queue order: the pre-queue by draw key, then the rest by entry. Negative when `a` is ahead of `b`. */
export function queueOrder(a: Pick<ObservedToken, 'drawKey' | 'seq'>, b: Pick<ObservedToken, 'drawKey' | 'seq'>): number {
  if (a.drawKey !== null && b.drawKey !== null) return a.drawKey < b.drawKey ? -1 : a.drawKey > b.drawKey ? 1 : 0;
  if (a.drawKey !== null) return -1;
  if (b.drawKey !== null) return 1;
  return a.seq - b.seq;
}

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
  /** Set once the queue was seen sealed: no token may be admitted after. */
  private sealedSeen = false;

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
    const [views, counts, drawn] = await Promise.all([
      Promise.all(this.known.map((token) => this.repo.view(this.queueId, token))),
      this.repo.counts(this.queueId, 0),
      this.repo.listDrawn(this.queueId, 0, 1000),
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
        drawKey: t.drawKey,
      };
    });
    const opened = counts.openedAt !== null;

    for (const t of seen) {
      if (!STATES.includes(t.state)) fail('one-state', `token ${t.token} is in no known state: ${String(t.state)}`);
      const before = this.lastState.get(t.token);
      if (before !== undefined && before !== t.state && !canMove(before, t.state)) {
        fail('arrows', `token ${t.token} moved ${before} -> ${t.state}`);
      }
      if (t.state === 'active' && (t.activatedAt === null || t.activeUntil === null)) {
        fail('one-state', `active token ${t.token} has no activatedAt/activeUntil`);
      }
      if (t.activatedAt !== null && t.activatedAt < this.limits.opensAt) {
        fail('no-admission-before-opening', `token ${t.token} was admitted at ${t.activatedAt}, the sale opens at ${this.limits.opensAt}`);
      }
      if (t.activatedAt !== null && !this.admittedAt.has(t.token)) {
        if (this.sealedSeen) fail('no-admission-after-seal', `token ${t.token} was admitted after the queue was sealed`);
        this.admittedAt.set(t.token, t.activatedAt);
      }
    }

    const waiting = seen.filter((t) => t.state === 'waiting');
    const active = seen.filter((t) => t.state === 'active');
    this.maxActiveSeen = Math.max(this.maxActiveSeen, active.length, counts.active);
    if (active.length > this.limits.maxActive || counts.active > this.limits.maxActive) {
      fail('capacity', `${Math.max(active.length, counts.active)} active tokens, maxActive is ${this.limits.maxActive}`);
    }
    const preQueue = waiting.filter((t) => t.drawKey !== null);
    if (counts.active !== active.length || counts.waiting !== waiting.length || counts.drawn !== preQueue.length) {
      fail(
        'counts',
        `counts() says ${counts.waiting} waiting (${counts.drawn} drawn)/${counts.active} active, tokens say ${waiting.length} (${preQueue.length})/${active.length}`,
      );
    }

    const seqs = new Set(seen.map((t) => t.seq));
    if (seqs.size !== seen.length) fail('entry-order', 'two tokens share one seq');
    // Positions 1..n in queue order: the pre-queue first (once drawn), then every later entrant.
    const line = [...waiting].sort(queueOrder);
    line.forEach((t, i) => {
      if (!opened && t.drawKey !== null) return;
      if (t.position !== i + 1) fail('positions', `waiting token ${t.token} (seq ${t.seq}) is at ${String(t.position)}, expected ${i + 1}`);
    });
    for (const t of seen) {
      if (t.state !== 'waiting' && t.position !== null) fail('positions', `${t.state} token ${t.token} has position ${t.position}`);
    }

    // The draw: once open, every pre-queue token ever entered, in draw-key order; nothing before.
    const everDrawn = seen.filter((t) => t.drawKey !== null).sort(queueOrder).map((t) => t.token);
    if (!opened && drawn.length > 0) fail('draw-order', 'the draw is listed before the opening');
    if (opened && JSON.stringify(drawn) !== JSON.stringify(everDrawn)) {
      fail('draw-order', `listDrawn is ${JSON.stringify(drawn)}, the draw keys say ${JSON.stringify(everDrawn)}`);
    }

    // Queue order (FIFO, the pre-queue first): a token that was ever admitted is ahead of every token still waiting.
    for (const t of seen) {
      if (!this.admittedAt.has(t.token)) continue;
      const behind = line.find((w) => queueOrder(t, w) > 0);
      if (behind) fail('FIFO', `token ${t.token} (seq ${t.seq}) was admitted while ${behind.token} (seq ${behind.seq}), ahead of it, still waits`);
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
    if (counts.sealed !== null) this.sealedSeen = true;
    return seen;
  }
}
