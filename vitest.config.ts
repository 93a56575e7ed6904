import { defineConfig } from 'vitest/config';
import { SlowFirst } from './scripts/vitest-sequencer.js';

const ALL = ['packages/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts'];

// Files whose checks lean on wall-clock timing or on CPU they must not share: failovers and WAIT, kills and
// restarts, browsers and their session clocks, rushes, rate windows, MONITOR counts. One at a time, last.
const SERIAL = [
  'packages/adapters/redis/test/{conformance-replicated,replication,round-trips}.test.ts',
  'packages/adapters/redis/test/{failover,faults}-*.test.ts',
  'packages/http/test/browser*.test.ts',
  'packages/http/test/{redis-failover,rush,rate-limits,redis-rate-limits}.test.ts',
  'examples/rush/**/*.test.ts',
];

// Files that start clusters, Redis servers of their own, host processes or HTTP servers, and wait on them with
// generous deadlines (seconds, not milliseconds): two at a time, after the units, so they never share the CPU
// with a property run.
const HOSTS = [
  'packages/adapters/redis/test/{cluster,multiprocess,multiprocess-limit}.test.ts',
  'packages/http/test/redis-*.test.ts',
  'packages/http/test/*-processes.test.ts',
  'packages/http/test/*outage*.test.ts',
  'packages/http/test/{webhooks,page-headers,shutdown,sse,sse-caps,bin}.test.ts',
];

const EXCLUDE = ['**/node_modules/**', '**/dist/**'];

// Workspace packages resolve to their TypeScript sources through the `source` export condition.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    exclude: EXCLUDE,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // In each project the slowest files start first (scripts/vitest-sequencer.ts), so the last worker is not left
    // running one of them alone.
    sequence: { sequencer: SlowFirst },
    projects: [
      // Units, the memory store, the kits (the Redis kit on one Redis counts commands and outcomes, not time),
      // in-process hosts: two at a time.
      { extends: true, test: { name: 'units', include: ALL, exclude: [...EXCLUDE, ...SERIAL, ...HOSTS], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'hosts', include: HOSTS, exclude: [...EXCLUDE, ...SERIAL], maxWorkers: 2, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'services', include: SERIAL, maxWorkers: 1, sequence: { groupOrder: 2 } } },
    ],
  },
});
