import { createMemoryStore } from '@boxoffice/adapter-memory';
import { queuePropertySuite } from '@boxoffice/core/testing';

// The queue's model-based and scheduled property tests (SPEC "Invariants") against the memory store.
queuePropertySuite({ name: 'memory', makeStore: async () => createMemoryStore({ linePlaces: true }) });
