import { codeOf, type UserApi } from './api.js';
import { SALE_ID } from './catalog.js';
import { exponential } from './random.js';
import { sleep } from './sleep.js';
import { chargeAndPay, type Crowd, type HoldRecord } from './user.js';

/** A fixed share of the people offered a seat let the offer lapse: it moves to the next person. */
export const OFFER_LAPSE = 0.2;

/** One person on the crowd's waiting list, as the client saw it, for the audit. */
export interface WaitlistRecord {
  readonly userId: string;
  /** When the join was sent and answered (ms, this machine's clock, which the hosts share). */
  readonly joinSentAt: number;
  readonly joinedAt: number;
  /** When they left the list (gave up, or the run stopped), if they did. */
  leftAt?: number;
}

interface Place {
  readonly state: 'waiting' | 'offered' | 'purchased' | 'expired' | 'left';
  readonly position: number | null;
  readonly reservationId: string | null;
}

const LIST = `/v1/sales/${SALE_ID}/waitlist`;
/** A modest pace: one status read a second. */
const POLL_MS = 1_000;
/** Joining counts against the entering limit (10 a minute per user, with the queue's enter and leave): a retry every 10 s. */
const JOIN_RETRY_MS = 10_000;


/**
 * Turned away by the sell-out: joins the sale's waiting list, follows the place
 * until an offer comes (or patience runs out, or the run stops: then leaves),
 * and pays it with no queue token, or lets it lapse.
 */
export async function waitlistJourney(userId: string, api: UserApi, c: Crowd): Promise<void> {
  const { tally, ledger, random } = c;
  const deadline = Date.now() + exponential(random, c.options.patience * 1000) + 5_000;
  // The list opens once every seat is sold: seats still in lapsing holds keep it shut a little longer.
  let joinSentAt = Date.now();
  let joined = await api.call<Place>('POST', LIST);
  while (codeOf(joined) === 'waitlist_not_open' && Date.now() < deadline && !c.stop.aborted) {
    await sleep(JOIN_RETRY_MS, c.stop);
    joinSentAt = Date.now();
    joined = await api.call<Place>('POST', LIST);
  }
  if (joined.status !== 201 && joined.status !== 200) return;
  const record: WaitlistRecord = { userId, joinSentAt, joinedAt: Date.now() };
  ledger.waitlist.push(record);
  tally.waitlistJoined += 1;
  c.joinedList();
  let place = joined.body;
  while (place.state === 'waiting') {
    if (c.stop.aborted || Date.now() >= deadline) {
      record.leftAt = Date.now();
      await api.call('DELETE', `${LIST}/me`);
      return;
    }
    await sleep(POLL_MS, c.stop);
    const me = await api.call<Place>('GET', `${LIST}/me`);
    if (me.status !== 200) return;
    place = me.body;
  }
  if (place.state !== 'offered' || place.reservationId === null) return;
  tally.waitlistOffers += 1;
  const r = await api.call<{ id: string; seats: number[]; amount: number; expiresAt: string }>('GET', `/v1/reservations/${encodeURIComponent(place.reservationId)}`);
  if (r.status !== 200) return;
  const hold: HoldRecord = { userId, id: r.body.id, seats: r.body.seats, amount: r.body.amount, expiresAt: Date.parse(r.body.expiresAt), paid: false, abandoned: false };
  ledger.holds.push(hold);
  if (random() < OFFER_LAPSE) {
    hold.abandoned = true;
    tally.waitlistLapsed += 1;
    return;
  }
  // An offer is paid with no Queue-Token.
  if ((await chargeAndPay(api, hold, c, {}))?.status === 201) tally.waitlistPaid += 1;
}
