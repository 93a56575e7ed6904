import assert from 'node:assert/strict';
import type { SeqCommand, SeqModel, SeqReal } from './sequential-context.js';
import { verify } from './sequential-context.js';

/** One admission tick of a sale (nothing admitted before it opens; the first admission after draws). */
export class TickCommand implements SeqCommand {
  constructor(readonly q: number) {}
  check(): boolean {
    return true;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const label = this.toString();
    const report = await r.bo.queue.tick(r.queueIds[this.q]!);
    const seen = await r.watches[this.q]!.check(label);
    const expected = m.queues[this.q]!.tick(r.clock.now(), r.bo.config.tickBatch, report);
    assert.deepEqual(
      {
        expiredSessions: [...report.expiredSessions].sort(),
        expiredIdle: [...report.expiredIdle].sort(),
        admitted: [...report.admitted],
        ended: [...report.ended].sort(),
      },
      {
        expiredSessions: [...expected.expiredSessions].sort(),
        expiredIdle: [...expected.expiredIdle].sort(),
        admitted: expected.admitted,
        ended: [...expected.ended].sort(),
      },
      `[model] ${label}: the tick report differs (admitted is in admission order)`,
    );
    verify(m.queues[this.q]!, seen, label);
  }
  toString(): string {
    return `tick(q${this.q})`;
  }
}
