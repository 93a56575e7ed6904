interface Pending<Req, Res> {
  readonly req: Req;
  readonly resolve: (res: Res) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces the requests made for one key into one store call (issue 17's
 * batched status path): requests gather until the end of the event-loop turn
 * of the first (or for `windowMs` when it is above 0), and while the key has
 * `maxInFlight` calls in flight the next batch gathers behind them, so a
 * request waits at most one window plus one call. Under load the batches grow
 * by themselves (up to `maxBatch`); a lone request pays the window alone.
 * A failed call fails every request of its batch, and no other.
 */
export class Coalescer<Req, Res> {
  private readonly pending = new Map<string, Array<Pending<Req, Res>>>();
  /** Calls in flight per key: up to `maxInFlight`, so the next batch is on its way while the store answers one. */
  private readonly running = new Map<string, number>();

  constructor(
    private readonly run: (key: string, requests: readonly Req[]) => Promise<readonly Res[]>,
    private readonly windowMs = 0,
    private readonly maxBatch = 256,
    private readonly maxInFlight = 2,
  ) {}

  private busy(key: string): boolean {
    return (this.running.get(key) ?? 0) >= this.maxInFlight;
  }

  submit(key: string, req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      let queue = this.pending.get(key);
      if (!queue) {
        queue = [];
        this.pending.set(key, queue);
      }
      queue.push({ req, resolve, reject });
      if (queue.length === 1 && !this.busy(key)) later(() => void this.drain(key), this.windowMs);
      else if (queue.length === this.maxBatch && !this.busy(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.pending.get(key);
    if (this.busy(key) || !queue || queue.length === 0) return;
    const batch = queue.splice(0, this.maxBatch);
    if (queue.length === 0) this.pending.delete(key);
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
    try {
      const results = await this.run(
        key,
        batch.map((p) => p.req),
      );
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} got ${results.length} answers`);
      batch.forEach((p, i) => p.resolve(results[i] as Res));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      const left = (this.running.get(key) ?? 1) - 1;
      if (left === 0) this.running.delete(key);
      else this.running.set(key, left);
      if (this.pending.has(key)) void this.drain(key);
    }
  }
}

/** After this event-loop turn (setImmediate where the runtime has it: no timer's millisecond), or after `ms`. */
function later(fn: () => void, ms: number): void {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  if (ms <= 0 && immediate) immediate(fn);
  else globalThis.setTimeout(fn, ms);
}
