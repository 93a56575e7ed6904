import { parseArgs } from 'node:util';
import { SAFE_ID, type BoxofficeConfig } from '@boxoffice/core';

/** Every setting of the host. One table drives the environment, the flags, --help and validation. */
export interface Settings {
  readonly port: number;
  readonly host: string | undefined;
  readonly store: 'memory' | 'redis' | 'mongodb';
  readonly redisUrl: string | undefined;
  readonly redisClusterNodes: string[] | undefined;
  readonly redisPrefix: string;
  /** Redis failover (docs/redis-failover.md): Sentinels, their master's name, and the WAIT settings. */
  readonly redisSentinels: string[] | undefined;
  readonly redisSentinelName: string | undefined;
  /** undefined: 1 when the master has a replica at start, else 0. */
  readonly redisMinReplicas: number | undefined;
  readonly redisWaitMs: number;
  readonly mongodbUrl: string | undefined;
  /** undefined means demo mode: a random secret is made at start. */
  readonly secret: string | undefined;
  readonly catalog: string | undefined;
  /** The sale /v1/queue/tokens acts on (undefined: `default`, else the first). */
  readonly defaultSale: string | undefined;
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly admissionRampSeconds: number;
  readonly sessionTtlSeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly holdTtlSeconds: number;
  readonly payGraceSeconds: number;
  readonly endedTokenTtlSeconds: number;
  readonly paymentRecoverySeconds: number;
  readonly tickMs: number;
  /** Waiting tokens this process remembers so that a poll between heartbeats asks only its place (0: off). */
  readonly lineMemoryTokens: number;
  /** Status streams (SSE) this process keeps open at once; past it, 429 and the page polls (0: none). */
  readonly maxStreams: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A request body must arrive whole within this. */
  readonly bodyTimeoutMs: number;
  /** Bearer tokens whose exp is further ahead are refused. */
  readonly tokenMaxTtlSeconds: number;
  /** `off` turns every rate limit off (load tests, rush simulations). */
  readonly rateLimits: 'on' | 'off';
  /** Proxies in front of the host that append to X-Forwarded-For (0: use the socket's address). */
  readonly trustProxy: number;
  /** Rate limits, `<requests>/<seconds>` or `0` (off); see rate-limits.ts. */
  readonly rateEnter: string;
  readonly rateEnterPerAddress: string;
  readonly rateStatus: string;
  readonly rateHolds: string;
  readonly ratePayments: string;
  readonly rateCharges: string;
  readonly rateReads: string;
  /** `purchase_limit` refusals one user may earn (`2/30`: two per 30 s); past them their holds are cancelled and further holds refused for the block. */
  readonly rateLimitProbes: string;
  /** A user over a quota is refused this long (at least the quota's window); 0: only until the window ends. */
  readonly rateBlockSeconds: number;
  /** How long a proof-of-work challenge may be solved and used. */
  readonly powTtlSeconds: number;
  readonly powSurgePerSecond: number;
  /** Where every domain event is POSTed (Standard Webhooks); undefined: no webhooks. */
  readonly webhookUrl: string | undefined;
  /** `whsec_` + base64 of the signing key; required with webhookUrl. */
  readonly webhookSecret: string | undefined;
  /** The retry delay starts at 1 s and doubles up to this. */
  readonly webhookMaxBackoffSeconds: number;
  /** A host's hold on webhook delivery lasts this long unrenewed: another takes over this long after it dies. */
  readonly webhookLeaseSeconds: number;
  /** The variable or flag each setting came from, so errors found later name what the user typed. */
  readonly origin?: Readonly<Partial<Record<keyof Settings, string>>>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Parser = (raw: string, name: string) => unknown;

interface Setting {
  readonly key: keyof Settings;
  readonly env: string;
  readonly flag: string;
  readonly help: string;
  readonly parse: Parser;
  readonly fallback: unknown;
}

const fail = (name: string, message: string, raw: string): never => {
  throw new ConfigError(`${name} ${message}, got ${JSON.stringify(raw)}`);
};

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parser =>
  (raw, name) => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) {
      if (max < Number.MAX_SAFE_INTEGER) return fail(name, `must be an integer from ${min} to ${max}`, raw);
      return fail(name, min > 0 ? 'must be a positive integer' : `must be an integer >= ${min}`, raw);
    }
    return n;
  };

const seconds: Parser = (raw, name) => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) return fail(name, 'must be a positive number of seconds', raw);
  return n;
};

/** `<requests>/<seconds>` (both positive integers) or `0` for off; kept as typed, rate-limits.ts reads it. */
const quota: Parser = (raw, name) => {
  const v = raw.trim();
  if (v === '0' || /^[1-9]\d{0,8}\/[1-9]\d{0,5}$/.test(v)) return v;
  return fail(name, 'must be <requests>/<seconds> (e.g. 30/10) or 0 for off', raw);
};

/** How many proxies append to X-Forwarded-For: a count, or true (one) / false (none). */
const proxies: Parser = (raw, name) => {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === 'yes') return 1;
  if (v === 'false' || v === 'no') return 0;
  return int(0, 16)(raw, name);
};

const text: Parser = (raw, name) => (raw.length === 0 ? fail(name, 'must not be empty', raw) : raw);

const safeId: Parser = (raw, name) => (SAFE_ID.test(raw) ? raw : fail(name, 'must be 1-64 letters, digits, _ or -', raw));

const oneOf =
  (...values: string[]): Parser =>
  (raw, name) =>
    values.includes(raw) ? raw : fail(name, `must be one of ${values.join(', ')}`, raw);

/** A URL with its password masked, for messages and logs. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (!u.password) return raw;
    u.password = '***';
    return u.toString();
  } catch {
    return raw.replace(/\/\/[^@/]*@/, '//***@');
  }
}

const url =
  (...protocols: string[]): Parser =>
  (raw, name) => {
    const expected = `must be ${protocols.map((p) => `${p}//`).join(' or ')}`;
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return fail(name, expected, redactUrl(raw));
    }
    if (!protocols.includes(u.protocol)) return fail(name, expected, redactUrl(raw));
    return raw;
  };

/** ioredis takes the database number from the path; anything else there would be dropped without a word. */
const redisUrl: Parser = (raw, name) => {
  url('redis:', 'rediss:')(raw, name);
  const path = new URL(raw).pathname;
  if (path !== '' && path !== '/' && !/^\/(?:[0-9]|1[0-5])$/.test(path)) {
    return fail(name, 'must name a database number from 0 to 15 as its path (redis://host:6379/2), or none', redactUrl(raw));
  }
  return raw;
};

/** The database number a REDIS_URL names (0 when none). */
export function redisDatabase(raw: string): number {
  return Number(new URL(raw).pathname.slice(1) || 0);
}

/** Standard Webhooks' secret: `whsec_` + base64 of 24 to 64 random bytes. */
const webhookSecret: Parser = (raw, name) => {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(raw);
  const bytes = match ? Buffer.from(match[1] as string, 'base64').length : 0;
  // Never echo a secret: fail() would.
  if (!match || bytes < 24 || bytes > 64) throw new ConfigError(`${name} must be whsec_ followed by base64 of 24 to 64 bytes (try: echo whsec_$(openssl rand -base64 32))`);
  return raw;
};

const hostPorts: Parser = (raw, name) => {
  const nodes = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (nodes.length === 0 || !nodes.every((n) => /^[^\s:]+:\d{1,5}$/.test(n))) {
    return fail(name, 'must be comma-separated host:port seeds', raw);
  }
  return nodes;
};

export const SETTINGS: readonly Setting[] = [
  { key: 'port', env: 'PORT', flag: 'port', help: 'TCP port to listen on (0 picks a free one)', parse: int(0, 65535), fallback: 3000 },
  { key: 'host', env: 'HOST', flag: 'host', help: 'interface to bind (default: all)', parse: text, fallback: undefined },
  { key: 'store', env: 'BOXOFFICE_STORE', flag: 'store', help: 'memory | redis | mongodb', parse: oneOf('memory', 'redis', 'mongodb'), fallback: 'memory' },
  { key: 'redisUrl', env: 'REDIS_URL', flag: 'redis-url', help: 'Redis URL for the redis store (a /N path picks database N)', parse: redisUrl, fallback: undefined },
  { key: 'redisClusterNodes', env: 'REDIS_CLUSTER_NODES', flag: 'redis-cluster-nodes', help: 'comma-separated host:port seeds; makes the redis store a Cluster', parse: hostPorts, fallback: undefined },
  { key: 'redisPrefix', env: 'BOXOFFICE_REDIS_PREFIX', flag: 'redis-prefix', help: 'key prefix in Redis', parse: text, fallback: 'bo' },
  { key: 'redisSentinels', env: 'REDIS_SENTINELS', flag: 'redis-sentinels', help: 'comma-separated host:port of Sentinels; the redis store follows their master', parse: hostPorts, fallback: undefined },
  { key: 'redisSentinelName', env: 'REDIS_SENTINEL_NAME', flag: 'redis-sentinel-name', help: 'the master name the Sentinels monitor', parse: text, fallback: undefined },
  { key: 'redisMinReplicas', env: 'BOXOFFICE_REDIS_MIN_REPLICAS', flag: 'redis-min-replicas', help: 'replicas that must acknowledge each money, seat and admission step (default: 1 if the master has one, else 0)', parse: int(0), fallback: undefined },
  { key: 'redisWaitMs', env: 'BOXOFFICE_REDIS_WAIT_MS', flag: 'redis-wait-ms', help: 'how long that acknowledgement may take before the answer is 503', parse: int(1), fallback: 500 },
  { key: 'mongodbUrl', env: 'MONGODB_URL', flag: 'mongodb-url', help: 'MongoDB URL for the mongodb store', parse: url('mongodb:', 'mongodb+srv:'), fallback: undefined },
  { key: 'secret', env: 'BOXOFFICE_SECRET', flag: 'secret', help: 'HS256 secret for bearer tokens, at least 32 bytes (unset: demo mode, memory store only)', parse: text, fallback: undefined },
  { key: 'catalog', env: 'BOXOFFICE_CATALOG', flag: 'catalog', help: 'JSON file: { "concerts": [...], "sales": [...] } or an array of concerts', parse: text, fallback: undefined },
  { key: 'defaultSale', env: 'BOXOFFICE_DEFAULT_SALE', flag: 'default-sale', help: 'the sale /v1/queue/tokens acts on (default: "default", else the first)', parse: safeId, fallback: undefined },
  { key: 'maxActive', env: 'BOXOFFICE_MAX_ACTIVE', flag: 'max-active', help: 'most active sessions at once', parse: int(1), fallback: 100 },
  { key: 'admitPerMinute', env: 'BOXOFFICE_ADMIT_PER_MINUTE', flag: 'admit-per-minute', help: 'most admissions a minute', parse: int(1), fallback: 600 },
  { key: 'admissionRampSeconds', env: 'BOXOFFICE_ADMISSION_RAMP_SECONDS', flag: 'admission-ramp-seconds', help: 'a queue reaches its admissions a minute evenly over this long after opening (60: an even pace; 0: a minute\'s worth may go in at once)', parse: int(0, 60), fallback: 60 },
  { key: 'sessionTtlSeconds', env: 'BOXOFFICE_SESSION_TTL_SECONDS', flag: 'session-ttl-seconds', help: 'length of an active session', parse: seconds, fallback: 600 },
  { key: 'idleTimeoutSeconds', env: 'BOXOFFICE_IDLE_TIMEOUT_SECONDS', flag: 'idle-timeout-seconds', help: 'a waiting token that has not polled this long expires', parse: seconds, fallback: 60 },
  { key: 'holdTtlSeconds', env: 'BOXOFFICE_HOLD_TTL_SECONDS', flag: 'hold-ttl-seconds', help: 'length of a seat hold', parse: seconds, fallback: 300 },
  { key: 'payGraceSeconds', env: 'BOXOFFICE_PAY_GRACE_SECONDS', flag: 'pay-grace-seconds', help: 'a lapsed hold may still be paid this long if no one took its seats (0: off)', parse: int(0), fallback: 30 },
  { key: 'endedTokenTtlSeconds', env: 'BOXOFFICE_ENDED_TOKEN_TTL_SECONDS', flag: 'ended-token-ttl-seconds', help: 'how long an ended queue token\'s status stays readable; bounds the memory that enter/leave churn costs', parse: int(1), fallback: 600 },
  { key: 'paymentRecoverySeconds', env: 'BOXOFFICE_PAYMENT_RECOVERY_SECONDS', flag: 'payment-recovery-seconds', help: 'a half-done payment is settled within this', parse: seconds, fallback: 30 },
  { key: 'tickMs', env: 'BOXOFFICE_TICK_MS', flag: 'tick-ms', help: 'admission scheduler period in ms', parse: int(1), fallback: 1000 },
  { key: 'lineMemoryTokens', env: 'BOXOFFICE_LINE_MEMORY_TOKENS', flag: 'line-memory-tokens', help: 'waiting tokens this process remembers so that a poll between heartbeats of a long line asks only its place (about 300 bytes each; a host that sees every waiter of a 10^6 line wants 1000000; 0 = off)', parse: int(0, 100_000_000), fallback: 100_000 },
  { key: 'maxStreams', env: 'BOXOFFICE_MAX_STREAMS', flag: 'max-streams', help: 'status streams (SSE) this process keeps open at once; each re-reads its token every tick, so past this a page gets 429 and polls at the pace instead (0 = no streams)', parse: int(0, 10_000_000), fallback: 10_000 },
  { key: 'logLevel', env: 'LOG_LEVEL', flag: 'log-level', help: 'fatal | error | warn | info | debug | trace | silent', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), fallback: 'info' },
  { key: 'bodyTimeoutMs', env: 'BOXOFFICE_BODY_TIMEOUT_MS', flag: 'body-timeout-ms', help: 'a request body must arrive whole within this (else 408)', parse: int(1), fallback: 5000 },
  { key: 'tokenMaxTtlSeconds', env: 'BOXOFFICE_TOKEN_MAX_TTL_SECONDS', flag: 'token-max-ttl-seconds', help: 'bearer tokens with exp further ahead are refused', parse: int(1), fallback: 86400 },
  { key: 'rateLimits', env: 'BOXOFFICE_RATE_LIMITS', flag: 'rate-limits', help: 'on | off: off turns every rate limit off (load tests)', parse: oneOf('on', 'off'), fallback: 'on' },
  { key: 'trustProxy', env: 'BOXOFFICE_TRUST_PROXY', flag: 'trust-proxy', help: 'proxies in front that append to X-Forwarded-For (0: the socket address is the client)', parse: proxies, fallback: 0 },
  { key: 'rateEnter', env: 'BOXOFFICE_RATE_ENTER', flag: 'rate-enter', help: 'entering and leaving queues, per user: <requests>/<seconds>, 0 = off', parse: quota, fallback: '10/60' },
  { key: 'rateEnterPerAddress', env: 'BOXOFFICE_RATE_ENTER_PER_ADDRESS', flag: 'rate-enter-per-address', help: 'entering (and demo sign-in), per client address (IPv6: per /64)', parse: quota, fallback: '600/60' },
  { key: 'rateStatus', env: 'BOXOFFICE_RATE_STATUS', flag: 'rate-status', help: 'status reads and stream opens, per user', parse: quota, fallback: '30/10' },
  { key: 'rateHolds', env: 'BOXOFFICE_RATE_HOLDS', flag: 'rate-holds', help: 'seat holds and cancels, per user', parse: quota, fallback: '20/60' },
  { key: 'ratePayments', env: 'BOXOFFICE_RATE_PAYMENTS', flag: 'rate-payments', help: 'payments, per user', parse: quota, fallback: '10/60' },
  { key: 'rateCharges', env: 'BOXOFFICE_RATE_CHARGES', flag: 'rate-charges', help: 'wallet charges, per user', parse: quota, fallback: '10/60' },
  { key: 'rateReads', env: 'BOXOFFICE_RATE_READS', flag: 'rate-reads', help: 'every other /v1 call (catalog, seats, wallet, sales, challenges), per user', parse: quota, fallback: '300/60' },
  { key: 'rateLimitProbes', env: 'BOXOFFICE_RATE_LIMIT_PROBES', flag: 'rate-limit-probes', help: 'purchase_limit refusals a user may earn (2/30: two per 30 s); one more marks a script probing the limit: its holds are cancelled and it may not hold for the block; 0 = off', parse: quota, fallback: '2/30' },
  { key: 'rateBlockSeconds', env: 'BOXOFFICE_RATE_BLOCK_SECONDS', flag: 'rate-block-seconds', help: 'a user over a per-user quota is refused this long, at least its window (0: until the window ends); longer than the idle timeout, a blocked waiting script loses its place', parse: int(0, 86400), fallback: 120 },
  { key: 'powTtlSeconds', env: 'BOXOFFICE_POW_TTL_SECONDS', flag: 'pow-ttl-seconds', help: 'a proof-of-work challenge must be solved and used within this', parse: int(10, 3600), fallback: 300 },
  { key: 'powSurgePerSecond', env: 'BOXOFFICE_POW_SURGE_PER_SECOND', flag: 'pow-surge-per-second', help: 'challenges a second per sale (over 10 s, all hosts) above which the proof-of-work cost rises in proportion, up to 8x; 0 keeps it fixed', parse: int(0, 1_000_000), fallback: 200 },
  { key: 'webhookUrl', env: 'BOXOFFICE_WEBHOOK_URL', flag: 'webhook-url', help: 'POST every domain event here, signed (Standard Webhooks)', parse: url('http:', 'https:'), fallback: undefined },
  { key: 'webhookSecret', env: 'BOXOFFICE_WEBHOOK_SECRET', flag: 'webhook-secret', help: 'whsec_ + base64 signing key of the webhooks (required with the URL)', parse: webhookSecret, fallback: undefined },
  { key: 'webhookMaxBackoffSeconds', env: 'BOXOFFICE_WEBHOOK_MAX_BACKOFF_SECONDS', flag: 'webhook-max-backoff-seconds', help: 'a failed delivery is retried after 1 s, doubling up to this', parse: seconds, fallback: 300 },
  { key: 'webhookLeaseSeconds', env: 'BOXOFFICE_WEBHOOK_LEASE_SECONDS', flag: 'webhook-lease-seconds', help: 'a host that dies hands webhook delivery to another within this', parse: seconds, fallback: 20 },
];

export const DEFAULT_SETTINGS: Settings = Object.freeze(
  Object.fromEntries(SETTINGS.map((s) => [s.key, s.fallback])) as unknown as Settings,
);

/**
 * Validates settings once, at start. Flags win over the environment; `overrides`
 * (typed values, for tests and programmatic use) win over both. A bad value
 * throws ConfigError naming the variable or flag.
 */
export function loadSettings(
  env: NodeJS.ProcessEnv = {},
  argv: readonly string[] = [],
  overrides: Partial<Settings> = {},
  /** false for a command that only reads through the store and signs nothing (verify-order): no secret needed. */
  serving = true,
): Settings {
  const options = Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: 'string' as const }]));
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({ args: joinNegatives(argv), options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const out: Record<string, unknown> = {};
  const origin: Partial<Record<keyof Settings, string>> = {};
  for (const s of SETTINGS) {
    const flag = flags[s.flag];
    const fromEnv = env[s.env];
    if (flag !== undefined) {
      out[s.key] = s.parse(flag, `--${s.flag}`);
      origin[s.key] = `--${s.flag}`;
    } else if (fromEnv !== undefined && fromEnv !== '') out[s.key] = s.parse(fromEnv, s.env);
    else out[s.key] = s.fallback;
  }
  const settings = { ...out, ...definedOnly(overrides), origin: { ...origin, ...overrides.origin } } as Settings;
  if (settings.store === 'mongodb' && !settings.mongodbUrl) {
    throw new ConfigError(`MONGODB_URL (or --mongodb-url) must be set when ${nameOf(settings, 'store')} is mongodb`);
  }
  // Bytes, not characters: HS256 wants a key of at least its 256-bit output. The value never appears in a message.
  if (settings.secret !== undefined && Buffer.byteLength(settings.secret, 'utf8') < 32) {
    throw new ConfigError(`${nameOf(settings, 'secret')} must be at least 32 bytes (try: openssl rand -base64 32), got ${Buffer.byteLength(settings.secret, 'utf8')}`);
  }
  if (serving && settings.store !== 'memory' && settings.secret === undefined) {
    // Demo sign-in mints a token for any user id: on a shared store that is every real buyer's wallet.
    throw new ConfigError(
      `BOXOFFICE_SECRET (or --secret) must be set when ${nameOf(settings, 'store')} is ${settings.store}: demo mode (a random secret and open demo sign-in) is for the memory store only`,
    );
  }
  if ((settings.webhookUrl === undefined) !== (settings.webhookSecret === undefined)) {
    const [given, missing] = settings.webhookUrl === undefined ? (['webhookSecret', 'webhookUrl'] as const) : (['webhookUrl', 'webhookSecret'] as const);
    throw new ConfigError(`${nameOf(settings, missing)} must be set with ${nameOf(settings, given)}: webhooks need both a URL and a signing secret`);
  }
  if (settings.redisClusterNodes && settings.redisUrl && redisDatabase(settings.redisUrl) !== 0) {
    throw new ConfigError(`${nameOf(settings, 'redisUrl')} names database ${redisDatabase(settings.redisUrl)}, but a Redis Cluster (REDIS_CLUSTER_NODES) has only database 0`);
  }
  if (settings.redisSentinels && !settings.redisSentinelName) {
    throw new ConfigError('REDIS_SENTINEL_NAME must be set when REDIS_SENTINELS is');
  }
  return Object.freeze(settings);
}

/** What the user typed for a setting: its flag if given, else its variable. */
export function nameOf(settings: Settings, key: keyof Settings): string {
  return settings.origin?.[key] ?? SETTINGS.find((s) => s.key === key)?.env ?? key;
}

/** `--port -1` reads as a flag without a value to parseArgs; pass it as `--port=-1` so the range check names it. */
function joinNegatives(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (/^--[\w-]+$/.test(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The engine's part of the settings, in core's terms. */
export function engineConfig(s: Settings): Partial<BoxofficeConfig> {
  return {
    maxActive: s.maxActive,
    admitPerMinute: s.admitPerMinute,
    admissionRampSeconds: s.admissionRampSeconds,
    sessionTtl: s.sessionTtlSeconds,
    idleTimeout: s.idleTimeoutSeconds,
    holdTtl: s.holdTtlSeconds,
    payGraceSeconds: s.payGraceSeconds,
    paymentRecoveryTimeout: s.paymentRecoverySeconds,
    lineMemoryTokens: s.lineMemoryTokens,
  };
}

/** The settings table as --help text. */
export function settingsHelp(): string {
  return SETTINGS.map((s) => `  --${s.flag.padEnd(26)} ${s.env.padEnd(36)} ${s.help}${s.fallback === undefined ? '' : ` (default ${String(s.fallback)})`}`)
    .join('\n');
}
