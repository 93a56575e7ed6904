import type { DeliveryLease, EventFeed, EventPage } from '@boxoffice/core';
import { DomainError } from '@boxoffice/core';

/**
 * The MongoDB store keeps no outbox yet (issue 15: the events are to be
 * written in the same document update or transaction as each change). Until
 * then every call fails plainly, so a host never delivers a feed that misses
 * events; the conformance run disables the kit's `outbox` capability.
 */
export class MongoEventsNotYet implements EventFeed {
  read(): Promise<EventPage> {
    return refuse();
  }

  lease(): Promise<DeliveryLease | null> {
    return refuse();
  }

  commit(): Promise<boolean> {
    return refuse();
  }

  releaseLease(): Promise<void> {
    return refuse();
  }
}

export const MONGO_OUTBOX_MISSING = 'the MongoDB store keeps no event outbox yet';

function refuse(): Promise<never> {
  return Promise.reject(new DomainError('store_unavailable', `Domain events: ${MONGO_OUTBOX_MISSING}.`));
}
