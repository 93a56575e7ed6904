#!/usr/bin/env bash
# `npm run lint`: typecheck (tsc, no emit; the page's own tsc), ESLint, the dependency rules and the OpenAPI
# check (the page's generated API types are current; Spectral's oas and OWASP rulesets), run side by side (they are
# independent and each mostly single-threaded, so on two cores this roughly halves the wall time).
# Each tool's output is printed in a fixed order once all have finished; the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin
out=$(mktemp -d "${TMPDIR:-/tmp}/boxoffice-lint.XXXXXX")
trap 'rm -rf "$out"' EXIT

started=$SECONDS
"$bin/tsc" -p tsconfig.json >"$out/tsc" 2>&1 &
tsc_pid=$!
"$bin/eslint" . >"$out/eslint" 2>&1 &
eslint_pid=$!
# bench* is a glob so a checkout without bench/ still lints.
"$bin/depcruise" packages examples 'bench*' --config .dependency-cruiser.cjs >"$out/depcruise" 2>&1 &
depcruise_pid=$!
"$bin/tsc" -p packages/http/web/tsconfig.json >"$out/web" 2>&1 &
web_pid=$!
node --conditions=source --import tsx packages/http/scripts/openapi.ts --check >"$out/openapi" 2>&1 &
openapi_pid=$!

failed=0
for tool in tsc eslint depcruise web openapi; do
  pid_var="${tool}_pid"
  if wait "${!pid_var}"; then status=ok; else status=FAILED; failed=1; fi
  printf '== %s: %s\n' "$tool" "$status"
  # Only show output for failures, plus depcruise's one-line summary.
  if [ "$status" = FAILED ] || [ "$tool" = depcruise ]; then sed '/^$/d' "$out/$tool"; fi
done
printf '== lint %s in %ss\n' "$([ $failed = 0 ] && echo passed || echo FAILED)" "$((SECONDS - started))"
exit $failed
