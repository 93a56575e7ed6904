// The shapes of the host's answers (SPEC "Routes"). Times may arrive as ISO strings or epoch ms.

export type QueueState = 'pre_queue' | 'waiting' | 'active' | 'completed' | 'expired';

export type EndReason = 'paid' | 'session_ended' | 'idle' | 'left' | 'sold_out' | 'closed';

export interface QueueStatus {
  token: string;
  state: QueueState;
  position: number | null;
  etaSeconds: number | null;
  activeUntil: string | number | null;
  pollAfterMs?: number;
  /** The second release's fields; a first-release host leaves them out. */
  saleId?: string;
  opensAt?: string | null;
  endReason?: EndReason | null;
}

export type SaleState = 'scheduled' | 'open' | 'sold_out' | 'closed';

export interface Sale {
  id: string;
  name: string;
  scheduleIds: string[];
  opensAt: string;
  state: SaleState;
  seedHash: string;
  seed: string | null;
}

export interface Concert {
  id: string;
  name: string;
  venue: string | null;
}

export interface Schedule {
  id: string;
  concertId: string;
  startsAt: string;
  totalSeats?: number;
  availableSeats: number;
}

export interface Seat {
  number: number;
  price: number;
  grade: string | null;
  available: boolean;
  /** Not in the SPEC; shown when a host adds it. */
  state?: 'available' | 'held' | 'sold';
}

export interface Reservation {
  id: string;
  userId: string;
  scheduleId: string;
  seats: number[];
  amount: number;
  state: 'held' | 'paying' | 'confirmed' | 'cancelled' | 'expired';
  expiresAt: string | number;
}

export interface Payment {
  id: string;
  reservationId: string;
  amount: number;
  state: 'pending' | 'debited' | 'completed' | 'aborted';
  failure?: string | null;
}

export interface LedgerEntry {
  id: string;
  type: 'charge' | 'payment' | 'refund';
  amount: number;
  balanceAfter: number;
  at: string | number;
  ref: string;
}

export interface Wallet {
  balance: number;
  history: LedgerEntry[];
  nextCursor: string | null;
}

export interface ChargeResult {
  balance: number;
  entry: LedgerEntry;
}

/** Epoch ms from either an ISO string or a number. */
export function toMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
