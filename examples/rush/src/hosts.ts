import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startServer } from '@boxoffice/http';
import { bearer } from '../../../bench/lib/jwt.js';
import { startHost, type ChildServer } from '../../../bench/lib/processes.js';
import { startPrivateRedis, type PrivateRedis } from '../../../bench/lib/redis-server.js';
import { AUDIT_SALE_ID, rushCatalog, rushSales, writeCatalogFile, type FairPlay } from './catalog.js';
import type { RushOptions } from './options.js';

export interface Hosts {
  readonly urls: string[];
  readonly secret: string;
  /** Where the redis store lives, when it is one. */
  readonly redisUrl: string | null;
  /** When the crowd's sale opens (epoch ms). */
  readonly opensAt: number;
  /** Session length, to read an admission's time back from `activeUntil`. */
  readonly sessionTtlMs: number;
  stop(): Promise<void>;
}

/**
 * Until the hosts are up the crowd's sale opens this far ahead; then an operator moves the opening to
 * `opensIn` from then (announceOpening), so a slow start on a loaded machine never eats the pre-queue.
 */
const PLACEHOLDER_OPENING_MS = 3_600_000;

/** Settings every host of the rush shares. Sessions outlast the run so the auditor keeps its own. */
function hostSettings(o: RushOptions) {
  return {
    maxActive: o.maxActive,
    admitPerMinute: o.admitPerMinute,
    admissionRampSeconds: o.ramp,
    holdTtlSeconds: o.holdTtlSeconds,
    sessionTtlSeconds: Math.max(120, o.maxSeconds + 60),
    idleTimeoutSeconds: 30,
    tickMs: 200,
    // Short: a lapsed waiting-list offer moves to the next person only past the grace.
    payGraceSeconds: 2,
  };
}

/** The hosts the crowd talks to: in this process (memory, tests) or as child processes of the `boxoffice serve` CLI. */
export async function startHosts(o: RushOptions): Promise<Hosts> {
  const secret = randomBytes(24).toString('base64url');
  const s = hostSettings(o);
  // With a pre-queue the opening is announced once the hosts are up (announceOpening); without, the sale is open.
  const opensAt = o.opensIn > 0 ? Date.now() + PLACEHOLDER_OPENING_MS : Date.now();
  const sessionTtlMs = s.sessionTtlSeconds * 1000;
  // Without bots the crowd is people on one machine, so every limit is off (one address, a load test);
  // with bots the defences are on, and each simulated client sends its own X-Forwarded-For (bots share a few).
  const fair: FairPlay | null = o.bots > 0 ? { proofOfWork: o.pow, maxSeatsPerUser: o.maxSeatsPerUser } : null;
  const limits = o.bots > 0 ? { rateLimits: 'on' as const, trustProxy: 1 } : { rateLimits: 'off' as const, trustProxy: 0 };
  if (o.inProcess) {
    if (o.store !== 'memory' || o.processes !== 1) throw new Error('in-process hosting is for one memory host');
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      store: 'memory',
      secret,
      logLevel: 'silent',
      concerts: rushCatalog(o.seats),
      sales: rushSales(opensAt, fair),
      defaultSale: AUDIT_SALE_ID,
      ...s,
      ...limits,
    });
    return { urls: [server.url], secret, redisUrl: null, opensAt, sessionTtlMs, stop: () => server.close() };
  }

  let redis: PrivateRedis | null = null;
  let redisUrl: string | null = null;
  if (o.store === 'redis') {
    if (o.redisUrl) {
      redisUrl = o.redisUrl;
    } else {
      redis = await startPrivateRedis();
      redisUrl = redis.url;
    }
  }
  const catalogFile = writeCatalogFile(o.seats, opensAt, fair);
  const env: Record<string, string> = {
    BOXOFFICE_STORE: o.store,
    BOXOFFICE_SECRET: secret,
    BOXOFFICE_CATALOG: catalogFile,
    BOXOFFICE_MAX_ACTIVE: String(s.maxActive),
    BOXOFFICE_ADMIT_PER_MINUTE: String(s.admitPerMinute),
    BOXOFFICE_ADMISSION_RAMP_SECONDS: String(s.admissionRampSeconds),
    BOXOFFICE_HOLD_TTL_SECONDS: String(s.holdTtlSeconds),
    BOXOFFICE_SESSION_TTL_SECONDS: String(s.sessionTtlSeconds),
    BOXOFFICE_IDLE_TIMEOUT_SECONDS: String(s.idleTimeoutSeconds),
    BOXOFFICE_TICK_MS: String(s.tickMs),
    BOXOFFICE_PAY_GRACE_SECONDS: String(s.payGraceSeconds),
    BOXOFFICE_DEFAULT_SALE: AUDIT_SALE_ID,
    BOXOFFICE_RATE_LIMITS: limits.rateLimits,
    BOXOFFICE_TRUST_PROXY: String(limits.trustProxy),
    ...(redisUrl ? { REDIS_URL: redisUrl, BOXOFFICE_REDIS_PREFIX: `rush-${process.pid}-${Date.now()}` } : {}),
  };
  const servers: ChildServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((h) => h.stop()));
    await redis?.stop();
    rmSync(catalogFile, { force: true });
  };
  try {
    // The first host publishes the catalog before the others start.
    servers.push(await startHost(env));
    servers.push(...(await Promise.all(Array.from({ length: o.processes - 1 }, () => startHost(env)))));
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: servers.map((h) => h.url), secret, redisUrl, opensAt, sessionTtlMs, stop };
}

/**
 * An operator announces the crowd's opening `opensIn` seconds from now (PATCH of the sale's opensAt), and
 * every host is waited for until it serves the new time (each re-reads its sales every tick). Returns it.
 */
export async function announceOpening(hosts: Hosts, opensIn: number, saleId: string): Promise<number> {
  const opensAt = Date.now() + opensIn * 1000;
  const auth = { authorization: `Bearer ${await bearer(hosts.secret, 'rush-operator', 600, ['operator'])}` };
  const url = `${hosts.urls[0]!}/v1/admin/sales/${saleId}`;
  const read = await fetch(url, { headers: auth });
  const patch = await fetch(url, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/merge-patch+json', 'if-match': read.headers.get('etag') ?? '' },
    body: JSON.stringify({ opensAt: new Date(opensAt).toISOString() }),
  });
  if (patch.status !== 200) throw new Error(`announcing the opening: ${patch.status} ${await patch.text()}`);
  const iso = new Date(opensAt).toISOString();
  for (const base of hosts.urls) {
    for (let i = 0; ; i++) {
      const sale = (await (await fetch(`${base}/v1/sales/${saleId}`, { headers: auth })).json()) as { opensAt?: string };
      if (sale.opensAt === iso) break;
      if (i > 200) throw new Error(`${base} did not take the new opening in 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return opensAt;
}
