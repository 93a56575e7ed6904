import { demoCatalog, isDomainError } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { assertConcertFits, concertToDoc, scheduleFromDoc, schedulesFromConcertDoc, scheduleToDoc } from '../src/documents/catalog.js';

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

describe('the concert document limit', () => {
  const concert = (seats: number, grade: string | null) =>
    concertToDoc(
      {
        id: 'c',
        name: 'Big',
        venue: null,
        schedules: [{ id: 'c.s1', concertId: 'c', startsAt: '2026-06-01T19:00:00.000Z', seats: Array.from({ length: seats }, (_, i) => ({ number: i + 1, price: 12_000, grade })) }],
      },
      1,
    );

  it('takes 320,000 graded seats and refuses 450,000, typed, before any write', () => {
    expect(() => assertConcertFits(concert(320_000, 'VIP'))).not.toThrow();
    let error: unknown = null;
    try {
      assertConcertFits(concert(450_000, 'VIP'));
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'validation_failed')).toBe(true);
    expect((error as { details?: { seats?: number } }).details?.seats).toBe(450_000);
  });
});
