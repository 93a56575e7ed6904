import { createMemoryStore } from '@boxoffice/adapter-memory';
import { runConformance } from '@boxoffice/core/testing';

// The whole conformance kit against the in-process store.
runConformance({ name: 'memory', makeStore: async () => createMemoryStore() });
