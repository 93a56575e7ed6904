import type { CatalogRepository, ConcertPrimitives, ConcertSummary, SchedulePrimitives } from '@boxoffice/core';
import type { RedisKeys } from './keys.js';
import type { Scripts } from './scripts.js';

/** Concerts under the `{catalog}` tag, as JSON written here, in the order first saved. Read-mostly. */
export class RedisCatalog implements CatalogRepository {
  constructor(
    private readonly scripts: Scripts,
    private readonly keys: RedisKeys,
  ) {}

  async saveConcert(concert: ConcertPrimitives): Promise<void> {
    const k = this.keys.catalog();
    await this.scripts.raw('catalog-save', [k.concerts, k.order, k.schedules, k.schedulesByConcert], [
      concert.id,
      JSON.stringify(concert),
      JSON.stringify(concert.schedules.map((s) => s.id)),
      ...concert.schedules.map((s) => JSON.stringify(s)),
    ]);
  }

  async listConcerts(): Promise<ConcertSummary[]> {
    return (await this.all()).map(({ id, name, venue }) => ({ id, name, venue }));
  }

  async listSchedules(concertId: string): Promise<SchedulePrimitives[] | null> {
    const k = this.keys.catalog();
    const json = await this.scripts.command((c) => c.hget(k.concerts, concertId));
    return json === null ? null : [...(JSON.parse(json) as ConcertPrimitives).schedules];
  }

  async getSchedule(scheduleId: string): Promise<SchedulePrimitives | null> {
    const k = this.keys.catalog();
    const json = await this.scripts.command((c) => c.hget(k.schedules, scheduleId));
    return json === null ? null : (JSON.parse(json) as SchedulePrimitives);
  }

  async listScheduleIds(): Promise<string[]> {
    return (await this.all()).flatMap((c) => c.schedules.map((s) => s.id));
  }

  private async all(): Promise<ConcertPrimitives[]> {
    const k = this.keys.catalog();
    const rows = (await this.scripts.raw('catalog-list', [k.concerts, k.order], [])) as string[];
    return rows.map((json) => JSON.parse(json) as ConcertPrimitives);
  }
}
