#!/usr/bin/env bash
# Build the LaneAgent Debian package, run from anywhere in the repository:
#   deploy/debian/build.sh [OUTPUT_DIR]        (default .build-deb)
# prints the path of OUTPUT_DIR/laneagent_<version>_<arch>.deb and leaves the staged tree
# (what the package installs, plus DEBIAN/) in OUTPUT_DIR/root for deploy/install.sh --tree.
#
# The executables are release builds with the Swift runtime linked in (--static-swift-stdlib),
# stripped, so a board needs only the Debian libraries in Depends (computed by dpkg-shlibdeps
# from what the binaries actually link). Needs dpkg-dev, binutils, chrpath and Swift.
# Environment: DEBIAN_REVISION (default 1), SOURCE_DATE_EPOCH (default: the last commit's
# time), LANEAGENT_MAINTAINER (the Maintainer field).
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "deploy/debian/build.sh: $*" >&2; exit 2; }

for tool in dpkg-deb dpkg-shlibdeps strip chrpath readelf gzip; do
    command -v "$tool" >/dev/null || fail "$tool not found: apt-get install dpkg-dev binutils chrpath"
done

version_file=Sources/Agent/LaneAgentVersion.swift
upstream=$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' "$version_file")
[ -n "$upstream" ] || fail "no version in $version_file (expected: static let current = \"X.Y.Z\")"
version="$upstream-${DEBIAN_REVISION:-1}"
arch=$(dpkg --print-architecture)
maintainer=${LANEAGENT_MAINTAINER:-"LaneAgent maintainers <laneagent@example.org>"}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

# What the other parts of deploy/ provide; the package is incomplete without any of them.
# LANEAGENT_DEPLOY_DIR points elsewhere (check.sh uses it to test the refusal).
deploy=${LANEAGENT_DEPLOY_DIR:-deploy}
unit=$deploy/systemd/laneagent.service
[ -f "$unit" ] || fail "missing $unit (the systemd unit the package installs)"
shopt -s nullglob
udev_rules=($deploy/udev/*.rules)
rule_packs=($deploy/rules/*.toml)
site_configs=($deploy/sites/*.toml)
shopt -u nullglob
((${#udev_rules[@]})) || fail "missing $deploy/udev/*.rules (generate with: laneagent udev-rules --generic)"
((${#rule_packs[@]})) || fail "missing $deploy/rules/*.toml (the rule packs)"
((${#site_configs[@]})) || fail "missing $deploy/sites/*.toml (the sample site configurations)"

out=${1:-.build-deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
root="$out/root"
deb="$out/laneagent_${version}_${arch}.deb"

# Exactly these flags: deploy/bench-uplink.sh and others share this scratch folder.
release_flags=(-c release --static-swift-stdlib --scratch-path .build-release)
echo "==> building release executables (swift build ${release_flags[*]})" >&2
for product in laneagent clearance-receiver generate-manual; do
    swift build "${release_flags[@]}" --product "$product" >&2
done
bin=$(swift build "${release_flags[@]}" --show-bin-path)

echo "==> staging $root" >&2
rm -rf "$root"
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/systemd/system" \
    "$root/usr/lib/udev/rules.d" "$root/usr/share/laneagent/rules" "$root/usr/share/laneagent/sites" \
    "$root/usr/share/doc/laneagent" "$root/usr/share/man/man1" "$root/usr/share/lintian/overrides"

for executable in laneagent clearance-receiver; do
    install -m 0755 "$bin/$executable" "$root/usr/bin/$executable"
    # As dh_strip does: no symbols, no build-id notes or compiler comments to ship.
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/$executable"
    # SwiftPM links with RUNPATH $ORIGIN; with the runtime linked in there is nothing to find there.
    chrpath -d "$root/usr/bin/$executable" >/dev/null
    if readelf -d "$root/usr/bin/$executable" | grep -E 'NEEDED.*\[lib(swift|Foundation|dispatch|BlocksRuntime|_Foundation)'; then
        fail "$executable still needs the Swift runtime (see above): build with --static-swift-stdlib"
    fi
done

install -m 0644 "$unit" "$root/usr/lib/systemd/system/laneagent.service"
for file in "${udev_rules[@]}"; do install -m 0644 "$file" "$root/usr/lib/udev/rules.d/"; done
for file in "${rule_packs[@]}"; do install -m 0644 "$file" "$root/usr/share/laneagent/rules/"; done
for file in "${site_configs[@]}"; do install -m 0644 "$file" "$root/usr/share/laneagent/sites/"; done
if [ -f deploy/debian/lintian-overrides ]; then
    install -m 0644 deploy/debian/lintian-overrides "$root/usr/share/lintian/overrides/laneagent"
else
    rmdir "$root/usr/share/lintian/overrides" "$root/usr/share/lintian"
fi

# Manual pages from the commands' own help (swift-argument-parser's generate-manual): one page
# per executable with every subcommand, so `man laneagent` and `--help` never disagree.
release_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
manuals=$(mktemp -d)
trap 'rm -rf "$manuals"' EXIT
for executable in laneagent clearance-receiver; do
    "$bin/generate-manual" "$root/usr/bin/$executable" --section 1 --date "$release_date" \
        --authors "LaneAgent maintainers" --output-directory "$manuals" >/dev/null
    # Blank lines between help paragraphs are paragraph breaks: say so in mdoc, as groff wants.
    sed 's/^$/.Pp/' "$manuals/$executable.1" | gzip -9n >"$root/usr/share/man/man1/$executable.1.gz"
    chmod 0644 "$root/usr/share/man/man1/$executable.1.gz"
done

# Debian changelog (a packaging revision over the upstream version, hence changelog.Debian).
{
    echo "laneagent ($version) bookworm; urgency=medium"
    echo
    echo "  * LaneAgent $upstream for lane boards: the laneagent daemon and CLI, the"
    echo "    clearance-receiver, the systemd unit, udev rules, sample site configurations"
    echo "    and rule packs."
    echo
    echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$root/usr/share/doc/laneagent/changelog.Debian.gz"
chmod 0644 "$root/usr/share/doc/laneagent/changelog.Debian.gz"
deploy/debian/copyright.sh .build-release/checkouts >"$root/usr/share/doc/laneagent/copyright"
chmod 0644 "$root/usr/share/doc/laneagent/copyright"

for script in postinst prerm postrm; do
    install -m 0755 "deploy/debian/$script" "$root/DEBIAN/$script"
done

# Depends: the Debian package of every library the executables link, with the minimum
# version their symbols need; passwd (useradd) for the postinst.
shlibs=$(mktemp -d)
mkdir "$shlibs/debian"
printf 'Source: laneagent\n\nPackage: laneagent\nArchitecture: any\n' >"$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps -O "$root/usr/bin/laneagent" "$root/usr/bin/clearance-receiver" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
rm -rf "$shlibs"
[ -n "$depends" ] || fail "dpkg-shlibdeps found no libraries for the executables"
# Packed relative relocations (Package.swift's ExecutableLinking) need glibc 2.36's loader; the
# executables say so with a GLIBC_ABI_DT_RELR version need, which dpkg-shlibdeps does not map.
if readelf -V "$root/usr/bin/laneagent" "$root/usr/bin/clearance-receiver" | grep GLIBC_ABI_DT_RELR >/dev/null; then
    depends=$(sed -E 's/libc6 \(>= [^)]*\)/libc6 (>= 2.36)/' <<<"$depends")
fi

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: laneagent
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: passwd, $depends
Recommends: pcscd
Section: net
Priority: optional
Description: lane-edge agent for smart border gates
 LaneAgent runs on the edge board of a border-checkpoint lane. It reads the
 lane's devices (weighbridge scales, plate and container cameras, document,
 code, passport-chip and fingerprint readers, presence loops), decides each crossing by a
 rule pack, drives barriers and lights, signs every record with the board's
 Ed25519 key into a durable journal and uploads it to the clearance service.
 .
 This package holds the laneagent daemon and command line, the
 clearance-receiver (the central service's reference receiver), the systemd
 unit, udev rules, sample site configurations and rule packs.
EOF

(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
# Reproducible: same sources and SOURCE_DATE_EPOCH, same archive.
find "$root" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +

rm -f "$out"/laneagent_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
for executable in laneagent clearance-receiver; do
    echo "$executable: $(stat -c %s "$root/usr/bin/$executable") bytes stripped" >&2
done
echo "package: $(stat -c %s "$deb") bytes" >&2
echo "$deb"
