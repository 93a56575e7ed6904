import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Date.now() when it arrived. */
  readonly at: number;
  /** What the receiver answered. */
  readonly status: number;
}

/** A local webhook receiver: records every POST and answers what `answer` says (default 204). */
export class Receiver {
  readonly deliveries: Delivery[] = [];
  answer: (delivery: Omit<Delivery, 'status'>, index: number) => number = () => 204;
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Listens on `port` (0: a free one; the same one again after stop()). */
  async start(port = this.port): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const arrived = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        const status = this.answer(arrived, this.deliveries.length);
        this.deliveries.push({ ...arrived, status });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The deliveries of one event (its webhook-id). */
  of(id: string): Delivery[] {
    return this.deliveries.filter((d) => d.headers['webhook-id'] === id);
  }

  /** The distinct webhook-ids answered 2xx, in the order they first were. */
  delivered(): string[] {
    return [...new Set(this.deliveries.filter((d) => d.status < 300).map((d) => String(d.headers['webhook-id'])))];
  }
}

/** A signing secret as BOXOFFICE_WEBHOOK_SECRET takes it. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('webhook-test-key-0123456789abcdef').toString('base64')}`;
