import type { ClaimResult, WaitlistEntry, WaitlistMeta, WaitlistPlace, WaitlistRepository } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';

export const MONGO_WAITLIST_MISSING = 'the MongoDB store keeps no waiting list yet';

/**
 * The MongoDB store has no waiting list yet: it needs its per-seat offer
 * fence and the schedules' waitlist mode as conditional updates, which are
 * not written (nor testable here without a server). Reads answer an empty,
 * inactive list, so the scheduler's tick and a status read work; every change
 * fails with store_unavailable (503), and the kit's `waitlist` capability is off.
 */
export class MongoWaitlistNotYet implements WaitlistRepository {
  join(): Promise<{ place: WaitlistPlace; created: boolean; gen: number }> {
    return refuse();
  }

  async get(): Promise<WaitlistPlace | null> {
    return null;
  }

  leave(): Promise<WaitlistEntry | null> {
    return refuse();
  }

  async meta(): Promise<WaitlistMeta> {
    return { active: false, gen: 0, waiting: 0 };
  }

  activate(): Promise<number> {
    return refuse();
  }

  deactivate(): Promise<number | null> {
    return refuse();
  }

  claim(): Promise<ClaimResult> {
    return refuse();
  }

  open(): Promise<WaitlistEntry | null> {
    return refuse();
  }

  undo(): Promise<void> {
    return refuse();
  }

  settle(): Promise<WaitlistEntry | null> {
    return refuse();
  }

  async offers(): Promise<WaitlistEntry[]> {
    return [];
  }
}

/** The seat inventory's waiting-list steps, refused the same way. */
export function refuseWaitlist(): Promise<never> {
  return refuse();
}

function refuse(): Promise<never> {
  return Promise.reject(new DomainError('store_unavailable', `Waiting list: ${MONGO_WAITLIST_MISSING}.`));
}
