import assert from 'node:assert/strict';
import type { SeqModel, SeqReal } from './sequential-context.js';
import { TokenCommand, verify } from './sequential-context.js';

/**
 * Core's lean poll (issue 17) straight to the store, for stores with places by seq: a token's place by its seq,
 * with a heartbeat when its owner polls (core sends one only for a token it read as the poller's). The place is
 * the model's while the token waits in the line, else null; the heartbeat counts for idle expiry as any other.
 */
export class LinePollCommand extends TokenCommand {
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const repo = r.queue;
    const queueId = r.queueIds[this.q]!;
    const model = m.queues[this.q]!;
    const { target, label } = this.target(m);
    if (repo.linePlaces) {
      const now = r.clock.now();
      const seq = (await repo.view(queueId, target.token))!.token.seq;
      const [place] = await repo.linePlaces(queueId, [seq], this.asOwner ? { at: now, seqs: [seq] } : undefined);
      const inLine = target.state === 'waiting' && target.drawKey === null;
      if (inLine && this.asOwner) target.lastSeenAt = Math.max(target.lastSeenAt, now);
      assert.equal(place, inLine ? model.position(target) : null, `[model] ${label}: the place by seq differs`);
    }
    verify(model, await r.watches[this.q]!.check(label), label);
  }
  override toString(): string {
    return this.describe('linePoll');
  }
}
