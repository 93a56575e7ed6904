/**
 * Dependency rules for boxoffice: dependencies point inward (http -> adapters -> core), core proper is
 * platform-free, and each package imports only what its package.json promises consumers.
 *
 * Workspace imports (@boxoffice/*) resolve through the `source` export condition to the real
 * packages/<name>/src files, so every rule below sees the actual edges, not dist/ or symlinks.
 * Third-party modules resolve to node_modules/<name>/..., node builtins have dependency type "core".
 */
const CORE = '^packages/core/src/';
const CORE_PROPER = '^packages/core/src/(?!testing/)';
const CORE_TESTING = '^packages/core/src/testing/';
const ADAPTER = '^packages/adapters/([^/]+)/';
const TEST_FILE = '(^|/)test/|\\.test\\.ts$';
const CORE_TESTS = '^packages/core/(test/|.*\\.test\\.ts$)';
const npm = (...names) => `(^|/)node_modules/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- core -------------------------------------------------------------------------------
    {
      name: 'core-is-self-contained',
      comment: 'Core proper imports nothing outside packages/core/src: no npm packages, no node builtins.',
      severity: 'error',
      from: { path: CORE_PROPER, pathNot: TEST_FILE },
      to: { pathNot: CORE },
    },
    {
      name: 'core-proper-not-to-testing',
      comment: 'The conformance kit (vitest, fast-check) is an add-on for tests, never a runtime edge of core.',
      severity: 'error',
      from: { path: CORE_PROPER, pathNot: TEST_FILE },
      to: { path: CORE_TESTING },
    },
    {
      name: 'core-testing-only-test-tools',
      comment: 'core/src/testing may add vitest, fast-check and node:assert to core, nothing else.',
      severity: 'error',
      from: { path: CORE_TESTING, pathNot: TEST_FILE },
      to: {
        pathNot: [CORE, npm('vitest', '@vitest', 'fast-check'), '^(node:)?assert(/strict)?$'],
      },
    },
    {
      name: 'core-tests-only-reference-adapter',
      comment:
        "Core's own tests are not shipped; besides the kit's tools they may run on the reference memory " +
        'adapter (through @boxoffice/adapter-memory), and nothing else: no other adapter, no http, no builtins.',
      severity: 'error',
      from: { path: CORE_TESTS },
      to: {
        pathNot: [
          '^packages/core/',
          npm('vitest', '@vitest', 'fast-check'),
          '^(node:)?assert(/strict)?$',
          '^packages/adapters/memory/src/',
        ],
      },
    },
    {
      name: 'core-tests-adapter-via-package',
      comment: 'Core tests reach the memory adapter through its package entry, like any consumer.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^packages/adapters/', dependencyTypes: ['local'] },
    },
    // ---- adapters ---------------------------------------------------------------------------
    {
      name: 'adapter-only-core-and-driver',
      comment:
        'An adapter imports @boxoffice/core (+ /testing in tests), its own files, its driver and node builtins.',
      severity: 'error',
      from: { path: ADAPTER, pathNot: TEST_FILE },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: ['^packages/adapters/$1/', CORE_PROPER, npm('ioredis', 'mongodb')],
      },
    },
    {
      name: 'adapter-tests-only-core-kit-and-test-tools',
      comment: 'Adapter tests may also use the conformance kit, vitest and fast-check.',
      severity: 'error',
      from: { path: ADAPTER, pathNot: '^packages/adapters/[^/]+/src/(?!.*\\.test\\.ts$)' },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: ['^packages/adapters/$1/', CORE, npm('ioredis', 'mongodb', 'vitest', '@vitest', 'fast-check')],
      },
    },
    {
      name: 'adapter-not-to-adapter',
      comment: 'Adapters are siblings: none builds on another.',
      severity: 'error',
      from: { path: ADAPTER },
      to: { path: '^packages/adapters/', pathNot: '^packages/adapters/$1/' },
    },
    {
      name: 'adapter-core-via-package',
      comment: 'Adapters reach core through @boxoffice/core, never by a relative path into its sources.',
      severity: 'error',
      from: { path: ADAPTER },
      to: { path: CORE, dependencyTypes: ['local'] },
    },
    {
      name: 'adapter-own-driver-only',
      comment: 'ioredis belongs to the redis adapter, mongodb to the mongodb adapter.',
      severity: 'error',
      from: { path: '^packages/adapters/(memory|mongodb)/' },
      to: { path: npm('ioredis') },
    },
    {
      name: 'adapter-own-driver-only-mongodb',
      comment: 'ioredis belongs to the redis adapter, mongodb to the mongodb adapter.',
      severity: 'error',
      from: { path: '^packages/adapters/(memory|redis)/' },
      to: { path: npm('mongodb') },
    },
    // ---- http and the DI container ------------------------------------------------------------
    {
      name: 'nothing-imports-http',
      comment: 'Only the host itself, examples and bench may depend on @boxoffice/http.',
      severity: 'error',
      from: { pathNot: '^(packages/http|examples|bench)/' },
      to: { path: '^packages/http/' },
    },
    {
      name: 'di-only-in-http',
      comment: 'tsyringe and reflect-metadata are the host composition root, nothing else uses them.',
      severity: 'error',
      from: { pathNot: '^packages/http/' },
      to: { path: npm('tsyringe', 'reflect-metadata') },
    },
    // ---- hygiene that breaks published packages -----------------------------------------------
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing (typo, missing file or missing dependency).',
      severity: 'error',
      from: {},
      // bin/ shims load ../dist/*, which exists only after `npm run build`; that edge is checked by smoke:pack.
      to: { couldNotResolve: true, pathNot: '^\\.\\./dist/' },
    },
    {
      name: 'no-undeclared-dependency',
      comment: 'Shipped code imports only packages its own package.json declares, or consumers break.',
      severity: 'error',
      from: { path: '^packages/', pathNot: TEST_FILE },
      // dependencyTypesNot: depcruise 17 also tags peers listed in peerDependenciesMeta as npm-no-pkg.
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['npm', 'npm-peer', 'npm-optional'] },
    },
    {
      name: 'no-dev-dependency-in-shipped-code',
      comment: 'devDependencies are not installed for consumers of a published package.',
      severity: 'error',
      from: { path: '^packages/[^]*src/', pathNot: TEST_FILE },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-runtime-cycles-in-core',
      comment: 'Runtime import cycles make ESM initialisation order fragile; type-only cycles are harmless.',
      severity: 'error',
      from: { path: CORE },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build output and reports of our own packages; third-party paths (node_modules/x/dist/...) stay in.
    exclude: { path: '^((packages|packages/adapters|examples)/[^/]+/(dist|coverage|reports)/|packages/http/web/)' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      // `source` first: workspace packages resolve to their TypeScript sources, like vitest and tsc do.
      conditionNames: ['source', 'import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
