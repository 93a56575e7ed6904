/**
 * Requests per second of GET /v1/queue/tokens/{token} (JWT, full middleware
 * stack, memory store) next to a bare Koa + @koa/router route returning
 * constant JSON, measured with autocannon in one run, alternating rounds.
 *
 *   node --conditions=source --import tsx packages/http/test/perf/status-vs-bare.ts [seconds] [connections]
 *
 * LOG_LEVEL (default warn) sets the host's log level; at info every request writes a log line.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import autocannon from 'autocannon';
import Koa from 'koa';
import pino from 'pino';
import { signToken, startServer } from '../../src/index.js';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 32);
const rounds = 2;
const logLevel = (process.env.LOG_LEVEL ?? 'warn') as 'warn' | 'info';

async function bare(): Promise<{ url: string; server: Server }> {
  const app = new Koa();
  const router = new Router();
  router.get('/v1/queue/tokens/:token', (ctx) => {
    ctx.body = { token: ctx.params.token, state: 'active', position: null, etaSeconds: null, activeUntil: null, pollAfterMs: 30000 };
  });
  app.use(router.routes()).use(router.allowedMethods());
  const server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function measure(url: string, headers: Record<string, string>): Promise<{ rps: number; p99: number; non2xx: number }> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

const base = await bare();
const host = await startServer({
  port: 0,
  host: '127.0.0.1',
  secret: 'bench-secret-0123456789',
  logLevel,
  logger: pino({ level: logLevel }, pino.destination({ dest: '/dev/null', sync: false })),
});
const jwt = await signToken(host.secret, 'bench-user', 3600);
const auth = { authorization: `Bearer ${jwt}` };
const entered = (await (await fetch(`${host.url}/v1/queue/tokens`, { method: 'POST', headers: auth })).json()) as { token: string };
await host.tickNow();
const status = (await (await fetch(`${host.url}/v1/queue/tokens/${entered.token}`, { headers: auth })).json()) as { state: string };
if (status.state !== 'active') throw new Error(`bench token is ${status.state}`);

// Warm both up, then alternate rounds so drift hits both alike.
await measure(`${base.url}/v1/queue/tokens/${entered.token}`, {});
await measure(`${host.url}/v1/queue/tokens/${entered.token}`, auth);
const bareRuns = [];
const hostRuns = [];
for (let i = 0; i < rounds; i++) {
  bareRuns.push(await measure(`${base.url}/v1/queue/tokens/${entered.token}`, {}));
  hostRuns.push(await measure(`${host.url}/v1/queue/tokens/${entered.token}`, auth));
}
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const bareRps = avg(bareRuns.map((r) => r.rps));
const hostRps = avg(hostRuns.map((r) => r.rps));
const report = {
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  seconds,
  connections,
  rounds,
  hostLogLevel: logLevel,
  bare: { rps: Math.round(bareRps), p99ms: avg(bareRuns.map((r) => r.p99)), errors: bareRuns.reduce((s, r) => s + r.non2xx, 0) },
  status: { rps: Math.round(hostRps), p99ms: avg(hostRuns.map((r) => r.p99)), errors: hostRuns.reduce((s, r) => s + r.non2xx, 0) },
  ratio: Math.round((hostRps / bareRps) * 100) / 100,
};
console.log(JSON.stringify(report, null, 2));
await host.close();
base.server.close();
