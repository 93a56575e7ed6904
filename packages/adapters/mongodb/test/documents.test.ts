import type { PaymentPrimitives, QueueTokenPrimitives, ReservationPrimitives, SalePrimitives } from '@boxoffice/core';
import { demoCatalog, isDomainError } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import type { LedgerDoc, OutboxEntry, ReservationDoc, SeatDoc } from '../src/documents.js';
import {
  appendEntryPipeline,
  claimFailure,
  concertToDoc,
  dbNameFromUrl,
  fieldKey,
  idempotencyId,
  ledgerDocFromOutbox,
  mergeHistory,
  occupies,
  parseCursor,
  paymentFromDoc,
  paymentToDoc,
  reservationFromDoc,
  reservationToDoc,
  scheduleFromDoc,
  schedulesFromConcertDoc,
  scheduleToDoc,
  takenSeatsFrom,
  lineKey,
  saleFromDoc,
  saleToDoc,
  tokenFromDoc,
  tokenToDoc,
  topologyFromHello,
} from '../src/documents.js';

// The pure mapping between stored documents and core's primitives: no server needed.

const token: QueueTokenPrimitives = {
  token: 'tok_abc-123',
  queueId: 'default',
  userId: 'u1',
  state: 'waiting',
  seq: 7,
  enteredAt: 1000,
  lastSeenAt: 2000,
  activatedAt: null,
  activeUntil: null,
  endedAt: null,
  drawKey: null,
  endReason: null,
};

const reservation: ReservationPrimitives = {
  id: 's1.abc',
  userId: 'u1',
  scheduleId: 's1',
  seats: [3, 4],
  amount: 2007,
  state: 'held',
  createdAt: 1000,
  expiresAt: 301_000,
  paymentId: null,
};

const payment: PaymentPrimitives = {
  id: 'p1',
  userId: 'u1',
  reservationId: 's1.abc',
  queueId: 'default',
  token: 'tok',
  amount: 2007,
  state: 'pending',
  idempotencyKey: 'key-1',
  createdAt: 5,
  updatedAt: 6,
  failure: null,
};

describe('queue token documents', () => {
  it('round-trip, keyed by the token, live only while waiting or active', () => {
    const doc = tokenToDoc(token);
    expect(doc._id).toBe(token.token);
    expect(doc.live).toBe(true);
    expect(tokenFromDoc(doc)).toEqual(token);
    expect(tokenToDoc({ ...token, state: 'active', activatedAt: 3, activeUntil: 4 }).live).toBe(true);
    for (const state of ['completed', 'expired'] as const) {
      const ended = tokenToDoc({ ...token, state, endedAt: 9 });
      expect(ended.live).toBeUndefined();
      expect(tokenFromDoc(ended)).toEqual({ ...token, state, endedAt: 9 });
    }
  });

  it('reads missing optional times as null', () => {
    const { activatedAt: _a, activeUntil: _b, endedAt: _c, ...rest } = tokenToDoc(token);
    expect(tokenFromDoc(rest as never)).toEqual(token);
  });

  it('keeps the draw key and the end reason, and orders the pre-queue by draw key ahead of every later entrant', () => {
    const drawn = { ...token, drawKey: 'ff'.repeat(32), seq: 9 };
    expect(tokenFromDoc(tokenToDoc(drawn))).toEqual(drawn);
    const ended = { ...token, state: 'expired' as const, endedAt: 9, endReason: 'sold_out' as const };
    expect(tokenFromDoc(tokenToDoc(ended))).toEqual(ended);
    const later = tokenToDoc({ ...token, seq: 1 }).line;
    const early = [tokenToDoc(drawn).line, tokenToDoc({ ...drawn, drawKey: '00'.repeat(32) }).line];
    expect([later, ...early].sort()).toEqual([early[1], early[0], later]);
    expect(lineKey(null, 2) < lineKey(null, 10)).toBe(true);
    expect(lineKey(null, 2 ** 53 - 1)).toHaveLength(17);
  });
});

describe('sale documents', () => {
  it('round-trip, keyed by the sale id', () => {
    const sale: SalePrimitives = {
      id: 'onsale',
      name: 'On sale',
      scheduleIds: ['s1'],
      opensAt: 10,
      mode: 'queue',
      seed: 'ab'.repeat(32),
      seedHash: 'cd'.repeat(32),
      settings: { maxActive: 5 },
      closedAt: null,
      createdAt: 1,
    };
    const doc = saleToDoc(sale);
    expect(doc._id).toBe('onsale');
    expect(saleFromDoc(doc)).toEqual(sale);
  });
});

describe('catalog documents', () => {
  it('a concert and its schedules round-trip, with the publication order kept', () => {
    const [concert] = demoCatalog();
    if (!concert) throw new Error('demo catalog is empty');
    const doc = concertToDoc(concert, 3);
    expect(doc._id).toBe(concert.id);
    expect(doc.ord).toBe(3);
    expect(schedulesFromConcertDoc(doc)).toEqual(concert.schedules);
    concert.schedules.forEach((s, i) => {
      const sd = scheduleToDoc(s, 3, i);
      expect([sd._id, sd.ord, sd.index]).toEqual([s.id, 3, i]);
      expect(scheduleFromDoc(sd)).toEqual(s);
    });
  });
});

describe('reservation and seat documents', () => {
  it('a reservation round-trips', () => {
    const doc = reservationToDoc(reservation);
    expect(doc._id).toBe(reservation.id);
    expect(reservationFromDoc(doc)).toEqual(reservation);
    expect(reservationFromDoc(reservationToDoc({ ...reservation, state: 'paying', paymentId: 'p1' }))).toMatchObject({ paymentId: 'p1' });
  });

  it('occupies: paying and confirmed always, held until it lapses, nothing else', () => {
    expect(occupies({ state: 'held', expiresAt: 10 }, 9)).toBe(true);
    expect(occupies({ state: 'held', expiresAt: 10 }, 10)).toBe(false);
    expect(occupies({ state: 'paying', expiresAt: 10 }, 99)).toBe(true);
    expect(occupies({ state: 'confirmed', expiresAt: 10 }, 99)).toBe(true);
    expect(occupies({ state: 'cancelled', expiresAt: 99 }, 1)).toBe(false);
    expect(occupies({ state: 'expired', expiresAt: 99 }, 1)).toBe(false);
  });

  it('taken seats follow the reservation each seat names; a missing one frees the seat', () => {
    const r = (id: string, state: ReservationDoc['state'], expiresAt = 100): ReservationDoc => ({
      ...reservationToDoc(reservation),
      _id: id,
      state,
      expiresAt,
    });
    const seat = (n: number, reservationId: string): SeatDoc => ({ _id: `s1#${n}`, scheduleId: 's1', number: n, reservationId });
    const seats = [seat(5, 'a'), seat(1, 'b'), seat(2, 'c'), seat(3, 'd'), seat(4, 'gone'), seat(6, 'e')];
    const reservations = [r('a', 'held'), r('b', 'confirmed'), r('c', 'held', 50), r('d', 'paying'), r('e', 'cancelled')];
    expect(takenSeatsFrom(seats, reservations, 60)).toEqual([
      { number: 1, state: 'sold', reservationId: 'b' },
      { number: 3, state: 'held', reservationId: 'd' },
      { number: 5, state: 'held', reservationId: 'a' },
    ]);
  });

  it('claimFailure gives the port\'s codes, and null when already claimed by the same payment', () => {
    const d = reservationToDoc(reservation);
    expect(claimFailure({ ...d, state: 'paying', paymentId: 'p' }, 'p', 0)).toBeNull();
    expect(claimFailure({ ...d, state: 'confirmed', paymentId: 'p' }, 'p', 0)).toBeNull();
    const code = (e: unknown) => (isDomainError(e) ? e.code : e);
    expect(code(claimFailure({ ...d, state: 'paying', paymentId: 'q' }, 'p', 0))).toBe('payment_in_progress');
    expect(code(claimFailure({ ...d, state: 'held' }, 'p', d.expiresAt))).toBe('hold_expired');
    expect(code(claimFailure({ ...d, state: 'expired' }, 'p', 0))).toBe('hold_expired');
    expect(code(claimFailure({ ...d, state: 'held', fenced: true }, 'p', 0))).toBe('hold_expired');
    expect(code(claimFailure({ ...d, state: 'cancelled' }, 'p', 0))).toBe('reservation_not_held');
    expect(code(claimFailure({ ...d, state: 'confirmed', paymentId: 'q' }, 'p', 0))).toBe('reservation_not_held');
  });
});

describe('wallet documents', () => {
  it('fieldKey makes any key a safe, distinct field name', () => {
    const keys = ['a.b', '$set', '', 'ключ', 'a b/c', 'x'.repeat(200)];
    const fields = keys.map(fieldKey);
    for (const f of fields) expect(f).toMatch(/^k[A-Za-z0-9_-]*$/);
    expect(new Set(fields).size).toBe(keys.length);
  });

  it('the append pipeline moves the balance, numbers the entry and wraps client values in $literal', () => {
    const pipeline = appendEntryPipeline(
      { id: 'e1', type: 'charge', amount: 5, at: 9, ref: '$danger.key', key: 'charge:$danger.key' },
      { 'chg.kXYZ': { amount: 5, entryId: 'e1' } },
    );
    expect(pipeline[0]).toEqual({
      $set: { balance: { $add: [{ $ifNull: ['$balance', 0] }, 5] }, n: { $add: [{ $ifNull: ['$n', 0] }, 1] } },
    });
    const second = pipeline[1] as { $set: Record<string, unknown> };
    const pushed = (second.$set.outbox as { $concatArrays: [unknown, Array<Record<string, unknown>>] }).$concatArrays[1][0]!;
    expect(pushed).toMatchObject({ seq: '$n', balanceAfter: '$balance', ref: { $literal: '$danger.key' }, key: { $literal: 'charge:$danger.key' } });
    expect(second.$set['chg.kXYZ']).toEqual({ $literal: { amount: 5, entryId: 'e1' } });
  });

  it('a payment entry subtracts, and a keyless entry has no key', () => {
    const pipeline = appendEntryPipeline({ id: 'e', type: 'payment', amount: 7, at: 1, ref: 'p', key: null }, {});
    expect(JSON.stringify(pipeline[0])).toContain('-7');
    expect(JSON.stringify(pipeline[1])).not.toContain('"key"');
  });

  const entry = (seq: number, key?: string): OutboxEntry => ({
    id: `e${seq}`,
    seq,
    type: 'charge',
    amount: seq,
    balanceAfter: (seq * (seq + 1)) / 2,
    at: seq * 1000,
    ref: `e${seq}`,
    ...(key === undefined ? {} : { key }),
  });
  const ledger = (seqs: number[]): LedgerDoc[] => seqs.map((s) => ledgerDocFromOutbox('u1', entry(s)));

  it('history merges the ledger with the outbox, newest first, without repeats', () => {
    const wallet = { balance: 15, n: 5, outbox: [entry(4), entry(5)] };
    const page = mergeHistory(wallet, ledger([4, 3, 2]), 6, 3);
    expect(page.entries.map((e) => e.id)).toEqual(['e5', 'e4', 'e3']);
    expect(page.nextCursor).toBe('3');
    expect(page.balance).toBe(15);
    const next = mergeHistory(wallet, ledger([2, 1]), 3, 3);
    expect(next.entries.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(next.nextCursor).toBeNull();
  });

  it('history ignores ledger entries written after the wallet snapshot', () => {
    const page = mergeHistory({ balance: 3, n: 2, outbox: [] }, ledger([3, 2, 1]), 3, 10);
    expect(page.entries.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(page.entries[0]).toEqual({ id: 'e2', type: 'charge', amount: 2, balanceAfter: 3, at: 2000, ref: 'e2' });
  });

  it('a cursor is a ledger position from 1 to n', () => {
    expect(parseCursor('3', 5)).toBe(3);
    for (const bad of ['0', '6', '-1', '1.5', 'abc', '', '99999999999999999']) {
      expect(() => parseCursor(bad, 5)).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    }
  });

  it('a ledger document keeps the outbox entry whole, key included', () => {
    expect(ledgerDocFromOutbox('u1', entry(2, 'charge:k'))).toEqual({
      _id: 'e2',
      userId: 'u1',
      seq: 2,
      type: 'charge',
      amount: 2,
      balanceAfter: 3,
      at: 2000,
      ref: 'e2',
      key: 'charge:k',
    });
  });
});

describe('payment documents', () => {
  it('round-trip; live unless aborted', () => {
    const doc = paymentToDoc(payment);
    expect(doc._id).toBe('p1');
    expect(doc.live).toBe(true);
    expect(paymentFromDoc(doc)).toEqual(payment);
    const aborted = paymentToDoc({ ...payment, state: 'aborted', failure: 'hold_expired' });
    expect(aborted.live).toBeUndefined();
    expect(paymentFromDoc(aborted)).toEqual({ ...payment, state: 'aborted', failure: 'hold_expired' });
  });
});

describe('connection helpers', () => {
  it('idempotency ids keep scope and key apart', () => {
    expect(idempotencyId('a', 'b:c')).not.toBe(idempotencyId('a:b', 'c'));
  });

  it('the database comes from the URL path when there is one', () => {
    expect(dbNameFromUrl('mongodb://localhost:27017/shop?replicaSet=rs0')).toBe('shop');
    expect(dbNameFromUrl('mongodb+srv://u:p@cluster.example.net/sales')).toBe('sales');
    expect(dbNameFromUrl('mongodb://h1:1,h2:2/?replicaSet=rs0')).toBeNull();
    expect(dbNameFromUrl('mongodb://localhost')).toBeNull();
  });

  it('hello tells a replica set or mongos (transactions) from a standalone server', () => {
    expect(topologyFromHello({ isWritablePrimary: true, setName: 'rs0' })).toEqual({ transactions: true, description: 'replica set rs0' });
    expect(topologyFromHello({ isWritablePrimary: true, msg: 'isdbgrid' }).transactions).toBe(true);
    expect(topologyFromHello({ isWritablePrimary: true, maxWireVersion: 21 })).toEqual({ transactions: false, description: 'standalone server' });
  });
});
