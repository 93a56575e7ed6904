#!/usr/bin/env node
// Builds every publishable package to dist/ in dependency order (a package's build reads the .d.ts of the
// packages it imports, because builds run without the `source` condition), then checks that every
// `exports` entry's types/default targets (and every bin shim's ../dist import) exist, so a published package
// never points at missing files; also runs each package's build:<part> scripts (the web page) and checks that
// every "files" entry exists.
// Usage: node scripts/build.mjs [workspace-dir ...]   (default: all, core first)
//        node ../../scripts/build.mjs --prepack   (a package's `prepack`, from its own folder: builds it, and
//        first any workspace package it depends on that has no dist/ yet, so `npm pack` in a fresh clone works)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const ORDER = [
  'packages/core',
  'packages/adapters/memory',
  'packages/adapters/redis',
  'packages/adapters/mongodb',
  'packages/http',
];
const args = process.argv.slice(2);
const only = args.includes('--prepack') ? prepackTargets() : args.map((dir) => dir.replace(/\/$/, ''));
const targets = only.length > 0 ? ORDER.filter((dir) => only.includes(dir)) : ORDER;
const tsc = join(root, 'node_modules/.bin/tsc');

/** The package in the working directory, after the workspace packages it needs whose dist/ is missing. */
function prepackTargets() {
  const self = relative(root, process.cwd()).split(sep).join('/');
  if (!ORDER.includes(self)) throw new Error(`build.mjs --prepack: ${process.cwd()} is not a publishable package`);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const needs = new Set(Object.keys(pkg.dependencies ?? {}));
  const missing = ORDER.filter((dir) => {
    const name = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name;
    return needs.has(name) && !existsSync(join(root, dir, 'dist/index.d.ts'));
  });
  return [...missing, self];
}

/** Every file an exports map promises, as [subpath, condition, relative file]. */
function exportTargets(exportsField) {
  const out = [];
  const walk = (subpath, value, condition) => {
    if (typeof value === 'string') out.push([subpath, condition, value]);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key.startsWith('.')) walk(key, inner, condition);
        else walk(subpath, inner, key);
      }
    }
  };
  walk('.', exportsField, 'default');
  return out;
}

let problems = 0;
for (const dir of targets) {
  const pkgDir = join(root, dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (!existsSync(join(pkgDir, 'tsconfig.build.json'))) {
    console.log(`skip   ${pkg.name}: no tsconfig.build.json`);
    continue;
  }
  const sources = existsSync(join(pkgDir, 'src')) ? readdirSync(join(pkgDir, 'src'), { recursive: true }) : [];
  if (!sources.some((file) => String(file).endsWith('.ts'))) {
    console.log(`skip   ${pkg.name}: no TypeScript sources yet`);
    continue;
  }
  const started = performance.now();
  rmSync(join(pkgDir, 'dist'), { recursive: true, force: true }); // no stale files from deleted sources
  try {
    execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: pkgDir, stdio: 'inherit' });
  } catch {
    console.error(`FAIL   ${pkg.name}: tsc -p ${dir}/tsconfig.build.json`);
    process.exit(1);
  }
  // Extra build steps a package declares as build:<part> (the http host's web page) ship in its files too.
  for (const script of Object.keys(pkg.scripts ?? {}).filter((name) => name.startsWith('build:'))) {
    try {
      execFileSync('npm', ['run', '--silent', script], { cwd: pkgDir, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      console.error(`FAIL   ${pkg.name}: npm run ${script}`);
      process.exit(1);
    }
  }
  // The `source` condition points at src/ on purpose (workspace dev); everything else must be built output.
  // A subpath whose source entry does not exist yet is work in progress, not a broken build: warn only.
  const targetsOf = exportTargets(pkg.exports ?? {});
  const unwritten = new Set(
    targetsOf.filter(([, c, file]) => c === 'source' && !existsSync(join(pkgDir, file))).map(([subpath]) => subpath),
  );
  for (const subpath of unwritten) console.warn(`warn   ${pkg.name} exports["${subpath}"]: its source does not exist yet`);
  const missing = targetsOf.filter(
    ([subpath, condition, file]) => condition !== 'source' && !unwritten.has(subpath) && !existsSync(join(pkgDir, file)),
  );
  for (const [subpath, condition, file] of missing) {
    console.error(`MISSING ${pkg.name} exports["${subpath}"].${condition} -> ${file}`);
  }
  // bin shims import the build output by relative path; those targets must exist too.
  const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  for (const [command, file] of Object.entries(bins)) {
    const binPath = join(pkgDir, file);
    const targets = existsSync(binPath)
      ? [...readFileSync(binPath, 'utf8').matchAll(/['"](\.\.?\/dist\/[^'"]+)['"]/g)].map((m) => m[1])
      : [];
    const absent = existsSync(binPath) ? targets.filter((t) => !existsSync(join(dirname(binPath), t))) : [file];
    for (const target of absent) console.error(`MISSING ${pkg.name} bin "${command}" -> ${target}`);
    missing.push(...absent.map((target) => ['bin', command, target]));
  }
  // Every non-negated "files" entry is a promise of what the tarball holds.
  for (const entry of (pkg.files ?? []).filter((f) => !f.startsWith('!') && !/[*?]/.test(f))) {
    if (!existsSync(join(pkgDir, entry))) {
      console.error(`MISSING ${pkg.name} files entry ${entry}`);
      missing.push(['files', entry, entry]);
    }
  }
  problems += missing.length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${missing.length === 0 ? 'built ' : 'BROKEN'} ${pkg.name} -> ${dir}/dist (${seconds}s)`);
}
if (problems > 0) {
  console.error(`${problems} exports target(s) missing after the build`);
  process.exit(1);
}
