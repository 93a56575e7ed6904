// ESLint 9 flat config. Aim: catch bugs, not argue style; stay fast enough for `npm test`.
// Type-aware rules run only where a tsconfig already covers the files (the root one for packages, examples and
// bench; packages/http/web/tsconfig.json for the page), so the project service builds two programs, not one per file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The few Node globals plain .js/.mjs/.cjs files here use (avoids a direct `globals` dependency).
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'structuredClone', 'performance', 'module', 'require', '__dirname'].map(
    (name) => [name, 'readonly'],
  ),
);

// Focused tests and skipped/pending tests must never land (shared rule); skipping is decided at runtime.
const bannedTestModifiers = ['it', 'test', 'describe', 'suite'].flatMap((object) =>
  ['only', 'skip', 'todo'].map((property) => ({
    object,
    property,
    message: `No ${object}.${property}: decide at runtime with ${object}.runIf(...) and log why.`,
  })),
);

const typeAwareFiles = ['packages/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'packages/http/web/dist/**',
      '**/coverage/**',
      '**/reports/**',
      '**/.stryker-tmp/**',
      '**/test-results/**',
      '**/.tmp/**',
      '**/*.d.ts',
      // Scratch files other tools drop at the root (e.g. browser probes) are not project code.
      '.*',
      '!.dependency-cruiser.cjs',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pack smoke test's CommonJS consumer: `import x = require()` is what it tests.
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // `_`-prefixed names are deliberate placeholders (unused ports args, destructured rests).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-properties': ['error', ...bannedTestModifiers],
    },
  },
  {
    // Tests poke at loosely typed JSON responses and fakes; `any` there is not where the bugs are.
    files: ['**/test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Promise bugs are the expensive ones in a storage/payment engine: a lost await loses a write.
    files: typeAwareFiles,
    // The web page's sources use their own tsconfig (DOM lib); the project service picks it up by itself.
    ignores: ['packages/http/web/vite.config.ts', 'packages/http/web/build-assets.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Core proper is deterministic: time and randomness come through the Clock and IdGenerator ports.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...bannedTestModifiers,
        { object: 'Date', property: 'now', message: 'Core reads time from the Clock port.' },
        { object: 'Math', property: 'random', message: 'Core draws ids/randomness from the IdGenerator port.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'NewExpression[callee.name="Date"][arguments.length=0]', message: 'Core reads time from the Clock port.' },
      ],
    },
  },
);
