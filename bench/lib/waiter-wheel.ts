import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Simulated waiters' next polls, in slots of one millisecond driven by one timer. A Node timer per waiter
 * (10^5 of them) cost the bench's process 0.05-0.09 core of its own, measured apart and taken off the host's
 * CPU with a noise as large as the gap the capacity check allows; the wheel's own cost is a timer a
 * millisecond. Waiters due in the same millisecond fire in one turn, as Node's timers of one millisecond do.
 */
export class WaiterWheel {
  private readonly due = new Map<number, number[]>();
  private next = 0;
  private timer: NodeJS.Timeout | null = null;

  /** `fire(i)` runs for waiter i at the times `at` asks for, until `stop`. */
  constructor(private readonly fire: (i: number) => void) {}

  /** Waiter i fires `ms` from now. */
  at(i: number, ms: number): void {
    const slot = Math.floor(performance.now() + ms);
    const list = this.due.get(slot);
    if (list) list.push(i);
    else this.due.set(slot, [i]);
  }

  start(): void {
    this.next = Math.floor(performance.now());
    this.timer = setTimeout(() => this.turn(), 1);
  }

  /** No waiter fires after this; their slots are dropped. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due.clear();
  }

  private turn(): void {
    const now = Math.floor(performance.now());
    for (; this.next <= now; this.next++) {
      const list = this.due.get(this.next);
      if (!list) continue;
      this.due.delete(this.next);
      for (const i of list) this.fire(i);
    }
    if (this.timer) this.timer = setTimeout(() => this.turn(), 1);
  }
}

/**
 * `perSecond * seconds` fires of random waiters among `n`, at random times over `seconds`, on a wheel: the
 * process's CPU per fire, counted until the last fire's turn has passed (300 ms on, for what it started to land).
 */
export async function replayOnWheel(n: number, perSecond: number, seconds: number, fire: (i: number) => void): Promise<{ clientUs: number; fires: number }> {
  const fires = Math.max(1, Math.round(perSecond * seconds));
  const wheel = new WaiterWheel(fire);
  for (let k = 0; k < fires; k++) wheel.at(Math.floor(Math.random() * n), Math.random() * seconds * 1000);
  const c0 = process.cpuUsage();
  wheel.start();
  await sleep(seconds * 1000 + 300);
  const c = process.cpuUsage(c0);
  wheel.stop();
  return { clientUs: (c.user + c.system) / fires, fires };
}
