import type { BoxofficeStore } from '@boxoffice/core';

// Imported by name at run time: the adapter lands in parallel, and the harness must run (and skip) without it.
const ADAPTER = '@boxoffice/adapter-redis';

interface RedisAdapterModule {
  createRedisStore(options: { url: string; prefix: string }): BoxofficeStore | Promise<BoxofficeStore>;
}

export async function openRedisStore(url: string, prefix: string): Promise<BoxofficeStore> {
  const mod = (await import(ADAPTER)) as RedisAdapterModule;
  return mod.createRedisStore({ url, prefix });
}
