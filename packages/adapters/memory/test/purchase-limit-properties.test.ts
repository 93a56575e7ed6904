import { createMemoryStore } from '@boxoffice/adapter-memory';
import { purchaseLimitPropertySuite } from '@boxoffice/core/testing';

// The purchase limit's model-based and scheduled property tests (SPEC "Fair play") against the memory store.
purchaseLimitPropertySuite({ name: 'memory', makeStore: async () => createMemoryStore() });
