#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server from the machine's installed binaries, for
# tests, CI and benchmarks. Usage: scripts/test-postgres.sh start DIR [PORT] | stop DIR
# DIR must be empty or absent (or hold a server this script made earlier). On start it prints
# the DATABASE_URL to use. As root, the server runs as the `postgres` user (initdb refuses root),
# so DIR must be reachable by that user: use a folder of its own, e.g. from `mktemp -d`.
set -euo pipefail
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?data folder}")
bindir=$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || {
  echo "PostgreSQL server binaries not found in /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
}
is_root() { [ "$(id -u)" = 0 ]; }
# From / so that the postgres user is not left in a working directory it may not read.
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

case "$cmd" in
  start)
    port=${3:-55432}
    if is_root && ! id postgres >/dev/null 2>&1; then
      echo "there is no postgres user to run the server as (apt-get install postgresql creates it)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    chmod 700 "$dir"
    if is_root; then chown postgres "$dir"; fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      out=$(as_pg "$bindir/initdb" -D "$dir" -U postgres --auth=trust --data-checksums -E UTF8 \
        --locale=C.UTF-8 2>&1) || {
        echo "$out" >&2
        exit 1
      }
    fi
    # Loopback only, and the unix socket inside DIR: nothing of the machine's own server is touched.
    as_pg "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" \
      start >/dev/null || {
      echo "PostgreSQL did not start; its log:" >&2
      cat "$dir/server.log" >&2 || true
      exit 1
    }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start DIR [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
