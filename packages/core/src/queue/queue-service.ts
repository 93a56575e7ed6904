import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import { SAFE_ID } from '../shared/ids.js';
import type { QueueCounts, QueueRepository } from './queue-repository.js';
import type { QueueStatus, QueueTokenPrimitives } from './queue-token.js';

export interface TickReport {
  readonly expiredSessions: readonly string[];
  readonly expiredIdle: readonly string[];
  readonly admitted: readonly string[];
}

const ADMISSION_WINDOW_MS = 60_000;

/** The waiting room: enter, poll, leave, and the admission tick. */
export class QueueService {
  constructor(
    private readonly repo: QueueRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
  ) {}

  /** Idempotent per user: a live token is returned instead of a new one. */
  async enter(queueId: string, userId: string): Promise<{ status: QueueStatus; created: boolean }> {
    assertQueueId(queueId);
    assertUserId(userId);
    const now = this.clock.now();
    const result = await this.repo.enter({
      token: this.ids.newToken(),
      queueId,
      userId,
      state: 'waiting',
      enteredAt: now,
      lastSeenAt: now,
      activatedAt: null,
      activeUntil: null,
      endedAt: null,
    });
    return { status: this.toStatus(result.token, result.position), created: result.created };
  }

  /** A status read that counts as a heartbeat. */
  async status(queueId: string, token: string, userId: string): Promise<QueueStatus> {
    const view = await this.repo.view(queueId, token, { at: this.clock.now(), userId });
    if (!view) throw tokenNotFound();
    assertOwner(view.token, userId);
    return this.toStatus(view.token, view.position);
  }

  /** The user gives up their place or session. Leaving twice is harmless. */
  async leave(queueId: string, token: string, userId: string): Promise<void> {
    const view = await this.repo.view(queueId, token);
    if (!view) throw tokenNotFound();
    assertOwner(view.token, userId);
    await this.repo.leave(queueId, token, this.clock.now());
  }

  /** The gate in front of the sale: the token must be this user's and active now. */
  async requireActive(queueId: string, token: string, userId: string): Promise<QueueTokenPrimitives> {
    const view = await this.repo.view(queueId, token);
    if (!view) throw tokenNotFound();
    assertOwner(view.token, userId);
    const t = view.token;
    if (t.state === 'waiting') {
      throw new DomainError('token_not_active', 'This queue token is still waiting for admission.', { position: view.position });
    }
    const now = this.clock.now();
    if (t.state !== 'active' || (t.activeUntil !== null && t.activeUntil <= now)) {
      throw new DomainError('token_expired', 'This queue session has ended. Enter the queue again.', { state: t.state });
    }
    return t;
  }

  /** Ends an active session after a successful payment. Idempotent. */
  async complete(queueId: string, token: string): Promise<void> {
    await this.repo.complete(queueId, token, this.clock.now());
  }

  /** One admission tick, in the spec's order. Several may run at once, in any process. */
  async tick(queueId: string): Promise<TickReport> {
    const now = this.clock.now();
    const limit = this.config.tickBatch;
    const expiredSessions = await this.repo.expireSessions(queueId, now, limit);
    const expiredIdle = await this.repo.expireIdle(queueId, now - this.config.idleTimeout * 1000, now, limit);
    const admitted = await this.repo.admit(
      queueId,
      {
        maxActive: this.config.maxActive,
        admitPerMinute: this.config.admitPerMinute,
        windowMs: ADMISSION_WINDOW_MS,
        sessionTtlMs: this.config.sessionTtl * 1000,
        limit,
      },
      now,
    );
    return { expiredSessions, expiredIdle, admitted };
  }

  counts(queueId: string): Promise<QueueCounts> {
    return this.repo.counts(queueId);
  }

  private toStatus(t: QueueTokenPrimitives, position: number | null): QueueStatus {
    const idleMs = this.config.idleTimeout * 1000;
    if (t.state === 'waiting') {
      const p = position ?? 1;
      const etaSeconds = Math.ceil((p * 60) / this.config.admitPerMinute);
      // Poll sooner near the head; never so rarely that the idle timeout ends the token.
      const pollAfterMs = Math.min(Math.max(1000, etaSeconds * 100), 10_000, Math.floor(idleMs / 3));
      return { token: t.token, state: t.state, position: p, etaSeconds, activeUntil: null, pollAfterMs };
    }
    return {
      token: t.token,
      state: t.state,
      position: null,
      etaSeconds: null,
      activeUntil: t.activeUntil === null ? null : new Date(t.activeUntil).toISOString(),
      pollAfterMs: t.state === 'active' ? 30_000 : 0,
    };
  }
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
