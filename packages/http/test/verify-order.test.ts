import { createMemoryStore, CryptoIdGenerator } from '@boxoffice/adapter-memory';
import { createBoxoffice, type BoxofficeStore, type QueueRepository, type SaleRepository } from '@boxoffice/core';
import { ManualClock } from '@boxoffice/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { verifyOrder } from '../src/verify-order.js';
import { iso, SALES_CONCERTS } from './support/sales.js';

// `boxoffice verify-order <saleId>`: the draw read back through the store and
// checked with core's pure verifier, on a true draw and on tampered ones.

const OPENED = Date.now() - 60_000;

/** A memory store holding sale `drawn` (20 pre-queue entrants, opened a minute ago) and sale `later` (not open). */
async function storeWithDraw(): Promise<BoxofficeStore> {
  const store = createMemoryStore();
  const clock = new ManualClock(OPENED - 600_000);
  const boxoffice = createBoxoffice({ store, clock, ids: new CryptoIdGenerator(), config: { maxActive: 3 } });
  await boxoffice.catalog.publish(SALES_CONCERTS);
  await boxoffice.sales.create({ id: 'drawn', scheduleIds: ['big-1'], opensAt: iso(OPENED) });
  await boxoffice.sales.create({ id: 'later', scheduleIds: ['tiny-1'], opensAt: iso(Date.now() + 3_600_000) });
  for (let i = 0; i < 20; i++) await boxoffice.queue.enter('drawn', `early-${i}`);
  clock.set(OPENED);
  await boxoffice.tick();
  return store;
}

/** The same store with one port step answering something else. */
function tampered(store: BoxofficeStore, queue: Partial<QueueRepository>, sales: Partial<SaleRepository> = {}): BoxofficeStore {
  return { ...store, queue: Object.assign(Object.create(store.queue) as QueueRepository, queue), sales: Object.assign(Object.create(store.sales) as SaleRepository, sales) };
}


describe('verify-order', () => {
  let store: BoxofficeStore;
  beforeAll(async () => {
    store = await storeWithDraw();
  });

  it('a true draw matches: the seed is the committed one and the places are its HMAC order (exit 0)', async () => {
    const outcome = await verifyOrder(store, 'drawn');
    expect(outcome.code).toBe(0);
    expect(outcome.text).toContain('20 pre-queue token(s)');
    expect(outcome.text).toContain('MATCH: the draw is the one committed to');
    expect(outcome.json).toMatchObject({ ok: true, seedMatchesHash: true, orderMatches: true, firstMismatch: null, tokens: 20 });
  });

  it('two places swapped, or a seed that is not the committed one, do not match (exit 1)', async () => {
    const swapped = tampered(store, {
      listDrawn: async (queueId, offset, limit) => {
        const tokens = await store.queue.listDrawn(queueId, offset, limit);
        if (offset === 0 && tokens.length > 5) [tokens[4], tokens[5]] = [tokens[5]!, tokens[4]!];
        return tokens;
      },
    });
    const order = await verifyOrder(swapped, 'drawn');
    expect([order.code, order.json.orderMatches, order.json.firstMismatch, order.json.seedMatchesHash]).toEqual([1, false, 5, true]);
    expect(order.text).toContain('NO (first wrong place: 5)');

    const otherSeed = tampered(store, {}, {
      get: async (saleId) => {
        const sale = await store.sales.get(saleId);
        return sale && { ...sale, seed: sale.seed.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
      },
    });
    const seed = await verifyOrder(otherSeed, 'drawn');
    expect([seed.code, seed.json.seedMatchesHash]).toEqual([1, false]);
    expect(seed.text).toContain('MISMATCH');
  });

  it('an unknown sale, or one not open yet (its seed still secret), is exit 2', async () => {
    expect(await verifyOrder(store, 'nope')).toMatchObject({ code: 2, json: { error: 'sale_not_found' } });
    const notOpen = await verifyOrder(store, 'later');
    expect(notOpen).toMatchObject({ code: 2, json: { error: 'validation_failed' } });
    expect(notOpen.text).toContain('has not opened');
  });

  it('the CLI: --help, usage errors, configuration errors and the store from the environment', async () => {
    const help = await cli(['verify-order', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('Usage: boxoffice verify-order <saleId>')]);
    expect((await cli(['help'])).stdout).toContain('verify-order <saleId>');
    expect((await cli(['verify-order'])).code).toBe(2);
    expect((await cli(['verify-order', 'a', 'b'])).code).toBe(2);
    const badStore = await cli(['verify-order', 'x', '--store', 'postgres']);
    expect([badStore.code, badStore.stderr]).toEqual([78, expect.stringContaining('--store must be one of memory, redis, mongodb')]);
    // A fresh memory store holds no sale: exit 2, and JSON on request.
    const empty = await cli(['verify-order', 'spring', '--json'], { BOXOFFICE_STORE: 'memory' });
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout)).toMatchObject({ saleId: 'spring', ok: false, error: 'sale_not_found' });
  });
});
