import { saleOfToken, type Boxoffice } from '@boxoffice/core';

/**
 * Everything a request could have changed, read straight from the store:
 * the sales and every sale's queue counts, every user's wallet and ledger,
 * every taken seat, the catalog, the audit log, and the given tokens and reservations. Two equal snapshots mean nothing changed.
 */
export async function snapshot(
  boxoffice: Boxoffice,
  users: readonly string[],
  tokens: readonly string[] = [],
  reservations: readonly string[] = [],
): Promise<string> {
  const store = boxoffice.store;
  const sales = await store.sales.list();
  const counts = await Promise.all(sales.map(async (s) => [s.id, await boxoffice.queue.counts(s.id)]));
  const wallets = await Promise.all(users.map((u) => boxoffice.wallet.balance(u, 100)));
  const now = boxoffice.options.clock.now();
  const seats = await Promise.all((await store.catalog.listScheduleIds()).map(async (id) => [id, await store.inventory.takenSeats(id, now)]));
  // State and heartbeat: a stranger polling a token must not even keep it alive.
  const views = await Promise.all(
    tokens.map(async (t) => {
      const v = await store.queue.view(saleOfToken(t) ?? 'default', t);
      return v ? [v.token.state, v.token.lastSeenAt, v.position] : null;
    }),
  );
  const holds = await Promise.all(reservations.map(async (r) => (await store.inventory.get(r))?.state ?? null));
  // The catalog as published, and the operators' audit log.
  const concerts = await Promise.all((await store.catalog.listConcerts()).map(async (c) => [c, await store.catalog.listSchedules(c.id)]));
  const audit = await store.audit.page(null, 200);
  return JSON.stringify({ sales, counts, wallets, seats, views, holds, concerts, audit });
}
