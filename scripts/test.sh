#!/usr/bin/env bash
# `npm test`: everything. On two cores, in this order:
#   1. lint (typecheck, ESLint, dependency rules, OpenAPI), then the `units` project (vitest.config.ts);
#   2. two lanes side by side:
#      - the `services` project: the files that lean on wall-clock timing, one at a time. They spend most of
#        their time waiting on timers, failovers and browsers (about 70% of a core idle);
#      - which the other lane uses: the `hosts` project (servers and processes of their own, two at a time),
#        then `npm run smoke:pack` (the five packages packed, linted, installed, typechecked and run in an empty
#        project), then `npm run bench -- --quick` (every benchmark at tiny sizes, audits included).
#      Nothing in the first lane reads dist/ or web/dist, which the pack smoke test rebuilds.
# The second lane writes to a file, printed once both have ended, so the output stays readable.
# Extra arguments go to every vitest run (e.g. `npm test -- --reporter=dot`).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/boxoffice-test.XXXXXX")
trap 'rm -rf "$out"' EXIT
vitest=node_modules/.bin/vitest
started=$SECONDS
failed=()
# tee makes stdout a pipe: keep the colours a terminal would have had
[ -t 1 ] && export FORCE_COLOR=1

step() {
  local name=$1
  shift
  echo "== $name"
  "$@" 2>&1 | tee "$out/$name.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed+=("$name")
}

# CI keeps only the end of the output: repeat each vitest failure report there.
failures_again() {
  local log=$1
  [ -f "$log" ] || return 0
  sed -E 's/\x1b\[[0-9;]*m//g' "$log" | sed -nE '/⎯ (Failed (Tests|Suites)|Unhandled)/,/^ *Test Files/p' | head -n 150
}

step lint bash scripts/lint.sh
step units "$vitest" run --project units "$@"

(
  lane=()
  "$vitest" run --project hosts "$@" || lane+=(hosts)
  npm run --silent smoke:pack || lane+=(smoke:pack)
  # The bench starts a redis-server of its own: without one on PATH it is skipped, as the Redis suites are,
  # unless BOXOFFICE_REQUIRE_REDIS=1 (CI), where it must run.
  if command -v redis-server >/dev/null 2>&1 || [ "${BOXOFFICE_REQUIRE_REDIS:-}" = 1 ]; then
    npm run --silent bench -- --quick || lane+=(bench)
  else
    echo "== bench --quick skipped: no redis-server on PATH (it starts a private one)"
  fi
  echo "${lane[*]}" >"$out/lane-failed"
) <"/dev/null" >"$out/lane" 2>&1 &
lane_pid=$!
step services "$vitest" run --project services "$@"
wait $lane_pid
echo "== beside the services: the hosts project, smoke:pack, bench --quick"
cat "$out/lane"
if [ -f "$out/lane-failed" ]; then
  read -r -a lane_failed <"$out/lane-failed" || true
  failed+=("${lane_failed[@]}")
else
  failed+=("the second lane ended early")
fi

if [ ${#failed[@]} -ne 0 ]; then
  for log in "$out/units.log" "$out/services.log" "$out/lane"; do
    again=$(failures_again "$log")
    [ -z "$again" ] || printf '== failures in %s, again\n%s\n' "$(basename "$log" .log)" "$again"
  done
fi
if [ ${#failed[@]} -eq 0 ]; then
  printf '== npm test passed in %ss\n' "$((SECONDS - started))"
else
  printf '== npm test FAILED in %ss: %s\n' "$((SECONDS - started))" "${failed[*]}"
  exit 1
fi
