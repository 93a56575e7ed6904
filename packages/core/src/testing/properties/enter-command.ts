import assert from 'node:assert/strict';
import type { SeqCommand, SeqModel, SeqReal } from './sequential-context.js';
import { verify } from './sequential-context.js';

/** Enters a user: a live token comes back, otherwise a new one joins (the pre-queue before the opening). */
export class EnterCommand implements SeqCommand {
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
    const model = m.queues[this.q]!;
    const expected = model.enter(this.user, now, got.status.token);
    assert.deepEqual(
      { created: got.created, token: got.status.token },
      { created: expected.created, token: expected.token.token },
      `[enter-idempotent] ${label}: a live token must come back, and only a user without one gets a new token`,
    );
    assert.deepEqual(
      { state: got.status.state, position: got.status.position },
      { state: model.statusState(expected.token), position: model.position(expected.token) },
      `[model] ${label}: the returned status differs`,
    );
    verify(model, seen, label);
  }
  toString(): string {
    return `enter(q${this.q}, ${this.user})`;
  }
}
