import { DEFAULT_QUEUE, type Boxoffice } from '@boxoffice/core';

/**
 * Everything a request could have changed, read straight from the store:
 * queue counts, every user's wallet and ledger, every taken seat, and the
 * given reservations and payments. Two equal snapshots mean nothing changed.
 */
export async function snapshot(
  boxoffice: Boxoffice,
  users: readonly string[],
  tokens: readonly string[] = [],
  reservations: readonly string[] = [],
): Promise<string> {
  const counts = await boxoffice.queue.counts(DEFAULT_QUEUE);
  const wallets = await Promise.all(users.map((u) => boxoffice.wallet.balance(u, 100)));
  const store = boxoffice.store;
  const now = boxoffice.options.clock.now();
  const seats = await Promise.all((await store.catalog.listScheduleIds()).map(async (id) => [id, await store.inventory.takenSeats(id, now)]));
  // State and heartbeat: a stranger polling a token must not even keep it alive.
  const views = await Promise.all(
    tokens.map(async (t) => {
      const v = await store.queue.view(DEFAULT_QUEUE, t);
      return v ? [v.token.state, v.token.lastSeenAt, v.position] : null;
    }),
  );
  const holds = await Promise.all(reservations.map(async (r) => (await store.inventory.get(r))?.state ?? null));
  return JSON.stringify({ counts, wallets, seats, views, holds });
}
