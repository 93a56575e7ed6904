import type { EventSink } from '../events/event-drafts.js';
import { drafts } from '../events/event-drafts.js';
import type { SaleRepository } from '../sale/sale-repository.js';
import type { BoxofficeStore } from '../shared/store.js';
import type { BrokenAdapter } from './broken-adapters.js';
import { gap, replacePorts } from './intercept.js';
import type { NaiveQueueBugs } from './naive-queue.js';
import { NaiveQueueRepository } from './naive-queue.js';

// The operator's broken stores (issue 13): modes the store does not apply, changes that are not a
// compare-and-set, an audit log that repeats or misorders. Kept apart so broken-adapters.ts stays small.

function queueWith(bugs: NaiveQueueBugs) {
  return (store: BoxofficeStore): BoxofficeStore => replacePorts(store, { queue: new NaiveQueueRepository(bugs) });
}

/** The sales of `store`, announcing each change in `events` instead (the naive stores' outbox). */
export function salesInto(store: BoxofficeStore, events: EventSink): SaleRepository {
  const base = replacePorts(store, {});
  return {
    ...base.sales,
    update: async (next, expectedVersion, audit) => {
      const entry = await store.sales.update(next, expectedVersion, audit);
      if (entry) events.append(drafts.saleChanged(next.id, audit.after ?? {}, Date.parse(audit.at)));
      return entry;
    },
  };
}

/** The sale change as read, check, then write across a round trip: two operators racing both win. */
export function racyUpdate(store: BoxofficeStore): BoxofficeStore {
  const base = replacePorts(store, {});
  return replacePorts(store, {
    sales: {
      ...base.sales,
      update: async (next, expectedVersion, audit) => {
        const seen = await store.sales.get(next.id);
        if (!seen || (seen.version ?? 0) !== expectedVersion) return null;
        await gap();
        // Writes over whatever is there now.
        const now = await store.sales.get(next.id);
        return store.sales.update({ ...next, version: (now!.version ?? 0) + 1 }, now!.version ?? 0, audit);
      },
    },
  });
}

/** The audit entry is appended once more after the change (a retry without the version fence). */
export function doubleAudit(store: BoxofficeStore): BoxofficeStore {
  const base = replacePorts(store, {});
  return replacePorts(store, {
    sales: {
      ...base.sales,
      update: async (next, expectedVersion, audit) => {
        const entry = await store.sales.update(next, expectedVersion, audit);
        if (entry) await store.audit.append(audit);
        return entry;
      },
    },
  });
}

/** The audit log pages oldest first. */
export function auditOldestFirst(store: BoxofficeStore): BoxofficeStore {
  const base = replacePorts(store, {});
  return replacePorts(store, {
    audit: {
      ...base.audit,
      page: async (cursor, limit) => {
        const page = await store.audit.page(cursor, limit);
        return { ...page, entries: [...page.entries].reverse() };
      },
    },
  });
}

export const OPERATOR_BROKEN_ADAPTERS: readonly BrokenAdapter[] = [
  { name: 'pauseAdmits', bug: 'a paused queue still admits', wrap: queueWith({ pauseAdmits: true }), caughtBy: ['sale/paused'] },
  {
    name: 'pauseIdles',
    bug: 'idle clocks run on through a pause',
    wrap: queueWith({ pauseIdles: true }),
    caughtBy: ['sale/paused', 'sale/paused-idle-clock'],
  },
  { name: 'resumeReorders', bug: 'resuming re-sorts the line by last sight', wrap: queueWith({ resumeReorders: true }), caughtBy: ['sale/paused'] },
  { name: 'passthroughWaits', bug: 'passthrough entrants wait in line', wrap: queueWith({ passthroughWaits: true }), caughtBy: ['sale/passthrough'] },
  { name: 'rejectAdmitsNewcomers', bug: 'reject mode lets newcomers in', wrap: queueWith({ rejectAdmitsNewcomers: true }), caughtBy: ['sale/reject'] },
  { name: 'staleModeWins', bug: 'an older sale version overwrites the queue mode', wrap: queueWith({ staleModeWins: true }), caughtBy: ['sale/mode-fence'] },
  { name: 'sealSkipsPreQueue', bug: 'closing ends the line but not the pre-queue', wrap: queueWith({ sealSkipsPreQueue: true }), caughtBy: ['sale/close'] },
  { name: 'racyUpdate', bug: 'a sale change is check-then-write', wrap: racyUpdate, caughtBy: ['sale/racing-changes'] },
  { name: 'doubleAudit', bug: 'a change is audited twice', wrap: doubleAudit, caughtBy: ['sale/racing-changes', 'sale/audit-log'] },
  { name: 'auditOldestFirst', bug: 'the audit log pages oldest first', wrap: auditOldestFirst, caughtBy: ['sale/audit-log'] },
];
