import { Coalescer } from '@boxoffice/core';

/**
 * Runs the requests that callers make for one key as one store call: core's
 * coalescer (the requests of one event-loop turn go together, and while a call
 * is in flight the next batch gathers behind it), one call in flight per key,
 * so the store sees one call per key at a time instead of one per caller.
 */
export class Batcher<Req, Res> extends Coalescer<Req, Res> {
  constructor(run: (key: string, requests: readonly Req[]) => Promise<readonly Res[]>, maxBatch = 512) {
    super(run, 0, maxBatch, 1);
  }
}
