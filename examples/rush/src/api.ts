import type { HttpClient, Reply } from './http.js';
import type { Tally } from './tally.js';

export interface Problem {
  readonly code?: string;
  readonly status?: number;
  readonly detail?: string;
}

/** One user's view of the API: their bearer, their host, and every answer counted in the tally. */
export class UserApi {
  constructor(
    private readonly http: HttpClient,
    private readonly base: string,
    private readonly bearer: string,
    private readonly tally: Tally,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    let reply: Reply<T>;
    try {
      reply = await this.http.json<T>(method, this.base + path, { authorization: `Bearer ${this.bearer}`, ...headers }, body);
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
      this.tally.fourxx((reply.body as Problem | undefined)?.code ?? `http_${reply.status}`);
    }
    return reply;
  }

  events(path: string, onEvent: (data: unknown) => void, signal: AbortSignal): Promise<number> {
    return this.http.events(this.base + path, { authorization: `Bearer ${this.bearer}` }, onEvent, signal);
  }
}

export const codeOf = (reply: Reply): string | undefined => (reply.body as Problem | undefined)?.code;
