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
