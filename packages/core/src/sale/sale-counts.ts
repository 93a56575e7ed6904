import type { QueueCounts } from '../queue/queue-repository.js';

/** The live figures of one sale on the operator console (SPEC "Operators": GET /v1/admin/sales/{saleId}). */
export interface SaleCounts {
  /** Entered before the opening, not drawn yet (0 once the queue has opened). */
  readonly preQueue: number;
  /** In line with a place (the drawn pre-queue included once open). */
  readonly waiting: number;
  readonly active: number;
  readonly admittedLastMinute: number;
  /** Over every schedule of the sale: free = every seat less the held (paying included) and sold ones. */
  readonly seats: { readonly free: number; readonly held: number; readonly sold: number };
  /** The wait the last place in line would be told; 0 when nobody waits. */
  readonly etaTailSeconds: number;
}

/** Pure: the console's counts from one queue read and the seat tallies. */
export function toSaleCounts(
  queue: QueueCounts,
  seats: { readonly total: number; readonly held: number; readonly sold: number },
  estimate: (position: number) => number,
): SaleCounts {
  const preQueue = queue.openedAt === null ? queue.drawn : 0;
  const waiting = queue.waiting - preQueue;
  return {
    preQueue,
    waiting,
    active: queue.active,
    admittedLastMinute: queue.admittedLastMinute,
    seats: { free: Math.max(0, seats.total - seats.held - seats.sold), held: seats.held, sold: seats.sold },
    etaTailSeconds: waiting > 0 ? estimate(waiting) : 0,
  };
}
