import type { ConcertPrimitives, SchedulePrimitives, SeatPrimitives } from '@boxoffice/core';

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
