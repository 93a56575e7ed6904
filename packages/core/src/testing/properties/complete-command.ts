import type { ModelToken } from '../queue-model.js';
import type { SeqCommand, SeqModel, SeqReal } from './sequential-context.js';
import { pick, verify } from './sequential-context.js';

/** Completes an admitted token (active, or already ended: completing again must change nothing). */
export class CompleteCommand implements SeqCommand {
  constructor(
    readonly q: number,
    readonly tokenIndex: number,
  ) {}
  private candidates(m: Readonly<SeqModel>): ModelToken[] {
    return m.queues[this.q]!.tokens.filter((t) => t.state !== 'waiting');
  }
  check(m: Readonly<SeqModel>): boolean {
    return this.candidates(m).length > 0;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const target = pick(this.candidates(m), this.tokenIndex)!;
    const label = `${this.toString()} [${target.token} ${target.state}]`;
    await r.bo.queue.complete(r.queueIds[this.q]!, target.token);
    const seen = await r.watches[this.q]!.check(label);
    m.queues[this.q]!.complete(target.token, r.clock.now());
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `complete(q${this.q}, #${this.tokenIndex})`;
  }
}
