import { isDomainError } from '@boxoffice/core';
import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import { HttpError, toProblem } from './problem.js';
import { startEventStream } from './sse.js';

/** Open counts streams of one operator: a console in a few tabs, not a fan of sockets. */
export const MAX_COUNTS_STREAMS_PER_USER = 8;

interface Listener {
  send(data: unknown): void;
  fail(error: unknown): void;
  end(reason: string): void;
}

/**
 * The operators' live counts (GET /v1/admin/sales/{saleId}/events): every
 * stream of a sale gets an event after each local tick and on a fallback timer
 * (ticks of other hosts), and all the streams of one sale share one read, so a
 * room of operators costs the store one counts read per sale and beat.
 */
export class CountsStreams {
  private readonly bySale = new Map<string, Set<Listener>>();
  private readonly perUser = new Map<string, number>();
  private readonly reading = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly read: (saleId: string) => Promise<unknown>,
    private readonly logger: Logger,
    private readonly options: { readonly pollMs: number; readonly heartbeatMs: number },
  ) {}

  get size(): number {
    let n = 0;
    for (const set of this.bySale.values()) n += set.size;
    return n;
  }

  /** Reads once first (an unknown sale is a plain 404 problem), then streams `counts` events. */
  async open(ctx: ParameterizedContext, saleId: string, userId: string): Promise<void> {
    const first = await this.read(saleId);
    if ((this.perUser.get(userId) ?? 0) >= MAX_COUNTS_STREAMS_PER_USER) {
      throw new HttpError('too_many_requests', `At most ${MAX_COUNTS_STREAMS_PER_USER} counts streams of one operator are open at once; close one.`);
    }
    this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    const body = startEventStream(ctx);
    let seq = 0;
    let ended = false;
    const write = (event: string, data: unknown) => {
      if (!ended) body.write(`event: ${event}\nid: ${++seq}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const beat = setInterval(() => {
      if (!ended) body.write(': keep-alive\n\n');
    }, this.options.heartbeatMs);
    beat.unref();
    const listener: Listener = {
      send: (data) => write('counts', data),
      fail: (error) => {
        write('error', toProblem(error).problem);
        listener.end('read failed');
      },
      end: (reason) => {
        if (ended) return;
        ended = true;
        clearInterval(beat);
        const set = this.bySale.get(saleId);
        set?.delete(listener);
        if (set?.size === 0) this.bySale.delete(saleId);
        const n = (this.perUser.get(userId) ?? 1) - 1;
        if (n > 0) this.perUser.set(userId, n);
        else this.perUser.delete(userId);
        if (this.bySale.size === 0) this.stopTimer();
        this.logger.debug({ reason, saleId }, 'counts stream ended');
        body.end();
      },
    };
    ctx.req.on('close', () => listener.end('client went away'));
    let set = this.bySale.get(saleId);
    if (!set) this.bySale.set(saleId, (set = new Set()));
    set.add(listener);
    this.startTimer();
    body.write(`retry: ${Math.max(1000, this.options.pollMs)}\n\n`);
    listener.send(first);
  }

  /** After a local tick, and on the timer: one read per sale watched, sent to each of its streams. */
  poke(): void {
    for (const saleId of this.bySale.keys()) void this.refresh(saleId);
  }

  closeAll(): void {
    for (const set of [...this.bySale.values()]) for (const l of [...set]) l.end('shutdown');
    this.stopTimer();
  }

  private async refresh(saleId: string): Promise<void> {
    if (this.reading.has(saleId)) return;
    this.reading.add(saleId);
    try {
      const data = await this.read(saleId);
      for (const l of this.bySale.get(saleId) ?? []) l.send(data);
    } catch (error) {
      if (isDomainError(error, 'store_unavailable')) return; // the next beat tries again
      if (!isDomainError(error)) this.logger.error({ err: error, saleId }, 'counts stream read failed');
      for (const l of [...(this.bySale.get(saleId) ?? [])]) l.fail(error);
    } finally {
      this.reading.delete(saleId);
    }
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poke(), this.options.pollMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
