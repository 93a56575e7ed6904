import { parseArgs } from 'node:util';
import { DEFAULT_TOKEN_MAX_TTL_SECONDS, parseTtl, ROLE_NAME, ROLES_MAX, signToken } from './auth.js';
import { ConfigError, loadSettings, SETTINGS, settingsHelp } from './config.js';
import { connect } from './container.js';
import { demoWalkthrough } from './demo-example.js';
import { startServer } from './server.js';
import { VERIFY_HELP, verifyOrder } from './verify-order.js';

const MAIN_HELP = `boxoffice: the boxoffice HTTP host and tools

Usage:
  boxoffice [serve] [flags]           run the host (the default command)
  boxoffice token <userId> [--ttl 1h] [--role operator]
                                      print a bearer token signed with BOXOFFICE_SECRET
  boxoffice verify-order <saleId>     check a sale's pre-queue draw against its published seed
  boxoffice help                      this text

Run "boxoffice <command> --help" for a command's flags.
`;

const SERVE_HELP = `Usage: boxoffice serve [flags]

Runs the Koa host. Every flag has an environment variable of the same meaning;
a flag wins over the variable. A bad value stops the host, naming the variable.

${settingsHelp()}

Without BOXOFFICE_SECRET the host runs in demo mode: it makes a random secret,
enables POST /v1/demo/token and prints a curl walk-through. Demo mode is for
the memory store only: any other store needs BOXOFFICE_SECRET (32+ bytes).
SIGTERM or SIGINT drains in-flight requests and exits 0.
`;

const TOKEN_HELP = `Usage: boxoffice token <userId> [--ttl 1h] [--secret S] [--role operator]

Prints an HS256 bearer token whose sub is <userId>, signed with
BOXOFFICE_SECRET (or --secret, at least 32 bytes). --ttl takes 30s, 15m, 1h
or 7d (default 1h), at most BOXOFFICE_TOKEN_MAX_TTL_SECONDS (default 24h):
the host refuses longer-lived tokens. --role (repeatable) puts the role in
the token's roles claim: operator opens the /v1/admin routes.
`;

/** EX_CONFIG: a setting the user gave is wrong. */
const EX_CONFIG = 78;

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help' || first === '--help' || first === '-h') {
    process.stdout.write(MAIN_HELP);
    return 0;
  }
  if (first === 'token') return tokenCommand(rest, env);
  if (first === 'serve') return serveCommand(rest, env);
  if (first === 'verify-order') return verifyOrderCommand(rest, env);
  if (first === undefined || first.startsWith('-')) return serveCommand(argv, env);
  process.stderr.write(`boxoffice: unknown command ${JSON.stringify(first)}\n\n${MAIN_HELP}`);
  return 2;
}

async function tokenCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ttl: { type: 'string', default: '1h' }, secret: { type: 'string' }, role: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`boxoffice token: ${(error as Error).message}\n\n${TOKEN_HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(TOKEN_HELP);
    return 0;
  }
  const userId = parsed.positionals[0];
  if (!userId || parsed.positionals.length > 1) {
    process.stderr.write(`boxoffice token: give exactly one user id\n\n${TOKEN_HELP}`);
    return 2;
  }
  const roles = [...new Set(parsed.values.role ?? [])];
  const badRole = roles.find((r) => !ROLE_NAME.test(r));
  if (badRole !== undefined || roles.length > ROLES_MAX) {
    const why = badRole !== undefined ? `${JSON.stringify(badRole)} is not a role name (lowercase letters, digits, _ or -, at most 32)` : `at most ${ROLES_MAX} roles`;
    process.stderr.write(`boxoffice token: --role: ${why}\n\n${TOKEN_HELP}`);
    return 2;
  }
  const secretName = parsed.values.secret === undefined ? 'BOXOFFICE_SECRET' : '--secret';
  const secret = parsed.values.secret ?? env.BOXOFFICE_SECRET;
  if (!secret) {
    process.stderr.write('boxoffice token: BOXOFFICE_SECRET is not set (or pass --secret); the host must use the same secret.\n');
    return EX_CONFIG;
  }
  if (Buffer.byteLength(secret) < 32) {
    process.stderr.write(`boxoffice token: ${secretName} must be at least 32 bytes, as the host requires, got ${Buffer.byteLength(secret)}\n`);
    return EX_CONFIG;
  }
  let ttl: number;
  try {
    ttl = parseTtl(parsed.values.ttl ?? '1h');
    const max = Number(env.BOXOFFICE_TOKEN_MAX_TTL_SECONDS || DEFAULT_TOKEN_MAX_TTL_SECONDS);
    if (!Number.isSafeInteger(max) || max < 1) throw new Error(`BOXOFFICE_TOKEN_MAX_TTL_SECONDS must be a positive integer, got ${JSON.stringify(env.BOXOFFICE_TOKEN_MAX_TTL_SECONDS)}`);
    if (ttl > max) throw new Error(`--ttl must be at most ${max} s (BOXOFFICE_TOKEN_MAX_TTL_SECONDS): the host refuses longer-lived tokens`);
  } catch (error) {
    process.stderr.write(`boxoffice token: ${(error as Error).message}\n`);
    return EX_CONFIG;
  }
  process.stdout.write(`${await signToken(secret, userId, ttl, Date.now(), roles)}\n`);
  return 0;
}

async function verifyOrderCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    const storeFlags = Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: 'string' as const }]));
    parsed = parseArgs({
      args: [...argv],
      options: { ...storeFlags, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`boxoffice verify-order: ${(error as Error).message}\n\n${VERIFY_HELP}`);
    return 2;
  }
  const { json, help, ...flags } = parsed.values;
  if (help) {
    process.stdout.write(VERIFY_HELP);
    return 0;
  }
  const saleId = parsed.positionals[0];
  if (!saleId || parsed.positionals.length > 1) {
    process.stderr.write(`boxoffice verify-order: give exactly one sale id\n\n${VERIFY_HELP}`);
    return 2;
  }
  let store;
  try {
    const settings = loadSettings(env, Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, String(value)]), {}, false);
    store = await connect(settings);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`boxoffice verify-order: configuration error: ${error.message}\n`);
      return 78;
    }
    throw error;
  }
  try {
    const outcome = await verifyOrder(store, saleId);
    process.stdout.write(json ? `${JSON.stringify(outcome.json)}\n` : outcome.text);
    return outcome.code;
  } finally {
    await store.close();
  }
}

async function serveCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  let host;
  try {
    const settings = loadSettings(env, argv);
    host = await startServer(settings);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`boxoffice: configuration error: ${error.message}\n`);
      return EX_CONFIG;
    }
    process.stderr.write(`boxoffice: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  if (host.demoMode) {
    host.logger.warn('BOXOFFICE_SECRET is not set: using a random secret (demo mode); tokens die with this process');
    if (host.settings.logLevel !== 'silent') process.stdout.write(await demoWalkthrough(host.url, host.secret));
  }
  const running = host;
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      running.logger.info({ signal }, 'signal received');
      running.close().then(
        () => resolve(0),
        (error: unknown) => {
          running.logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

// Run when executed directly (node --import tsx src/cli.ts, or bin/boxoffice.js via dist/cli.js).
const invoked = process.argv[1] ?? '';
if (/[\\/]cli\.(ts|js)$/.test(invoked) || process.env.BOXOFFICE_CLI === '1') {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`boxoffice: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
