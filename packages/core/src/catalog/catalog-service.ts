import type { QueueService } from '../queue/queue-service.js';
import type { SaleService } from '../sale/sale-service.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import type { Clock } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';
import type { SessionRef } from '../shared/session.js';
import type { CatalogRepository } from './catalog-repository.js';
import type { ConcertPrimitives, ConcertSummary, SchedulePrimitives, ScheduleSummary } from './concert.js';
import { validateConcert } from './concert.js';

export interface SeatView {
  readonly number: number;
  readonly price: number;
  readonly grade: string | null;
  readonly available: boolean;
}

/**
 * Listing concerts, dates and seats. Seat definitions do not change during a
 * sale, so schedules are cached in-process: a hold needs no catalog round trip.
 */
export class CatalogService {
  private readonly schedules = new Map<string, SchedulePrimitives>();

  constructor(
    private readonly repo: CatalogRepository,
    private readonly inventory: SeatInventory,
    private readonly queue: QueueService,
    private readonly sales: SaleService,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores concerts (validated), new or replacing. Refused with
   * `catalog_conflict`, before anything is written, when a replacement would
   * drop a schedule or a seat that is held or sold, or change its price.
   */
  async publish(concerts: readonly unknown[], options: { actor?: string } = {}): Promise<ConcertPrimitives[]> {
    const valid = concerts.map((c, i) => validateConcert(c, `concerts[${i}]`));
    const before = new Map<string, SchedulePrimitives[] | null>();
    for (const concert of valid) before.set(concert.id, await this.checkReplacement(concert));
    for (const concert of valid) {
      await this.repo.saveConcert(concert);
      // An operator's publication is audited (after the save: the catalog and the log are other partitions).
      if (options.actor !== undefined) {
        const was = before.get(concert.id) ?? null;
        await this.sales.record({
          actor: options.actor,
          action: 'concert.published',
          saleId: null,
          before: was === null ? null : { concertId: concert.id, schedules: was.map(scheduleDigest) },
          after: { concertId: concert.id, name: concert.name, schedules: concert.schedules.map(scheduleDigest) },
        });
      }
    }
    this.schedules.clear();
    return valid;
  }

  /** Every held or sold seat of the stored concert must stay, at its price, in `next`. Answers the stored schedules (null: a new concert). */
  private async checkReplacement(next: ConcertPrimitives): Promise<SchedulePrimitives[] | null> {
    const current = await this.repo.listSchedules(next.id);
    if (!current) return null;
    const now = this.clock.now();
    for (const before of current) {
      const taken = await this.inventory.takenSeats(before.id, now);
      if (taken.length === 0) continue;
      const after = next.schedules.find((s) => s.id === before.id);
      const priceBefore = new Map(before.seats.map((s) => [s.number, s.price]));
      const priceAfter = new Map(after?.seats.map((s) => [s.number, s.price]));
      const conflicts = taken.filter((t) => priceAfter.get(t.number) !== priceBefore.get(t.number)).map((t) => t.number);
      if (conflicts.length > 0) {
        throw new DomainError(
          'catalog_conflict',
          `Schedule ${before.id} has held or sold seats (${conflicts.slice(0, 10).join(', ')}${conflicts.length > 10 ? ', ...' : ''}) that this catalog would ${after ? 'drop or reprice' : 'drop with the schedule'}; nothing was changed.`,
          { concertId: next.id, scheduleId: before.id, seats: conflicts },
        );
      }
    }
    return current;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.repo.listConcerts()).length === 0;
  }

  /** The concerts the session's sale sells (a sale opens only its own schedules). */
  async listConcerts(session: SessionRef): Promise<ConcertSummary[]> {
    await this.queue.requireActive(session.queueId, session.token, session.userId);
    return this.concertsOfSale(session.queueId);
  }

  /**
   * The gated reads for a caller whose active session the host has already
   * verified another way (a signed admission pass): the same sale rules, no
   * session read. Writes never take this path.
   */
  async concertsOfSale(saleId: string): Promise<ConcertSummary[]> {
    const sale = await this.sales.active(saleId);
    const concerts = await this.repo.listConcerts();
    if (sale.scheduleIds === null) return concerts;
    const sold = new Set<string>();
    for (const id of sale.scheduleIds) {
      const schedule = await this.schedule(id).catch(() => null);
      if (schedule) sold.add(schedule.concertId);
    }
    return concerts.filter((c) => sold.has(c.id));
  }

  /** The concert's dates in the session's sale; a concert with none there reads as unknown. */
  async listSchedules(session: SessionRef, concertId: string): Promise<ScheduleSummary[]> {
    await this.queue.requireActive(session.queueId, session.token, session.userId);
    return this.schedulesOfSale(session.queueId, concertId);
  }

  /** listSchedules for a session verified by the host (see concertsOfSale). */
  async schedulesOfSale(saleId: string, concertId: string): Promise<ScheduleSummary[]> {
    const sale = await this.sales.active(saleId);
    const all = await this.repo.listSchedules(concertId);
    const schedules = all?.filter((s) => sale.scheduleIds === null || sale.scheduleIds.has(s.id));
    if (!schedules || schedules.length === 0) throw new DomainError('concert_not_found', 'No such concert.', { concertId });
    const now = this.clock.now();
    return Promise.all(
      schedules.map(async (s) => {
        this.schedules.set(s.id, s);
        const taken = (await this.inventory.takenSeats(s.id, now)).length;
        return {
          id: s.id,
          concertId: s.concertId,
          startsAt: s.startsAt,
          totalSeats: s.seats.length,
          availableSeats: s.seats.length - taken,
        };
      }),
    );
  }

  async listSeats(session: SessionRef, scheduleId: string): Promise<SeatView[]> {
    await this.queue.requireActive(session.queueId, session.token, session.userId);
    return this.seatsOfSale(session.queueId, scheduleId);
  }

  /** listSeats for a session verified by the host (see concertsOfSale). */
  async seatsOfSale(saleId: string, scheduleId: string): Promise<SeatView[]> {
    const { schedule, taken } = await this.seatStateOfSale(saleId, scheduleId);
    const set = new Set(taken);
    return schedule.seats.map((s) => ({ number: s.number, price: s.price, grade: s.grade, available: !set.has(s.number) }));
  }

  /**
   * A schedule of the sale (the cached object, the same until a publication) and the numbers of its
   * taken seats, ascending: what a seat map is made of, so a host can cache the map it renders per version.
   */
  async seatStateOfSale(saleId: string, scheduleId: string): Promise<{ schedule: SchedulePrimitives; taken: number[] }> {
    await this.sales.requireSchedule(saleId, scheduleId);
    const schedule = await this.schedule(scheduleId);
    const taken = (await this.inventory.takenSeats(scheduleId, this.clock.now())).map((t) => t.number).sort((a, b) => a - b);
    return { schedule, taken };
  }

  /** A schedule with its seats, from the cache when possible. */
  async schedule(scheduleId: string): Promise<SchedulePrimitives> {
    const cached = this.schedules.get(scheduleId);
    if (cached) return cached;
    const schedule = await this.repo.getSchedule(scheduleId);
    if (!schedule) throw new DomainError('schedule_not_found', 'No such schedule.', { scheduleId });
    this.schedules.set(scheduleId, schedule);
    return schedule;
  }

  listScheduleIds(): Promise<string[]> {
    return this.repo.listScheduleIds();
  }
}

/** What the audit log keeps of a schedule: enough to see what changed, not every seat. */
function scheduleDigest(s: SchedulePrimitives): Record<string, unknown> {
  const prices = s.seats.map((x) => x.price);
  return { id: s.id, startsAt: s.startsAt, seats: s.seats.length, minPrice: Math.min(...prices), maxPrice: Math.max(...prices) };
}
