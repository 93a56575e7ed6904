import type { CatalogRepository, ConcertPrimitives, ConcertSummary, SchedulePrimitives } from '@boxoffice/core';
import type { MongoContext } from './context.js';
import { assertConcertFits, concertToDoc, scheduleFromDoc, schedulesFromConcertDoc, scheduleToDoc } from './documents/catalog.js';
import { guarded } from './errors.js';

/**
 * Concerts in MongoDB: one document per concert (with its schedules, for
 * listings) and one per schedule (for lookups by id). Listings keep the order
 * in which concerts were first published. Saving is written at set-up time; it
 * is idempotent, and runs as one transaction where the server has them.
 */
export class MongoCatalog implements CatalogRepository {
  constructor(private readonly ctx: MongoContext) {}

  saveConcert(concert: ConcertPrimitives): Promise<void> {
    return guarded(async () => {
      // Too large for one document: refused before anything is written.
      assertConcertFits(concertToDoc(concert, 0));
      const existing = await this.ctx.concerts.findOne({ _id: concert.id }, { projection: { ord: 1 } });
      const ord = existing?.ord ?? (await this.ctx.nextSeq('catalog'));
      await this.ctx.steps.run(async (session) => {
        await this.ctx.concerts.replaceOne({ _id: concert.id }, concertToDoc(concert, ord), { upsert: true, session });
        for (const [index, schedule] of concert.schedules.entries()) {
          await this.ctx.schedules.replaceOne({ _id: schedule.id }, scheduleToDoc(schedule, ord, index), {
            upsert: true,
            session,
          });
        }
        await this.ctx.schedules.deleteMany(
          { concertId: concert.id, _id: { $nin: concert.schedules.map((s) => s.id) } },
          { session },
        );
      });
    });
  }

  listConcerts(): Promise<ConcertSummary[]> {
    return guarded(async () => {
      const docs = await this.ctx.concerts.find({}, { sort: { ord: 1 }, projection: { name: 1, venue: 1 } }).toArray();
      return docs.map((d) => ({ id: d._id, name: d.name, venue: d.venue ?? null }));
    });
  }

  listSchedules(concertId: string): Promise<SchedulePrimitives[] | null> {
    return guarded(async () => {
      const doc = await this.ctx.concerts.findOne({ _id: concertId });
      return doc ? schedulesFromConcertDoc(doc) : null;
    });
  }

  getSchedule(scheduleId: string): Promise<SchedulePrimitives | null> {
    return guarded(async () => {
      const doc = await this.ctx.schedules.findOne({ _id: scheduleId });
      return doc ? scheduleFromDoc(doc) : null;
    });
  }

  listScheduleIds(): Promise<string[]> {
    return guarded(async () => {
      const docs = await this.ctx.schedules.find({}, { sort: { ord: 1, index: 1 }, projection: { _id: 1 } }).toArray();
      return docs.map((d) => d._id);
    });
  }
}
