import assert from 'node:assert/strict';
import type { SeqModel, SeqReal } from './sequential-context.js';
import { codeOf, TokenCommand, verify } from './sequential-context.js';

/** Leaving, by the owner or (token_not_found, nothing changes) by another user. */
export class LeaveCommand extends TokenCommand {
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const model = m.queues[this.q]!;
    const { target, user, label } = this.target(m);
    const code = await codeOf(() => r.bo.queue.leave(r.queueIds[this.q]!, target.token, user));
    const seen = await r.watches[this.q]!.check(label);
    const ok = model.leave(target.token, user, r.clock.now());
    assert.equal(code, ok ? null : 'token_not_found', `[owner] ${label}: unexpected outcome`);
    verify(model, seen, label);
  }
  override toString(): string {
    return this.describe('leave');
  }
}
