import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api-schema.js';
import type { ChargeResult, Concert, Payment, PowChallenge, QueueStatus, Reservation, Sale, Schedule, Seat, WaitlistStatus, Wallet } from './types.js';

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
/** An admission pass lives 60 s from its status (or to the session's end, which the host checks): sent for 50 s. */
const PASS_KEPT_MS = 50_000;

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

/**
 * A thin client over the SPEC's /v1 routes, typed by the host's OpenAPI document through openapi-fetch:
 * a path, parameter or answer the host does not have fails the page's typecheck. Every failure becomes a
 * Problem.
 */
export class Api {
  private readonly client: Client<paths>;
  /**
   * The admission pass of the last status that carried one (issue 17): sent with the gated reads
   * (concerts, dates, seat map) so the host checks its signature instead of asking the store. Kept a
   * little short of its 60 s, and only for the token it was issued to; a refused one is dropped.
   */
  private pass: { token: string; value: string; until: number } | null = null;
  /** Where the last status came from, to fetch a pass when a gated read finds none (a status stream carries none). */
  private lastStatus: { saleId: string | null; token: string } | null = null;
  private fetchingPass = false;

  constructor(
    private readonly creds: () => Credentials,
    base = '',
  ) {
    this.client = clientFor(base);
  }

  static async demoToken(userId: string): Promise<string> {
    return (await answer(clientFor('').POST('/v1/demo/token', { body: { userId } }))).token;
  }

  sales(): Promise<Sale[]> {
    return answer(this.client.GET('/v1/sales', { headers: this.bearer() }));
  }

  /** Enters a sale's waiting room; null is the host's default sale (the first release's route). `pow`: a Pow-Solution header. */
  enter(saleId: string | null, pow?: string): Promise<QueueStatus> {
    const headers = { ...this.bearer(), ...(pow ? { 'Pow-Solution': pow } : {}) };
    if (saleId === null) return this.keepPass(saleId, this.client.POST('/v1/queue/tokens', { headers }));
    return this.keepPass(saleId, this.client.POST('/v1/sales/{saleId}/queue/tokens', { params: { path: { saleId } }, headers }));
  }

  /** A proof-of-work challenge for entering the sale (solve it with pow.ts). */
  challenge(saleId: string): Promise<PowChallenge> {
    return answer(this.client.GET('/v1/sales/{saleId}/challenge', { params: { path: { saleId } }, headers: this.bearer() }));
  }

  status(saleId: string | null, token: string): Promise<QueueStatus> {
    if (saleId === null) return this.keepPass(saleId, this.client.GET('/v1/queue/tokens/{token}', { params: { path: { token } }, headers: this.bearer() }));
    return this.keepPass(saleId, this.client.GET('/v1/sales/{saleId}/queue/tokens/{token}', { params: { path: { saleId, token } }, headers: this.bearer() }));
  }

  async leave(saleId: string | null, token: string): Promise<void> {
    if (saleId === null) {
      await answer(this.client.DELETE('/v1/queue/tokens/{token}', { params: { path: { token } }, headers: this.bearer() }));
      return;
    }
    await answer(this.client.DELETE('/v1/sales/{saleId}/queue/tokens/{token}', { params: { path: { saleId, token } }, headers: this.bearer() }));
  }

  concerts(): Promise<Concert[]> {
    return this.gated((header) => this.client.GET('/v1/concerts', { params: { header }, headers: this.bearer() }));
  }

  schedules(concertId: string): Promise<Schedule[]> {
    return this.gated((header) => this.client.GET('/v1/concerts/{concertId}/schedules', { params: { path: { concertId }, header }, headers: this.bearer() }));
  }

  seats(scheduleId: string): Promise<Seat[]> {
    return this.gated((header) => this.client.GET('/v1/schedules/{scheduleId}/seats', { params: { path: { scheduleId }, header }, headers: this.bearer() }));
  }

  hold(scheduleId: string, seats: number[]): Promise<Reservation> {
    return answer(
      this.client.POST('/v1/reservations', { params: { header: this.queueToken() }, body: { scheduleId, seats }, headers: this.bearer() }),
    );
  }

  reservation(id: string): Promise<Reservation> {
    return answer(this.client.GET('/v1/reservations/{id}', { params: { path: { id } }, headers: this.bearer() }));
  }

  async cancel(id: string): Promise<void> {
    await answer(this.client.DELETE('/v1/reservations/{id}', { params: { path: { id } }, headers: this.bearer() }));
  }

  pay(reservationId: string, key: string): Promise<Payment> {
    return answer(
      this.client.POST('/v1/payments', {
        params: { header: { ...this.queueToken(), 'Idempotency-Key': key } },
        body: { reservationId },
        headers: this.bearer(),
      }),
    );
  }

  payment(id: string): Promise<Payment> {
    return answer(this.client.GET('/v1/payments/{id}', { params: { path: { id } }, headers: this.bearer() }));
  }

  charge(amount: number, key: string): Promise<ChargeResult> {
    return answer(
      this.client.POST('/v1/wallet/charges', { params: { header: { 'Idempotency-Key': key } }, body: { amount }, headers: this.bearer() }),
    );
  }

  wallet(limit = 10, cursor: string | null = null): Promise<Wallet> {
    const query = cursor ? { limit, cursor } : { limit };
    return answer(this.client.GET('/v1/wallet', { params: { query }, headers: this.bearer() }));
  }

  /** Opens the status event stream; the caller reads it (EventSource cannot send headers). */
  async events(saleId: string | null, token: string, signal: AbortSignal): Promise<Response> {
    const headers = { ...this.bearer(), Accept: 'text/event-stream' };
    const { response } =
      saleId === null
        ? await this.client.GET('/v1/queue/tokens/{token}/events', { params: { path: { token } }, headers, parseAs: 'stream', signal, cache: 'no-store' })
        : await this.client.GET('/v1/sales/{saleId}/queue/tokens/{token}/events', {
            params: { path: { saleId, token } },
            headers,
            parseAs: 'stream',
            signal,
            cache: 'no-store',
          });
    if (!response.ok) throw await toProblem(response);
    return response;
  }

  /** Joins a sold-out sale's waiting list (the same place again if already on it). */
  joinWaitlist(saleId: string): Promise<WaitlistStatus> {
    return answer(this.client.POST('/v1/sales/{saleId}/waitlist', { params: { path: { saleId } }, headers: this.bearer() }));
  }

  /** The caller's place on the list, or their offer. */
  waitlist(saleId: string): Promise<WaitlistStatus> {
    return answer(this.client.GET('/v1/sales/{saleId}/waitlist/me', { params: { path: { saleId } }, headers: this.bearer() }));
  }

  async leaveWaitlist(saleId: string): Promise<void> {
    await answer(this.client.DELETE('/v1/sales/{saleId}/waitlist/me', { params: { path: { saleId } }, headers: this.bearer() }));
  }

  /** Pays a waiting-list offer: a hold like any other, paid with no Queue-Token. */
  payOffer(reservationId: string, key: string): Promise<Payment> {
    return answer(this.client.POST('/v1/payments', { params: { header: { 'Idempotency-Key': key } }, body: { reservationId }, headers: this.bearer() }));
  }

  private bearer(): Record<string, string> {
    return { Authorization: `Bearer ${this.creds().bearer}` };
  }

  /** A status answer, keeping the admission pass it carries (an active token's). */
  private async keepPass(saleId: string | null, call: Promise<{ data?: QueueStatus; error?: unknown; response: Response }>): Promise<QueueStatus> {
    const reply = await call;
    const status = await answer(Promise.resolve(reply));
    this.lastStatus = { saleId, token: status.token };
    const value = reply.response.headers.get('Admission-Pass');
    if (value) this.pass = { token: status.token, value, until: Date.now() + PASS_KEPT_MS };
    return status;
  }

  /** A gated read: the Queue-Token, and the pass while it is good for it; a refused pass is dropped and the read sent again without. */
  private async gated<T>(read: (header: { 'Queue-Token': string; 'Admission-Pass'?: string }) => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const token = this.queueToken();
    const pass = this.pass;
    if (!pass || pass.token !== token['Queue-Token'] || pass.until <= Date.now()) {
      this.fetchPass(token['Queue-Token']);
      return answer(read(token));
    }
    try {
      return await answer(read({ ...token, 'Admission-Pass': pass.value }));
    } catch (error) {
      if (!(error instanceof Problem) || error.code !== 'pass_invalid') throw error;
      this.pass = null;
      return answer(read(token));
    }
  }

  /** In the background, one status read for a fresh pass, so the next gated reads carry it. */
  private fetchPass(token: string): void {
    const last = this.lastStatus;
    if (this.fetchingPass || !token || last?.token !== token) return;
    this.fetchingPass = true;
    this.status(last.saleId, token)
      .catch(() => undefined)
      .finally(() => (this.fetchingPass = false));
  }

  /** The Queue-Token header of the routes that need one (the host answers 403 without it). */
  private queueToken(): { 'Queue-Token': string } {
    return { 'Queue-Token': this.creds().queueToken ?? '' };
  }
}

export function clientFor(base: string): Client<paths> {
  return createClient<paths>({
    baseUrl: base,
    fetch: send,
    headers: { Accept: 'application/json, application/problem+json' },
    cache: 'no-store',
  });
}

/** The answer's body, or a Problem for a failure. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw problemOf(response, error);
  return data as T;
}

/**
 * openapi-fetch's transport: only keyed writes and reads are retried on a network failure (the key makes
 * the retry safe), and a 409 on a keyed request (the first attempt is still running) is asked again.
 */
async function send(request: Request): Promise<Response> {
  const keyed = request.headers.has('Idempotency-Key');
  const attempts = keyed || request.method === 'GET' ? RETRIES + 1 : 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    let res: Response;
    const sentAt = Date.now();
    try {
      res = await fetch(request.clone());
    } catch (error) {
      last = error;
      await sleep(300 * (i + 1));
      continue;
    }
    noteServerTime(res, sentAt);
    if (res.status === 409 && keyed && i < attempts - 1) {
      await sleep(400 * (i + 1));
      continue;
    }
    return res;
  }
  throw new Problem(0, 'network', 'The server could not be reached. Check your connection and try again.', 'Network error', {
    cause: String(last),
  });
}

async function toProblem(res: Response): Promise<Problem> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy page, say): fall back to the status line.
  }
  return problemOf(res, body);
}

/** A problem+json body (or anything else a proxy answered) as a Problem. */
export function problemOf(res: Response, body: unknown): Problem {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const { code, detail, title, status: _status, type: _type, ...extra } = fields;
  return new Problem(
    res.status,
    typeof code === 'string' ? code : `http_${res.status}`,
    typeof detail === 'string' && detail ? detail : `The server answered ${res.status} ${res.statusText}.`,
    typeof title === 'string' ? title : res.statusText,
    extra,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
