import type { Api } from './api.js';
import { Problem, sleep } from './api.js';
import { passing, retryAfterMs } from './messages.js';
import { parseEventBlock, splitEvents } from './sse-parse.js';
import type { QueueStatus } from './types.js';

export type WatchMode = 'live' | 'polling';

export interface WatchHandlers {
  status(s: QueueStatus): void;
  mode(m: WatchMode): void;
  problem(p: Problem): void;
}

const MIN_POLL_MS = 500;
/**
 * The host's pace asks a waiter far back in a long line to poll as rarely as every 600 s (core's queue/pace.ts),
 * and its capacity model counts on the page doing so; anything longer is taken as a bogus value.
 */
const MAX_POLL_MS = 600_000;
const DEFAULT_POLL_MS = 2_000;
/** The host sends a keep-alive comment every 15 s; a stream silent for this long is stuck behind a buffering proxy. */
const STREAM_IDLE_MS = 45_000;

/**
 * A 429 means "not so often" (the status rate limit) or "not another stream of this token" (the host's stream
 * caps, whose answer says to poll instead): the watch goes on polling, never stops on it.
 */
function tooMany(error: unknown): error is Problem {
  return error instanceof Problem && error.status === 429;
}

function settled(s: QueueStatus): boolean {
  return s.state !== 'waiting' && s.state !== 'pre_queue';
}

/**
 * Follows a pre-queue or waiting token until it is admitted or ends: first over the SSE stream
 * (read with fetch so the Authorization header goes along), then by polling at
 * the host's `pollAfterMs` whenever the stream fails or closes early.
 */
export class StatusWatch {
  private readonly abort = new AbortController();
  private pollMs = DEFAULT_POLL_MS;
  private done = false;

  constructor(
    private readonly api: Api,
    private readonly saleId: string | null,
    private readonly token: string,
    private readonly on: WatchHandlers,
  ) {}

  start(first?: QueueStatus): void {
    if (first?.pollAfterMs) this.pollMs = first.pollAfterMs;
    void this.run();
  }

  stop(): void {
    this.done = true;
    this.abort.abort();
  }

  private emit(s: QueueStatus): void {
    if (this.done) return;
    this.pollMs = s.pollAfterMs;
    this.on.status(s);
    if (settled(s)) this.stop();
  }

  private async run(): Promise<void> {
    try {
      await this.stream();
    } catch (error) {
      if (this.done) return;
      // A problem answer (token gone, signed out) ends the watch; anything else falls back to polling.
      if (error instanceof Problem && error.status >= 400 && error.status < 500 && error.status !== 404 && error.status !== 405 && !tooMany(error)) {
        this.on.problem(error);
        this.stop();
        return;
      }
    }
    if (!this.done) await this.poll();
  }

  private async stream(): Promise<void> {
    const res = await this.api.events(this.saleId, this.token, this.abort.signal);
    const type = res.headers.get('content-type') ?? '';
    if (!res.body || !type.includes('text/event-stream')) throw new Error('no event stream');
    this.on.mode('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    // Cancelling the reader ends the loop below as if the stream had closed: polling takes over.
    let idle = setTimeout(() => void reader.cancel(), STREAM_IDLE_MS);
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.done) break;
        clearTimeout(idle);
        idle = setTimeout(() => void reader.cancel(), STREAM_IDLE_MS);
        const { blocks, rest } = splitEvents(buffer + value);
        buffer = rest;
        for (const block of blocks) this.dispatch(block);
      }
    } finally {
      clearTimeout(idle);
    }
  }

  private dispatch(block: string): void {
    const one = parseEventBlock(block);
    if (!one) return;
    const { event, data: parsed } = one;
    if (event === 'error' || event === 'problem') {
      const p = parsed as Record<string, unknown>;
      this.on.problem(
        new Problem(Number(p.status) || 400, String(p.code ?? 'stream_error'), String(p.detail ?? 'The status stream failed.'), String(p.title ?? '')),
      );
      this.stop();
      return;
    }
    if (parsed && typeof parsed === 'object' && 'state' in parsed) this.emit(parsed as QueueStatus);
  }

  private async poll(): Promise<void> {
    this.on.mode('polling');
    while (!this.done) {
      /** How long a 429 asked to wait (Retry-After); the pace's own interval applies if it is longer. */
      let asked = 0;
      try {
        this.emit(await this.api.status(this.saleId, this.token));
      } catch (error) {
        if (this.done) return;
        if (tooMany(error)) {
          asked = retryAfterMs(error);
        } else if (error instanceof Problem && !passing(error)) {
          this.on.problem(error);
          this.stop();
          return;
        }
        // A network fault or a 5xx: keep trying at the usual pace.
      }
      await sleep(Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, this.pollMs, asked)));
    }
  }
}
