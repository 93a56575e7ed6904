import { demoCatalog } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { concertToDoc, scheduleFromDoc, schedulesFromConcertDoc, scheduleToDoc } from '../src/documents/catalog.js';

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
