#!/usr/bin/env bash
# Runs every test of Transparency against SQLite, a throwaway PostgreSQL and Debian's Chromium.
# On a fresh machine it installs what is missing (chromium, postgresql), starts PostgreSQL on a
# free loopback port, runs each test project, stops what it started, and prints one summary line:
#   N passed, N failed
# It exits non-zero when any test failed or any test project could not run.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
started=$(date +%s)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. What the suite needs from the machine.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== Installing ${missing[*]}"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "could not install ${missing[*]}"; exit 1; }
fi

# 2. A throwaway PostgreSQL cluster on a free port, stopped whatever happens next.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=$(mktemp -d /tmp/transparency-pg.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGROOT" && chmod 700 "$PGROOT"
published=$(mktemp -d /tmp/transparency-app.XXXXXX)
stop_postgres() {
  pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PGROOT" "$published"
}
trap stop_postgres EXIT
echo "== Starting PostgreSQL on 127.0.0.1:$PGPORT"
pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PGROOT/initdb.log" 2>&1 \
  || { cat "$PGROOT/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
# fsync off only speeds up this throwaway cluster; durability tests start their own.
pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
  -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { cat "$PGROOT/server.log"; echo "0 passed, 1 failed"; exit 1; }
export TRANSPARENCY_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
export TRANSPARENCY_TEST_CHROMIUM=$(command -v chromium)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# 3. Build once, then run each test project.
echo "== Building"
if ! dotnet build Transparency.sln -c Release -v q --nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

# The production sign-in tests run the app as a deployment does: the published output, as its own process.
if ! dotnet publish src/Transparency.Web -c Release --no-build -o "$published" -v q --nologo >/dev/null; then
  echo "could not publish the app"; echo "0 passed, 1 failed"
  exit 1
fi
export TRANSPARENCY_TEST_APP_DLL="$published/Transparency.Web.dll"

logs=$(mktemp -d /tmp/transparency-tests.XXXXXX)
passed=0; failed=0; broken=()
for project in tests/Transparency.Core.Tests tests/Transparency.Web.Tests tests/Transparency.E2E; do
  name=$(basename "$project")
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$logs/$name.log" | grep -E '^\s*(Failed|Passed|Skipped)!|\[FAIL\]|Error Message|Assert\.|^\s+at Transparency' | head -200
  summary=$(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$logs/$name.log" | tail -1)
  if [ -z "$summary" ]; then
    echo "   $name did not run; its output ends with:"; tail -20 "$logs/$name.log"
    broken+=("$name"); failed=$((failed + 1)); continue
  fi
  p=$(sed -E 's/.*Passed:\s*([0-9]+).*/\1/' <<<"$summary")
  f=$(sed -E 's/.*Failed:\s*([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f))
done

echo "== Finished in $(( $(date +%s) - started )) s (logs: $logs)"
[ ${#broken[@]} -gt 0 ] && echo "Could not run: ${broken[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#broken[@]} -eq 0 ]
