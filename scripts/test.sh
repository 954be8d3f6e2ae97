#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need, type-checks, runs every
# test, and ends with "N passed, N failed". Extra arguments narrow the run to given test files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
npx tsc -p tsconfig.json --noEmit
npx tsc -p packages/console/tsconfig.json --noEmit
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(find packages bench -path '*/node_modules' -prune -o -name '*.test.ts' -print | sort)
fi
# The summary goes to a file and is printed after the run, so it is always the last line.
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
status=0
# A test that hangs fails after 10 minutes instead of holding CI until its 90-minute limit.
node --import tsx --test --test-concurrency=2 --test-timeout=600000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/summary-reporter.mjs --test-reporter-destination="$summary" \
  "${files[@]}" || status=$?
cat "$summary"
exit "$status"
