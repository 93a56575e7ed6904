#!/usr/bin/env node
// Proves every dependency-cruiser rule fires: copies the workspace sources into a scratch dir,
// plants one violation per rule there (never in the real tree), cruises it and checks each rule reports
// its planted file, and that the untouched files stay clean. Usage: node scripts/check-dependency-rules.mjs
// (KEEP=1 keeps the scratch tree for inspection).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'boxoffice-depcruise-'));

// [file, source, rule expected to report it]
const violations = [
  ['packages/core/src/__v-builtin.ts', "import 'node:fs';", 'core-is-self-contained'],
  ['packages/core/src/__v-npm.ts', "import 'zod';", 'core-is-self-contained'],
  ['packages/core/src/__v-kit-user.ts', "import './testing/__v-kit.js';", 'core-proper-not-to-testing'],
  ['packages/core/src/testing/__v-kit.ts', 'export const kit = 1;', null],
  ['packages/core/src/testing/__v-fs.ts', "import 'node:fs';", 'core-testing-only-test-tools'],
  ['packages/core/src/testing/__v-di.ts', "import 'tsyringe';", 'di-only-in-http'],
  ['packages/adapters/memory/src/__v-zod.ts', "import 'zod';", 'adapter-only-core-and-driver'],
  ['packages/adapters/memory/test/__v-koa.test.ts', "import 'koa';", 'adapter-tests-only-core-kit-and-test-tools'],
  ['packages/adapters/memory/src/__v-vitest.ts', "import 'vitest';", 'adapter-only-core-and-driver'],
  ['packages/adapters/redis/src/__v-sibling.ts', "import '@boxoffice/adapter-memory';", 'adapter-not-to-adapter'],
  ['packages/adapters/memory/src/__v-deep.ts', "import '../../../core/src/index.js';", 'adapter-core-via-package'],
  ['packages/adapters/memory/src/__v-ioredis.ts', "import 'ioredis';", 'adapter-own-driver-only'],
  ['packages/adapters/redis/src/__v-mongodb.ts', "import 'mongodb';", 'adapter-own-driver-only-mongodb'],
  ['packages/adapters/mongodb/src/__v-http.ts', "import '../../../http/src/config.js';", 'nothing-imports-http'],
  ['packages/core/src/__v-http.ts', "import '../../http/src/config.js';", 'nothing-imports-http'],
  ['packages/adapters/redis/src/__v-reflect.ts', "import 'reflect-metadata';", 'di-only-in-http'],
  ['packages/http/src/__v-typo.ts', "import './no-such-file.js';", 'not-to-unresolvable'],
  ['packages/http/src/__v-undeclared.ts', "import 'fast-check';", 'no-undeclared-dependency'],
  ['packages/http/src/__v-dev.ts', "import 'vite';", 'no-dev-dependency-in-shipped-code'],
  ['packages/core/src/__v-cycle-a.ts', "import { b } from './__v-cycle-b.js';\nexport const a = () => b;", 'no-runtime-cycles-in-core'],
  ['packages/core/src/__v-cycle-b.ts', "import { a } from './__v-cycle-a.js';\nexport const b = () => a;", 'no-runtime-cycles-in-core'],
  ['packages/core/src/testing/__v-redis.test.ts', "import '@boxoffice/adapter-redis';", 'core-tests-only-reference-adapter'],
  ['packages/core/src/testing/__v-koa.test.ts', "import 'koa';", 'core-tests-only-reference-adapter'],
  ['packages/core/src/testing/__v-deep.test.ts', "import '../../../adapters/memory/src/index.js';", 'core-tests-adapter-via-package'],
  // Allowed edges that must stay quiet.
  ['packages/core/src/testing/__ok-tools.ts', "import 'vitest';\nimport 'fast-check';\nimport 'node:assert/strict';", null],
  ['packages/core/src/testing/__ok-kit.test.ts', "import '@boxoffice/adapter-memory';\nimport 'vitest';\nimport './index.js';", null],
  ['packages/core/src/queue/__ok-unit.test.ts', "import 'vitest';\nimport 'fast-check';\nimport '../testing/index.js';", null],
  ['packages/adapters/redis/src/__ok-driver.ts', "import '@boxoffice/core';\nimport 'ioredis';\nimport 'node:crypto';", null],
  ['packages/adapters/memory/test/__ok-kit.test.ts', "import '@boxoffice/core';\nimport 'vitest';\nimport 'fast-check';", null],
  ['packages/core/src/__ok-type-cycle-a.ts', "import type { B } from './__ok-type-cycle-b.js';\nexport type A = { b?: B };", null],
  ['packages/core/src/__ok-type-cycle-b.ts', "import type { A } from './__ok-type-cycle-a.js';\nexport type B = { a?: A };", null],
];

try {
  const skip = /(^|\/)(node_modules|dist|\.stryker-tmp|coverage|reports)(\/|$)/;
  for (const dir of ['packages', 'examples', 'bench'].filter((dir) => existsSync(join(root, dir)))) {
    cpSync(join(root, dir), join(scratch, dir), { recursive: true, filter: (src) => !skip.test(src.slice(root.length)) });
  }
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.base.json', '.dependency-cruiser.cjs']) {
    cpSync(join(root, file), join(scratch, file));
  }
  // node_modules: link third-party packages back, recreate the workspace links relative to the scratch tree.
  mkdirSync(join(scratch, 'node_modules/@boxoffice'), { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== '@boxoffice') symlinkSync(join(root, 'node_modules', entry), join(scratch, 'node_modules', entry));
  }
  for (const entry of readdirSync(join(root, 'node_modules/@boxoffice'))) {
    const target = readlinkSync(join(root, 'node_modules/@boxoffice', entry));
    symlinkSync(target, join(scratch, 'node_modules/@boxoffice', entry));
  }
  for (const [file, source] of violations) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    writeFileSync(join(scratch, file), `${source}\n`);
  }

  const bin = join(root, 'node_modules/.bin/depcruise');
  let output;
  try {
    output = execFileSync(bin, ['packages', 'examples', 'bench*', '--config', '.dependency-cruiser.cjs', '-T', 'json'], {
      cwd: scratch,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    output = error.stdout; // depcruise exits non-zero when it finds violations: that is the point here.
  }
  const found = JSON.parse(output).summary.violations.map((v) => ({
    from: v.from,
    to: v.to,
    rule: v.rule.name,
    cycle: v.cycle?.map((step) => step.name),
  }));

  let failures = 0;
  for (const [file, , rule] of violations.filter(([, , rule]) => rule)) {
    // A cycle is reported once, from whichever of its members the cruise meets first.
    const hit = found.some((v) => (v.from === file || (v.cycle ?? []).includes(file)) && v.rule === rule);
    if (!hit) failures++;
    console.log(`${hit ? 'fires ' : 'SILENT'}  ${rule.padEnd(44)} ${file}`);
  }
  const planted = new Set(violations.filter(([, , rule]) => rule).map(([file]) => file));
  for (const v of found.filter((v) => !planted.has(v.from))) {
    // Planted allowed edges (__ok-*) must stay quiet; anything else is a violation already in the real tree.
    const allowedEdge = v.from.includes('/__ok-');
    if (allowedEdge) failures++;
    console.log(`${allowedEdge ? 'UNEXPECTED' : 'note: the real tree has'} ${v.rule}: ${v.from} -> ${v.to}`);
  }
  if (process.env.KEEP) console.log(scratch);
  console.log(failures === 0 ? 'every dependency rule fires on its violation; allowed edges stay clean' : `${failures} problem(s)`);
  process.exitCode = failures === 0 ? 0 : 1;
} finally {
  if (!process.env.KEEP) rmSync(scratch, { recursive: true, force: true });
}
