import type { ConcertPrimitives, ConcertSummary, SchedulePrimitives } from './concert.js';

/** The concerts on sale. Written when a sale is set up; read-mostly during it. */
export interface CatalogRepository {
  /** Stores or replaces a concert with its schedules and seats. */
  saveConcert(concert: ConcertPrimitives): Promise<void>;
  listConcerts(): Promise<ConcertSummary[]>;
  /** The concert's schedules with their seats; null for an unknown concert. */
  listSchedules(concertId: string): Promise<SchedulePrimitives[] | null>;
  getSchedule(scheduleId: string): Promise<SchedulePrimitives | null>;
  listScheduleIds(): Promise<string[]>;
}
