import { createMemoryStore } from '@boxoffice/adapter-memory';
import { refundPropertySuite } from '@boxoffice/core/testing';

// The refunds' model-based and scheduled property tests (SPEC "Refunds") against the memory store.
refundPropertySuite({ name: 'memory', makeStore: async () => createMemoryStore() });
