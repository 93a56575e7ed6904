import type { ChargeResult, Concert, Payment, QueueStatus, Reservation, Sale, Schedule, Seat, Wallet } from './types.js';

/** An RFC 9457 problem answer, or a network failure dressed as one (code `network`). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly title: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export interface Credentials {
  bearer: string;
  queueToken: string | null;
}

/** A fresh key per user action; a retry of the same action reuses it. */
export function newKey(): string {
  // randomUUID needs a secure context; a plain-http LAN address is not one, getRandomValues works anywhere.
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const RETRIES = 2;

/**
 * How far the server's clock is ahead of this browser's, from the Date header of its answers.
 * Countdowns run on server time, so a phone whose clock is off still counts down correctly.
 */
let clockOffsetMs = 0;

export function serverNow(): number {
  return Date.now() + clockOffsetMs;
}

function noteServerTime(res: Response, sentAt: number): void {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The header has whole seconds: take the middle of that second and of the round trip.
  const offset = date + 500 - (sentAt + Date.now()) / 2;
  // Ignore sub-second differences: they are the header's rounding, not a wrong clock.
  clockOffsetMs = Math.abs(offset) < 1500 ? 0 : offset;
}

/** A thin client over the SPEC's /v1 routes. Every failure becomes a Problem. */
export class Api {
  constructor(
    private readonly creds: () => Credentials,
    private readonly base = '',
  ) {}

  static async demoToken(userId: string): Promise<string> {
    const body = await send<{ token: string }>('', 'POST', '/v1/demo/token', { body: { userId } });
    return body.token;
  }

  sales(): Promise<Sale[]> {
    return this.call<unknown>('GET', '/v1/sales').then((b) => list<Sale>(b, 'sales'));
  }

  /** Enters a sale's waiting room; null is the host's default sale (the first release's route). */
  enter(saleId: string | null): Promise<QueueStatus> {
    return this.call('POST', tokens(saleId), { body: {} });
  }

  status(saleId: string | null, token: string): Promise<QueueStatus> {
    return this.call('GET', `${tokens(saleId)}/${enc(token)}`);
  }

  leave(saleId: string | null, token: string): Promise<void> {
    return this.call('DELETE', `${tokens(saleId)}/${enc(token)}`);
  }

  concerts(): Promise<Concert[]> {
    return this.call<unknown>('GET', '/v1/concerts', { queue: true }).then((b) => list<Concert>(b, 'concerts'));
  }

  schedules(concertId: string): Promise<Schedule[]> {
    return this.call<unknown>('GET', `/v1/concerts/${enc(concertId)}/schedules`, { queue: true }).then((b) =>
      list<Schedule>(b, 'schedules'),
    );
  }

  seats(scheduleId: string): Promise<Seat[]> {
    return this.call<unknown>('GET', `/v1/schedules/${enc(scheduleId)}/seats`, { queue: true }).then((b) =>
      list<Seat>(b, 'seats'),
    );
  }

  hold(scheduleId: string, seats: number[]): Promise<Reservation> {
    return this.call('POST', '/v1/reservations', { queue: true, body: { scheduleId, seats } });
  }

  reservation(id: string): Promise<Reservation> {
    return this.call('GET', `/v1/reservations/${enc(id)}`);
  }

  cancel(id: string): Promise<void> {
    return this.call('DELETE', `/v1/reservations/${enc(id)}`);
  }

  pay(reservationId: string, key: string): Promise<Payment> {
    return this.call('POST', '/v1/payments', { queue: true, body: { reservationId }, key });
  }

  payment(id: string): Promise<Payment> {
    return this.call('GET', `/v1/payments/${enc(id)}`);
  }

  charge(amount: number, key: string): Promise<ChargeResult> {
    return this.call('POST', '/v1/wallet/charges', { body: { amount }, key });
  }

  wallet(limit = 10, cursor: string | null = null): Promise<Wallet> {
    const page = cursor ? `&cursor=${enc(cursor)}` : '';
    return this.call('GET', `/v1/wallet?limit=${limit}${page}`);
  }

  /** Opens the status event stream; the caller reads it (EventSource cannot send headers). */
  async events(saleId: string | null, token: string, signal: AbortSignal): Promise<Response> {
    const res = await fetch(`${this.base}${tokens(saleId)}/${enc(token)}/events`, {
      headers: { ...this.headers(false), Accept: 'text/event-stream' },
      signal,
      cache: 'no-store',
    });
    if (!res.ok) throw await toProblem(res);
    return res;
  }

  private headers(queue: boolean): Record<string, string> {
    const { bearer, queueToken } = this.creds();
    const h: Record<string, string> = { Authorization: `Bearer ${bearer}` };
    if (queue && queueToken) h['Queue-Token'] = queueToken;
    return h;
  }

  private call<T>(method: string, path: string, opts: { queue?: boolean; body?: unknown; key?: string } = {}): Promise<T> {
    return send<T>(this.base, method, path, { ...opts, headers: this.headers(opts.queue ?? false) });
  }
}

async function send<T>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; key?: string; headers?: Record<string, string> },
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.key) headers['Idempotency-Key'] = opts.key;
  // Only keyed writes and reads are retried on a network failure: the key makes the retry safe.
  const attempts = opts.key || method === 'GET' ? RETRIES + 1 : 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    let res: Response;
    const sentAt = Date.now();
    try {
      res = await fetch(base + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        cache: 'no-store',
      });
    } catch (error) {
      last = error;
      await sleep(300 * (i + 1));
      continue;
    }
    noteServerTime(res, sentAt);
    // 409 on a keyed request: the first attempt is still running; ask again shortly.
    if (res.status === 409 && opts.key && i < attempts - 1) {
      await sleep(400 * (i + 1));
      continue;
    }
    if (!res.ok) throw await toProblem(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
  throw new Problem(0, 'network', 'The server could not be reached. Check your connection and try again.', 'Network error', {
    cause: String(last),
  });
}

async function toProblem(res: Response): Promise<Problem> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy page, say): fall back to the status line.
  }
  const { code, detail, title, status: _status, type: _type, ...extra } = body;
  return new Problem(
    res.status,
    typeof code === 'string' ? code : `http_${res.status}`,
    typeof detail === 'string' && detail ? detail : `The server answered ${res.status} ${res.statusText}.`,
    typeof title === 'string' ? title : res.statusText,
    extra,
  );
}

/** Accepts a bare array or one wrapped in an object, e.g. `{ concerts: [...] }`. */
function list<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (Array.isArray(o[key])) return o[key] as T[];
    if (Array.isArray(o.items)) return o.items as T[];
  }
  return [];
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

/** A sale's queue tokens, or the default sale's (the first release's path). */
function tokens(saleId: string | null): string {
  return saleId ? `/v1/sales/${enc(saleId)}/queue/tokens` : '/v1/queue/tokens';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
