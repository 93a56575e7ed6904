import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { checkReply, toStoreError } from './errors.js';
import type { ScriptReply } from './errors.js';
import { ACKED_COMMANDS, ACKED_SCRIPTS, NO_REPLICATION, withWait } from './replication.js';
import type { Replication } from './replication.js';

export type RedisClient = Redis | Cluster;

/** Where the `name-<numKeys>.lua` files live: `scripts/` beside `src/` and `dist/`. */
const SCRIPTS_DIR = new URL('../scripts/', import.meta.url);
const FILE = /^([a-z]+(?:-[a-z]+)*)-(\d+)\.lua$/;

export interface ScriptDef {
  /** The file's name without `-<numKeys>.lua`, e.g. `queue-enter`. */
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
  /** The ioredis command it is registered as. */
  readonly command: string;
  /** SHA1 of the source, for EVALSHA in a pipeline. */
  readonly sha: string;
}

let cache: Map<string, ScriptDef> | null = null;

/** Reads every script once; numberOfKeys comes from the file name. */
export function loadScripts(): Map<string, ScriptDef> {
  if (cache) return cache;
  const scripts = new Map<string, ScriptDef>();
  for (const file of readdirSync(SCRIPTS_DIR).sort()) {
    const match = FILE.exec(file);
    if (!match) continue;
    const name = match[1]!;
    const lua = shake(include(readFileSync(new URL(file, SCRIPTS_DIR), 'utf8')));
    const sha = createHash('sha1').update(lua).digest('hex');
    scripts.set(name, { name, numberOfKeys: Number(match[2]), lua, command: `bo_${name.replaceAll('-', '_')}`, sha });
  }
  cache = scripts;
  return scripts;
}

/** Marks the lines an included file brings, so `shake` can tell the library from the script's own body. */
const LIB_START = '--@lib>';
const LIB_END = '--@lib<';

/**
 * Splices `-- @include <name>` lines with scripts/<name>.lua (Redis scripts cannot import; the queue record format
 * lives once), each between marker lines that `shake` reads and removes.
 */
export function include(lua: string, seen: ReadonlySet<string> = new Set()): string {
  return lua.replace(/^-- @include ([a-z-]+)$/gm, (_, name: string) => {
    // Nested includes expand too (queue-record includes event); each file once per script.
    if (seen.has(name)) return '';
    const body = include(readFileSync(new URL(`${name}.lua`, SCRIPTS_DIR), 'utf8').trimEnd(), new Set([...seen, name]));
    return `${LIB_START}\n${body}\n${LIB_END}`;
  });
}

interface LibFunction {
  readonly name: string;
  /** Its lines: [from, to] inclusive, in the expanded script. */
  readonly from: number;
  readonly to: number;
}

/**
 * Drops the included library's functions the script never calls, directly or through another kept one.
 * EVALSHA runs a script's whole chunk on every call, and each `local function` of the chunk is a closure made
 * then: queue-record and its includes alone made 48-55 a call, about 4 µs of Redis CPU (bench/README.md, "Scripts
 * keep the library functions they call"). Only top-level `local function` definitions of included files are
 * dropped; every other line (the shared locals, the constants) stays. A definition is a line at column 0, and
 * its body runs to the first `end` at column 0 when the next line is indented; anything else at column 0
 * inside a body is refused, so a file this reading does not fit fails when the scripts load.
 */
export function shake(lua: string): string {
  const lines = lua.split('\n');
  const inLib: boolean[] = [];
  const fns: LibFunction[] = [];
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === LIB_START || line === LIB_END) {
      depth += line === LIB_START ? 1 : -1;
      inLib[i] = true;
      continue;
    }
    inLib[i] = depth > 0;
    const def = depth > 0 ? /^local function ([A-Za-z_][A-Za-z0-9_]*)\(/.exec(line) : null;
    if (!def) continue;
    let to = i;
    if (/^\s+\S/.test(lines[i + 1] ?? '')) {
      to = i + 1;
      while (to < lines.length && lines[to] !== 'end') {
        if (/^\S/.test(lines[to]!)) throw new Error(`scripts: cannot read the body of ${def[1]} (line ${to + 1}: ${lines[to]})`);
        to++;
      }
      if (to === lines.length) throw new Error(`scripts: ${def[1]} has no end at column 0`);
    }
    fns.push({ name: def[1]!, from: i, to });
    for (let j = i + 1; j <= to; j++) inLib[j] = true;
    i = to;
  }
  const inFn = new Set<number>();
  for (const f of fns) for (let j = f.from; j <= f.to; j++) inFn.add(j);
  // Names used by what always stays (the body and the library's other lines), then by every function kept.
  // Comments are left out: they name functions the code does not call.
  const words = (text: string) => new Set(text.replace(/--.*$/gm, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const used = words(lines.filter((_, i) => !inFn.has(i)).join('\n'));
  const kept = new Set<LibFunction>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of fns) {
      if (kept.has(f) || !used.has(f.name)) continue;
      kept.add(f);
      for (const w of words(lines.slice(f.from + 1, f.to + 1).join('\n') + lines[f.from]!.slice(`local function ${f.name}`.length))) used.add(w);
      grew = true;
    }
  }
  const drop = new Set<number>();
  for (const f of fns) if (!kept.has(f)) for (let j = f.from; j <= f.to; j++) drop.add(j);
  return lines.filter((line, i) => !drop.has(i) && line !== LIB_START && line !== LIB_END).join('\n');
}

/**
 * The scripts registered on one client with defineCommand. Each call is one
 * EVALSHA (EVAL the first time on a connection): one round trip. A NOSCRIPT
 * reply, which means the script did not run, is resent by ioredis as EVAL.
 *
 * With `replication.minReplicas > 0`, a script in ACKED_SCRIPTS (and a command
 * in ACKED_COMMANDS) is sent with WAIT in one pipeline instead (see withWait):
 * still one round trip, answered only once enough replicas hold it. WAIT
 * blocks its connection until the acks come, so those pipelines take turns
 * over `ackClients` (connections of their own), not the client's one.
 */
export class Scripts {
  private readonly defs: Map<string, ScriptDef>;
  private readonly acked: RedisClient;
  private turn = 0;

  constructor(
    private readonly client: RedisClient,
    private readonly replication: Replication = NO_REPLICATION,
    private readonly ackClients: readonly RedisClient[] = [client],
  ) {
    this.defs = loadScripts();
    this.acked = replication.minReplicas > 0 ? ackingClient(client, () => this.nextAcker(), replication) : client;
    // Always (re)define: a client brought by the caller may carry an older definition under the same name.
    for (const def of this.defs.values()) client.defineCommand(def.command, { numberOfKeys: def.numberOfKeys, lua: def.lua });
  }

  /** Runs a script whose reply has a leading status; maps error codes to DomainErrors. */
  async call(name: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<ScriptReply> {
    return checkReply((await this.raw(name, keys, args)) as ScriptReply);
  }

  /** Runs a script and returns its reply as is; faults become store_unavailable. */
  async raw(name: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`No script ${name}`);
    if (keys.length !== def.numberOfKeys) throw new Error(`Script ${name} takes ${def.numberOfKeys} keys, got ${keys.length}`);
    const argv = args.map(arg);
    if (this.replication.minReplicas > 0 && ACKED_SCRIPTS.has(name)) return this.rawAcked(def, keys, argv);
    const run = (this.client as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[def.command]!;
    try {
      return await run.call(this.client, ...keys, ...argv);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** EVALSHA + WAIT; on NOSCRIPT (the script did not run, WAIT was harmless) the same with EVAL, once. */
  private async rawAcked(def: ScriptDef, keys: readonly string[], argv: string[]): Promise<unknown> {
    try {
      try {
        return await withWait(this.nextAcker(), this.replication, (p) => p.evalsha(def.sha, def.numberOfKeys, ...keys, ...argv));
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await withWait(this.nextAcker(), this.replication, (p) => p.eval(def.lua, def.numberOfKeys, ...keys, ...argv));
      }
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private nextAcker(): RedisClient {
    this.turn = (this.turn + 1) % this.ackClients.length;
    return this.ackClients[this.turn]!;
  }

  /** A plain command, with faults mapped like a script's. A write in ACKED_COMMANDS waits for the replicas. */
  async command<T>(run: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await run(this.acked);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

/**
 * The client as `command` callers see it when WAIT is on: the commands in
 * ACKED_COMMANDS go out with WAIT (withWait); everything else is the client's own.
 */
function ackingClient(client: RedisClient, acker: () => RedisClient, replication: Replication): RedisClient {
  return new Proxy(client, {
    get(target, prop) {
      if (typeof prop === 'string' && ACKED_COMMANDS.has(prop)) {
        return (...args: Array<string | number>) =>
          withWait(acker(), replication, (p) => (p as unknown as Record<string, (...a: Array<string | number>) => unknown>)[prop]!(...args));
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Numbers travel as exact integer strings: Lua's own number formatting loses digits past 1e14. */
function arg(value: string | number): string {
  if (typeof value === 'string') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer: ${value}`);
  return String(value);
}
