import type { BoxofficeStore } from '@boxoffice/core';

// Imported by name at run time: the adapter landed in parallel, and the harness must run (and skip) without it.
const ADAPTER = '@boxoffice/adapter-redis';

/** What the harness uses of the adapter's store: the ports, and the client to count commands on. */
export interface BenchRedisStore extends BoxofficeStore {
  readonly client: { sendCommand(...args: unknown[]): unknown };
}

interface RedisAdapterModule {
  createRedisStore(options: { url: string; prefix: string }): Promise<BenchRedisStore>;
}

export async function openRedisStore(url: string, prefix: string): Promise<BenchRedisStore> {
  const mod = (await import(ADAPTER)) as RedisAdapterModule;
  return mod.createRedisStore({ url, prefix });
}

/** Counts the commands this client sends: each is one request and one reply, a round trip. */
export function countCommands(store: BenchRedisStore): { readonly sent: () => number } {
  const client = store.client as { sendCommand(...args: unknown[]): unknown };
  const original = client.sendCommand.bind(client);
  let sent = 0;
  client.sendCommand = (...args: unknown[]) => {
    sent += 1;
    return original(...args);
  };
  return { sent: () => sent };
}

export interface SentCommand {
  readonly name: string;
  readonly args: string[];
}

/** Runs `fn` once and returns the commands it sent, as redis-benchmark could replay them. */
export async function captureCommands(store: BenchRedisStore, fn: () => Promise<unknown>): Promise<SentCommand[]> {
  const client = store.client as { sendCommand(...args: unknown[]): unknown };
  const original = client.sendCommand;
  const seen: SentCommand[] = [];
  client.sendCommand = function (this: unknown, ...args: unknown[]) {
    const command = args[0] as { name?: string; args?: unknown[] };
    seen.push({ name: String(command.name), args: (command.args ?? []).map((a) => (Buffer.isBuffer(a) ? a.toString('utf8') : String(a))) });
    return original.apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    client.sendCommand = original;
  }
  return seen;
}
