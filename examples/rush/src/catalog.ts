import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CONCERT_ID = 'rush-live';
export const SCHEDULE_ID = 'rush-night-1';
/**
 * The crowd's sale, and the auditor's (open from the start, so the auditor is in before the
 * crowd's opening). The auditor's is the hosts' default sale, so `/v1/queue/tokens` (which
 * bench/measures/contention.ts uses) enters a sale that is open at once.
 */
export const SALE_ID = 'rush';
export const AUDIT_SALE_ID = 'audit';

/** The fair-play settings of the crowd's sale (with bots): proof of work on entry and a purchase limit. */
export interface FairPlay {
  readonly proofOfWork: number;
  readonly maxSeatsPerUser: number;
}

/** A waiting-list offer lasts this long: short, so lapsed offers move on within a run. */
export const OFFER_TTL_SECONDS = 4;

/** Buyers of the crowd's sale may refund for a day after its opening: past any run. */
export const REFUND_WINDOW_MS = 24 * 3_600_000;

/** The sales of the rush: the crowd's opens at `opensAt` (epoch ms), with a pre-queue before it, and takes refunds until a day later. */
export function rushSales(opensAt: number, fair: FairPlay | null = null): unknown[] {
  const refundUntil = new Date(opensAt + REFUND_WINDOW_MS).toISOString();
  return [
    { id: SALE_ID, name: 'The Rush on-sale', scheduleIds: [SCHEDULE_ID], opensAt: new Date(opensAt).toISOString(), settings: { ...fair, refundUntil, offerTtlSeconds: OFFER_TTL_SECONDS } },
    { id: AUDIT_SALE_ID, name: 'Audit', scheduleIds: [SCHEDULE_ID] },
  ];
}

/** One concert, one date, `seats` seats: the front fifth costs more. Written to a temp file for BOXOFFICE_CATALOG. */
export function rushCatalog(seats: number): unknown[] {
  return [
    {
      id: CONCERT_ID,
      name: 'The Rush (one night only)',
      venue: 'Simulation Arena',
      schedules: [
        {
          id: SCHEDULE_ID,
          concertId: CONCERT_ID,
          startsAt: '2027-06-01T19:00:00.000Z',
          seats: Array.from({ length: seats }, (_, i) => {
            const front = i < Math.ceil(seats / 5);
            return { number: i + 1, price: front ? 150_000 : 80_000, grade: front ? 'VIP' : 'S' };
          }),
        },
      ],
    },
  ];
}

export function writeCatalogFile(seats: number, opensAt: number, fair: FairPlay | null): string {
  const file = join(tmpdir(), `boxoffice-rush-catalog-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ concerts: rushCatalog(seats), sales: rushSales(opensAt, fair) }));
  return file;
}
