import assert from 'node:assert/strict';
import type fc from 'fast-check';
import type { Boxoffice } from '../../boxoffice.js';
import type { QueueRepository } from '../../queue/queue-repository.js';
import { isDomainError } from '../../shared/errors.js';
import type { ManualClock } from '../clock.js';
import type { ModelToken, QueueModel } from '../queue-model.js';
import { USERS } from './run-config.js';
import type { ObservedToken, QueueWatch } from './watch.js';

/** The model side of a sequential run: one model queue per sale. */
export interface SeqModel {
  readonly queues: QueueModel[];
}

/** The real side: one Boxoffice, its store's queue, its clock, the sales' queue ids and a watch on each. */
export interface SeqReal {
  readonly bo: Boxoffice;
  /** The store's queue port itself, for the calls core makes below the service (places by seq). */
  readonly queue: QueueRepository;
  readonly clock: ManualClock;
  readonly queueIds: readonly string[];
  readonly watches: readonly QueueWatch[];
}

export type SeqCommand = fc.AsyncCommand<SeqModel, SeqReal>;

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The DomainError code an action fails with; null when it succeeds. */
export async function codeOf(action: () => Promise<unknown>): Promise<string | null> {
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
export function verify(model: QueueModel, seen: readonly ObservedToken[], context: string): void {
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
    const preQueue = model.statusState(expected) === 'pre_queue';
    assert.deepEqual(
      {
        token: actual.token,
        userId: actual.userId,
        state: actual.state,
        // The port may place a pre-queue token before the draw; core shows no place.
        position: preQueue ? null : actual.position,
        activeUntil: actual.activeUntil,
        drawKey: actual.drawKey,
      },
      {
        token: expected.token,
        userId: expected.userId,
        state: expected.state,
        position: model.position(expected),
        activeUntil: expected.activeUntil,
        drawKey: expected.drawKey,
      },
      `[model] after ${context}: token ${expected.token} differs from the model`,
    );
  }
}

export function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

export function otherUser(userId: string): string {
  const i = USERS.indexOf(userId as (typeof USERS)[number]);
  return USERS[(i + 1) % USERS.length]!;
}

/** A command on one token of one queue, by its owner or by another user. */
export abstract class TokenCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly tokenIndex: number,
    readonly asOwner: boolean,
  ) {}
  check(m: Readonly<SeqModel>): boolean {
    return m.queues[this.q]!.tokens.length > 0;
  }
  /** The token it acts on, who acts, and a label naming both. */
  protected target(m: SeqModel): { target: ModelToken; user: string; label: string } {
    const target = pick(m.queues[this.q]!.tokens, this.tokenIndex)!;
    const user = this.asOwner ? target.userId : otherUser(target.userId);
    return { target, user, label: `${this.toString()} [${target.token} ${target.state} by ${user}]` };
  }
  protected describe(name: string): string {
    return `${name}(q${this.q}, #${this.tokenIndex}${this.asOwner ? '' : ', other user'})`;
  }
  abstract run(m: SeqModel, r: SeqReal): Promise<void>;
}
