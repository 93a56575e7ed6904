import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BoxofficeConfig } from '@boxoffice/core';

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
  readonly maxActive: number;
  readonly admitPerMinute: number;
  readonly sessionTtlSeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly holdTtlSeconds: number;
  readonly paymentRecoverySeconds: number;
  readonly tickMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Testing only: requests carrying `X-Test-Delay` wait this long first (graceful-shutdown test). 0 = off. */
  readonly testDelayMs: number;
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
  (min: number): Parser =>
  (raw, name) => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min) {
      return fail(name, min > 0 ? 'must be a positive integer' : `must be an integer >= ${min}`, raw);
    }
    return n;
  };

const seconds: Parser = (raw, name) => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) return fail(name, 'must be a positive number of seconds', raw);
  return n;
};

const text: Parser = (raw, name) => (raw.length === 0 ? fail(name, 'must not be empty', raw) : raw);

const oneOf =
  (...values: string[]): Parser =>
  (raw, name) =>
    values.includes(raw) ? raw : fail(name, `must be one of ${values.join(', ')}`, raw);

const url =
  (...protocols: string[]): Parser =>
  (raw, name) => {
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) return fail(name, `must be a ${protocols.join(' or ')} URL`, raw);
    } catch {
      return fail(name, 'must be a URL', raw);
    }
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
  { key: 'port', env: 'PORT', flag: 'port', help: 'TCP port to listen on (0 picks a free one)', parse: int(0), fallback: 3000 },
  { key: 'host', env: 'HOST', flag: 'host', help: 'interface to bind (default: all)', parse: text, fallback: undefined },
  { key: 'store', env: 'BOXOFFICE_STORE', flag: 'store', help: 'memory | redis | mongodb', parse: oneOf('memory', 'redis', 'mongodb'), fallback: 'memory' },
  { key: 'redisUrl', env: 'REDIS_URL', flag: 'redis-url', help: 'Redis URL for the redis store', parse: url('redis:', 'rediss:'), fallback: undefined },
  { key: 'redisClusterNodes', env: 'REDIS_CLUSTER_NODES', flag: 'redis-cluster-nodes', help: 'comma-separated host:port seeds; makes the redis store a Cluster', parse: hostPorts, fallback: undefined },
  { key: 'redisPrefix', env: 'BOXOFFICE_REDIS_PREFIX', flag: 'redis-prefix', help: 'key prefix in Redis', parse: text, fallback: 'bo' },
  { key: 'redisSentinels', env: 'REDIS_SENTINELS', flag: 'redis-sentinels', help: 'comma-separated host:port of Sentinels; the redis store follows their master', parse: hostPorts, fallback: undefined },
  { key: 'redisSentinelName', env: 'REDIS_SENTINEL_NAME', flag: 'redis-sentinel-name', help: 'the master name the Sentinels monitor', parse: text, fallback: undefined },
  { key: 'redisMinReplicas', env: 'BOXOFFICE_REDIS_MIN_REPLICAS', flag: 'redis-min-replicas', help: 'replicas that must acknowledge each money, seat and admission step (default: 1 if the master has one, else 0)', parse: int(0), fallback: undefined },
  { key: 'redisWaitMs', env: 'BOXOFFICE_REDIS_WAIT_MS', flag: 'redis-wait-ms', help: 'how long that acknowledgement may take before the answer is 503', parse: int(1), fallback: 500 },
  { key: 'mongodbUrl', env: 'MONGODB_URL', flag: 'mongodb-url', help: 'MongoDB URL for the mongodb store', parse: url('mongodb:', 'mongodb+srv:'), fallback: undefined },
  { key: 'secret', env: 'BOXOFFICE_SECRET', flag: 'secret', help: 'HS256 secret for bearer tokens (unset: demo mode with a random one)', parse: text, fallback: undefined },
  { key: 'catalog', env: 'BOXOFFICE_CATALOG', flag: 'catalog', help: 'JSON file with an array of concerts to publish', parse: text, fallback: undefined },
  { key: 'maxActive', env: 'BOXOFFICE_MAX_ACTIVE', flag: 'max-active', help: 'most active sessions at once', parse: int(1), fallback: 100 },
  { key: 'admitPerMinute', env: 'BOXOFFICE_ADMIT_PER_MINUTE', flag: 'admit-per-minute', help: 'most admissions a minute', parse: int(1), fallback: 600 },
  { key: 'sessionTtlSeconds', env: 'BOXOFFICE_SESSION_TTL_SECONDS', flag: 'session-ttl-seconds', help: 'length of an active session', parse: seconds, fallback: 600 },
  { key: 'idleTimeoutSeconds', env: 'BOXOFFICE_IDLE_TIMEOUT_SECONDS', flag: 'idle-timeout-seconds', help: 'a waiting token that has not polled this long expires', parse: seconds, fallback: 60 },
  { key: 'holdTtlSeconds', env: 'BOXOFFICE_HOLD_TTL_SECONDS', flag: 'hold-ttl-seconds', help: 'length of a seat hold', parse: seconds, fallback: 300 },
  { key: 'paymentRecoverySeconds', env: 'BOXOFFICE_PAYMENT_RECOVERY_SECONDS', flag: 'payment-recovery-seconds', help: 'a half-done payment is settled within this', parse: seconds, fallback: 30 },
  { key: 'tickMs', env: 'BOXOFFICE_TICK_MS', flag: 'tick-ms', help: 'admission scheduler period in ms', parse: int(1), fallback: 1000 },
  { key: 'logLevel', env: 'LOG_LEVEL', flag: 'log-level', help: 'fatal | error | warn | info | debug | trace | silent', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), fallback: 'info' },
  { key: 'testDelayMs', env: 'BOXOFFICE_TEST_DELAY_MS', flag: 'test-delay-ms', help: 'testing only: requests with an X-Test-Delay header wait this long', parse: int(0), fallback: 0 },
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
): Settings {
  const options = Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: 'string' as const }]));
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const flag = flags[s.flag];
    const fromEnv = env[s.env];
    if (flag !== undefined) out[s.key] = s.parse(flag, `--${s.flag}`);
    else if (fromEnv !== undefined && fromEnv !== '') out[s.key] = s.parse(fromEnv, s.env);
    else out[s.key] = s.fallback;
  }
  const settings = { ...out, ...definedOnly(overrides) } as Settings;
  if (settings.store === 'mongodb' && !settings.mongodbUrl) {
    throw new ConfigError('MONGODB_URL must be set when BOXOFFICE_STORE is mongodb');
  }
  if (settings.redisSentinels && !settings.redisSentinelName) {
    throw new ConfigError('REDIS_SENTINEL_NAME must be set when REDIS_SENTINELS is');
  }
  return Object.freeze(settings);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The engine's part of the settings, in core's terms. */
export function engineConfig(s: Settings): Partial<BoxofficeConfig> {
  return {
    maxActive: s.maxActive,
    admitPerMinute: s.admitPerMinute,
    sessionTtl: s.sessionTtlSeconds,
    idleTimeout: s.idleTimeoutSeconds,
    holdTtl: s.holdTtlSeconds,
    paymentRecoveryTimeout: s.paymentRecoverySeconds,
  };
}

/** Reads BOXOFFICE_CATALOG: a JSON array of concerts. Parse faults name the file. */
export function readCatalogFile(path: string): unknown[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`BOXOFFICE_CATALOG file ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`BOXOFFICE_CATALOG file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new ConfigError(`BOXOFFICE_CATALOG file ${path} must hold a non-empty JSON array of concerts`);
  }
  return parsed;
}

/** The settings table as --help text. */
export function settingsHelp(): string {
  return SETTINGS.filter((s) => s.key !== 'testDelayMs')
    .map((s) => `  --${s.flag.padEnd(26)} ${s.env.padEnd(36)} ${s.help}${s.fallback === undefined ? '' : ` (default ${String(s.fallback)})`}`)
    .join('\n');
}
