import type { CatalogRepository, ConcertPrimitives, ConcertSummary, SchedulePrimitives } from '@boxoffice/core';

/** Concerts in process memory, kept in insertion order. */
export class InMemoryCatalog implements CatalogRepository {
  private readonly concerts = new Map<string, ConcertPrimitives>();
  private readonly schedules = new Map<string, SchedulePrimitives>();

  async saveConcert(concert: ConcertPrimitives): Promise<void> {
    const copy = structuredClone(concert);
    for (const old of this.concerts.get(copy.id)?.schedules ?? []) this.schedules.delete(old.id);
    this.concerts.set(copy.id, copy);
    for (const s of copy.schedules) this.schedules.set(s.id, s);
  }

  async listConcerts(): Promise<ConcertSummary[]> {
    return [...this.concerts.values()].map(({ id, name, venue }) => ({ id, name, venue }));
  }

  async listSchedules(concertId: string): Promise<SchedulePrimitives[] | null> {
    const concert = this.concerts.get(concertId);
    return concert ? structuredClone([...concert.schedules]) : null;
  }

  async getSchedule(scheduleId: string): Promise<SchedulePrimitives | null> {
    const s = this.schedules.get(scheduleId);
    return s ? structuredClone(s) : null;
  }

  async listScheduleIds(): Promise<string[]> {
    return [...this.schedules.keys()];
  }
}
