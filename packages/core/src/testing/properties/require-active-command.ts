import assert from 'node:assert/strict';
import type { SeqModel, SeqReal } from './sequential-context.js';
import { codeOf, TokenCommand, verify } from './sequential-context.js';

/** The gate in front of the sale: only the owner's active, unexpired token passes. Changes nothing. */
export class RequireActiveCommand extends TokenCommand {
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const { target, user, label } = this.target(m);
    const now = r.clock.now();
    const code = await codeOf(() => r.bo.queue.requireActive(r.queueIds[this.q]!, target.token, user));
    const seen = await r.watches[this.q]!.check(label);
    const expected =
      target.userId !== user
        ? 'token_not_found'
        : target.state === 'waiting'
          ? 'token_not_active'
          : target.state === 'active' && target.activeUntil !== null && target.activeUntil > now
            ? null
            : 'token_expired';
    assert.equal(code, expected, `[model] ${label}: the gate answered ${String(code)}`);
    verify(m.queues[this.q]!, seen, label);
  }
  override toString(): string {
    return this.describe('requireActive');
  }
}
