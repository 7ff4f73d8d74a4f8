#!/usr/bin/env bash
# `pnpm test`: every check and test. Unit and integration tests run on PGlite, and on PostgreSQL too when
# DATABASE_URL is set; the browser and HTTP tests run against `next start` on the embedded database and,
# when DATABASE_URL is set, again on PostgreSQL. Needs Debian's chromium at /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

step() { printf '\n=== %s\n' "$*"; }

step "format";           pnpm format:check
step "lint + typecheck"; pnpm turbo run lint typecheck --concurrency=2
step "prisma client"; pnpm --filter @salesos/db db:generate >/dev/null
step "unit + integration (PGlite${DATABASE_URL:+ and PostgreSQL})"; pnpm turbo run test --concurrency=1
step "build";            pnpm turbo run build
step "e2e on embedded PGlite"; env -u DATABASE_URL pnpm test:e2e
if [ -n "${DATABASE_URL:-}" ]; then
  step "e2e on PostgreSQL"; pnpm test:e2e
fi
step "all tests passed"
