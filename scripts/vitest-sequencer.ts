import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Files that take longest (seconds, measured in CI): they start first in their group, so a group of two workers
// does not end with one of them running alone. Vitest orders by the last run's durations when it has them; a
// fresh clone (CI) has none and would order by file size, which puts these thin files last.
const SLOW = [
  'packages/adapters/redis/test/conformance.test.ts', // 82, half of it sale/draw-uniform (bound by the one Redis)
  'packages/core/src/testing/kit.test.ts', // 21
  'packages/adapters/redis/test/sale-opening.test.ts', // 14
  'packages/core/src/testing/queue-properties.test.ts', // 12
  'packages/adapters/redis/test/cluster.test.ts', // 20
  'packages/http/test/idempotency-outage.test.ts', // 16
  'packages/http/test/events-processes.test.ts', // 15
];

const rank = (spec: TestSpecification): number => {
  const i = SLOW.findIndex((path) => spec.moduleId.endsWith(path));
  return i === -1 ? SLOW.length : i;
};

export class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
