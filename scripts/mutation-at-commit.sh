#!/usr/bin/env bash
# Runs `npm run mutation` on a committed revision (default HEAD) instead of the live work tree, so the
# score belongs to a known commit and uncommitted edits can't break the initial test run.
# The revision is exported with `git archive` into a temp dir (the repo is only read), node_modules is
# linked from this checkout, and the reports land in reports/mutation/ here. Usage: scripts/mutation-at-commit.sh [rev]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rev=${1:-HEAD}
sha=$(git rev-parse --verify "$rev^{commit}")

snap=$(mktemp -d "${TMPDIR:-/tmp}/boxoffice-mutation.XXXXXX")
trap 'rm -rf "$snap"' EXIT
git archive --format=tar "$sha" | tar -x -C "$snap"
ln -s "$root/node_modules" "$snap/node_modules"

echo "mutation testing $sha in $snap"
status=0
(cd "$snap" && npx stryker run stryker.config.json) || status=$?

mkdir -p "$root/reports/mutation"
cp -r "$snap/reports/mutation/." "$root/reports/mutation/" 2>/dev/null || true
echo "$sha" >"$root/reports/mutation/commit.txt"
exit "$status"
