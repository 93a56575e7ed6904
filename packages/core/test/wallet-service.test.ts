import { createMemoryStore } from '@boxoffice/adapter-memory';
import type { BoxofficeConfig, DomainError } from '@boxoffice/core';
import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE, createBoxoffice, isDomainError } from '@boxoffice/core';
import { ManualClock, SequenceIds } from '@boxoffice/core/testing';
import { describe, expect, it } from 'vitest';

function setup(config: Partial<BoxofficeConfig> = {}) {
  const clock = new ManualClock();
  const bo = createBoxoffice({ store: createMemoryStore(), clock, ids: new SequenceIds('ws'), config });
  return { bo, clock };
}

async function domainError(action: Promise<unknown>): Promise<DomainError> {
  try {
    await action;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but it succeeded');
}

describe('WalletService.charge', () => {
  it('accepts 1 and exactly maxCharge', async () => {
    const { bo, clock } = setup({ maxCharge: 500, maxBalance: 10_000 });
    const one = await bo.wallet.charge('u', 1);
    expect(one.balance).toBe(1);
    expect(one.replayed).toBe(false);
    expect(one.entry).toMatchObject({ type: 'charge', amount: 1, balanceAfter: 1, at: clock.now() });
    const max = await bo.wallet.charge('u', 500);
    expect(max.balance).toBe(501);
    expect(max.entry).toMatchObject({ type: 'charge', amount: 500, balanceAfter: 501 });
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['maxCharge + 1', 501],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '10'],
    ['null', null],
    ['beyond safe integers', 2 ** 53],
  ])('rejects %s with invalid_amount naming maxCharge, and changes nothing', async (_name, amount) => {
    const { bo } = setup({ maxCharge: 500, maxBalance: 10_000 });
    const e = await domainError(bo.wallet.charge('u', amount));
    expect(e.code).toBe('invalid_amount');
    expect(e.details).toEqual({ maxCharge: 500 });
    expect(e.message).toContain('500');
    expect(await bo.wallet.balance('u')).toEqual({ balance: 0, entries: [], nextCursor: null });
  });

  it('validates the user id before the amount', async () => {
    const { bo } = setup();
    expect((await domainError(bo.wallet.charge('', 10))).code).toBe('validation_failed');
    expect((await domainError(bo.wallet.charge('u'.repeat(129), 10))).code).toBe('validation_failed');
  });

  it('a repeated idempotency key replays the first charge', async () => {
    const { bo } = setup();
    const first = await bo.wallet.charge('u', 100, 'k1');
    const again = await bo.wallet.charge('u', 100, 'k1');
    expect(again.replayed).toBe(true);
    expect(again.entry).toEqual(first.entry);
    expect(first.entry.ref).toBe('k1');
    expect((await bo.wallet.balance('u')).balance).toBe(100);
  });

  it('the balance cannot pass maxBalance (balance_limit), and nothing changes', async () => {
    const { bo } = setup({ maxCharge: 100, maxBalance: 150 });
    await bo.wallet.charge('u', 100);
    expect((await domainError(bo.wallet.charge('u', 51))).code).toBe('balance_limit');
    expect((await bo.wallet.charge('u', 50)).balance).toBe(150);
  });
});

describe('WalletService.balance', () => {
  async function charged(n: number) {
    const env = setup();
    for (let i = 1; i <= n; i++) await env.bo.wallet.charge('u', i);
    return env;
  }

  it('defaults to a page of 20, newest first', async () => {
    const { bo } = await charged(21);
    expect(DEFAULT_HISTORY_PAGE).toBe(20);
    const page = await bo.wallet.balance('u');
    expect(page.balance).toBe((21 * 22) / 2);
    expect(page.entries).toHaveLength(20);
    expect(page.entries[0]!.amount).toBe(21);
    expect(page.nextCursor).not.toBeNull();
  });

  it('accepts limit 1 and limit 100', async () => {
    const { bo } = await charged(3);
    const one = await bo.wallet.balance('u', 1);
    expect(one.entries.map((e) => e.amount)).toEqual([3]);
    const next = await bo.wallet.balance('u', 1, one.nextCursor);
    expect(next.entries.map((e) => e.amount)).toEqual([2]);
    expect(MAX_HISTORY_PAGE).toBe(100);
    const all = await bo.wallet.balance('u', 100);
    expect(all.entries.map((e) => e.amount)).toEqual([3, 2, 1]);
    expect(all.nextCursor).toBeNull();
  });

  it.each([0, -1, 101, 1.5, Number.NaN])('rejects limit %s with validation_failed', async (limit) => {
    const { bo } = await charged(1);
    const e = await domainError(bo.wallet.balance('u', limit));
    expect(e.code).toBe('validation_failed');
    expect(e.message).toContain('100');
  });

  it('validates the user id', async () => {
    const { bo } = setup();
    expect((await domainError(bo.wallet.balance(''))).code).toBe('validation_failed');
  });

  it('a wallet never charged reads 0 with no entries', async () => {
    const { bo } = setup();
    expect(await bo.wallet.balance('nobody')).toEqual({ balance: 0, entries: [], nextCursor: null });
  });
});
