import type { CatalogRepository } from '../catalog/catalog-repository.js';
import type { QueueRepository } from '../queue/queue-repository.js';
import type { SeatInventory } from '../reservation/seat-inventory.js';
import type { Clock } from '../shared/clock.js';
import type { BoxofficeConfig } from '../shared/config.js';
import { DomainError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import { SAFE_ID } from '../shared/ids.js';
import type { AuditDraft, AuditEntry, AuditLog, AuditPage } from './audit.js';
import { validateAuditQuery } from './audit.js';
import { newSeed, seedHash } from './draw.js';
import type { Sale, SaleMode, SalePrimitives, SaleSettings } from './sale.js';
import { DEFAULT_SALE, resolveSettings, saleState, validateSaleInput } from './sale.js';
import type { SaleCounts } from './sale-counts.js';
import { toSaleCounts } from './sale-counts.js';
import { applySalePatch } from './sale-patch.js';
import type { SaleRepository } from './sale-repository.js';

/** A sale as an operator sees it: with the version its ETag is made of. */
export interface VersionedSale {
  readonly sale: Sale;
  /** Pass back as `expectedVersion` to change it. */
  readonly version: number;
}

/** What `change` needs besides the patch. */
export interface ChangeOptions {
  /** The operator's user id, for the audit log. */
  readonly actor: string;
  /** The version the operator saw (the host's If-Match). */
  readonly expectedVersion: number;
}

/** The wait the last place of a queue would be told, from the queue service's last sample (see wait-estimate). */
export type TailEstimator = (saleId: string, position: number, settings: SaleSettings) => number;

/**
 * A sale as the engine applies it. `record` is null for the implicit sale of a
 * store that holds no sales (the first release: any queue id is a waiting room
 * open since ever, over every schedule, with the host's settings).
 */
export interface ActiveSale {
  readonly id: string;
  readonly record: SalePrimitives | null;
  readonly opensAt: number;
  readonly mode: SaleMode;
  /** null = every schedule (the implicit sale). */
  readonly scheduleIds: ReadonlySet<string> | null;
  readonly settings: SaleSettings;
  readonly closed: boolean;
  /** The record's version (0 for the implicit sale): fences the mode the queue applies. */
  readonly version: number;
}

/**
 * Sales: create, read, list, and the lookups the queue, catalog and
 * reservations make on every call. Stored sales are cached in-process and the
 * cache is refreshed on every tick (one list read), so a sale created or
 * changed on another host is seen within one tick.
 */
export class SaleService {
  private known = new Map<string, SalePrimitives>();
  private readonly actives = new WeakMap<SalePrimitives, ActiveSale>();
  private readonly implicits = new Map<string, ActiveSale>();
  private listed = false;
  /** Seats per schedule: seat definitions do not change during a sale (the catalog caches them too). */
  private readonly seatCounts = new Map<string, number>();

  constructor(
    private readonly repo: SaleRepository,
    private readonly queue: QueueRepository,
    private readonly catalog: CatalogRepository,
    private readonly inventory: SeatInventory,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: BoxofficeConfig,
    private readonly auditLog: AuditLog,
    private readonly estimateTail: TailEstimator,
  ) {}

  /**
   * Creates a sale: its seed is drawn now and only its hash is shown until it
   * opens. Bad input (not a safe id, an opensAt that is not a time, an unknown
   * schedule) is validation_failed; an id in use is sale_exists. Either way nothing is stored.
   */
  async create(input: unknown, options: { actor?: string } = {}): Promise<Sale> {
    const now = this.clock.now();
    if (options.actor !== undefined) assertActor(options.actor);
    const valid = validateSaleInput(input, now);
    const schedules = new Set(await this.catalog.listScheduleIds());
    valid.scheduleIds.forEach((id, i) => {
      if (!schedules.has(id)) {
        throw new DomainError('validation_failed', `sale.scheduleIds[${i}]: no schedule ${id}`, { path: `sale.scheduleIds[${i}]`, scheduleId: id });
      }
    });
    const seed = newSeed(this.ids);
    const record: SalePrimitives = { ...valid, seed, seedHash: seedHash(seed), closedAt: null, createdAt: now, version: 1 };
    const sale = this.view(record, now, false);
    const audit: AuditDraft | undefined =
      options.actor === undefined
        ? undefined
        : { at: new Date(now).toISOString(), actor: options.actor, action: 'sale.created', saleId: sale.id, before: null, after: withoutSeed(sale) };
    if (!(await this.repo.create(record, audit))) {
      throw new DomainError('sale_exists', `A sale ${valid.id} exists already.`, { saleId: valid.id });
    }
    this.known.set(record.id, record);
    // The queue starts in the sale's mode (a sale may be created paused or rejecting).
    if (record.mode !== 'queue') await this.queue.setMode(record.id, record.mode, record.version, now);
    return sale;
  }

  /** One stored sale with its version (the ETag); sale_not_found otherwise. */
  async read(saleId: string): Promise<VersionedSale> {
    const record = await this.stored(saleId);
    return { sale: this.view(record, this.clock.now(), await this.isSoldOut(record)), version: record.version ?? 0 };
  }

  /**
   * An operator's change: a JSON merge patch of `mode`, `settings`, `opensAt`
   * (before the opening) or `closed: true`, made only if the sale is still at
   * `expectedVersion` (version_conflict otherwise, also when another operator
   * wins the race), with its audit entry in the same step. A patch that changes
   * nothing writes nothing. The queue applies the new mode at once (and every
   * tick on every host makes sure of it); a closed sale's queue is sealed.
   */
  async change(saleId: string, patch: unknown, options: ChangeOptions): Promise<VersionedSale> {
    assertActor(options.actor);
    if (!Number.isSafeInteger(options.expectedVersion) || options.expectedVersion < 0) {
      throw new DomainError('validation_failed', 'expectedVersion: must be a version this API returned', { path: 'expectedVersion' });
    }
    const record = await this.stored(saleId);
    const now = this.clock.now();
    const current = record.version ?? 0;
    if (current !== options.expectedVersion) throw versionConflict(saleId, current);
    const applied = applySalePatch(record, patch, now, this.config);
    if (applied.next === null) return { sale: this.view(record, now, await this.isSoldOut(record)), version: current };
    const next = applied.next;
    const draft: AuditDraft = { at: new Date(now).toISOString(), actor: options.actor, action: applied.action, saleId, before: applied.before, after: applied.after };
    if ((await this.repo.update(next, current, draft)) === null) {
      const now2 = await this.repo.get(saleId);
      if (!now2) throw saleNotFound(saleId);
      throw versionConflict(saleId, now2.version ?? 0);
    }
    this.known.set(next.id, next);
    await this.propagate(next, now);
    return { sale: this.view(next, now, await this.isSoldOut(next)), version: next.version };
  }

  /** The audit log, newest first, paged by `cursor` (validation_failed for a bad cursor or limit). */
  async audit(query: { cursor?: unknown; limit?: unknown } = {}): Promise<AuditPage> {
    const { cursor, limit } = validateAuditQuery(query);
    return this.auditLog.page(cursor, limit);
  }

  /** Appends an operator action that is not a sale change (a concert published). */
  async record(draft: Omit<AuditDraft, 'at'>): Promise<AuditEntry> {
    assertActor(draft.actor);
    return this.auditLog.append({ ...draft, at: new Date(this.clock.now()).toISOString() });
  }

  /**
   * The live counts an operator watches: one queue read and one read of the
   * taken seats per schedule, O(taken seats).
   */
  async counts(saleId: string): Promise<SaleCounts> {
    const record = await this.stored(saleId);
    const now = this.clock.now();
    const queue = await this.queue.counts(saleId, now);
    const seats = { total: 0, held: 0, sold: 0 };
    for (const scheduleId of record.scheduleIds) {
      seats.total += await this.seatCount(scheduleId);
      for (const t of await this.inventory.takenSeats(scheduleId, now)) seats[t.state] += 1;
    }
    const settings = resolveSettings(record.settings, this.config);
    return toSaleCounts(queue, seats, (position) => this.estimateTail(saleId, position, settings));
  }

  /** Makes the queue apply the sale's mode (and seal a closed sale's). A fault is left to the next tick, which repeats it. */
  private async propagate(next: SalePrimitives, now: number): Promise<void> {
    try {
      await this.queue.setMode(next.id, next.mode, next.version, now);
      if (next.closedAt !== null) await this.queue.seal(next.id, 'closed', now, this.config.tickBatch);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'store_unavailable')) throw error;
    }
  }

  private async stored(saleId: string): Promise<SalePrimitives> {
    const record = SAFE_ID.test(saleId) ? await this.repo.get(saleId) : null;
    if (!record) throw saleNotFound(saleId);
    this.known.set(record.id, record);
    return record;
  }

  private async seatCount(scheduleId: string): Promise<number> {
    let seats = this.seatCounts.get(scheduleId);
    if (seats === undefined) {
      seats = (await this.catalog.getSchedule(scheduleId))?.seats.length ?? 0;
      this.seatCounts.set(scheduleId, seats);
    }
    return seats;
  }

  /** Creates the default sale over every schedule, open now, unless some sale exists. The host calls it at start. */
  async ensureDefault(): Promise<void> {
    if ((await this.repo.list()).length > 0) return;
    const scheduleIds = await this.catalog.listScheduleIds();
    if (scheduleIds.length === 0) return;
    try {
      await this.create({ id: DEFAULT_SALE, name: 'On sale now', scheduleIds });
    } catch (error) {
      // Another host made it first.
      if (!(error instanceof DomainError && error.code === 'sale_exists')) throw error;
    }
  }

  /** One sale as clients see it; sale_not_found when there is none. */
  async get(saleId: string): Promise<Sale> {
    const record = SAFE_ID.test(saleId) ? await this.repo.get(saleId) : null;
    if (!record) throw saleNotFound(saleId);
    this.known.set(record.id, record);
    return this.view(record, this.clock.now(), await this.isSoldOut(record));
  }

  async list(): Promise<Sale[]> {
    await this.refresh();
    const now = this.clock.now();
    return Promise.all([...this.known.values()].map(async (r) => this.view(r, now, await this.isSoldOut(r))));
  }

  /** Re-reads every sale (one store read); the tick calls it. Returns the sale ids, or the default queue when none is stored. */
  async refresh(): Promise<string[]> {
    const all = await this.repo.list();
    this.known = new Map(all.map((s) => [s.id, s]));
    this.listed = true;
    return all.length > 0 ? all.map((s) => s.id) : [DEFAULT_SALE];
  }

  /**
   * The sale a queue id names, for the engine. From the cache when possible;
   * a miss reads the store. With no sales stored at all, every queue id is the
   * implicit first-release sale. sale_not_found otherwise.
   */
  async active(saleId: string): Promise<ActiveSale> {
    if (!this.listed) await this.refresh();
    let record = this.known.get(saleId) ?? null;
    if (!record && this.known.size === 0) return this.implicit(saleId);
    if (!record && SAFE_ID.test(saleId)) {
      record = await this.repo.get(saleId);
      if (record) this.known.set(record.id, record);
    }
    if (!record) throw saleNotFound(saleId);
    // One ActiveSale per stored record (a change or a refresh stores a new one): every status poll asks for it.
    let sale = this.actives.get(record);
    if (sale === undefined) {
      sale = {
        id: record.id,
        record,
        opensAt: record.opensAt,
        mode: record.mode,
        scheduleIds: new Set(record.scheduleIds),
        settings: resolveSettings(record.settings, this.config),
        closed: record.closedAt !== null,
        version: record.version ?? 0,
      };
      this.actives.set(record, sale);
    }
    return sale;
  }

  /** A schedule outside the token's sale is 403 not_in_sale (SPEC "Sales"): the gate of seats, holds and payments. */
  async requireSchedule(saleId: string, scheduleId: string): Promise<ActiveSale> {
    const sale = await this.active(saleId);
    if (sale.scheduleIds && !sale.scheduleIds.has(scheduleId)) {
      throw new DomainError('not_in_sale', 'This queue token does not open that schedule: it belongs to another sale.', {
        saleId,
        scheduleId,
      });
    }
    return sale;
  }

  /** The cached stored sales that sell a schedule (none for the implicit sale): where a cancelled hold's allowance goes back. */
  salesOf(scheduleId: string): string[] {
    return [...this.known.values()].filter((s) => s.scheduleIds.includes(scheduleId)).map((s) => s.id);
  }

  /**
   * Sold out: no seat of the sale is free and none is held but by a
   * waiting-list offer, so every seat is sold or offered. O(taken seats) per
   * schedule, once per tick per sale.
   */
  async isSoldOut(sale: Pick<SalePrimitives, 'scheduleIds'>): Promise<boolean> {
    const now = this.clock.now();
    for (const scheduleId of sale.scheduleIds) {
      const seats = await this.seatCount(scheduleId);
      const taken = await this.inventory.takenSeats(scheduleId, now);
      if (taken.filter((t) => t.state === 'sold' || t.offer === true).length < seats) return false;
    }
    return true;
  }

  /**
   * The order check's inputs: the sale's seed and seed hash and its pre-queue
   * tokens in the places they were drawn. Only once its queue has opened (before,
   * the draw is not final and not listed); sale_not_found for an unknown sale.
   */
  async drawn(saleId: string): Promise<{ seed: string; seedHash: string; tokens: string[] }> {
    const record = SAFE_ID.test(saleId) ? await this.repo.get(saleId) : null;
    if (!record) throw saleNotFound(saleId);
    if (!(await this.opened(saleId))) {
      throw new DomainError('validation_failed', 'The sale has not opened: its seed and draw are not public yet.', { saleId });
    }
    const tokens: string[] = [];
    const page = 1000;
    for (;;) {
      const batch = await this.queue.listDrawn(saleId, tokens.length, page);
      tokens.push(...batch);
      if (batch.length < page) break;
    }
    return { seed: record.seed, seedHash: record.seedHash, tokens };
  }

  private implicit(saleId: string): ActiveSale {
    let sale = this.implicits.get(saleId);
    if (sale === undefined) {
      sale = { id: saleId, record: null, opensAt: 0, mode: 'queue', scheduleIds: null, settings: resolveSettings({}, this.config), closed: false, version: 0 };
      // Any queue id may be asked for before a sale is stored: keep a few, not one per id ever seen.
      if (this.implicits.size >= 1024) this.implicits.clear();
      this.implicits.set(saleId, sale);
    }
    return sale;
  }

  /** Whether the sale's queue has opened (its first tick at or after opensAt): the draw is final from then on. */
  private async opened(saleId: string): Promise<boolean> {
    return (await this.queue.counts(saleId, this.clock.now())).openedAt !== null;
  }

  private view(r: SalePrimitives, now: number, soldOut: boolean): Sale {
    const state = saleState(r, now, soldOut);
    return {
      id: r.id,
      name: r.name,
      scheduleIds: r.scheduleIds,
      opensAt: new Date(r.opensAt).toISOString(),
      state,
      mode: r.mode,
      seedHash: r.seedHash,
      seed: now >= r.opensAt ? r.seed : null,
      settings: resolveSettings(r.settings, this.config),
    };
  }
}

/** The audit log outlives the secrecy of the seed: it never holds it. */
function withoutSeed(sale: Sale): Record<string, unknown> {
  const { seed: _seed, ...rest } = sale;
  return rest;
}

function versionConflict(saleId: string, version: number): DomainError {
  return new DomainError('version_conflict', 'Another operator changed this sale first: read it again, then decide.', { saleId, version });
}

function assertActor(actor: string): void {
  if (typeof actor !== 'string' || actor.length === 0 || actor.length > 128) throw new DomainError('validation_failed', 'actor: must be a user id', { path: 'actor' });
}

function saleNotFound(saleId: string): DomainError {
  return new DomainError('sale_not_found', 'No such sale.', { saleId });
}
