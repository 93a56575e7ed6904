import assert from 'node:assert/strict';
import type { QueueStatus } from '../../queue/queue-token.js';
import type { SeqModel, SeqReal } from './sequential-context.js';
import { codeOf, iso, TokenCommand, verify } from './sequential-context.js';

/** A status poll, by the owner (a heartbeat) or by another user (token_not_found, no heartbeat). */
export class StatusCommand extends TokenCommand {
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const model = m.queues[this.q]!;
    const { target, user, label } = this.target(m);
    const now = r.clock.now();
    let status: QueueStatus | undefined;
    const code = await codeOf(async () => {
      status = await r.bo.queue.status(r.queueIds[this.q]!, target.token, user);
    });
    const seen = await r.watches[this.q]!.check(label);
    const expected = model.status(target.token, user, now);
    if (!expected) {
      assert.equal(code, 'token_not_found', `[owner] ${label}: another user's token must read as token_not_found`);
    } else {
      assert.equal(code, null, `[model] ${label}: status failed`);
      assert.deepEqual(
        { state: status!.state, position: status!.position, activeUntil: status!.activeUntil, endReason: status!.endReason, mode: status!.mode },
        {
          state: model.statusState(expected),
          position: model.position(expected),
          activeUntil: iso(expected.activeUntil),
          endReason: expected.endReason,
          mode: model.paused ? 'paused' : 'queue',
        },
        `[model] ${label}: status differs`,
      );
    }
    verify(model, seen, label);
  }
  override toString(): string {
    return this.describe('status');
  }
}
