/* The purchase limit's allowances: one document per user and sale. */
import type { AllowanceEntry } from '@boxoffice/core';

export const ALLOWANCES = 'allowances';

export interface AllowanceDoc {
  /** JSON [userId, saleId]. */
  _id: string;
  entries: Array<{ r: string; seats: number; expiresAt: number }>;
  /** The seats of `entries`, kept beside them so that reserve's condition is a plain query (upserts refuse $expr). */
  used: number;
}

export function allowanceId(userId: string, saleId: string): string {
  return JSON.stringify([userId, saleId]);
}

export function entriesFromDoc(doc: AllowanceDoc | null): AllowanceEntry[] {
  return (doc?.entries ?? []).map((e) => ({ reservationId: e.r, seats: e.seats, expiresAt: e.expiresAt }));
}

/**
 * The one conditional update of reserve: matches only while the entry is
 * absent and `used` plus the new seats stay within the limit. With upsert, a
 * missing document is created from the _id alone (the other predicates are
 * not equalities); an existing one that does not match fails the insert on its _id.
 */
export function reserveUpdate(_id: string, entry: AllowanceEntry, limit: number) {
  return {
    filter: { _id, 'entries.r': { $ne: entry.reservationId }, used: { $lte: limit - entry.seats } },
    update: { $push: { entries: { r: entry.reservationId, seats: entry.seats, expiresAt: entry.expiresAt } }, $inc: { used: entry.seats } },
  };
}

/** Release as one pipeline update: drop the entry and its seats from `used` together (both read the document before). */
export function releaseUpdate(reservationId: string) {
  const r = { $literal: reservationId };
  const mine = { $filter: { input: '$entries', cond: { $eq: ['$$this.r', r] } } };
  return [
    {
      $set: {
        used: { $subtract: ['$used', { $sum: { $map: { input: mine, in: '$$this.seats' } } }] },
        entries: { $filter: { input: '$entries', cond: { $ne: ['$$this.r', r] } } },
      },
    },
  ];
}
