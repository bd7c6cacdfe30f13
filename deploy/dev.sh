#!/usr/bin/env bash
# LaneAgent developer entry point, run from the repository root on Debian bookworm with Swift:
#   deploy/dev.sh demo    install what is missing, build, run the demo
#   deploy/dev.sh test    install what is missing, build once, run the whole test suite (the
#                         receiver's suites twice: on SQLite and on PostgreSQL), the docs
#                         check, schemathesis on the three OpenAPI documents, the record body
#                         schemas against the code and real records, the fuzzers, then
#                         build the Debian package (release) and check it (deploy/debian/check.sh),
#                         then a bounded VM pass on it (deploy/vm/vmtest.py: a crossing, 3 power cuts)
#   deploy/dev.sh package build and check only the Debian package
#   deploy/dev.sh bench   build release and run the package-benchmark suites, diag bench, the
#                         uplink drain benchmark (deploy/bench-uplink.sh), the device gateway
#                         benchmark (deploy/bench-gateway.sh), diag bench-lanes and the replay
#                         benchmark (deploy/bench-replay.sh)
#   deploy/dev.sh fuzz [S]  run each libFuzzer harness (scale decoders, terminal and camera pushes, passport chips, board files)
#                         for S seconds (default 300)
#   deploy/dev.sh scale [--minutes N] [run.py options]
#                         the fault run at scale (deploy/scale/run.py, docs/central-at-scale.md):
#                         PostgreSQL, 3 receivers, 200 boards in network namespaces, N minutes (default 10)
#   deploy/dev.sh vm-test [--deb PATH] [--power-cuts N] [--negative-control N]
#                         boot a Debian guest in qemu and check the package on a real kernel,
#                         systemd and udev with a USB-serial scale and gpio-sim (deploy/vm/vmtest.py),
#                         then N power cuts; builds the package when --deb is not given
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and the tests need (GRDB needs libsqlite3-dev; later drivers use
# libgpiod and libusb).
# The Debian package is built and checked with dpkg-dev, binutils, chrpath and lintian; the
# status page test renders with chromium; the systemd unit test runs systemd-analyze; the
# library-fit tests run FoundationXML, which loads libxml2; schemathesis goes into a python3-venv;
# the uplink tests balance receivers with nginx (run unprivileged, on loopback); the receiver's
# suites run a second time on PostgreSQL (a throwaway cluster, deploy/postgres-temp.sh).
# Passport chips: pcsc-lite's client library and OpenSSL's libcrypto (3DES, Brainpool curves) to
# build; pcscd with vsmartcard's virtual reader (vpcd) and its passport emulator (vpicc, in
# python3-virtualsmartcard, whose 3DES comes from python3-pycryptodome) for the chip reader's tests
# against a third-party card.
packages=(libsqlite3-dev libgpiod-dev libusb-1.0-0-dev zlib1g-dev pkg-config python3 openssl
    dpkg-dev binutils chrpath lintian chromium systemd libxml2 python3-venv nginx postgresql nftables
    libpcsclite-dev libssl-dev pcscd vsmartcard-vpcd vsmartcard-vpicc python3-virtualsmartcard python3-pycryptodome)

# The VM test (deploy/vm): qemu, and mmdebstrap to build the guest image from the Debian archive.
vm_packages=(qemu-system-x86 qemu-utils mmdebstrap e2fsprogs)

install_missing() {
    local missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]})); then
        echo "==> installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
    fi
    # The test suite checks exports with an independent DSSE verifier, and uploads against the
    # OpenAPI contract (and through a fault-injecting proxy), all written in Python.
    if ! python3 -c 'import cryptography, yaml, jsonschema, referencing, openapi_spec_validator' 2>/dev/null; then
        echo "==> installing Python packages for the tests"
        local python_packages=(cryptography pyyaml jsonschema referencing openapi-spec-validator)
        python3 -m pip install --quiet "${python_packages[@]}" || python3 -m pip install --quiet --break-system-packages "${python_packages[@]}"
    fi
    command -v swift >/dev/null || { echo "swift not found: install Swift 6 (swift.org) and put it on PATH" >&2; exit 2; }
}

# Stops the pcscd the chip reader tests left running, named by the pid file beside its socket.
stop_test_pcscd() {
    local file="${PCSCLITE_CSOCK_NAME%/*}/pcscd.pid" pid
    [ -f "$file" ] || return 0
    pid="$(tr -dc 0-9 < "$file")"
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
}

# The libFuzzer harnesses (Tests/Fuzz): one for the scale decoders, run once per scale driver the
# binary lists (`laneagent diag drivers --json`), seeded with that driver's frames, one for
# the terminal and camera pushes (ZKTeco, Hikvision access and ANPR), seeded with their request
# fixtures, and one for passport chips (TLV, EF.SOD, certificates, master lists), seeded with the
# specimen passports. They exist only in this build (LANEAGENT_FUZZ=1), in their own scratch
# folder so the normal build is not invalidated. A crash leaves the input in .build-fuzz/crash-*:
# add it to the driver's fixtures as a vector, fix the driver, and the fixture test keeps it fixed.
fuzz() {
    local seconds="$1" scratch=".build-fuzz"
    local flags=(--scratch-path "$scratch" -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library)
    swift build --product laneagent 2>&1 | grep -E "error|warning: unre" || true
    # "name folder" for each scale driver, as the binary registers them.
    local scales
    scales="$("$(swift build --show-bin-path)/laneagent" diag drivers --json | python3 -c '
import json, sys
for driver in json.load(sys.stdin):
    if driver["kind"] == "scale":
        print(driver["name"], driver["folder"])')"
    [ -n "$scales" ] || { echo "laneagent diag drivers --json listed no scale driver" >&2; exit 1; }
    echo "==> building the fuzzers"
    for harness in Scale TerminalEvent Chip BoardFiles; do
        LANEAGENT_FUZZ=1 swift build "${flags[@]}" --product "${harness}Fuzzer" 2>&1 | grep -E "error|warning: unre" || true
    done
    local bin
    bin="$(LANEAGENT_FUZZ=1 swift build "${flags[@]}" --show-bin-path)"
    # Each run: a corpus name, the harness, and for the scale harness the driver and its folder.
    local runs=()
    while read -r name folder; do runs+=("$name Scale $folder"); done <<<"$scales"
    runs+=("TerminalEvent TerminalEvent -" "Chip Chip -" "BoardFiles BoardFiles -")
    for run in "${runs[@]}"; do
        local corpusName harness folder
        read -r corpusName harness folder <<<"$run"
        local corpus="$scratch/corpus/$corpusName"
        mkdir -p "$corpus"
        python3 - "$harness" "$corpus" "$folder" <<'PY'
import hashlib, json, os, sys
harness, corpus, folder = sys.argv[1], sys.argv[2], sys.argv[3]
def seed(data):
    open(f"{corpus}/seed-{hashlib.sha1(data).hexdigest()}", "wb").write(data)
if harness == "BoardFiles":
    # The first byte picks the input (BoardFilesFuzzer.swift): 0 TOML, 1 JSON, 2 a time, 3 NDJSON lines.
    for folder in ["deploy/rules", "deploy/sites"]:
        for name in sorted(os.listdir(folder)):
            seed(bytes([0]) + open(f"{folder}/{name}", "rb").read())
    for root, _, names in os.walk("drivers"):
        for name in names:
            if name == "sample.toml":
                seed(bytes([0]) + open(f"{root}/{name}", "rb").read())
    seed(bytes([1]) + open("Tests/ReplayTests/Fixtures/reference.json", "rb").read())
    for time in [b"2026-11-23T08:15:02Z", b"2026-11-23T08:15:02.123+07:00", b"9999-12-31T23:59:59Z"]:
        seed(bytes([2]) + time)
elif harness == "Chip":
    # The first byte picks the input (ChipFuzzer.swift): 0 TLV, 1 EF.SOD, 2 a certificate, 3 a master list.
    # Seeds: the third-party specimen passports' files (Tests/DocumentSecurityTests/Fixtures/SOURCES.md);
    # their DG14s (read as TLV and as DG14) carry Chip Authentication keys. Files over 64 KiB (the
    # 900 KB German master list) are left out: libFuzzer sizes every input to the largest seed,
    # so one mutation of a 40-byte TLV cost as much as one of the master list.
    for root, _, names in os.walk("Tests/DocumentSecurityTests/Fixtures"):
        for name in sorted(names):
            data = open(f"{root}/{name}", "rb").read()
            if len(data) > 65536:
                continue
            if name.endswith(".bin"):
                seed(bytes([1 if "SOD" in name else 0]) + data)
            elif name.endswith((".cer", ".der")):
                seed(bytes([2]) + data)
            elif name.endswith(".ml"):
                seed(bytes([3]) + data)
elif harness == "Scale":
    fixtures = f"{folder}/Fixtures"
    for line in open(f"{fixtures}/frames.jsonl"):
        if not line.strip():
            continue
        vector = json.loads(line)
        text = open(f"{fixtures}/{vector['hexFile']}").read() if "hexFile" in vector else vector["hex"]
        data = bytes.fromhex("".join(text.split()))
        wrap = vector.get("wrap")
        data = b"\x02" + data + (b"\r" if wrap == "stx-cr" else b"\x03") if wrap else data
        seed(data)
else:
    # The first byte picks the input (TerminalEventFuzzer.swift): 0 ATTLOG, 1 rtlog,
    # 2 Hikvision JSON, 3 Hikvision multipart, 4 ANPR XML, 5 a plate text, 6 key events, 7 MRZ lines.
    for folder in ["drivers/Biometrics/ZKTecoPush", "drivers/Biometrics/HikvisionAccess", "drivers/PlateReaders/HikvisionANPR"]:
        fixtures = f"{folder}/Fixtures"
        for line in open(f"{fixtures}/requests.jsonl"):
            if not line.strip():
                continue
            vector = json.loads(line)
            if "file" in vector:
                raw = open(f"{fixtures}/{vector['file']}", "rb").read()
                head, _, body = raw.partition(b"\r\n\r\n")
            else:
                head = (vector.get("target", "") + json.dumps(vector.get("headers", {}))).encode()
                body = open(f"{fixtures}/{vector['bodyFile']}", "rb").read() if "bodyFile" in vector else vector.get("body", "").encode()
            if "ZKTeco" in folder:
                selector = 1 if b"rtlog" in head else 0
            elif "HikvisionAccess" in folder:
                selector = 3 if b"multipart" in head.lower() else 2
            else:
                selector = 4
            seed(bytes([selector]) + body)
            for reading in vector.get("readings") or []:
                if "raw" in reading:
                    seed(bytes([5]) + reading["raw"].encode())
    for line in open("drivers/CodeReaders/HIDCode/Fixtures/keystrokes.jsonl"):
        vector = json.loads(line)
        if vector.get("eventSize") == 24:
            seed(bytes([6]) + bytes.fromhex("".join(vector["hex"].split())))
    for line in open("drivers/CodeReaders/SerialMRZ/Fixtures/documents.jsonl"):
        seed(bytes([7]) + json.loads(line)["text"].encode())
    specimens = "drivers/CodeReaders/SerialMRZ/Fixtures/third-party"
    for name in sorted(n for n in os.listdir(specimens) if n.endswith(".txt")):
        seed(bytes([7]) + open(f"{specimens}/{name}", "rb").read().replace(b"\n", b"\r"))
PY
        echo "==> fuzzing $corpusName for ${seconds}s"
        # Swift's own crash backtracer would kill the process before libFuzzer saves the input.
        if ! (cd "$scratch" && SWIFT_BACKTRACE=enable=no LANEAGENT_FUZZ_SCALE_DRIVER="$corpusName" "$bin/${harness}Fuzzer" \
                -max_total_time="$seconds" "corpus/$corpusName" >"fuzz-$corpusName.log" 2>&1); then
            grep -aE "Fatal error|ERROR|Test unit written" "$scratch/fuzz-$corpusName.log" >&2 || tail -20 "$scratch/fuzz-$corpusName.log" >&2
            echo "the $corpusName fuzzer found a crash; the input is in $scratch/crash-*" >&2
            exit 1
        fi
        grep -aE "^Done" "$scratch/fuzz-$corpusName.log" || true
    done
}

case "${1:-}" in
demo)
    install_missing
    echo "==> building"
    swift build --product laneagent
    echo "==> running the simulated checkpoint"
    "$(swift build --show-bin-path)/laneagent" demo
    ;;
test)
    packages+=("${vm_packages[@]}")
    install_missing
    echo "==> swift format lint (deploy/format-lint.sh)"
    deploy/format-lint.sh
    echo "==> building (debug, with tests)"
    swift build --build-tests
    # One PostgreSQL for every suite that needs one; it stops when this script ends, however it ends.
    echo "==> a throwaway PostgreSQL for the tests (deploy/postgres-temp.sh)"
    LANEAGENT_TEST_POSTGRES="$(POSTGRES_TEMP_OWNER=$$ deploy/postgres-temp.sh start "/tmp/laneagent-test-postgres-$$")"
    export LANEAGENT_TEST_POSTGRES
    echo "==> running the test suite"
    # The passport chip tests' own pcscd puts its socket here (Tests/ChipReadersTests/VirtualReader.swift);
    # set before the tests start, since setting it while they run races their child processes.
    export PCSCLITE_CSOCK_NAME="/tmp/laneagent-test-pcscd-$$/pcscd.comm"
    # The tests' last pcscd outlives them (--auto-exit did not end it with vpcd loaded): stop it, pass or fail.
    trap stop_test_pcscd EXIT
    LANEAGENT_BIN="$(swift build --show-bin-path)/laneagent" swift test --skip-build
    echo "==> the receiver's suites again, every receiver on PostgreSQL"
    LANEAGENT_TEST_RECEIVER_STORE=postgres LANEAGENT_BIN="$(swift build --show-bin-path)/laneagent" swift test --skip-build --filter UplinkTests
    # Bounded: 200 boards for 90 s of faults; `deploy/dev.sh scale` runs longer.
    echo "==> faults at scale: 200 boards, 3 receivers, PostgreSQL (deploy/scale/run.py)"
    python3 deploy/scale/run.py --bin "$(swift build --show-bin-path)" --boards 200 --minutes 1.5 --postgres-outage 10
    echo "==> the docs' links and commands (deploy/check-docs.py)"
    LANEAGENT_BIN="$(swift build --show-bin-path)/laneagent" python3 deploy/check-docs.py
    echo "==> the three OpenAPI documents against the running servers (deploy/schemathesis.sh)"
    deploy/schemathesis.sh "$(swift build --show-bin-path)" 20
    echo "==> the record body schemas against the code and real records (deploy/check-record-schemas.py)"
    LANEAGENT_BIN="$(swift build --show-bin-path)/laneagent" python3 deploy/check-record-schemas.py
    # A bounded run in every test pass; `deploy/dev.sh fuzz` runs longer.
    fuzz 15
    echo "==> building and checking the Debian package"
    deb="$(deploy/debian/build.sh)"
    deploy/debian/check.sh "$deb"
    # A bounded pass on a real kernel, systemd and udev; `deploy/dev.sh vm-test --power-cuts N` runs longer.
    echo "==> the board in a virtual machine: install, systemd, udev, gpio-sim, one crossing, 3 power cuts"
    LANEAGENT_BIN="$(swift build --show-bin-path)/laneagent" python3 deploy/vm/vmtest.py --deb "$deb" --power-cuts 3 --negative-control 3
    ;;
package)
    install_missing
    deb="$(deploy/debian/build.sh)"
    deploy/debian/check.sh "$deb"
    ;;
fuzz)
    install_missing
    fuzz "${2:-300}"
    ;;
bench)
    install_missing
    echo "==> building release"
    swift build -c release --product laneagent
    swift build -c release --product clearance-receiver
    bin="$(swift build -c release --show-bin-path)/laneagent"
    state="$(mktemp -d)"
    trap 'rm -rf "$state"' EXIT
    printf '[agent]\ndevice = "bench-1"\nsite = "bench"\nstate_dir = "%s/state"\n' "$state" > "$state/agent.toml"
    "$bin" keys init --config "$state/agent.toml" >/dev/null
    for producers in 1 4; do
        "$bin" diag bench --config "$state/agent.toml" --records 100000 --producers "$producers" --baseline
    done
    echo "==> uplink drain benchmark"
    deploy/bench-uplink.sh "$(swift build -c release --show-bin-path)"
    echo "==> device gateway benchmark"
    deploy/bench-gateway.sh "$(swift build -c release --show-bin-path)"
    echo "==> lanes: 10 lanes on one board, decision and actuation latency"
    "$bin" diag bench-lanes --lanes 10 --crossings 100
    echo "==> lane replay throughput: a day of 10 cargo lanes"
    deploy/bench-replay.sh "$(swift build -c release --show-bin-path)"
    echo "==> package-benchmark suites"
    (cd Benchmarks && swift package --allow-writing-to-package-directory benchmark)
    ;;
scale)
    install_missing
    swift build --product laneagent
    swift build --product clearance-receiver
    shift
    case " $* " in
    *" --minutes "*) scale_args=("$@") ;;
    *) scale_args=(--minutes 10 "$@") ;;
    esac
    python3 deploy/scale/run.py --bin "$(swift build --show-bin-path)" "${scale_args[@]}"
    ;;
vm-test)
    packages+=("${vm_packages[@]}")
    install_missing
    swift build --product laneagent
    shift
    # The package under test: --deb PATH, else built now.
    case " $* " in
    *" --deb "*) vm_args=("$@") ;;
    *) vm_args=(--deb "$(deploy/debian/build.sh | tail -1)" "$@") ;;
    esac
    LANEAGENT_BIN="$(swift build --show-bin-path)/laneagent" python3 deploy/vm/vmtest.py "${vm_args[@]}"
    ;;
*)
    echo "usage: deploy/dev.sh demo|test|package|bench|fuzz [seconds]|scale [--minutes N]|vm-test [--deb PATH] [--power-cuts N] [--negative-control N]" >&2
    exit 2
    ;;
esac
