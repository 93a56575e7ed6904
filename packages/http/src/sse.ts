import { PassThrough } from 'node:stream';
import { isDomainError, type Boxoffice } from '@boxoffice/core';
import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import { HttpError, toProblem } from './problem.js';

interface Stream {
  check(): Promise<void>;
  end(reason: string): void;
}

/** How one kind of stream reads its status, tells a change, and knows it is over. */
interface StreamOf<T> {
  read(): Promise<T>;
  key(status: T): string;
  done(status: T): boolean;
  retryMs: number;
}

/** Open streams per queue token: a page and a reload overlapping, not a fan of sockets. */
export const MAX_STREAMS_PER_TOKEN = 2;
/** Open streams per user, across their tokens. */
export const MAX_STREAMS_PER_USER = 4;

export interface SseOptions {
  /** Fallback re-check period, for admissions made by another host process. */
  readonly pollMs: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  /**
   * Most streams this process keeps open at once (0: none). Each re-reads its token on every tick, so a host
   * serving a long line bounds what its streams cost the store; past it a page polls at the pace instead.
   */
  readonly maxStreams: number;
}

/**
 * The status event streams of this process. Each open stream re-reads its
 * token (a heartbeat, like a poll) whenever the local scheduler ticks and on
 * a fallback timer, sends `status` events on change, and ends once the token
 * is neither `pre_queue` nor `waiting` (its last event says why: active, or
 * ended with its endReason), when the client goes, or on shutdown. A tick
 * that ends a sale's waiting tokens (sold out) pokes every stream at once.
 */
export class SseHub {
  private readonly streams = new Set<Stream>();
  private readonly perToken = new Map<string, number>();
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly boxoffice: Boxoffice,
    private readonly logger: Logger,
    private readonly options: SseOptions,
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /**
   * Checks ownership first (a stranger's token answers 404 as JSON, and learns
   * nothing of its streams), then the caps (429), then streams.
   */
  async open(ctx: ParameterizedContext, queueId: string, token: string, userId: string): Promise<void> {
    const read = () => this.boxoffice.queue.status(queueId, token, userId);
    const first = await read();
    await this.stream(ctx, token, userId, first, {
      read,
      key: (s) => `${s.state}:${s.mode}:${s.position ?? ''}:${s.etaSeconds ?? ''}:${s.opensAt ?? ''}:${s.endReason ?? ''}`,
      done: (s) => s.state !== 'waiting' && s.state !== 'pre_queue',
      retryMs: first.pollAfterMs,
    });
  }

  /**
   * The caller's waiting-list place as a stream (`event: status`, a
   * WaitlistStatus), until it is no longer waiting: its last event is the
   * offer (or how the place ended). 404 waitlist_not_found before any byte.
   */
  async openWaitlist(ctx: ParameterizedContext, saleId: string, userId: string): Promise<void> {
    const read = () => this.boxoffice.waitlist.status(saleId, userId);
    await this.stream(ctx, `waitlist ${saleId} ${userId}`, userId, await read(), {
      read,
      key: (s) => `${s.state}:${s.position ?? ''}:${s.reservationId ?? ''}`,
      done: (s) => s.state !== 'waiting',
      retryMs: 1000,
    });
  }

  private async stream<T>(ctx: ParameterizedContext, token: string, userId: string, first: T, how: StreamOf<T>): Promise<void> {
    if (this.streams.size >= this.options.maxStreams) {
      throw new HttpError('too_many_requests', `This host keeps at most ${this.options.maxStreams} status streams open; poll at pollAfterMs instead.`);
    }
    if ((this.perToken.get(token) ?? 0) >= MAX_STREAMS_PER_TOKEN) {
      throw new HttpError('too_many_requests', `At most ${MAX_STREAMS_PER_TOKEN} status streams of one queue token are open at once; close one, or poll.`);
    }
    if ((this.perUser.get(userId) ?? 0) >= MAX_STREAMS_PER_USER) {
      throw new HttpError('too_many_requests', `At most ${MAX_STREAMS_PER_USER} status streams of one user are open at once; close one, or poll.`);
    }
    count(this.perToken, token, 1);
    count(this.perUser, userId, 1);
    const body = startEventStream(ctx);

    let last = '';
    let seq = 0;
    let busy = false;
    let ended = false;
    const send = (event: string, data: unknown) => {
      if (!ended) body.write(`event: ${event}\nid: ${++seq}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const push = (status: T): void => {
      const key = how.key(status);
      if (key !== last) {
        last = key;
        send('status', status);
      }
      if (how.done(status)) stream.end('left waiting');
    };
    const stream: Stream = {
      check: async () => {
        if (busy || ended) return;
        busy = true;
        try {
          push(await how.read());
        } catch (error) {
          if (isDomainError(error, 'store_unavailable')) return; // try again on the next beat
          send('error', toProblem(error).problem);
          stream.end('status failed');
          if (!isDomainError(error)) this.logger.error({ err: error }, 'status stream failed');
        } finally {
          busy = false;
        }
      },
      end: (reason: string) => {
        if (ended) return;
        ended = true;
        clearInterval(poll);
        clearInterval(beat);
        this.streams.delete(stream);
        count(this.perToken, token, -1);
        count(this.perUser, userId, -1);
        this.logger.debug({ reason }, 'status stream ended');
        body.end();
      },
    };
    const poll = setInterval(() => void stream.check(), this.options.pollMs);
    const beat = setInterval(() => {
      if (!ended) body.write(': keep-alive\n\n');
    }, this.options.heartbeatMs);
    poll.unref();
    beat.unref();
    ctx.req.on('close', () => stream.end('client went away'));
    this.streams.add(stream);
    body.write(`retry: ${Math.max(1000, how.retryMs)}\n\n`);
    push(first);
  }

  /** After a local tick: every stream re-reads its token now. */
  poke(): void {
    for (const s of this.streams) void s.check();
  }

  /** On shutdown. */
  closeAll(): void {
    for (const s of [...this.streams]) s.end('shutdown');
  }
}

/** Answers 200 text/event-stream on a socket that never times out; returns the body to write events to. */
export function startEventStream(ctx: ParameterizedContext): PassThrough {
  const body = new PassThrough();
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.status = 200;
  ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
  ctx.body = body;
  return body;
}

function count(map: Map<string, number>, key: string, by: 1 | -1): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
