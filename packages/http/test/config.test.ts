import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './support/cli.js';
import { importAdapter } from '../src/container.js';
import { ConfigError, engineConfig, loadSettings } from '../src/index.js';
import { listeningUrl, runCli } from './support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};


describe('settings', () => {
  it('reads the environment and flags (flags win), with the documented defaults', () => {
    const s = loadSettings({ BOXOFFICE_MAX_ACTIVE: '7', PORT: '4000', BOXOFFICE_HOLD_TTL_SECONDS: '1.5' }, ['--max-active', '9', '--tick-ms=250']);
    expect(s).toMatchObject({ maxActive: 9, port: 4000, holdTtlSeconds: 1.5, tickMs: 250, store: 'memory', redisPrefix: 'bo' });
    expect(loadSettings({ REDIS_CLUSTER_NODES: 'a:7000, b:7001' }).redisClusterNodes).toEqual(['a:7000', 'b:7001']);
    expect(loadSettings()).toMatchObject({
      port: 3000,
      store: 'memory',
      maxActive: 100,
      admitPerMinute: 600,
      sessionTtlSeconds: 600,
      idleTimeoutSeconds: 60,
      holdTtlSeconds: 300,
      paymentRecoverySeconds: 30,
      tickMs: 1000,
      secret: undefined,
    });
  });

  it('the lean status path remembers 10^5 waiting tokens unless told otherwise, and the engine gets the number', () => {
    expect(loadSettings().lineMemoryTokens).toBe(100_000);
    const big = loadSettings({ BOXOFFICE_LINE_MEMORY_TOKENS: '1000000' });
    expect(engineConfig(big).lineMemoryTokens).toBe(1_000_000);
    expect(engineConfig(loadSettings({}, ['--line-memory-tokens', '0'])).lineMemoryTokens).toBe(0);
    expect(() => loadSettings({ BOXOFFICE_LINE_MEMORY_TOKENS: '-1' })).toThrow(/^BOXOFFICE_LINE_MEMORY_TOKENS must be an integer from 0 to 100000000, got "-1"$/);
    expect(() => loadSettings({}, ['--line-memory-tokens', 'lots'])).toThrow(/^--line-memory-tokens must be an integer from 0/);
  });

  it('a process keeps at most 10,000 status streams unless told otherwise (0: none)', () => {
    expect(loadSettings().maxStreams).toBe(10_000);
    expect(loadSettings({ BOXOFFICE_MAX_STREAMS: '0' }).maxStreams).toBe(0);
    expect(() => loadSettings({}, ['--max-streams', '-5'])).toThrow(/^--max-streams must be an integer from 0 to 10000000, got "-5"$/);
  });

  it('names the variable or flag of a bad value', () => {
    const bad: Array<[Record<string, string>, string[], RegExp]> = [
      [{ BOXOFFICE_MAX_ACTIVE: '-3' }, [], /BOXOFFICE_MAX_ACTIVE must be a positive integer, got "-3"/],
      [{ BOXOFFICE_MAX_ACTIVE: '2.5' }, [], /BOXOFFICE_MAX_ACTIVE/],
      [{ PORT: 'http' }, [], /PORT/],
      [{ BOXOFFICE_STORE: 'postgres' }, [], /BOXOFFICE_STORE must be one of memory, redis, mongodb/],
      [{ BOXOFFICE_TICK_MS: '0' }, [], /BOXOFFICE_TICK_MS/],
      [{ BOXOFFICE_IDLE_TIMEOUT_SECONDS: 'soon' }, [], /BOXOFFICE_IDLE_TIMEOUT_SECONDS/],
      [{ BOXOFFICE_SESSION_TTL_SECONDS: '-1' }, [], /BOXOFFICE_SESSION_TTL_SECONDS/],
      [{ REDIS_URL: 'localhost:6379' }, [], /REDIS_URL/],
      [{ REDIS_CLUSTER_NODES: 'a,b' }, [], /REDIS_CLUSTER_NODES/],
      [{}, ['--admit-per-minute', 'lots'], /--admit-per-minute/],
      [{}, ['--no-such-flag'], /no-such-flag/],
      [{ BOXOFFICE_STORE: 'mongodb' }, [], /MONGODB_URL \(or --mongodb-url\) must be set when BOXOFFICE_STORE is mongodb/],
      [{}, ['--store', 'mongodb'], /must be set when --store is mongodb/],
      [{ MONGODB_URL: 'mongodb://db/bo' }, ['--store', 'redis'], /BOXOFFICE_SECRET \(or --secret\) must be set when --store is redis/],
      // Issue 19's first hour: ranges, negatives and schemes, named as typed.
      [{}, ['--port', '70000'], /^--port must be an integer from 0 to 65535, got "70000"$/],
      [{ PORT: '70000' }, [], /^PORT must be an integer from 0 to 65535/],
      [{}, ['--port', '-1'], /^--port must be an integer from 0 to 65535, got "-1"$/],
      [{}, ['--max-active', '-3'], /^--max-active must be a positive integer, got "-3"$/],
      [{}, ['--hold-ttl-seconds', '-0.5'], /^--hold-ttl-seconds must be a positive number of seconds/],
      [{ REDIS_URL: 'http://127.0.0.1:6379' }, [], /^REDIS_URL must be redis:\/\/ or rediss:\/\/, got "http:\/\/127.0.0.1:6379"$/],
      [{}, ['--redis-url', 'localhost:6379'], /^--redis-url must be redis:\/\/ or rediss:\/\//],
      [{ MONGODB_URL: 'http://db' }, [], /^MONGODB_URL must be mongodb:\/\/ or mongodb\+srv:\/\//],
      // A database number is used (see redis-start.test.ts) or refused: never dropped.
      [{ REDIS_URL: 'redis://127.0.0.1:6379/abc' }, [], /^REDIS_URL must name a database number from 0 to 15/],
      [{ REDIS_URL: 'redis://127.0.0.1:6379/2', REDIS_CLUSTER_NODES: 'a:7000', BOXOFFICE_SECRET: 'x'.repeat(32) }, [], /REDIS_URL names database 2, but a Redis Cluster/],
    ];
    for (const [env, argv, message] of bad) expect(() => loadSettings(env, argv)).toThrow(message);
    expect(() => loadSettings({ PORT: '-1' })).toThrow(ConfigError);
    expect(loadSettings({ REDIS_URL: 'redis://127.0.0.1:6379/3' }).redisUrl).toBe('redis://127.0.0.1:6379/3');
  });

  it('never echoes a password from a URL it refuses', () => {
    expect(() => loadSettings({ REDIS_URL: 'http://user:hunter2@db:6379' })).toThrow(/REDIS_URL must be redis:\/\/ or rediss:\/\/, got "http:\/\/user:\*\*\*@db:6379\/"/);
    expect(() => loadSettings({ REDIS_URL: 'redis://:hunter2@db:6379/x' })).not.toThrow(/hunter2/);
  });

  it('an adapter package that is not installed fails with a clear message', async () => {
    await expect(importAdapter('@boxoffice/adapter-nonexistent', 'redis')).rejects.toThrow(
      /BOXOFFICE_STORE=redis needs the package @boxoffice\/adapter-nonexistent/,
    );
  });
});

describe('the boxoffice CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a bad value stops the host process at start with a message naming the variable', async () => {
    const child = runCli(['serve'], { PORT: '0', BOXOFFICE_MAX_ACTIVE: '-3' });
    expect(await child.exited).toBe(78);
    expect(child.stderr).toMatch(/configuration error: BOXOFFICE_MAX_ACTIVE must be a positive integer, got "-3"/);
    expect(child.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('a --catalog fault names --catalog, as typed, and exits 78', async () => {
    const r = await cli(['serve', '--port', '0', '--catalog', file('broken-flag.json', '[')], { LOG_LEVEL: 'silent' });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/configuration error: --catalog file .*broken-flag\.json is not valid JSON/);
    const invalid = await cli(['serve', '--port', '0', '--catalog', file('invalid-flag.json', '[{"id":"x"}]')], { LOG_LEVEL: 'silent' });
    expect([invalid.code, invalid.stderr]).toEqual([78, expect.stringMatching(/--catalog file .*invalid-flag\.json: /)]);
    const port = await cli(['serve', '--port', '70000']);
    expect([port.code, port.stderr]).toEqual([78, expect.stringMatching(/--port must be an integer from 0 to 65535, got "70000"/)]);
  });

  it('a catalog file that does not parse, or does not validate, stops the host naming the file', async () => {
    const cases = [
      [file('broken.json', '[{"id": "x",'), /BOXOFFICE_CATALOG file .*broken\.json is not valid JSON/],
      [file('invalid.json', '[{"id":"x","name":"X","schedules":[{"id":"d1","startsAt":"never","seats":[]}]}]'), /BOXOFFICE_CATALOG file .*invalid\.json: concerts\[0\]\.schedules\[0\]\.startsAt/],
      [file('object.json', '{"id":"x"}'), /BOXOFFICE_CATALOG file .*object\.json must hold a non-empty JSON array/],
      [join(dir, 'absent.json'), /BOXOFFICE_CATALOG file .*absent\.json cannot be read/],
    ] as const;
    for (const [path, message] of cases) {
      const r = await cli(['serve', '--port', '0'], { BOXOFFICE_CATALOG: path, LOG_LEVEL: 'silent' });
      expect(r.code, r.stderr).toBe(78);
      expect(r.stderr).toMatch(message);
    }
  });

  it('serves a catalog loaded from BOXOFFICE_CATALOG, takes flags, prints the demo walk-through, exits 0 on SIGTERM', async () => {
    const catalog = file(
      'catalog.json',
      JSON.stringify([{ id: 'indie-night', name: 'Indie Night', venue: 'Club', schedules: [{ id: 'indie-1', startsAt: '2027-05-01T19:00:00Z', seats: [{ number: 1, price: 5000 }] }] }]),
    );
    const child = runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--tick-ms', '50'], { BOXOFFICE_CATALOG: catalog, LOG_LEVEL: 'info' });
    try {
      const url = await listeningUrl(child);
      await new Promise((r) => setTimeout(r, 300));
      expect(child.stdout).toContain('Demo mode');
      expect(child.stdout.match(/curl /g)?.length).toBeGreaterThanOrEqual(10);
      expect(child.stdout).toContain('BOXOFFICE_SECRET is not set');
      const token = /TOKEN=([\w.-]+)/.exec(child.stdout)?.[1];
      const headers = { authorization: `Bearer ${token}` };
      const entered = (await (await fetch(`${url}/v1/queue/tokens`, { method: 'POST', headers })).json()) as { token: string };
      let state = '';
      for (let i = 0; i < 100 && state !== 'active'; i++) {
        state = ((await (await fetch(`${url}/v1/queue/tokens/${entered.token}`, { headers })).json()) as { state: string }).state;
        await new Promise((r) => setTimeout(r, 30));
      }
      const concerts = await (await fetch(`${url}/v1/concerts`, { headers: { ...headers, 'queue-token': entered.token } })).json();
      expect(concerts).toEqual([{ id: 'indie-night', name: 'Indie Night', venue: 'Club' }]);
    } finally {
      child.proc.kill('SIGTERM');
    }
    expect(await child.exited).toBe(0);
  }, 30_000);

  it('token prints a bearer token signed with BOXOFFICE_SECRET; --help works on every command', async () => {
    const secret = 's3cret-s3cret-s3cret-s3cret-s3cret';
    const tok = await cli(['token', 'alice', '--ttl', '2h'], { BOXOFFICE_SECRET: secret });
    expect(tok.code).toBe(0);
    const { payload } = await jwtVerify(tok.stdout.trim(), new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    expect(payload.sub).toBe('alice');
    expect((payload.exp as number) - (payload.iat as number)).toBe(7200);
    // Configuration faults exit 78 and name what the user typed.
    const noSecret = await cli(['token', 'alice']);
    expect(noSecret.code).toBe(78);
    expect(noSecret.stderr).toContain('BOXOFFICE_SECRET');
    const shortSecret = await cli(['token', 'alice', '--secret', 'short']);
    expect([shortSecret.code, shortSecret.stderr]).toEqual([78, expect.stringMatching(/--secret must be at least 32 bytes/)]);
    expect((await cli(['token', 'alice', '--ttl', 'forever'], { BOXOFFICE_SECRET: secret })).code).toBe(78);
    // The host refuses tokens living longer than a day: so does the tool that makes them.
    const week = await cli(['token', 'alice', '--ttl', '7d'], { BOXOFFICE_SECRET: secret });
    expect([week.code, week.stderr]).toEqual([78, expect.stringMatching(/--ttl must be at most 86400 s/)]);
    expect((await cli(['token', 'alice', '--ttl', '7d'], { BOXOFFICE_SECRET: secret, BOXOFFICE_TOKEN_MAX_TTL_SECONDS: '604800' })).code).toBe(0);
    const badMax = await cli(['token', 'alice'], { BOXOFFICE_SECRET: secret, BOXOFFICE_TOKEN_MAX_TTL_SECONDS: 'lots' });
    expect([badMax.code, badMax.stderr]).toEqual([78, expect.stringMatching(/BOXOFFICE_TOKEN_MAX_TTL_SECONDS must be a positive integer/)]);
    for (const args of [['--help'], ['serve', '--help'], ['token', '--help'], ['help'], ['--port', '1', '--help']]) {
      const h = await cli(args);
      expect(h.code, args.join(' ')).toBe(0);
      expect(h.stdout).toMatch(/Usage/);
    }
    const serveHelp = (await cli(['serve', '--help'])).stdout;
    for (const name of ['PORT', 'HOST', 'BOXOFFICE_STORE', 'REDIS_URL', 'REDIS_CLUSTER_NODES', 'BOXOFFICE_REDIS_PREFIX', 'MONGODB_URL', 'BOXOFFICE_SECRET', 'BOXOFFICE_CATALOG', 'BOXOFFICE_MAX_ACTIVE', 'BOXOFFICE_ADMIT_PER_MINUTE', 'BOXOFFICE_SESSION_TTL_SECONDS', 'BOXOFFICE_IDLE_TIMEOUT_SECONDS', 'BOXOFFICE_HOLD_TTL_SECONDS', 'BOXOFFICE_PAYMENT_RECOVERY_SECONDS', 'BOXOFFICE_TICK_MS', 'BOXOFFICE_BODY_TIMEOUT_MS', 'BOXOFFICE_TOKEN_MAX_TTL_SECONDS']) {
      expect(serveHelp).toContain(name);
    }
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
});
