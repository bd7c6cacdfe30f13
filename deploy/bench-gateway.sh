#!/usr/bin/env bash
# Gateway benchmark: `laneagent run` (release) with one Hikvision ANPR camera configured, loaded by
# `laneagent diag simulate anpr --concurrency` over loopback with 200 KB scene pictures (plus a
# 25 KB plate crop), every event's pictures different. Reports sustained events/s and latency
# from request to reply; the gateway replies only once the reading's record is committed (its
# evidence files written and synced first), so that is request-to-committed-record latency.
#   deploy/bench-gateway.sh BIN_DIR [EVENTS] [CONNECTIONS]     (default: 2000 8)
set -euo pipefail
bin="$1"
events="${2:-2000}"
connections="${3:-8}"
work="$(mktemp -d)"
agent_pid=""
cleanup() { [ -z "$agent_pid" ] || kill "$agent_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/state" && chmod 700 "$work/state"
cat > "$work/agent.toml" <<TOML
[agent]
device = "bench-gateway"
site = "bench"
state_dir = "$work/state"

[http]
listen = "127.0.0.1:0"

[[devices]]
id = "plate-1"
kind = "plate-reader"
driver = "hikvision-anpr"
address = "127.0.0.1"
TOML
"$bin/laneagent" keys init --config "$work/agent.toml" >/dev/null
"$bin/laneagent" run --config "$work/agent.toml" > "$work/agent.log" 2>&1 &
agent_pid=$!
port=""
for _ in $(seq 200); do
    port="$(grep 'device gateway listening' "$work/agent.log" | grep -o 'port=[0-9]*' | head -1 | cut -d= -f2 || true)"
    [ -z "$port" ] || break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/agent.log"; echo "the gateway did not start" >&2; exit 1; }
target="http://127.0.0.1:$port/devices/plate-1/events"
echo "==> warm-up"
"$bin/laneagent" diag simulate anpr --target "$target" --count 50 --concurrency 4 --image-kb 200 >/dev/null
echo "==> $events ANPR events with 200 KB pictures from $connections connections"
"$bin/laneagent" diag simulate anpr --target "$target" --count "$events" --concurrency "$connections" --image-kb "${IMAGE_KB:-200}"
kill -TERM "$agent_pid"; wait "$agent_pid" || true; agent_pid=""
echo "evidence stored: $(du -sh "$work/state/evidence" | cut -f1) in $(find "$work/state/evidence" -type f ! -name 'index.sqlite*' | wc -l) files"
