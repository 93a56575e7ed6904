import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { BoxofficeStore } from '@boxoffice/core';
import { MongoClient } from 'mongodb';
import { createMongoStore, topologyFromHello } from '../src/index.js';

/*
 * Where the MongoDB suites run: MONGODB_URL if set (each store in a database of
 * its own, dropped after), else a mongod on PATH started here as a single-node
 * replica set in a temporary folder and stopped by its PID. Neither: the suites
 * are not registered, and a line says how to run them.
 */

export const MONGODB_URL = process.env.MONGODB_URL?.trim() || null;
export const REQUIRE_MONGODB = process.env.BOXOFFICE_REQUIRE_MONGODB === '1';

export const HOW_TO_RUN =
  'run them with MONGODB_URL=mongodb://127.0.0.1:27017 npx vitest run packages/adapters/mongodb ' +
  '(MongoDB 7 or 8, standalone or replica set), or put mongod on PATH and they start a single-node replica set themselves; ' +
  'see docs/mongodb.md';

/** The mongod executable on PATH, if any. */
export function mongodOnPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'mongod');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export const MONGOD = MONGODB_URL === null ? mongodOnPath() : null;
export const AVAILABLE = MONGODB_URL !== null || MONGOD !== null;

export function explainSkip(file: string): void {
  console.info(`[adapter-mongodb] ${file}: skipped, no MONGODB_URL and no mongod on PATH; ${HOW_TO_RUN}`);
}

export interface MongoTarget {
  readonly url: string;
  readonly client: MongoClient;
  readonly description: string;
  stop(): Promise<void>;
}

let runs = 0;
const RUN = `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** A database name unique to this process and call (MongoDB allows 63 bytes). */
export function uniqueDbName(label: string): string {
  runs += 1;
  return `bo_${label}_${RUN}_${runs.toString(36)}`.slice(0, 63);
}

/** Connects to MONGODB_URL, or starts a private replica set from MONGOD. */
export async function openTarget(): Promise<MongoTarget> {
  if (MONGODB_URL !== null) {
    const client = await new MongoClient(MONGODB_URL).connect();
    return { url: MONGODB_URL, client, description: `MONGODB_URL ${redact(MONGODB_URL)}`, stop: () => client.close() };
  }
  if (MONGOD === null) throw new Error(`no MongoDB: ${HOW_TO_RUN}`);
  return startReplicaSet(MONGOD);
}

/** Whether the target runs transactions: the replica set started here does; MONGODB_URL is asked with `hello`. */
export async function targetHasTransactions(): Promise<boolean> {
  if (MONGODB_URL === null) return MONGOD !== null;
  const client = await new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 5_000 }).connect();
  try {
    return topologyFromHello(await client.db('admin').command({ hello: 1 })).transactions;
  } finally {
    await client.close();
  }
}

/** Stores for the kit: one database each, dropped when the kit closes the store. */
export function storeFactory(
  target: () => MongoTarget,
  label: string,
  transactions: 'auto' | 'off',
): () => Promise<BoxofficeStore> {
  return async () => {
    const t = target();
    const store = await createMongoStore({
      url: t.url,
      client: t.client,
      dbName: uniqueDbName(label),
      transactions,
      log: () => undefined,
    });
    return {
      ...store,
      close: async () => {
        await store.db.dropDatabase();
        await store.close();
      },
    };
  };
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mongod --replSet rs0 on a spare loopback port in a temporary folder, initiated through the driver. */
async function startReplicaSet(mongod: string): Promise<MongoTarget> {
  const port = await sparePort();
  const dir = mkdtempSync(join(tmpdir(), 'bo-mongod-'));
  const child = spawn(
    mongod,
    ['--replSet', 'rs0', '--port', String(port), '--bind_ip', '127.0.0.1', '--dbpath', dir, '--logpath', join(dir, 'mongod.log')],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stopProcess = async () => {
    if (!exited && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      for (let i = 0; i < 100 && !exited; i++) await sleep(100);
      if (!exited) process.kill(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const direct = `mongodb://127.0.0.1:${port}/?directConnection=true`;
    const admin = new MongoClient(direct, { serverSelectionTimeoutMS: 1000 });
    try {
      await retry(30_000, () => admin.db('admin').command({ ping: 1 }), () => exited);
      await admin.db('admin').command({ replSetInitiate: { _id: 'rs0', members: [{ _id: 0, host: `127.0.0.1:${port}` }] } });
      await retry(30_000, async () => {
        const hello = await admin.db('admin').command({ hello: 1 });
        if (hello.isWritablePrimary !== true) throw new Error('not primary yet');
      }, () => exited);
    } finally {
      await admin.close();
    }
    const url = `mongodb://127.0.0.1:${port}/?replicaSet=rs0`;
    const client = await new MongoClient(url).connect();
    return {
      url,
      client,
      description: `mongod ${mongod} as replica set rs0 on port ${port} (pid ${child.pid})`,
      stop: async () => {
        await client.close().catch(() => undefined);
        await stopProcess();
      },
    };
  } catch (error) {
    await stopProcess();
    throw error;
  }
}

async function retry(ms: number, attempt: () => Promise<unknown>, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (gaveUp()) throw new Error('mongod exited during start-up; see its log in the temporary folder');
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}
