#!/usr/bin/env bash
# Replay benchmark: a generated day of traffic on LANES cargo lanes (CROSSINGS trucks each, one a
# minute, nine events per truck: entry, plate, weight, container, scan, declaration QR, and the
# loops as the truck leaves), replayed with `laneagent lane replay --summary`. A deterministic mix:
# mostly clean trucks, some overweight, some unknown plates, some X-ray suspects. Prints the
# replay's summary line (events, crossings, decisions by outcome, events/s) and checks that every
# truck got exactly one decision.
#   deploy/bench-replay.sh BIN_DIR [LANES] [CROSSINGS]     (default: 10 1440, a day at one truck a minute)
set -euo pipefail
bin="$1"
lanes="${2:-10}"
crossings="${3:-1440}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$lanes" "$crossings" <<'PY'
import json, random, sys
work, lanes, crossings = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)

def check_digit(code10):
    def value(c):
        if c.isdigit():
            return int(c)
        v = 9
        for o in range(ord("A"), ord(c) + 1):
            v += 1
            if v % 11 == 0:
                v += 1
        return v
    return code10 + str(sum(value(c) << i for i, c in enumerate(code10)) % 11 % 10)

config = ['[agent]', 'device = "bench-replay"', 'site = "bench"', f'state_dir = "{work}/state"', '']
for lane in range(1, lanes + 1):
    for kind, driver, extra in [("scale", "yaohua-xk3190", f'port = "/dev/laneagent/scale-{lane}"'),
                                ("plate-reader", "generic-plate-json", 'address = "127.0.0.1"'),
                                ("container-ocr", "generic-container-json", 'address = "127.0.0.1"'),
                                ("xray", "generic-scan-json", 'address = "127.0.0.1"'),
                                ("code-reader", "serial-code", f'port = "/dev/laneagent/qr-{lane}"')]:
        config += ['[[devices]]', f'id = "{kind}-{lane}"', f'kind = "{kind}"', f'driver = "{driver}"', extra, '']
for lane in range(1, lanes + 1):
    config += ['[[lanes]]', f'id = "C{lane}"', 'kind = "cargo"',
               'devices = [' + ", ".join(f'"{k}-{lane}"' for k in ["scale", "plate-reader", "container-ocr", "xray", "code-reader"]) + ']',
               'rules = "rules.toml"', '[lanes.gpio]', 'chip = "simulated"', f'entry_loop = "C{lane}_IN"', f'exit_loop = "C{lane}_OUT"',
               f'barrier = "C{lane}_BARRIER"', f'green = "C{lane}_GREEN"', f'red = "C{lane}_RED"', '']
open(f"{work}/agent.toml", "w").write("\n".join(config))
open(f"{work}/rules.toml", "w").write("""[pack]
name = "bench"
version = "1"
[thresholds]
collect_timeout_seconds = 60
[thresholds.gross_limit_kg]
"3" = 24000
[require]
cargo = ["plate", "weight", "container", "scan", "declaration"]
[outcomes]
"weight.declared" = "HOLD"
"weight.axle_limit" = "HOLD"
"scan.verdict" = "HOLD"
""")

vehicles = []
for n in range(500):
    vehicles.append({"plate": f"29C{10000 + n}", "containers": [check_digit(f"CSQU{300000 + n:06d}")],
                     "declaredGrossKg": 22000, "axles": 3, "declaration": f"TK-2026-{n:06d}"})
json.dump({"version": 1, "issuedAt": "2026-11-23T00:00:00.000Z", "vehicles": vehicles,
           "watchlist": {"plates": [], "documents": [], "subjects": []}}, open(f"{work}/reference.json", "w"))

def at(ms):
    day = "2026-11-23" if ms < 86_400_000 else "2026-11-24"
    ms %= 86_400_000
    return f"{day}T{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}Z"

events = []
for lane in range(1, lanes + 1):
    name = f"C{lane}"
    for n in range(crossings):
        start = n * 60_000 + lane * 997
        vehicle = rng.choice(vehicles)
        roll = rng.random()
        plate = vehicle["plate"] if roll >= 0.05 else f"51D{rng.randrange(10000, 99999)}"
        weight = 22000 + rng.randrange(-400, 400) if roll < 0.90 else 26500
        verdict = "suspect" if 0.97 <= roll else "clear"
        timeline = [(0, {"type": "presence", "loop": "entry", "occupied": True}),
                    (2_000, {"type": "plate", "plate": plate, "confidence": 0.95}),
                    (5_000, {"type": "weight", "weightKg": weight, "stable": True}),
                    (6_000, {"type": "container", "code": vehicle["containers"][0]}),
                    (15_000, {"type": "scan", "verdict": verdict}),
                    (18_000, {"type": "code", "text": f"VNACCS|{vehicle['declaration']}"}),
                    (30_000, {"type": "presence", "loop": "entry", "occupied": False}),
                    (32_000, {"type": "presence", "loop": "exit", "occupied": True}),
                    (38_000, {"type": "presence", "loop": "exit", "occupied": False})]
        for offset, body in timeline:
            events.append((start + offset, lane, json.dumps({"at": at(start + offset), "lane": name, **body}, separators=(",", ":"))))
events.sort(key=lambda e: (e[0], e[1]))
with open(f"{work}/events.ndjson", "w") as f:
    for _, _, line in events:
        f.write(line + "\n")
print(f"generated {len(events)} events: {lanes} lanes x {crossings} crossings", file=sys.stderr)
PY

echo "==> laneagent lane replay: $lanes lanes, $crossings crossings each"
status=0
"$bin/laneagent" lane replay --config "$work/agent.toml" --events "$work/events.ndjson" --reference "$work/reference.json" --summary \
    > "$work/out.ndjson" 2> "$work/err.txt" || status=$?
cat "$work/err.txt"
[ "$status" -eq 0 ] || { echo "replay exited $status" >&2; exit 1; }
decisions="$(grep -c '"type":"decision"' "$work/out.ndjson" || true)"
expected=$((lanes * crossings))
echo "decisions: $decisions of $expected trucks; output lines: $(wc -l < "$work/out.ndjson")"
[ "$decisions" -eq "$expected" ] || { echo "expected one decision per truck" >&2; exit 1; }
