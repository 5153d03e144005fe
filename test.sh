#!/usr/bin/env bash
# Builds everything and runs every test project; prints one summary line for the whole run.
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~TimerTests").
set -euo pipefail
cd "$(dirname "$0")"

# What the tests need on this machine (a Docker engine, PostgreSQL, ...): see tests/deps/README.md.
for dependency in tests/deps/*.sh; do
  [ -e "$dependency" ] || continue
  # shellcheck source=/dev/null
  . "$dependency"
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
dotnet test Mesos.Actors.sln --nologo "$@" 2>&1 | tee "$log" || status=$?

# One line per test assembly: "Passed!  - Failed: 0, Passed: 236, Skipped: 0, Total: 236, ..."
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
