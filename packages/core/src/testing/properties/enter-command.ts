import assert from 'node:assert/strict';
import type { SeqCommand, SeqModel, SeqReal } from './sequential-context.js';
import { codeOf, verify } from './sequential-context.js';

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
    const model = m.queues[this.q]!;
    let got: Awaited<ReturnType<SeqReal['bo']['queue']['enter']>> | null = null;
    const code = await codeOf(async () => {
      got = await r.bo.queue.enter(r.queueIds[this.q]!, this.user);
    });
    if (got === null) {
      // Refused: the queue is sealed and the user holds no live token; nothing was stored.
      const seen = await r.watches[this.q]!.check(label);
      const expected = model.enter(this.user, now, '');
      assert.ok('refused' in expected, `[model] ${label}: refused with ${String(code)}, the model admits the entry`);
      assert.equal(code, expected.refused === 'sold_out' ? 'sale_sold_out' : 'sale_closed', `[sealed] ${label}`);
      verify(model, seen, label);
      return;
    }
    const entered: Awaited<ReturnType<SeqReal['bo']['queue']['enter']>> = got;
    r.watches[this.q]!.learn(entered.status.token);
    const seen = await r.watches[this.q]!.check(label);
    const expected = model.enter(this.user, now, entered.status.token);
    if ('refused' in expected) return assert.fail(`[sealed] ${label}: a sealed queue took a new token`);
    assert.deepEqual(
      { created: entered.created, token: entered.status.token },
      { created: expected.created, token: expected.token.token },
      `[enter-idempotent] ${label}: a live token must come back, and only a user without one gets a new token`,
    );
    assert.deepEqual(
      { state: entered.status.state, position: entered.status.position },
      { state: model.statusState(expected.token), position: model.position(expected.token) },
      `[model] ${label}: the returned status differs`,
    );
    verify(model, seen, label);
  }
  toString(): string {
    return `enter(q${this.q}, ${this.user})`;
  }
}
