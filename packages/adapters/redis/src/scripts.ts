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
    const lua = include(readFileSync(new URL(file, SCRIPTS_DIR), 'utf8'));
    const sha = createHash('sha1').update(lua).digest('hex');
    scripts.set(name, { name, numberOfKeys: Number(match[2]), lua, command: `bo_${name.replaceAll('-', '_')}`, sha });
  }
  cache = scripts;
  return scripts;
}

/** Splices `-- @include <name>` lines with scripts/<name>.lua (Redis scripts cannot import; the queue record format lives once). */
function include(lua: string, seen: ReadonlySet<string> = new Set()): string {
  return lua.replace(/^-- @include ([a-z-]+)$/gm, (_, name: string) => {
    // Nested includes expand too (queue-record includes event); each file once per script.
    if (seen.has(name)) return '';
    return include(readFileSync(new URL(`${name}.lua`, SCRIPTS_DIR), 'utf8').trimEnd(), new Set([...seen, name]));
  });
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
