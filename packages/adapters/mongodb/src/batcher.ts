interface Waiting<Req, Res> {
  readonly req: Req;
  readonly resolve: (res: Res) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs the requests that callers make for one key as one store call: the
 * requests of one event-loop turn go together, and while a call is in flight
 * the next batch gathers behind it. A lone request waits for nothing; under
 * load the batches grow by themselves, so the store sees one call per key at a
 * time instead of one per caller.
 */
export class Batcher<Req, Res> {
  private readonly pending = new Map<string, Array<Waiting<Req, Res>>>();
  private readonly running = new Set<string>();

  constructor(
    private readonly run: (key: string, requests: readonly Req[]) => Promise<readonly Res[]>,
    private readonly maxBatch = 512,
  ) {}

  submit(key: string, req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      let queue = this.pending.get(key);
      if (!queue) {
        queue = [];
        this.pending.set(key, queue);
      }
      queue.push({ req, resolve, reject });
      if (queue.length === 1 && !this.running.has(key)) setImmediate(() => void this.drain(key));
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.pending.get(key);
    if (this.running.has(key) || !queue || queue.length === 0) return;
    const batch = queue.splice(0, this.maxBatch);
    if (queue.length === 0) this.pending.delete(key);
    this.running.add(key);
    try {
      const results = await this.run(
        key,
        batch.map((w) => w.req),
      );
      batch.forEach((w, i) => w.resolve(results[i] as Res));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.running.delete(key);
      if (this.pending.has(key)) void this.drain(key);
    }
  }
}
