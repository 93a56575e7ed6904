import type { CatalogRepository, ConcertPrimitives, ConcertSummary, SchedulePrimitives } from '@boxoffice/core';
import type { RedisKeys } from './keys.js';
import type { Scripts } from './scripts.js';

/**
 * Concerts under the `{catalog}` tag, as JSON written here, in the order first
 * saved. Summaries, schedules and schedule ids are stored apart, so listing
 * concerts or the sweep's schedule ids never moves seat lists. Read-mostly.
 */
export class RedisCatalog implements CatalogRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
  ) {}

  async saveConcert(concert: ConcertPrimitives): Promise<void> {
    const k = this.keys.catalog();
    const summary: ConcertSummary = { id: concert.id, name: concert.name, venue: concert.venue };
    await this.scripts.raw('catalog-save', [k.concerts, k.order, k.schedules, k.schedulesByConcert], [
      concert.id,
      JSON.stringify(summary),
      JSON.stringify(concert.schedules.map((s) => s.id)),
      ...concert.schedules.map((s) => JSON.stringify(s)),
    ]);
  }

  async listConcerts(): Promise<ConcertSummary[]> {
    return (await this.list('concerts')).map((json) => JSON.parse(json) as ConcertSummary);
  }

  async listSchedules(concertId: string): Promise<SchedulePrimitives[] | null> {
    const k = this.keys.catalog();
    const reply = await this.scripts.call('catalog-schedules', [k.schedulesByConcert, k.schedules], [concertId]);
    return reply[0] === 'none' ? null : reply.slice(1).map((json) => JSON.parse(String(json)) as SchedulePrimitives);
  }

  async getSchedule(scheduleId: string): Promise<SchedulePrimitives | null> {
    const k = this.keys.catalog();
    const json = await this.scripts.command((c) => c.hget(k.schedules, scheduleId));
    return json === null ? null : (JSON.parse(json) as SchedulePrimitives);
  }

  async listScheduleIds(): Promise<string[]> {
    return (await this.list('scheduleIds')).flatMap((json) => JSON.parse(json) as string[]);
  }

  private async list(what: 'concerts' | 'scheduleIds'): Promise<string[]> {
    const k = this.keys.catalog();
    return (await this.scripts.raw('catalog-list', [k.concerts, k.order, k.schedulesByConcert], [what])) as string[];
  }
}
