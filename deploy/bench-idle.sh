#!/usr/bin/env bash
# Idle benchmark of the daemon as a board runs it: `laneagent run` with the Huu Nghi 1119 site
# configuration (deploy/sites/huu-nghi-1119-cargo.toml) and simulators attached in place of the
# wired devices (the scale and the QR reader on pseudo-terminals, the simulated GPIO chip, a
# loopback clearance-receiver for the uplink). Reports, over RUNS starts (default 5):
#   - time from exec to READY=1 on a fake NOTIFY_SOCKET (target ≤ 1 s),
#   - idle RSS after SETTLE seconds (default 20) of running (target ≤ 40 MB), and the peak,
#   - the sizes of the two executables in BIN_DIR.
#   deploy/bench-idle.sh BIN_DIR [RUNS] [SETTLE]
set -euo pipefail
bin="$(cd "$1" && pwd)"; runs="${2:-5}"; settle="${3:-20}"
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$bin/laneagent" diag simulate scale --driver yaohua-xk3190 --link "$work/scale-1" --weight 0 --baud 1200 >/dev/null 2>&1 &
pids+=($!)
"$bin/laneagent" diag simulate code --link "$work/qr-1" >/dev/null 2>&1 </dev/zero &
pids+=($!)
"$bin/clearance-receiver" keys init --out "$work/central.key" >/dev/null
printf '{"version":1,"vehicles":[],"watchlist":{"plates":[],"documents":[],"subjects":[]}}\n' >"$work/reference.json"
"$bin/clearance-receiver" reference publish --data "$work/data" --key "$work/central.key" --site huu-nghi-1119 \
    --file "$work/reference.json" >/dev/null
central_key="$("$bin/clearance-receiver" keys show --key "$work/central.key" --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["publicKey"])')"

# The site file with this machine's stand-ins: simulator links, the simulated chip, a loopback
# uplink without TLS, the state in the work folder, the rule pack from the source tree.
python3 - deploy/sites/huu-nghi-1119-cargo.toml "$work" "$central_key" <<'PY'
import os, re, sys
text, work, central_key = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
text = re.sub(r'^central_key = .*$', f'central_key = "{central_key}"', text, flags=re.M)
text = text.replace('state_dir = "/var/lib/laneagent"', f'state_dir = "{work}/state"')
text = text.replace('"/dev/laneagent/scale-1"', f'"{work}/scale-1"').replace('"/dev/laneagent/qr-1"', f'"{work}/qr-1"')
text = re.sub(r'^usb_(vendor|product|serial|path) = .*$', '', text, flags=re.M)
text = re.sub(r'^(ca|cert|key)_file = .*$', '', text, flags=re.M)
text = text.replace('url = "https://clearance.example/"', 'url = "http://127.0.0.1:PORT/"')
text = text.replace('chip = "gpiochip0"', 'chip = "simulated"')
text = text.replace('listen = "0.0.0.0:8088"', 'listen = "127.0.0.1:0"').replace('"127.0.0.1:9108"', '"127.0.0.1:0"')
text = text.replace('"/usr/share/laneagent/rules/', f'"{os.getcwd()}/deploy/rules/')
open(f"{work}/agent.template.toml", "w").write(text)
PY
mkdir -p "$work/state" && chmod 700 "$work/state"
sed "s/PORT/1/" "$work/agent.template.toml" >"$work/agent.toml"
"$bin/laneagent" keys init --config "$work/agent.toml" >/dev/null
"$bin/laneagent" keys show --json --config "$work/agent.toml" >"$work/registry.ndjson"
"$bin/clearance-receiver" serve --listen 127.0.0.1:0 --data "$work/data" --registry "$work/registry.ndjson" \
    --receipt-key "$work/central.key" --port-file "$work/port" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
sed "s/PORT/$(cat "$work/port")/" "$work/agent.template.toml" >"$work/agent.toml"
"$bin/laneagent" config check "$work/agent.toml" >/dev/null

python3 - "$bin/laneagent" "$work" "$runs" "$settle" <<'PY'
import os, signal, socket, statistics, subprocess, sys, time
laneagent, work, runs, settle = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
ready_times, rss = [], []
for run in range(runs):
    path = f"{work}/notify-{run}.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(10)
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="30000000")
    started = time.monotonic()
    child = subprocess.Popen([laneagent, "run", "--config", f"{work}/agent.toml"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            message = sock.recv(4096).decode()
            if message.startswith("READY=1"):
                ready_times.append(time.monotonic() - started)
                break
        time.sleep(settle)
        fields = dict(line.split(":", 1) for line in open(f"/proc/{child.pid}/status").read().splitlines())
        rss.append((int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024))
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=90)
        sock.close()
print(f"start to READY=1 over {runs} starts: median {statistics.median(ready_times)*1000:.0f} ms, "
      f"max {max(ready_times)*1000:.0f} ms (target ≤ 1000 ms)")
print(f"idle RSS after {settle:.0f} s: median {statistics.median(r for r, _ in rss):.1f} MB, max {max(r for r, _ in rss):.1f} MB "
      f"(target ≤ 40 MB); peak RSS since start: max {max(h for _, h in rss):.1f} MB")
print("runs (RSS, peak): " + ", ".join(f"{r:.1f}/{h:.1f}" for r, h in rss))
PY
for executable in laneagent clearance-receiver; do
    echo "$executable: $(stat -c %s "$bin/$executable") bytes ($(du -h "$bin/$executable" | cut -f1))"
done
