import assert from 'node:assert/strict';
import type { SealReason } from '../../queue/queue-token.js';
import type { SeqCommand, SeqModel, SeqReal } from './sequential-context.js';
import { verify } from './sequential-context.js';

/**
 * The sale sells out or is closed: the tick would seal its queue through the port, and this does
 * it directly (the run's seats are never all sold). From then on nobody enters or is admitted.
 */
export class SealCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly reason: SealReason,
  ) {}
  check(m: Readonly<SeqModel>): boolean {
    return m.queues[this.q]!.sealed === null;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const label = this.toString();
    const now = r.clock.now();
    const ended = await r.bo.store.queue.seal(r.queueIds[this.q]!, this.reason, now, r.bo.config.tickBatch);
    const seen = await r.watches[this.q]!.check(label);
    const expected = m.queues[this.q]!.seal(this.reason, now, r.bo.config.tickBatch, ended);
    assert.deepEqual([...ended].sort(), [...expected].sort(), `[model] ${label}: the sealed batch differs`);
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `seal(q${this.q}, ${this.reason})`;
  }
}
