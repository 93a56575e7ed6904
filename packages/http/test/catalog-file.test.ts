import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeStore } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../src/index.js';
import { testHost } from './support/api.js';
import { SALES_CONCERTS } from './support/sales.js';

// BOXOFFICE_CATALOG with sales: `{ "concerts": [...], "sales": [...] }`, the
// bare array of the first release, the default sale, and bad files that stop
// the host naming the fault with nothing stored.

const dir = mkdtempSync(join(tmpdir(), 'bo-catalog-'));
let files = 0;
const write = (content: unknown): string => {
  const path = join(dir, `catalog-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

async function stored(store: BoxofficeStore) {
  return { sales: await store.sales.list(), schedules: await store.catalog.listScheduleIds() };
}

describe('the catalog file', () => {
  it('{ concerts, sales } stores the sales; BOXOFFICE_DEFAULT_SALE names the one /v1/queue/tokens acts on', async () => {
    const catalog = write({
      concerts: SALES_CONCERTS,
      sales: [
        { id: 'spring', scheduleIds: ['tiny-1'], opensAt: '2030-01-01T20:00:00+09:00' },
        { id: 'default', scheduleIds: ['big-1'] },
      ],
    });
    const host = await testHost({ scheduler: false, catalog, defaultSale: 'spring' });
    try {
      const u = await host.user('u');
      expect((await u.get('/v1/sales')).body.map((s: { id: string; opensAt: string }) => [s.id, s.opensAt.slice(0, 4)])).toEqual([
        ['default', new Date().toISOString().slice(0, 4)],
        ['spring', '2030'],
      ]);
      expect((await u.enter()).body).toMatchObject({ saleId: 'spring', state: 'pre_queue', opensAt: '2030-01-01T11:00:00.000Z' });
    } finally {
      await host.close();
    }
  });

  it('a bare array of concerts still works: the host makes sale default over every schedule, open now', async () => {
    const host = await testHost({ scheduler: false, catalog: write(SALES_CONCERTS) });
    try {
      const u = await host.user('u');
      const [sale] = (await u.get('/v1/sales')).body;
      expect(sale).toMatchObject({ id: 'default', state: 'open' });
      expect([...sale.scheduleIds].sort()).toEqual(['big-1', 'tiny-1', 'tiny-2']);
      expect(sale.seed).toMatch(/^[0-9a-f]{64}$/);
      expect((await u.enter()).body).toMatchObject({ saleId: 'default', state: 'waiting', position: 1 });
    } finally {
      await host.close();
    }
  });

  it('a second host on the same store keeps the stored sale and its seed (a published commitment)', async () => {
    const store = createMemoryStore();
    const catalog = write({ concerts: SALES_CONCERTS, sales: [{ id: 'once', scheduleIds: ['big-1'], opensAt: '2031-01-01T00:00:00Z' }] });
    const a = await testHost({ scheduler: false, catalog, storeInstance: store });
    const b = await testHost({ scheduler: false, catalog, storeInstance: store });
    try {
      const [onA, onB] = [await a.user('x'), await b.user('x')];
      expect((await onB.get('/v1/sales/once')).body.seedHash).toBe((await onA.get('/v1/sales/once')).body.seedHash);
      expect((await store.sales.list()).map((s) => s.id)).toEqual(['once']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.each([
    ['a sale id that is not a safe id', { id: 'no spaces', scheduleIds: ['big-1'] }, /sales\[1\]\.id: must be 1-64 letters/],
    ['an opensAt that is not a time', { id: 'x', scheduleIds: ['big-1'], opensAt: 'tomorrow at eight' }, /sales\[1\]\.opensAt: must be an ISO 8601 time/],
    ['a schedule that does not exist', { id: 'x', scheduleIds: ['big-1', 'nowhere'] }, /sales\[1\]\.scheduleIds\[1\]: no schedule nowhere/],
    ['a setting that is not one', { id: 'x', scheduleIds: ['big-1'], settings: { maxActive: 0 } }, /sales\[1\]\.settings\.maxActive/],
  ])('%s stops the host naming the file and the field, and stores nothing', async (_what, bad, message) => {
    const store = createMemoryStore();
    const catalog = write({ concerts: SALES_CONCERTS, sales: [{ id: 'fine', scheduleIds: ['tiny-1'] }, bad] });
    const start = testHost({ scheduler: false, catalog, storeInstance: store });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(new RegExp(`BOXOFFICE_CATALOG file .*catalog-\\d+\\.json: ${message.source}`));
    expect(await stored(store)).toEqual({ sales: [], schedules: [] });
  });

  it.each([
    ['sales that are not an array', { concerts: SALES_CONCERTS, sales: {} }, /"sales" must be an array/],
    ['an unknown top-level field', { concerts: SALES_CONCERTS, sale: [] }, /unknown field "sale"/],
    ['an object without concerts', { sales: [] }, /must hold a non-empty JSON array of concerts/],
  ])('%s is refused with nothing stored', async (_what, content, message) => {
    const store = createMemoryStore();
    await expect(testHost({ scheduler: false, catalog: write(content), storeInstance: store })).rejects.toThrow(message);
    expect(await stored(store)).toEqual({ sales: [], schedules: [] });
  });

  it('BOXOFFICE_DEFAULT_SALE must be a safe id, and name a sale', async () => {
    expect(() => loadSettings({ BOXOFFICE_DEFAULT_SALE: 'not safe' })).toThrow(/BOXOFFICE_DEFAULT_SALE must be 1-64 letters/);
    expect(loadSettings({}, ['--default-sale', 'spring']).defaultSale).toBe('spring');
    await expect(testHost({ scheduler: false, concerts: SALES_CONCERTS, defaultSale: 'absent' })).rejects.toThrow(
      /BOXOFFICE_DEFAULT_SALE names no sale: "absent" \(sales: default\)/,
    );
  });
});
