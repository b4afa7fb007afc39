#!/usr/bin/env bash
# The whole test suite (`npm test`, run by CI through .ci/run):
#   typecheck, lint, unit tests, database tests on SQLite and on PostgreSQL,
#   a production build, a race and crash check against it (kill -9 mid-run) on both,
#   and Playwright e2e against it on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export PG_ADMIN_URL
export NEXT_TELEMETRY_DISABLED=1
step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

# PostgreSQL is part of the contract: say so loudly rather than skip.
pg_ok() { node -e "const {Client}=require('pg');const c=new Client({connectionString:process.env.PG_ADMIN_URL});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))"; }
if ! pg_ok; then
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!! PostgreSQL is NOT reachable at $PG_ADMIN_URL" >&2
  echo "!! The suite must pass on PostgreSQL as well as SQLite. Start it with:" >&2
  echo "!!   pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  exit 1
fi

step "prisma clients"
npm run -s db:generate

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint . --max-warnings 0

step "unit tests"
npx vitest run

# Every walk the kernel here can run, rebuilt in cnia-* network namespaces and compared hop by
# hop with the engine (tests/kernel/run.ts; needs root, iproute2, iptables-nft, tcpdump, ping).
step "packet walks against the Linux kernel (npm run test:kernel)"
npm run -s test:kernel

step "database tests on SQLite"
TEST_DB_PROVIDER=sqlite npx vitest run -c vitest.db.config.ts

step "database tests on PostgreSQL"
TEST_DB_PROVIDER=postgresql npx vitest run -c vitest.db.config.ts

step "production build"
npm run -s validate:content
NODE_ENV=production npx next build

# Counts, not timings: learners answer over HTTP while `npm run start` is killed with -9 and
# restarted; 0 lost, 0 duplicated, 0 5xx from the app, on SQLite and on PostgreSQL.
step "race and crash check on SQLite and PostgreSQL (tests/reliability/crash-check.ts)"
# A clean clone has no .env: the check's throwaway servers get a test-only secret.
NEXTAUTH_SECRET="${NEXTAUTH_SECRET:-crash-check-secret-crash-check-secret-0123}" npx tsx tests/reliability/crash-check.ts

# Tests tagged @static only load prerendered lesson pages signed out: no request of theirs
# reaches the database (the session check without a cookie answers from memory), and both
# servers serve the same files from the same build. They run once, on SQLite; everything
# that reads or writes the database runs on both.
run_e2e() {
  local label="$1" url="$2" skip="$3"
  step "e2e on $label: migrate and seed a fresh database"
  DATABASE_URL="$url" npm run -s db:migrate
  DATABASE_URL="$url" npm run -s db:seed
  step "e2e on $label"
  rm -f test-results/journey.json
  E2E_DATABASE_URL="$url" npx playwright test --grep-invert "$skip"
  step "e2e on $label, after a server restart"
  E2E_DATABASE_URL="$url" npx playwright test --grep @after-restart
}

mkdir -p data
sqlite_file="data/e2e-$$.db"
pg_db="cni_e2e_$$"
cleanup() {
  rm -f "$sqlite_file"
  node -e "const {Client}=require('pg');const c=new Client({connectionString:process.env.PG_ADMIN_URL});c.connect().then(()=>c.query('DROP DATABASE IF EXISTS \"$pg_db\" WITH (FORCE)')).then(()=>c.end()).catch(()=>process.exit(0))" || true
}
trap cleanup EXIT

run_e2e SQLite "file:./$sqlite_file" "@after-restart"
step "e2e on SQLite: OIDC sign-in through a local OpenID Provider (playwright.oidc.config.ts)"
E2E_DATABASE_URL="file:./$sqlite_file" npx playwright test -c playwright.oidc.config.ts

node -e "const {Client}=require('pg');const c=new Client({connectionString:process.env.PG_ADMIN_URL});c.connect().then(()=>c.query('CREATE DATABASE \"$pg_db\"')).then(()=>c.end())"
pg_url=$(node -e "const u=new URL(process.env.PG_ADMIN_URL);u.pathname='/$pg_db';console.log(u.toString())")
run_e2e PostgreSQL "$pg_url" "@after-restart|@static"

step "all tests passed"
