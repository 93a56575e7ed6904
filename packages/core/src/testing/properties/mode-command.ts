import assert from 'node:assert/strict';
import type { SeqCommand, SeqModel, SeqReal } from './sequential-context.js';
import { verify } from './sequential-context.js';

/**
 * An operator pauses or resumes a sale through core (a version read, then the change). Only once the
 * queue has opened: a pause before the opening gives the pre-queue's idle clocks a grace the model does
 * not keep (the stores cannot know when a future opening will be paused).
 */
export class ModeCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly mode: 'paused' | 'queue',
  ) {}
  check(m: Readonly<SeqModel>): boolean {
    const model = m.queues[this.q]!;
    return model.openedAt !== null && model.paused !== (this.mode === 'paused');
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const label = this.toString();
    const saleId = r.queueIds[this.q]!;
    const { version } = await r.bo.sales.read(saleId);
    const changed = await r.bo.sales.change(saleId, { mode: this.mode }, { actor: 'operator', expectedVersion: version });
    assert.equal(changed.sale.mode, this.mode, `[model] ${label}: the sale's mode`);
    const model = m.queues[this.q]!;
    if (this.mode === 'paused') model.pause(r.clock.now());
    else model.resume(r.clock.now());
    verify(model, await r.watches[this.q]!.check(label), label);
  }
  toString(): string {
    return `${this.mode === 'paused' ? 'pause' : 'resume'}(q${this.q})`;
  }
}
