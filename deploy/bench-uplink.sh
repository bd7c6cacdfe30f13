#!/usr/bin/env bash
# Drain benchmark: a backlog of N records from `laneagent uplink push` to a loopback
# clearance-receiver, both release builds sharing this machine. Reports records/s, the ratio to
# the single-core Ed25519 verify rate measured in the same run, gzip bytes per record on the
# wire, and the agent's peak RSS against a 1,000-record drain (growth must stay flat).
#   deploy/bench-uplink.sh BIN_DIR [RECORDS ...]     (default: 100000 1000000)
set -euo pipefail
bin="$1"; shift
sizes=("${@:-100000 1000000}")
[ $# -gt 0 ] || sizes=(100000 1000000)
work="$(mktemp -d)"
receiver_pid=""
cleanup() { [ -z "$receiver_pid" ] || kill "$receiver_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Runs a command and prints its peak RSS in KiB on stderr's last line (getrusage of the child).
peak_rss() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)
sys.stdout.write(result.stdout.decode())
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(result.returncode)
PY
}

drain() {  # drain RECORDS -> prints "records seconds bytes rssKiB"
    local records="$1" dir="$work/agent-$1"
    mkdir -p "$dir/state" && chmod 700 "$dir/state"
    printf '[agent]\ndevice = "bench-%s"\nsite = "bench"\nstate_dir = "%s/state"\n[uplink]\nurl = "http://127.0.0.1:%s/"\n' \
        "$records" "$dir" "$port" > "$dir/agent.toml"
    "$bin/laneagent" keys init --config "$dir/agent.toml" >/dev/null
    "$bin/laneagent" keys show --config "$dir/agent.toml" --json >> "$work/registry.ndjson"
    "$bin/laneagent" diag bench --config "$dir/agent.toml" --records "$records" --json >/dev/null
}

echo "==> filling journals"
port=0
for records in 1000 "${sizes[@]}"; do drain "$records"; done

echo "==> starting clearance-receiver"
"$bin/clearance-receiver" keys init --out "$work/central.key" >/dev/null
"$bin/clearance-receiver" serve --listen 127.0.0.1:0 --data "$work/receiver" --registry "$work/registry.ndjson" \
    --receipt-key "$work/central.key" --port-file "$work/port" > "$work/receiver.log" 2>&1 &
receiver_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port="$(cat "$work/port")"
verify="$("$bin/clearance-receiver" diag verify-rate --json | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["verifiesPerSecond"]))')"
echo "single-core Ed25519 verify rate: $verify/s"

baseline_rss=""
for records in 1000 "${sizes[@]}"; do
    config="$work/agent-$records/agent.toml"
    sed -i "s|127.0.0.1:0/|127.0.0.1:$port/|" "$config"
    rss="$(peak_rss "$bin/laneagent" uplink push --config "$config" --timeout 7200 --json 2>&1 >"$work/push.json" | tail -1)"
    python3 - "$work/push.json" "$records" "$verify" "$rss" "${baseline_rss:-$rss}" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
records, verify, rss, base = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rate = result["sent"] / result["seconds"]
print(f"drain {records:>9,} records: {rate:8,.0f} records/s = {rate / verify:.2f}x single-core verify; "
      f"{result['bytes'] / result['sent']:.0f} gzip bytes/record; {result['batches']} batches in {result['seconds']:.1f} s; "
      f"agent peak RSS {rss / 1024:.1f} MB ({(rss - base) / 1024:+.1f} MB vs the 1,000-record drain)")
PY
    [ -n "$baseline_rss" ] || baseline_rss="$rss"
done
