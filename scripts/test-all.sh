#!/usr/bin/env bash
# `pnpm test`: every check and test. Unit and integration tests run on PGlite, and on PostgreSQL too when
# DATABASE_URL is set; the browser and HTTP tests run against `next start` on the embedded database and,
# when DATABASE_URL is set, again on PostgreSQL. Needs Debian's chromium at /usr/bin/chromium.
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
step "unit + integration (PGlite${DATABASE_URL:+ and PostgreSQL})"; tests pnpm turbo run test --concurrency=2
step "build";            pnpm turbo run build
step "e2e on embedded PGlite"; tests env -u DATABASE_URL pnpm test:e2e
if [ -n "${DATABASE_URL:-}" ]; then
  # Again on PostgreSQL, but for the pages-only files (apps/web/vitest.e2e.config.ts): they ran above.
  step "e2e on PostgreSQL"; tests env E2E_DATABASE_ONLY=1 pnpm test:e2e
fi
# Sum vitest's "Tests  N passed" lines (colours stripped).
passed=$(sed -E 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^(@[^ ]+ )?\s*Tests\s+[0-9]+ passed' | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
step "all tests passed"
echo "tests: ${passed} passed, 0 failed"
