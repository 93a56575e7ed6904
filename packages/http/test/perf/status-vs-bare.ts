/**
 * Requests per second of GET /v1/queue/tokens/{token} (JWT, the whole
 * middleware stack, memory store) next to a bare Koa + @koa/router route
 * returning constant JSON, both measured with autocannon in one run.
 *
 *   node --conditions=source --import tsx packages/http/test/perf/status-vs-bare.ts [seconds] [connections] [rounds]
 *
 * Each server runs in its own child process; rounds alternate bare/host so
 * load drift on a shared machine hits both. Besides requests/s it reports the
 * server's own CPU time per request (process.cpuUsage in the child), which
 * does not depend on what else the machine is doing.
 * LOG_LEVEL (default warn) sets the host's log level; at info every request writes a log line (to /dev/null).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import autocannon from 'autocannon';
import Koa from 'koa';
import pino from 'pino';
import { signToken, startServer } from '../../src/index.js';

interface Ready {
  url: string;
  path: string;
  headers: Record<string, string>;
}

/** Child side: start one server, tell the parent where it is, answer CPU-usage requests. */
async function serve(kind: 'bare' | 'host'): Promise<void> {
  let ready: Ready;
  if (kind === 'bare') {
    const app = new Koa();
    const router = new Router();
    router.get('/v1/queue/tokens/:token', (ctx) => {
      ctx.body = { token: ctx.params.token, state: 'active', position: null, etaSeconds: null, activeUntil: null, pollAfterMs: 30000 };
    });
    app.use(router.routes()).use(router.allowedMethods());
    const server = createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ready = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, path: '/v1/queue/tokens/abcdefghijklmnopqrstuv', headers: {} };
  } else {
    const logLevel = (process.env.LOG_LEVEL ?? 'warn') as 'warn' | 'info';
    const host = await startServer({
      port: 0,
      host: '127.0.0.1',
      secret: 'bench-secret-0123456789',
      logLevel,
      logger: pino({ level: logLevel }, pino.destination({ dest: '/dev/null', sync: false })),
    });
    const jwt = await signToken(host.secret, 'bench-user', 3600);
    const headers = { authorization: `Bearer ${jwt}` };
    const entered = (await (await fetch(`${host.url}/v1/queue/tokens`, { method: 'POST', headers })).json()) as { token: string };
    await host.tickNow();
    ready = { url: `http://127.0.0.1:${host.port}`, path: `/v1/queue/tokens/${entered.token}`, headers };
  }
  process.on('message', () => process.send?.(process.cpuUsage()));
  process.on('SIGTERM', () => process.exit(0));
  process.send?.(ready);
}

function start(kind: 'bare' | 'host'): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(new URL(import.meta.url).pathname, ['--serve', kind], {
    execArgv: ['--conditions=source', '--import', 'tsx', ...(process.env.PROF === kind ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Ready }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
  });
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (u) => resolve(((u as NodeJS.CpuUsage).user + (u as NodeJS.CpuUsage).system) / 1000));
    child.send('cpu');
  });
}

interface Round {
  rps: number;
  p99: number;
  errors: number;
  cpuUsPerRequest: number;
}

async function measure(target: { child: ChildProcess; ready: Ready }, seconds: number, connections: number): Promise<Round> {
  const before = await cpuOf(target.child);
  const r = await autocannon({ url: target.ready.url + target.ready.path, connections, duration: seconds, headers: target.ready.headers });
  const after = await cpuOf(target.child);
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.non2xx + r.errors, cpuUsPerRequest: ((after - before) * 1000) / Math.max(1, r.requests.total) };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 2);
  const connections = Number(process.argv[3] ?? 32);
  const rounds = Number(process.argv[4] ?? 6);
  const bare = await start('bare');
  const host = await start('host');
  try {
    await measure(bare, 1, connections); // warm-up
    await measure(host, 1, connections);
    const b: Round[] = [];
    const h: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      b.push(await measure(bare, seconds, connections));
      h.push(await measure(host, seconds, connections));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const summary = (rs: Round[]) => ({
      rpsMedian: Math.round(median(rs.map((r) => r.rps))),
      p99msMedian: median(rs.map((r) => r.p99)),
      cpuUsPerRequest: r2(median(rs.map((r) => r.cpuUsPerRequest))),
      errors: rs.reduce((s, r) => s + r.errors, 0),
    });
    const perRound = h.map((x, i) => x.rps / (b[i] as Round).rps);
    console.log(
      JSON.stringify(
        {
          node: process.version,
          cpus: (await import('node:os')).cpus().length,
          loadavg: (await import('node:os')).loadavg().map(r2),
          seconds,
          connections,
          rounds,
          hostLogLevel: process.env.LOG_LEVEL ?? 'warn',
          bare: summary(b),
          status: summary(h),
          rpsRatioPerRound: perRound.map(r2),
          rpsRatio: r2(median(perRound)),
          cpuRatio: r2(median(b.map((r) => r.cpuUsPerRequest)) / median(h.map((r) => r.cpuUsPerRequest))),
        },
        null,
        2,
      ),
    );
  } finally {
    bare.child.kill();
    host.child.kill();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as 'bare' | 'host');
else await main();
