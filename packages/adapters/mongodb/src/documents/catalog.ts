import type { ConcertPrimitives, SchedulePrimitives, SeatPrimitives } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';
import { BSON } from 'mongodb';

/* Concert and schedule documents. */

export interface ScheduleSub {
  id: string;
  startsAt: string;
  seats: SeatPrimitives[];
}

export interface ConcertDoc {
  _id: string;
  name: string;
  venue: string | null;
  /** Publication order: listings keep it, like the memory adapter's insertion order. */
  ord: number;
  schedules: ScheduleSub[];
}

export interface ScheduleDoc {
  _id: string;
  concertId: string;
  startsAt: string;
  seats: SeatPrimitives[];
  ord: number;
  index: number;
}

const copySeat = (s: SeatPrimitives): SeatPrimitives => ({ number: s.number, price: s.price, grade: s.grade ?? null });

export function concertToDoc(c: ConcertPrimitives, ord: number): ConcertDoc {
  return {
    _id: c.id,
    name: c.name,
    venue: c.venue ?? null,
    ord,
    schedules: c.schedules.map((s) => ({ id: s.id, startsAt: s.startsAt, seats: s.seats.map(copySeat) })),
  };
}

export function schedulesFromConcertDoc(d: ConcertDoc): SchedulePrimitives[] {
  return d.schedules.map((s) => ({ id: s.id, concertId: d._id, startsAt: s.startsAt, seats: s.seats.map(copySeat) }));
}

export function scheduleToDoc(s: SchedulePrimitives, ord: number, index: number): ScheduleDoc {
  return { _id: s.id, concertId: s.concertId, startsAt: s.startsAt, seats: s.seats.map(copySeat), ord, index };
}

export function scheduleFromDoc(d: ScheduleDoc): SchedulePrimitives {
  return { id: d._id, concertId: d.concertId, startsAt: d.startsAt, seats: d.seats.map(copySeat) };
}

/** MongoDB's document limit. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * A concert document embeds every seat of every schedule (about 43 bytes a
 * seat without a grade, 51 with a three-letter one, at six-digit seat
 * numbers): some 330,000 graded seats a concert, 390,000 without grades. A
 * larger one is refused before anything is written.
 */
export function assertConcertFits(doc: ConcertDoc): void {
  const bytes = BSON.calculateObjectSize(doc);
  if (bytes > MAX_DOCUMENT_BYTES) {
    const seats = doc.schedules.reduce((n, s) => n + s.seats.length, 0);
    throw new DomainError(
      'validation_failed',
      `This concert's ${seats} seats make a ${bytes}-byte document; MongoDB stores at most ${MAX_DOCUMENT_BYTES} bytes.`,
      { seats, bytes },
    );
  }
}
