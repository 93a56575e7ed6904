import { readdirSync, readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { checkReply, toStoreError } from './errors.js';
import type { ScriptReply } from './errors.js';

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
    scripts.set(name, { name, numberOfKeys: Number(match[2]), lua, command: `bo_${name.replaceAll('-', '_')}` });
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
 */
export class Scripts {
  private readonly defs: Map<string, ScriptDef>;

  constructor(private readonly client: RedisClient) {
    this.defs = loadScripts();
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
    const run = (this.client as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[def.command]!;
    try {
      return await run.call(this.client, ...keys, ...args.map(arg));
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** A plain command, with faults mapped like a script's. */
  async command<T>(run: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await run(this.client);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

/** Numbers travel as exact integer strings: Lua's own number formatting loses digits past 1e14. */
function arg(value: string | number): string {
  if (typeof value === 'string') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer: ${value}`);
  return String(value);
}
