#!/usr/bin/env bash
# Pack smoke test: what a user gets from npm must work without this repo.
# Builds core and the memory adapter, packs both, installs the tarballs (plus typescript and
# @types/node from the registry) into an empty project in a temp dir, typechecks the library example
# against the packed .d.ts files (NodeNext, no `source` condition), compiles it with tsc, runs it with
# node and checks it printed the seed flow. The temp dir is removed on exit, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tmp=$(mktemp -d "${TMPDIR:-/tmp}/boxoffice-smoke-pack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "build core and adapter-memory"
node scripts/build.mjs packages/core packages/adapters/memory

step "pack"
npm pack --silent --pack-destination "$tmp" -w @boxoffice/core -w @boxoffice/adapter-memory >/dev/null
core_tgz=$(ls "$tmp"/boxoffice-core-*.tgz)
memory_tgz=$(ls "$tmp"/boxoffice-adapter-memory-*.tgz)
for tgz in "$core_tgz" "$memory_tgz"; do
  listing=$(tar -tzf "$tgz")
  for required in package/package.json package/dist/index.js package/dist/index.d.ts; do
    grep -qx "$required" <<<"$listing" || { echo "smoke:pack: $(basename "$tgz") lacks $required" >&2; exit 1; }
  done
  if grep -Eq '\.test\.ts$|(^|/)test/' <<<"$listing"; then
    echo "smoke:pack: $(basename "$tgz") ships test files" >&2; exit 1
  fi
  echo "$(basename "$tgz"): $(wc -l <<<"$listing") files"
done

step "install the tarballs into an empty project"
app="$tmp/app"
mkdir -p "$app"
cat >"$app/package.json" <<'JSON'
{ "name": "boxoffice-smoke-app", "private": true, "version": "0.0.0", "type": "module" }
JSON
# Same compiler and Node typings as the repo, so the smoke test checks the packages, not a version drift.
ts_version=$(node -p "require('./package.json').devDependencies.typescript")
node_types_version=$(node -p "require('./package.json').devDependencies['@types/node']")
(cd "$app" && npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  "$core_tgz" "$memory_tgz" "typescript@$ts_version" "@types/node@$node_types_version")

# The installed packages must be the packed copies, not links back into the workspace.
for dir in "$app/node_modules/@boxoffice/core" "$app/node_modules/@boxoffice/adapter-memory"; do
  [ -d "$dir" ] && [ ! -L "$dir" ] || { echo "smoke:pack: $dir is missing or a symlink" >&2; exit 1; }
done

step "typecheck and compile examples/library-usage/main.ts against the packed types"
cp "$root/examples/library-usage/main.ts" "$app/main.ts"
cat >"$app/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2023"],
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": false,
    "outDir": "out"
  },
  "files": ["main.ts"]
}
JSON
(cd "$app" && ./node_modules/.bin/tsc -p tsconfig.json)

step "run it with node"
(cd "$app" && node out/main.js) | tee "$tmp/output.txt"

# The seed flow, start to end: queue, admission, listing, hold, refused payment, charge, payment, next user.
for expected in 'alice enters the queue' 'alice holds seats 1 and 2' 'payment refused' 'alice pays' 'bob sees seats 1 and 2 sold'; do
  grep -q "$expected" "$tmp/output.txt" || { echo "smoke:pack: the output lacks '$expected'" >&2; exit 1; }
done
step "smoke:pack passed: the packed core + adapter-memory install, typecheck and run the seed flow"
