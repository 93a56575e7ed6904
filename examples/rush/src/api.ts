import type { HttpClient, Reply } from './http.js';
import type { Tally } from './tally.js';

export interface Problem {
  readonly code?: string;
  readonly status?: number;
  readonly detail?: string;
}

/** Who a simulated client is: a person or a bot, and the address its requests come from (sent as X-Forwarded-For). */
export interface Identity {
  readonly cohort: 'human' | 'bot';
  readonly address: string | null;
}

/** One user's view of the API: their bearer, their host, and every answer counted in the tally. */
export class UserApi {
  private readonly headers: Record<string, string>;

  constructor(
    private readonly http: HttpClient,
    private readonly base: string,
    bearer: string,
    private readonly tally: Tally,
    readonly identity: Identity = { cohort: 'human', address: null },
  ) {
    this.headers = { authorization: `Bearer ${bearer}`, ...(identity.address ? { 'x-forwarded-for': identity.address } : {}) };
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    let reply: Reply<T>;
    try {
      reply = await this.http.json<T>(method, this.base + path, { ...this.headers, ...headers }, body);
    } catch (error) {
      this.tally.networkErrors += 1;
      const e = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
      const what = `${method} ${this.base}${path}: ${e.message} (${e.code ?? 'no code'}${e.reusedSocket ? ', reused socket' : ''})`;
      if (this.tally.serverErrors.length < 5) this.tally.serverErrors.push(what);
      throw new Error(what, { cause: error });
    }
    if (reply.status >= 500) {
      this.tally.count5xx += 1;
      if (this.tally.serverErrors.length < 5) this.tally.serverErrors.push(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
    } else if (reply.status >= 400) {
      const problem = reply.body as (Problem & { limit?: string }) | undefined;
      this.tally.fourxx(problem?.code ?? `http_${reply.status}`);
      this.tally.refused(this.identity.cohort, reply.status, problem?.code, problem?.limit);
    }
    return reply;
  }

  events(path: string, onEvent: (data: unknown) => void, signal: AbortSignal): Promise<number> {
    return this.http.events(this.base + path, this.headers, onEvent, signal).then((status) => {
      if (status === 429) this.tally.refused(this.identity.cohort, 429, 'stream_refused', undefined);
      return status;
    });
  }
}

export const codeOf = (reply: Reply): string | undefined => (reply.body as Problem | undefined)?.code;
