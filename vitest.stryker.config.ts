import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Vitest config used only by Stryker (`npm run mutation`). Stryker copies the repo into a sandbox under
// .stryker-tmp/ and instruments the copy, but node_modules/@boxoffice/* are symlinks back into the real
// packages/, so imports of @boxoffice/core would load the unmutated sources and every mutant would
// survive. The aliases pin the workspace packages to the sandbox's own sources, next to this file.
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    conditions: ['source'],
    alias: [
      { find: /^@boxoffice\/core$/, replacement: here('./packages/core/src/index.ts') },
      { find: /^@boxoffice\/core\/testing$/, replacement: here('./packages/core/src/testing/index.ts') },
      { find: /^@boxoffice\/adapter-memory$/, replacement: here('./packages/adapters/memory/src/index.ts') },
    ],
  },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    // Core's own tests and the memory adapter's (conformance kit + property suites run on memory).
    include: ['packages/core/**/*.test.ts', 'packages/adapters/memory/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
