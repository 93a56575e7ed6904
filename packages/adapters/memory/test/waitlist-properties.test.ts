import { createMemoryStore } from '@boxoffice/adapter-memory';
import { waitlistPropertySuite } from '@boxoffice/core/testing';

// The waiting list's model-based property (SPEC "Refunds and the waiting list") against the memory store.
waitlistPropertySuite({ name: 'memory', makeStore: async () => createMemoryStore() });
