import { Agent, request } from 'node:http';

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/**
 * A small keep-alive JSON client over node:http. Requests past `maxSockets`
 * per host wait in the agent's queue, which bounds the load one simulator
 * process puts on the hosts (as a CDN or load balancer would).
 */
export class HttpClient {
  private readonly agent: Agent;
  /** Event streams get their own sockets so they never starve the request pool. */
  private readonly streamAgent = new Agent({ keepAlive: false });

  constructor(maxSockets = 64) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  async json<T = unknown>(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Reply<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, url, headers, payload);
      } catch (error) {
        // A kept-alive socket the server closed as we reused it: the request never reached the
        // server (Node's documented pattern), so sending it again is safe. Several idle
        // sockets may have gone stale together, hence a few attempts.
        const stale = (error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET';
        if (!stale || attempt >= 8) throw error;
        this.staleRetries += 1;
      }
    }
  }

  /** How many requests were re-sent after a stale kept-alive socket. */
  staleRetries = 0;

  private once<T>(method: string, url: string, headers: Record<string, string>, payload: string | undefined): Promise<Reply<T>> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: { accept: 'application/json', ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if (text.length > 0 && /json/.test(String(res.headers['content-type']))) {
              try {
                parsed = JSON.parse(text);
              } catch {
                /* keep the text */
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(payload);
    });
  }

  /**
   * Opens a Server-Sent Events stream and calls `onEvent` with each event's
   * parsed data. Resolves with the HTTP status once the stream ends (or at once
   * when the answer is not 200). `signal` closes it early.
   */
  events(url: string, headers: Record<string, string>, onEvent: (data: unknown) => void, signal: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'GET', agent: this.streamAgent, headers: { accept: 'text/event-stream', ...headers }, signal }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n');
            if (data) {
              try {
                onEvent(JSON.parse(data));
              } catch {
                /* a malformed event is skipped */
              }
            }
          }
        });
        res.on('end', () => resolve(200));
        res.on('error', (e) => (signal.aborted ? resolve(200) : reject(e)));
      });
      req.on('error', (e) => (signal.aborted ? resolve(200) : reject(e)));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
    this.streamAgent.destroy();
  }
}
