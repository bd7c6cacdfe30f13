#!/usr/bin/env bash
# Runs schemathesis (PyPI), every check, against the three OpenAPI documents in deploy/openapi:
# the clearance receiver's contract, on a receiver started here on loopback with one registered
# device and a reader token, and the board's device gateway and admin server, on a board started
# here with one device of every network driver.
#
#   deploy/schemathesis.sh BIN_DIR [MAX_EXAMPLES]
#
# BIN_DIR holds laneagent and clearance-receiver. schemathesis is installed once into a virtual
# environment outside the work tree ($LANEAGENT_ST_VENV, default ~/.cache/laneagent-schemathesis).
# Exit status: schemathesis's (non-zero on any failure or error), 2 on a usage problem.
set -euo pipefail

bin="${1:?usage: deploy/schemathesis.sh BIN_DIR [MAX_EXAMPLES]}"
examples="${2:-30}"
root="$(cd "$(dirname "$0")/.." && pwd)"
version="4.32.5"
venv="${LANEAGENT_ST_VENV:-$HOME/.cache/laneagent-schemathesis}"
for tool in laneagent clearance-receiver; do
    [ -x "$bin/$tool" ] || { echo "schemathesis.sh: no $tool in $bin" >&2; exit 2; }
done

if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$version"; then
    echo "==> installing schemathesis $version into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

work="$(mktemp -d)"
receiver=""
board=""
cleanup() {
    [ -n "$receiver" ] && kill "$receiver" 2>/dev/null && wait "$receiver" 2>/dev/null || true
    [ -n "$board" ] && kill "$board" 2>/dev/null && wait "$board" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# One device, registered as the VM test and an installer register one (keys show --json + site).
device="ST-1"
site="st-site"
mkdir -p "$work/state" "$work/data"
printf '[agent]\ndevice = "%s"\nsite = "%s"\nstate_dir = "%s/state"\n' "$device" "$site" "$work" > "$work/agent.toml"
"$bin/laneagent" keys init --config "$work/agent.toml" >/dev/null
"$bin/laneagent" keys show --json --config "$work/agent.toml" |
    python3 -c 'import json, sys; line = json.load(sys.stdin); line["site"] = sys.argv[1]; print(json.dumps(line))' "$site" > "$work/registry.ndjson"
token="st-reader-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$token" | sha256sum | cut -d' ' -f1 > "$work/reader-tokens"

"$bin/clearance-receiver" keys init --out "$work/central.key" >/dev/null
"$bin/clearance-receiver" serve --listen 127.0.0.1:0 --port-file "$work/port" --data "$work/data" \
    --registry "$work/registry.ndjson" --reader-tokens "$work/reader-tokens" --receipt-key "$work/central.key" >"$work/receiver.log" 2>&1 &
receiver=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "schemathesis.sh: the receiver did not start:" >&2; cat "$work/receiver.log" >&2; exit 1; }
port="$(cat "$work/port")"

# The board: the same device, a gateway with one device of each network driver (the ZKTeco one
# known by its serial), and the admin server. Ports are picked free by the kernel first.
read -r gateway admin < <(python3 -c '
import socket
ports = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ports.append(s); 
print(*[s.getsockname()[1] for s in ports])')
cat >>"$work/agent.toml" <<TOML

[http]
listen = "127.0.0.1:$gateway"
admin_listen = "127.0.0.1:$admin"

[evidence]
seal_to = "$(head -c 32 /dev/urandom | base64)"

[[devices]]
id = "plate-1"
kind = "plate-reader"
driver = "generic-plate-json"
address = "127.0.0.1"

[[devices]]
id = "anpr-1"
kind = "plate-reader"
driver = "hikvision-anpr"
address = "127.0.0.1"

[[devices]]
id = "ocr-1"
kind = "container-ocr"
driver = "generic-container-json"
address = "127.0.0.1"

[[devices]]
id = "xray-1"
kind = "xray"
driver = "generic-scan-json"
address = "127.0.0.1"

[[devices]]
id = "face-1"
kind = "face-terminal"
driver = "hikvision-access"
address = "127.0.0.1"

[[devices]]
id = "finger-1"
kind = "fingerprint-terminal"
driver = "zkteco-push"
address = "127.0.0.1"
serial = "ST0000000001"
TOML
"$bin/laneagent" run --config "$work/agent.toml" >"$work/board.log" 2>&1 &
board=$!
for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$admin/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$admin/readyz" >/dev/null || { echo "schemathesis.sh: the board did not get ready:" >&2; tail -20 "$work/board.log" >&2; exit 1; }

cd "$root/deploy/openapi/schemathesis"
status=0
run() {
    local spec="$1" config="$2" url="$3"
    shift 3
    echo "==> schemathesis $version, all checks, on deploy/openapi/$spec ($url)"
    PYTHONPATH=. SCHEMATHESIS_HOOKS=hooks "$venv/bin/st" --config-file "$config" run "$root/deploy/openapi/$spec" \
        --url "$url" --checks all --max-examples "$examples" --seed 1 --no-color "$@" || status=1
}
run clearance-v1.yaml receiver.toml "http://127.0.0.1:$port" -H "Authorization: Bearer $token"
run gateway-v1.yaml gateway.toml "http://127.0.0.1:$gateway"
run admin-v1.yaml admin.toml "http://127.0.0.1:$admin"
exit "$status"
