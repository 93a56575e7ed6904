import { createMemoryStore } from '@boxoffice/adapter-memory';
import { runConformance } from '@boxoffice/core/testing';

// The whole conformance kit against the in-process store, places by seq on (off by default; only core's lean
// status path of long lines, which no check reaches, tells the two apart).
runConformance({ name: 'memory', makeStore: async () => createMemoryStore({ linePlaces: true }) });
