import type { ClaimResult, EventSink, WaitlistEntry, WaitlistMeta, WaitlistOffer, WaitlistPlace, WaitlistRepository } from '@boxoffice/core';
import { drafts, NO_EVENTS, offerReservationId } from '@boxoffice/core';

type Entry = { -readonly [K in keyof WaitlistEntry]: WaitlistEntry[K] };

class SaleList {
  active = false;
  gen = 0;
  seq = 0;
  /** userId → their latest place. */
  readonly entries = new Map<string, Entry>();
  /** Places waiting without an offer, by seq: the line. */
  line: Array<{ seq: number; userId: string }> = [];
  /** `scheduleId seat` → the seat's live offer id. */
  readonly seatOffers = new Map<string, string>();
  /** Live offer id → its person. */
  readonly offers = new Map<string, string>();
}

const seatKey = (scheduleId: string, seat: number) => `${scheduleId} ${seat}`;
const copy = (e: Entry): WaitlistEntry => ({ ...e, offer: e.offer && { ...e.offer } });

/** Index of the first line slot with seq >= `seq`. */
function lowerBound(line: ReadonlyArray<{ seq: number }>, seq: number): number {
  let lo = 0;
  let hi = line.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (line[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Waiting lists in process memory; atomic because no method awaits. Position
 * O(log n); joining at the back O(1); taking the head or putting a place back O(n).
 */
export class InMemoryWaitlist implements WaitlistRepository {
  private readonly lists = new Map<string, SaleList>();

  constructor(private readonly events: EventSink = NO_EVENTS) {}

  async join(saleId: string, userId: string, now: number, activate: boolean): Promise<{ place: WaitlistPlace; created: boolean; gen: number } | { refused: 'inactive' }> {
    const list = this.list(saleId);
    const known = list.entries.get(userId);
    if (known && (known.state === 'waiting' || known.state === 'offered')) return { place: this.place(list, known), created: false, gen: list.gen };
    if (!list.active) {
      if (!activate) return { refused: 'inactive' };
      list.active = true;
      list.gen += 1;
    }
    const entry: Entry = { saleId, userId, seq: ++list.seq, state: 'waiting', joinedAt: now, endedAt: null, offer: null };
    list.entries.set(userId, entry);
    list.line.push({ seq: entry.seq, userId });
    return { place: this.place(list, entry), created: true, gen: list.gen };
  }

  async get(saleId: string, userId: string): Promise<WaitlistPlace | null> {
    const list = this.lists.get(saleId);
    const entry = list?.entries.get(userId);
    return list && entry ? this.place(list, entry) : null;
  }

  async leave(saleId: string, userId: string, now: number): Promise<WaitlistEntry | null> {
    const list = this.lists.get(saleId);
    const entry = list?.entries.get(userId);
    if (!list || !entry) return null;
    const before = copy(entry);
    if (entry.state === 'waiting' || entry.state === 'offered') {
      this.unline(list, entry);
      if (entry.offer) this.forget(list, entry.offer);
      entry.state = 'left';
      entry.endedAt = now;
    }
    return before;
  }

  async meta(saleId: string): Promise<WaitlistMeta> {
    const list = this.lists.get(saleId);
    return { active: list?.active ?? false, gen: list?.gen ?? 0, waiting: list?.line.length ?? 0 };
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
    const list = this.list(saleId);
    if (list.line.length > 0) return null;
    if (list.active) {
      list.active = false;
      list.gen += 1;
    }
    return list.gen;
  }

  async claim(saleId: string, offer: Pick<WaitlistOffer, 'id' | 'scheduleId' | 'seat'>, now: number, expiredBefore: number): Promise<ClaimResult> {
    const list = this.list(saleId);
    const key = seatKey(offer.scheduleId, offer.seat);
    const liveId = list.seatOffers.get(key);
    if (liveId !== undefined) {
      const holder = list.entries.get(list.offers.get(liveId)!)!;
      const live = holder.offer!;
      if (live.state === 'pending' || live.expiresAt! > expiredBefore) return { kind: 'busy' };
      this.end(list, holder, 'expired', now);
    }
    const head = list.line[0];
    if (!head) return { kind: 'empty' };
    const entry = list.entries.get(head.userId)!;
    list.line.shift();
    entry.offer = { id: offer.id, scheduleId: offer.scheduleId, seat: offer.seat, state: 'pending', createdAt: now, expiresAt: null };
    list.seatOffers.set(key, offer.id);
    list.offers.set(offer.id, entry.userId);
    return { kind: 'claimed', entry: copy(entry) };
  }

  async open(saleId: string, offerId: string, expiresAt: number, now: number): Promise<WaitlistEntry | null> {
    const list = this.lists.get(saleId);
    const entry = this.holderOf(list, offerId);
    if (!entry) return null;
    if (entry.state === 'waiting') {
      entry.state = 'offered';
      entry.offer = { ...entry.offer!, state: 'open', expiresAt };
      this.events.append(drafts.offered(saleId, entry.userId, entry.offer.scheduleId, offerReservationId(entry.offer), expiresAt, now));
    }
    return copy(entry);
  }

  async undo(saleId: string, offerId: string): Promise<void> {
    const list = this.lists.get(saleId);
    const entry = this.holderOf(list, offerId);
    if (!list || !entry || entry.offer!.state !== 'pending') return;
    this.forget(list, entry.offer!);
    entry.offer = null;
    list.line.splice(lowerBound(list.line, entry.seq), 0, { seq: entry.seq, userId: entry.userId });
  }

  async settle(saleId: string, offerId: string, outcome: 'purchased' | 'expired', now: number): Promise<WaitlistEntry | null> {
    const list = this.lists.get(saleId);
    const entry = this.holderOf(list, offerId);
    if (!list || !entry || entry.state !== 'offered') return null;
    this.end(list, entry, outcome, now);
    return copy(entry);
  }

  async offers(saleId: string, limit: number): Promise<WaitlistEntry[]> {
    const list = this.lists.get(saleId);
    if (!list) return [];
    return [...list.offers.values()]
      .map((userId) => list.entries.get(userId)!)
      .sort((a, b) => a.offer!.createdAt - b.offer!.createdAt)
      .slice(0, limit)
      .map(copy);
  }

  /** The person whose live offer is `offerId`. */
  private holderOf(list: SaleList | undefined, offerId: string): Entry | null {
    const userId = list?.offers.get(offerId);
    return userId === undefined ? null : list!.entries.get(userId)!;
  }

  /** An offered place ends with its offer. */
  private end(list: SaleList, entry: Entry, outcome: 'purchased' | 'expired', now: number): void {
    this.forget(list, entry.offer!);
    entry.state = outcome;
    entry.endedAt = now;
  }

  private forget(list: SaleList, offer: WaitlistOffer): void {
    list.offers.delete(offer.id);
    if (list.seatOffers.get(seatKey(offer.scheduleId, offer.seat)) === offer.id) list.seatOffers.delete(seatKey(offer.scheduleId, offer.seat));
  }

  private unline(list: SaleList, entry: Entry): void {
    const at = lowerBound(list.line, entry.seq);
    if (list.line[at]?.seq === entry.seq) list.line.splice(at, 1);
  }

  private place(list: SaleList, entry: Entry): WaitlistPlace {
    const at = lowerBound(list.line, entry.seq);
    const inLine = entry.state === 'waiting' && list.line[at]?.seq === entry.seq;
    return { entry: copy(entry), position: inLine ? at + 1 : null };
  }

  private list(saleId: string): SaleList {
    let list = this.lists.get(saleId);
    if (!list) this.lists.set(saleId, (list = new SaleList()));
    return list;
  }
}
