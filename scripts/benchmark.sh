#!/usr/bin/env bash
# Measures Transparency's ingestion API, training export, records page, home summary, bulk withhold and works-council
# report against raw PostgreSQL on the same data, and the app's memory per Blazor circuit (needs Debian's chromium).
#   scripts/benchmark.sh            10,000,000 capture records, 70,000 employees, 90 days
#   scripts/benchmark.sh --quick     1,000,000 capture records,  7,000 employees
#   scripts/benchmark.sh --records 200000 --employees 2000   (any other option goes to the harness)
# Starts a throwaway PostgreSQL cluster on a free loopback port, builds the solution in Release, runs
# tests/Transparency.Benchmarks (which generates the store, starts the app as a Kestrel process and
# measures), stops the cluster, prints the results table and puts it into docs/benchmarks.md.
# BENCHMARK_PG_PORT / BENCHMARK_APP_PORT choose the ports; BENCHMARK_PG_ROOT the cluster's folder.
# BENCHMARK_CONNECTION measures in a database of your own instead of a throwaway cluster (with --reuse,
# a store an earlier run generated there is measured again without generating it); such runs print their
# results but leave docs/benchmarks.md alone, which holds runs on a throwaway cluster only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

APPPORT=${BENCHMARK_APP_PORT:-$(free_port)}
doc=()
if [ -z "${BENCHMARK_CONNECTION:-}" ]; then
doc=(--doc "$root/docs/benchmarks.md")
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "== Installing postgresql"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

# A throwaway cluster, stopped and removed whatever happens next.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=$(mktemp -d "${BENCHMARK_PG_ROOT:-/tmp}/transparency-bench-pg.XXXXXX")
PGPORT=${BENCHMARK_PG_PORT:-$(free_port)}
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGROOT" && chmod 700 "$PGROOT"
stop_postgres() {
  pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap stop_postgres EXIT
trap 'exit 130' INT TERM

# Settings for measuring, not for a test suite: durable commits (fsync and synchronous_commit stay on,
# as production runs), room in memory for the working set, and checkpoints that do not interrupt the load.
settings=(
  -c listen_addresses=127.0.0.1 -c max_connections=200
  -c shared_buffers=2GB -c effective_cache_size=12GB -c work_mem=64MB -c maintenance_work_mem=1GB
  -c max_wal_size=32GB -c checkpoint_timeout=30min -c checkpoint_completion_target=0.9
  -c fsync=on -c synchronous_commit=on -c full_page_writes=on
)
[ -f "$("$PGBIN/pg_config" --pkglibdir 2>/dev/null || echo /nonexistent)/pg_stat_statements.so" ] \
  && settings+=(-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all)

echo "== Starting PostgreSQL on 127.0.0.1:$PGPORT (fsync on, synchronous_commit on, shared_buffers 2GB)"
pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PGROOT/initdb.log" 2>&1 \
  || { cat "$PGROOT/initdb.log"; exit 1; }
pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 -o "-p $PGPORT -k $PGROOT ${settings[*]}" start >/dev/null \
  || { cat "$PGROOT/server.log"; exit 1; }
pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres transparency_bench
BENCHMARK_CONNECTION="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=transparency_bench;Command Timeout=0;Maximum Pool Size=100"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== Building (Release)"
dotnet build Transparency.sln -c Release -v q --nologo -clp:ErrorsOnly

echo "== Running the harness"
dotnet tests/Transparency.Benchmarks/bin/Release/net10.0/Transparency.Benchmarks.dll \
  --connection "$BENCHMARK_CONNECTION" \
  --app "$root/src/Transparency.Web/bin/Release/net10.0/Transparency.Web.dll" \
  --port "$APPPORT" \
  "${doc[@]}" \
  --command "scripts/benchmark.sh${*:+ $*}" \
  "$@"
