// The shapes of the host's answers, from the types generated out of its OpenAPI document
// (api-schema.ts, `npm run openapi:types`), so the page cannot drift from the host.
import type { components } from './api-schema.js';

type Schemas = components['schemas'];

export type QueueStatus = Schemas['QueueStatus'];
export type QueueState = QueueStatus['state'];
export type EndReason = NonNullable<QueueStatus['endReason']>;
export type Sale = Schemas['Sale'];
export type SaleState = Sale['state'];
export type Concert = Schemas['Concert'];
export type Schedule = Schemas['Schedule'];
export type Seat = Schemas['Seat'];
export type Reservation = Schemas['Reservation'];
export type Payment = Schemas['Payment'];
export type LedgerEntry = Schemas['LedgerEntry'];
export type Wallet = Schemas['Wallet'];
export type ChargeResult = Schemas['Charge'];
export type PowChallenge = Schemas['PowChallenge'];
export type WaitlistStatus = Schemas['WaitlistStatus'];

/** Epoch ms of an ISO date-time the host sent, or null. */
export function toMs(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
