#!/usr/bin/env bash
# LaneAgent developer entry point, run from the repository root on Debian bookworm with Swift:
#   deploy/dev.sh demo    install what is missing, build, run the demo
#   deploy/dev.sh test    install what is missing, build once, run the whole test suite
#   deploy/dev.sh bench   build release and run the package-benchmark suites, diag bench and the
#                         uplink drain benchmark (deploy/bench-uplink.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and the tests need (GRDB needs libsqlite3-dev; later drivers use
# libgpiod and libusb).
packages=(libsqlite3-dev libgpiod-dev libusb-1.0-0-dev zlib1g-dev pkg-config python3 openssl)

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

case "${1:-}" in
demo)
    install_missing
    echo "==> building"
    swift build --product laneagent
    echo "==> running the journal demo"
    "$(swift build --show-bin-path)/laneagent" demo
    ;;
test)
    install_missing
    echo "==> building (debug, with tests)"
    swift build --build-tests
    echo "==> running the test suite"
    LANEAGENT_BIN="$(swift build --show-bin-path)/laneagent" swift test --skip-build
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
    echo "==> package-benchmark suites"
    (cd Benchmarks && swift package --allow-writing-to-package-directory benchmark)
    ;;
*)
    echo "usage: deploy/dev.sh demo|test|bench" >&2
    exit 2
    ;;
esac
