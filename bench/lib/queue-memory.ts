/** What the harness needs of an ioredis client to read a queue's memory. */
interface MemoryClient {
  call(...args: string[]): Promise<unknown>;
  pipeline(): { call(...args: string[]): unknown; exec(): Promise<Array<[Error | null, unknown]> | null> };
}

/**
 * What one waiting token costs in Redis, by structure: MEMORY USAGE of every key of one queue's tag
 * (`tag` is `<prefix>:{q:<id>}:`), summed by family and divided by `waiting`. The bucketed families of the
 * compact layout (`b:k…` records, `b:s…` seq map, `b:u…` users) and the ended tokens (`t:…`) are one row each.
 */
export async function queueMemory(client: unknown, tag: string, waiting: number): Promise<Record<string, number>> {
  const c = client as MemoryClient;
  const sums = new Map<string, { bytes: number; keys: number }>();
  let cursor = '0';
  do {
    const [next, keys] = (await c.call('SCAN', cursor, 'MATCH', `${tag}*`, 'COUNT', '10000')) as [string, string[]];
    cursor = next;
    const p = c.pipeline();
    for (const key of keys) p.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    const replies = (await p.exec()) ?? [];
    keys.forEach((key, i) => {
      const name = key.slice(tag.length);
      const family = name.startsWith('b:') ? `b:${name[2]}` : name.startsWith('t:') ? 't:' : name;
      const sum = sums.get(family) ?? { bytes: 0, keys: 0 };
      sum.bytes += Number(replies[i]?.[1] ?? 0);
      sum.keys += 1;
      sums.set(family, sum);
    });
  } while (cursor !== '0');
  const out: Record<string, number> = {};
  for (const [family, { bytes, keys }] of [...sums].sort()) {
    out[keys > 1 ? `${family}* (${keys} keys)` : family] = Math.round((bytes / waiting) * 10) / 10;
  }
  return out;
}
