import { describe, expect, it } from 'vitest';
import { createBoxoffice, demoCatalog } from '@boxoffice/core';
import { createMemoryStore, CryptoIdGenerator, SystemClock } from '@boxoffice/adapter-memory';

describe('smoke', () => {
  it('admits a user', async () => {
    const bo = createBoxoffice({ store: createMemoryStore(), clock: new SystemClock(), ids: new CryptoIdGenerator() });
    await bo.catalog.publish(demoCatalog());
    const { status } = await bo.queue.enter('default', 'u1');
    await bo.tick();
    expect((await bo.queue.status('default', status.token, 'u1')).state).toBe('active');
  });
});
