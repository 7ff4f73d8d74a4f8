#!/usr/bin/env bash
# `pnpm test`: every check and test. Unit and integration tests run on PGlite, and on PostgreSQL too when
# DATABASE_URL is set; the browser and HTTP tests run against `next start`: with DATABASE_URL, the pages on
# the embedded database and the rest on PostgreSQL, at once; without it, all on the embedded database.
# Needs Debian's chromium at /usr/bin/chromium.
# Ends with one line `tests: N passed, 0 failed` (any failure stops the script before it, non-zero).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step() { printf '\n=== %s\n' "$*"; }
tests() { "$@" 2>&1 | tee -a "$log"; }

step "format";           pnpm format:check
step "lint + typecheck"; pnpm turbo run lint typecheck --concurrency=2
step "prisma client";    pnpm --filter @salesos/db db:generate >/dev/null
# Two packages at once: each vitest runs its files one at a time on this 2-core machine (in one process per
# project, tooling/vitest), so the billing and api suites (about 4 and 3 minutes) overlap instead of queueing.
# The two long suites first, side by side; then the short ones (turbo would otherwise start those first
# and leave one core idle at the end).
step "unit + integration (PGlite${DATABASE_URL:+ and PostgreSQL})"
tests pnpm turbo run test --concurrency=2 --filter=@salesos/billing --filter=@salesos/api
tests pnpm turbo run test --concurrency=2 --filter='!@salesos/billing' --filter='!@salesos/api'
# `next build` would type-check the app again: the step above did (turbo typecheck, strict).
export SALESOS_TYPES_CHECKED=1
step "build";            pnpm turbo run build
if [ -n "${DATABASE_URL:-}" ]; then
  # Each browser and HTTP file runs once (apps/web/vitest.e2e.config.ts): the pages on the embedded
  # database, the rest on PostgreSQL, both passes at once (each has its own server, port and database;
  # they mostly wait on the browser and the servers). The pages pass prints when both are done.
  step "e2e: pages on embedded PGlite, the rest on PostgreSQL (at once)"
  pages_log=$(mktemp)
  trap 'rm -f "$log" "$pages_log"' EXIT
  env -u DATABASE_URL E2E_PASS=pages pnpm test:e2e >"$pages_log" 2>&1 &
  pages_pid=$!
  database_status=0
  tests env E2E_PASS=database pnpm test:e2e || database_status=$?
  pages_status=0
  wait "$pages_pid" || pages_status=$?
  step "e2e pages pass (embedded PGlite)"
  tests cat "$pages_log"
  [ "$database_status" = 0 ] && [ "$pages_status" = 0 ] || exit 1
else
  step "e2e on embedded PGlite"; tests pnpm test:e2e
fi
# Sum vitest's "Tests  N passed" lines (colours stripped).
passed=$(sed -E 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^(@[^ ]+ )?\s*Tests\s+[0-9]+ passed' | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
step "all tests passed"
echo "tests: ${passed} passed, 0 failed"
