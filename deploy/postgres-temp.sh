#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benchmarks and the scale run, from Debian's
# postgresql package. PostgreSQL refuses to run as root, so under root the cluster belongs to the
# `postgres` user; it listens on 127.0.0.1 only, trusts local connections (nothing else can
# reach it) and lives in DIR until `stop`.
#   deploy/postgres-temp.sh start DIR [PORT]   initialise (first time) and start; prints the URL
#   deploy/postgres-temp.sh stop DIR           fast shutdown (keeps DIR)
#   deploy/postgres-temp.sh restart DIR        stop and start on the same port
#   deploy/postgres-temp.sh kill DIR           SIGKILL the server (a crash)
# With POSTGRES_TEMP_OWNER=PID, `start` also leaves a watcher that stops the cluster and removes
# DIR once process PID has ended, however it ended (a test process killed mid-run included).
set -euo pipefail
command="${1:-}" dir="${2:-}"
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|restart|kill DIR [PORT]" >&2; exit 2; }
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bindir/pg_ctl" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 2; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local port="${1:-}"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if [ -z "$port" ]; then
        port="$(cat "$dir/port" 2>/dev/null || python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    fi
    echo "$port" | as_owner tee "$dir/port" >/dev/null
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c shared_buffers=64MB" start >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    if [ -n "${POSTGRES_TEMP_OWNER:-}" ]; then
        local owner="$POSTGRES_TEMP_OWNER" script
        script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
        nohup bash -c "while kill -0 $owner 2>/dev/null; do sleep 2; done; '$script' stop '$dir'; rm -rf '$dir'" >/dev/null 2>&1 </dev/null &
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
}

case "$command" in
    start) start "${3:-}" ;;
    stop) as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
    restart)
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
        start "$(cat "$dir/port")" >/dev/null ;;
    kill) kill -9 "$(head -1 "$dir/data/postmaster.pid")" ;;
    *) echo "unknown command $command" >&2; exit 2 ;;
esac
