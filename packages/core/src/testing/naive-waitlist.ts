import type { EventSink } from '../events/event-drafts.js';
import { drafts, NO_EVENTS } from '../events/event-drafts.js';
import type { WaitlistEntry, WaitlistOffer } from '../waitlist/waitlist.js';
import { offerReservationId } from '../waitlist/waitlist.js';
import type { ClaimResult, WaitlistMeta, WaitlistPlace, WaitlistRepository } from '../waitlist/waitlist-repository.js';

type Entry = { -readonly [K in keyof WaitlistEntry]: WaitlistEntry[K] };

export interface NaiveWaitlistBugs {
  /** claim() takes the person who joined last, not the first. */
  readonly lastFirst?: boolean;
  /** claim() takes a person whose offer is still pending again: one person, two seats at once. */
  readonly claimPending?: boolean;
  /** offers() lists open offers only: a pending offer a crash left is never finished (its seat and person stuck). */
  readonly openOnly?: boolean;
}

const copy = (e: Entry): WaitlistEntry => ({ ...e, offer: e.offer && { ...e.offer } });

/** A deliberately simple WaitlistRepository (linear scans) for the kit's self-tests. Correct with no bugs on. */
export class NaiveWaitlist implements WaitlistRepository {
  private readonly entries: Entry[] = [];
  private readonly lists = new Map<string, { active: boolean; gen: number }>();
  private seq = 0;

  constructor(
    private readonly bugs: NaiveWaitlistBugs = {},
    private readonly events: EventSink = NO_EVENTS,
  ) {}

  async join(saleId: string, userId: string, now: number, activate: boolean): Promise<{ place: WaitlistPlace; created: boolean; gen: number } | { refused: 'inactive' }> {
    const list = this.list(saleId);
    const live = this.latest(saleId, userId);
    if (live && (live.state === 'waiting' || live.state === 'offered')) return { place: this.place(live), created: false, gen: list.gen };
    if (!list.active) {
      if (!activate) return { refused: 'inactive' };
      list.active = true;
      list.gen += 1;
    }
    const entry: Entry = { saleId, userId, seq: ++this.seq, state: 'waiting', joinedAt: now, endedAt: null, offer: null };
    this.entries.push(entry);
    return { place: this.place(entry), created: true, gen: list.gen };
  }

  async get(saleId: string, userId: string): Promise<WaitlistPlace | null> {
    const e = this.latest(saleId, userId);
    return e ? this.place(e) : null;
  }

  async leave(saleId: string, userId: string, now: number): Promise<WaitlistEntry | null> {
    const e = this.latest(saleId, userId);
    if (!e) return null;
    const before = copy(e);
    if (e.state === 'waiting' || e.state === 'offered') {
      e.state = 'left';
      e.endedAt = now;
    }
    return before;
  }

  async meta(saleId: string): Promise<WaitlistMeta> {
    const list = this.list(saleId);
    return { active: list.active, gen: list.gen, waiting: this.line(saleId).length };
  }

  async activate(saleId: string): Promise<number> {
    const list = this.list(saleId);
    if (!list.active) {
      list.active = true;
      list.gen += 1;
    }
    return list.gen;
  }

  async deactivate(saleId: string): Promise<number | null> {
    if (this.line(saleId).length > 0) return null;
    const list = this.list(saleId);
    if (list.active) {
      list.active = false;
      list.gen += 1;
    }
    return list.gen;
  }

  async claim(saleId: string, offer: Pick<WaitlistOffer, 'id' | 'scheduleId' | 'seat'>, now: number, expiredBefore: number): Promise<ClaimResult> {
    const holder = this.live(saleId).find((e) => e.offer!.scheduleId === offer.scheduleId && e.offer!.seat === offer.seat);
    if (holder) {
      const o = holder.offer!;
      if (o.state === 'pending' || o.expiresAt! > expiredBefore) return { kind: 'busy' };
      holder.state = 'expired';
      holder.endedAt = now;
    }
    const line = this.bugs.claimPending ? this.line(saleId, true) : this.line(saleId);
    const next = this.bugs.lastFirst ? line[line.length - 1] : line[0];
    if (!next) return { kind: 'empty' };
    next.offer = { id: offer.id, scheduleId: offer.scheduleId, seat: offer.seat, state: 'pending', createdAt: now, expiresAt: null };
    return { kind: 'claimed', entry: copy(next) };
  }

  async open(saleId: string, offerId: string, expiresAt: number, now: number): Promise<WaitlistEntry | null> {
    const e = this.byOffer(saleId, offerId);
    if (!e) return null;
    if (e.state === 'waiting') {
      e.state = 'offered';
      e.offer = { ...e.offer!, state: 'open', expiresAt };
      this.events.append(drafts.offered(saleId, e.userId, e.offer.scheduleId, offerReservationId(e.offer), expiresAt, now));
    }
    return copy(e);
  }

  async undo(saleId: string, offerId: string): Promise<void> {
    const e = this.byOffer(saleId, offerId);
    if (e && e.offer!.state === 'pending') e.offer = null;
  }

  async settle(saleId: string, offerId: string, outcome: 'purchased' | 'expired', now: number): Promise<WaitlistEntry | null> {
    const e = this.byOffer(saleId, offerId);
    if (!e || e.state !== 'offered') return null;
    e.state = outcome;
    e.endedAt = now;
    return copy(e);
  }

  async offers(saleId: string, limit: number): Promise<WaitlistEntry[]> {
    const live = this.live(saleId).filter((e) => !this.bugs.openOnly || e.offer!.state === 'open');
    return live.sort((a, b) => a.offer!.createdAt - b.offer!.createdAt).slice(0, limit).map(copy);
  }

  /** Places holding a live (pending or open) offer. */
  private live(saleId: string): Entry[] {
    return this.entries.filter((e) => e.saleId === saleId && e.offer !== null && (e.state === 'offered' || (e.state === 'waiting' && e.offer.state === 'pending')));
  }

  private byOffer(saleId: string, offerId: string): Entry | undefined {
    return this.live(saleId).find((e) => e.offer!.id === offerId);
  }

  /** Waiting without an offer, in arrival order. */
  private line(saleId: string, withPending = false): Entry[] {
    return this.entries.filter((e) => e.saleId === saleId && e.state === 'waiting' && (e.offer === null || withPending)).sort((a, b) => a.seq - b.seq);
  }

  private latest(saleId: string, userId: string): Entry | undefined {
    return this.entries.filter((e) => e.saleId === saleId && e.userId === userId).at(-1);
  }

  private place(e: Entry): WaitlistPlace {
    const at = this.line(e.saleId).indexOf(e);
    return { entry: copy(e), position: at < 0 ? null : at + 1 };
  }

  private list(saleId: string): { active: boolean; gen: number } {
    let list = this.lists.get(saleId);
    if (!list) this.lists.set(saleId, (list = { active: false, gen: 0 }));
    return list;
  }
}
