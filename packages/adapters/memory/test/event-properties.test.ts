import { eventPropertySuite } from '@boxoffice/core/testing';
import { createMemoryStore } from '../src/index.js';

// The events replayed rebuild the seats and balances (@boxoffice/core/testing), on the memory store.
eventPropertySuite({ name: 'memory', makeStore: async () => createMemoryStore() });
