#!/usr/bin/env bash
# Pack smoke test: what a user gets from npm must work without this repo.
# 1. Removes every package's dist/ (and the page's web/dist) and packs all five packages, so each tarball
#    is built by its own `prepack`, as from a fresh clone; checks each ships its build and no tests.
# 2. publint --strict and @arethetypeswrong/cli --profile esm-only on every tarball.
# 3. Installs the five tarballs (plus typescript and @types/node) into an empty project in a temp dir and
#    typechecks three consumers against the packed .d.ts files with --strict, NodeNext and no skipLibCheck:
#    the library example (ESM), the http host with both server adapters (ESM, scripts/smoke-pack/host.ts)
#    and a CommonJS consumer that require()s all five (scripts/smoke-pack/consumer.cts).
# 4. Runs them with node: the seed flow, a packed host answering its API, page and docs, and require(esm).
# The temp dir is removed on exit, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tmp=$(mktemp -d "${TMPDIR:-/tmp}/boxoffice-smoke-pack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "smoke:pack: $*" >&2; exit 1; }

# name -> folder, in dependency order (each prepack finds the dist/ of the ones before it).
names=(@boxoffice/core @boxoffice/adapter-memory @boxoffice/adapter-redis @boxoffice/adapter-mongodb @boxoffice/http)
dirs=(packages/core packages/adapters/memory packages/adapters/redis packages/adapters/mongodb packages/http)

step "pack all five from no build output: each prepack builds"
for dir in "${dirs[@]}"; do rm -rf "$dir/dist"; done
rm -rf packages/http/web/dist
tarballs=()
for name in "${names[@]}"; do
  file=$(npm pack --silent --pack-destination "$tmp" -w "$name" | tail -n 1)
  tarballs+=("$tmp/$file")
done

for tgz in "${tarballs[@]}"; do
  listing=$(tar -tzf "$tgz")
  required=(package/package.json package/dist/index.js package/dist/index.d.ts)
  case "$(basename "$tgz")" in
    boxoffice-core-*) required+=(package/dist/testing/index.js package/dist/testing/index.d.ts) ;;
    boxoffice-http-*) required+=(package/bin/boxoffice.js package/dist/cli.js package/web/dist/index.html package/web/dist/docs/swagger-ui-bundle.js) ;;
  esac
  for file in "${required[@]}"; do
    grep -qx "$file" <<<"$listing" || fail "$(basename "$tgz") lacks $file"
  done
  if grep -Eq '\.test\.ts$|(^|/)test/' <<<"$listing"; then fail "$(basename "$tgz") ships test files"; fi
  echo "$(basename "$tgz"): $(wc -l <<<"$listing") files"
done

step "publint --strict and attw --profile esm-only on every tarball"
for tgz in "${tarballs[@]}"; do
  node_modules/.bin/publint run --strict "$tgz" >"$tmp/publint.txt" 2>&1 || { cat "$tmp/publint.txt"; fail "publint: $(basename "$tgz")"; }
  node_modules/.bin/attw --profile esm-only --format ascii "$tgz" >"$tmp/attw.txt" 2>&1 || { cat "$tmp/attw.txt"; fail "attw: $(basename "$tgz")"; }
  echo "$(basename "$tgz"): publint and attw found nothing"
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
  "${tarballs[@]}" "typescript@$ts_version" "@types/node@$node_types_version")

# The installed packages must be the packed copies, not links back into the workspace.
for name in "${names[@]}"; do
  dir="$app/node_modules/$name"
  [ -d "$dir" ] && [ ! -L "$dir" ] || fail "$dir is missing or a symlink"
done
# No install script of a telemetry package (Scarf came with Swagger UI) in a consumer's tree.
if [ -e "$app/node_modules/@scarf/scarf" ]; then fail "a consumer install pulls in @scarf/scarf"; fi

step "typecheck and compile the consumers against the packed types (--strict, no skipLibCheck)"
cp "$root/examples/library-usage/main.ts" "$app/main.ts"
cp scripts/smoke-pack/host.ts scripts/smoke-pack/consumer.cts scripts/smoke-pack/tsconfig.json "$app/"
(cd "$app" && ./node_modules/.bin/tsc -p tsconfig.json)

step "run them with node $(node --version)"
# require(esm) prints an ExperimentalWarning on Node 20 and 22; the feature is what is under test.
run() { (cd "$app" && node --disable-warning=ExperimentalWarning "$@"); }
run out/main.js | tee "$tmp/output.txt"
# The seed flow, start to end: queue, admission, listing, hold, refused payment, charge, payment, next user.
for expected in 'alice enters the queue' 'alice holds seats 1 and 2' 'payment refused' 'alice pays' 'bob sees seats 1 and 2 sold'; do
  grep -q "$expected" "$tmp/output.txt" || fail "the output lacks '$expected'"
done
run out/host.js
run out/consumer.cjs | tee "$tmp/cjs.txt"
grep -q 'carol is waiting at position 1' "$tmp/cjs.txt" || fail "the CommonJS consumer did not run the flow"
(cd "$app" && ./node_modules/.bin/boxoffice token smoke --secret "$(printf 's%.0s' {1..40})" >/dev/null) || fail "the packed boxoffice command failed"

step "smoke:pack passed: five packed packages lint clean, install, typecheck (ESM and CommonJS) and run"
