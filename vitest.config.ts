import { defineConfig } from 'vitest/config';

const ALL = ['packages/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts'];

// Files that start clusters, replicas, browsers or host processes, or whose checks lean on wall-clock timing
// (failovers, WAIT, kills and restarts, rushes, rate windows, streams): they run one at a time, after the rest.
// The Redis files left out (the kit on one Redis, keys, scripts, the sale's opening) count commands and
// outcomes, not time, and run with the units.
const SERVICES = [
  'packages/adapters/redis/test/{cluster,conformance-replicated,replication,round-trips,multiprocess,multiprocess-limit}.test.ts',
  'packages/adapters/redis/test/{failover,faults}-*.test.ts',
  'packages/http/test/browser*.test.ts',
  'packages/http/test/redis-*.test.ts',
  'packages/http/test/*-processes.test.ts',
  'packages/http/test/*outage*.test.ts',
  'packages/http/test/{rush,rate-limits,webhooks,page-headers,shutdown,sse,sse-caps,bin}.test.ts',
  'examples/rush/**/*.test.ts',
];

// Workspace packages resolve to their TypeScript sources through the `source` export condition.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // The rest (units, the memory store, the kit's self-tests, in-process hosts): two at a time.
      { extends: true, test: { name: 'units', include: ALL, exclude: ['**/node_modules/**', '**/dist/**', ...SERVICES], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'services', include: SERVICES, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
