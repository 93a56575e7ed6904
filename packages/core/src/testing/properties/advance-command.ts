import type { SeqCommand, SeqModel, SeqReal } from './sequential-context.js';

/** Moves the clock by a fixed step, or to just before/at/after the next time-driven event (an opening among them). */
export class AdvanceCommand implements SeqCommand {
  constructor(readonly step: { readonly ms: number } | { readonly toDeadline: -1 | 0 | 1 }) {}
  check(): boolean {
    return true;
  }
  async run(m: SeqModel, r: SeqReal): Promise<void> {
    const now = r.clock.now();
    let ms: number;
    if ('ms' in this.step) {
      ms = this.step.ms;
    } else {
      const deadlines = m.queues.map((q) => q.nextDeadline(now)).filter((d): d is number => d !== null);
      const target = deadlines.length === 0 ? now + 1_000 : Math.min(...deadlines) + this.step.toDeadline;
      ms = Math.max(1, target - now);
    }
    r.clock.advance(ms);
  }
  toString(): string {
    return 'ms' in this.step ? `advance(${this.step.ms}ms)` : `advanceToDeadline(${this.step.toDeadline})`;
  }
}
