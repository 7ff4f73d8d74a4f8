#!/usr/bin/env bash
# One command on a fresh Debian machine: installs pnpm, chromium and (if none answers) PostgreSQL, the
# dependencies, then runs `pnpm test` against a fresh PostgreSQL database as well as PGlite.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

PNPM_VERSION=12.4.2
if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then npm install -g "pnpm@$PNPM_VERSION"; fi

apt_updated=0
apt_install() {
  [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/chromium ] || apt_install chromium

PG_HOST=127.0.0.1 PG_PORT=5432
pg_up() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }
if [ -z "${DATABASE_URL:-}" ]; then
  command -v psql >/dev/null || apt_install postgresql-client
  if ! pg_up; then
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    conf=/etc/postgresql/$version/main/pg_hba.conf
    # A throw-away local server for the tests: trust on loopback, as the CI machines have it.
    grep -q '^host all all 127.0.0.1/32 trust' "$conf" || sed -i '1i host all all 127.0.0.1/32 trust' "$conf"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  pg_up || { echo "PostgreSQL does not answer on $PG_HOST:$PG_PORT" >&2; exit 1; }
  db="salesos_ci_$(date +%s)_$$"
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $db"
  trap 'psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
  export DATABASE_URL="postgresql://postgres@$PG_HOST:$PG_PORT/$db"
fi

pnpm install --frozen-lockfile
pnpm test
