#!/usr/bin/env bash
# Check the LaneAgent Debian package that deploy/debian/build.sh made:
#   deploy/debian/check.sh [PACKAGE.deb]      (default: the one in .build-deb)
# 1. build.sh refuses a deploy folder without the unit, udev rules or site configurations.
# 2. The package's fields, contents, modes and maintainer scripts; the executables are
#    stripped, need no Swift runtime (ldd, readelf) and every library they link belongs to
#    a package in Depends; they run.
# 3. lintian finds no errors (warnings are printed).
# 4. dpkg --root unpacks it into a throwaway root; deploy/install.sh --deb and --tree into
#    other roots give the same files.
# 5. The system test, only as root and with CI set or LANEAGENT_PACKAGE_SYSTEM_TEST=1, since it
#    installs into this machine: dpkg -i creates the laneagent user, /var/lib/laneagent (0700),
#    /etc/laneagent (0750) and a 0600 device key; configuring again changes nothing; dpkg -r
#    keeps configuration, state and key; dpkg -P asks nothing, removes the configuration and
#    keeps state and key; reinstalling and deploy/install.sh never replace a configuration or
#    the key. It refuses to run where a laneagent user or its folders already exist.
# Exit status: 0 all passed, 1 a check failed, 2 usage (no package, missing tools).
set -euo pipefail
cd "$(dirname "$0")/../.."

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    local description=$1
    shift
    if "$@" >/dev/null 2>&1; then pass "$description"; else fail "$description"; fi
}

deb=${1:-}
if [ -z "$deb" ]; then
    shopt -s nullglob
    found=(.build-deb/laneagent_*.deb)
    shopt -u nullglob
    ((${#found[@]} == 1)) || { echo "check.sh: no package in .build-deb: run deploy/debian/build.sh first" >&2; exit 2; }
    deb=${found[0]}
fi
[ -f "$deb" ] || { echo "check.sh: no package at $deb" >&2; exit 2; }
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
for tool in dpkg-deb lintian readelf ldd; do
    command -v "$tool" >/dev/null || { echo "check.sh: $tool not found (apt-get install dpkg-dev lintian binutils)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== build.sh refuses an incomplete deploy folder"
mkdir -p "$work/deploy-empty/rules"
cp deploy/rules/*.toml "$work/deploy-empty/rules/"
status=0
LANEAGENT_DEPLOY_DIR="$work/deploy-empty" deploy/debian/build.sh "$work/refused" >"$work/refused.log" 2>&1 || status=$?
if [ "$status" -eq 2 ] && grep -q "missing .*systemd/laneagent.service" "$work/refused.log" && [ ! -e "$work/refused" ]; then
    pass "no unit: exit 2, names the missing file, builds nothing"
else
    fail "no unit: expected exit 2 naming systemd/laneagent.service, got $status: $(cat "$work/refused.log")"
fi

echo "== fields"
upstream=$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' Sources/Agent/LaneAgentVersion.swift)
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
depends=$(dpkg-deb -f "$deb" Depends)
check "Package is laneagent" test "$(dpkg-deb -f "$deb" Package)" = laneagent
check "Version $version is the source's $upstream plus a Debian revision" test "${version%-*}" = "$upstream"
check "Architecture $arch is this machine's" test "$arch" = "$(dpkg --print-architecture)"
check "file name is laneagent_${version}_${arch}.deb" test "$(basename "$deb")" = "laneagent_${version}_${arch}.deb"
if grep -qiE 'swift|foundation' <<<"$depends"; then fail "Depends names no Swift runtime: $depends"; else pass "Depends names no Swift runtime: $depends"; fi

echo "== contents"
dpkg-deb -c "$deb" >"$work/contents"
listed() { grep -qE " \./$1\$" "$work/contents"; }
expected=(usr/bin/laneagent usr/bin/clearance-receiver usr/lib/systemd/system/laneagent.service
    usr/share/man/man1/laneagent.1.gz usr/share/man/man1/clearance-receiver.1.gz
    usr/share/doc/laneagent/copyright usr/share/doc/laneagent/changelog.Debian.gz)
deploy=${LANEAGENT_DEPLOY_DIR:-deploy}
for file in "$deploy"/udev/*.rules; do expected+=("usr/lib/udev/rules.d/$(basename "$file")"); done
for file in "$deploy"/rules/*.toml; do expected+=("usr/share/laneagent/rules/$(basename "$file")"); done
for file in "$deploy"/sites/*.toml; do expected+=("usr/share/laneagent/sites/$(basename "$file")"); done
for file in "${expected[@]}"; do check "ships /$file" listed "$file"; done
for executable in laneagent clearance-receiver; do
    check "/usr/bin/$executable is root:root 0755" grep -qE '^-rwxr-xr-x root/root .* \./usr/bin/'"$executable"'$' "$work/contents"
done
if grep -qE ' \./etc/.+[^/]$' "$work/contents"; then
    fail "ships no file in /etc (a configuration is never dpkg's to overwrite): $(grep ' ./etc/' "$work/contents")"
else
    pass "ships no file in /etc (a configuration is never dpkg's to overwrite)"
fi
if grep -vE '^d' "$work/contents" | grep -vE ' root/root ' >/dev/null; then fail "every file is owned by root"; else pass "every file is owned by root"; fi

echo "== maintainer scripts"
dpkg-deb -e "$deb" "$work/control"
for script in postinst prerm postrm; do
    check "$script is executable and parses" bash -c "test -x '$work/control/$script' && sh -n '$work/control/$script'"
    check "$script is the one in deploy/debian" cmp "$work/control/$script" "deploy/debian/$script"
done
check "no conffiles" test ! -e "$work/control/conffiles"
check "postrm purge removes /etc/laneagent and not /var/lib/laneagent" \
    bash -c "grep -q 'rm -rf /etc/laneagent' '$work/control/postrm' && ! grep -q 'rm .*/var/lib/laneagent' '$work/control/postrm'"

# The package that owns a library file. dpkg records the path a package shipped, which on a
# merged-/usr system (bookworm) may be /lib/… or /usr/lib/… for the same file: try each form.
library_owner() {
    local path=$1 candidate
    for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr${path#/usr}"; do
        dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1 && return 0
    done
    return 0
}
# Whether Depends names the package (names compared as strings: libstdc++6 has regex characters).
depends_on() {
    local wanted=$1 entry
    while IFS= read -r entry; do
        [ "${entry%% *}" = "$wanted" ] && return 0
    done < <(tr ',' '\n' <<<"$depends" | sed 's/^ *//')
    return 1
}

echo "== executables"
dpkg-deb -x "$deb" "$work/unpacked"
for executable in laneagent clearance-receiver; do
    path="$work/unpacked/usr/bin/$executable"
    check "$executable is stripped (no .symtab)" bash -c "! readelf -S '$path' | grep -q '\.symtab'"
    check "$executable has no RUNPATH" bash -c "! readelf -d '$path' | grep -qE 'RUNPATH|RPATH'"
    check "$executable needs no Swift runtime library" bash -c "! readelf -d '$path' | grep -qiE 'NEEDED.*(swift|foundation|dispatch|BlocksRuntime)'"
    ldd "$path" >"$work/ldd-$executable" 2>&1 || true
    check "ldd $executable: every library is found" bash -c "! grep -q 'not found' '$work/ldd-$executable'"
    check "ldd $executable: nothing comes from the Swift toolchain" bash -c "! grep -qiE 'swift' '$work/ldd-$executable'"
    # Every directly linked library maps to a Debian package named in Depends.
    for library in $(readelf -d "$path" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p'); do
        resolved=$(awk -v lib="$library" '$1 == lib && $3 ~ /^\// { print $3 }' "$work/ldd-$executable")
        [ -n "$resolved" ] || resolved=$(awk -v lib="$library" 'index($1, lib) { print $1 }' "$work/ldd-$executable")
        owner=$(library_owner "$resolved")
        if [ -n "$owner" ] && depends_on "$owner"; then
            pass "$executable: $library comes from $owner, in Depends"
        else
            fail "$executable: $library ($resolved, package '${owner:-none}') is not covered by Depends: $depends"
        fi
    done
done
if readelf -V "$work/unpacked/usr/bin/laneagent" | grep GLIBC_ABI_DT_RELR >/dev/null; then
    check "packed relocations need glibc 2.36: Depends has libc6 (>= 2.36)" grep -q 'libc6 (>= 2.36)' <<<"$depends"
fi
check "laneagent --version prints $upstream" test "$(env -u LD_LIBRARY_PATH "$work/unpacked/usr/bin/laneagent" --version)" = "$upstream"
check "clearance-receiver --help runs" env -u LD_LIBRARY_PATH "$work/unpacked/usr/bin/clearance-receiver" --help
check "man laneagent documents every subcommand (keys init)" bash -c "zcat '$work/unpacked/usr/share/man/man1/laneagent.1.gz' | grep -q 'keys init\|Em init'"

echo "== lintian"
lintian --tag-display-limit 0 "$deb" >"$work/lintian" 2>&1 || true
grep -v 'running with root privileges' "$work/lintian" | sed 's/^/     /' || true
if grep -q '^E: ' "$work/lintian"; then fail "lintian: errors (above)"; else pass "lintian: no errors"; fi

echo "== throwaway roots"
dpkg_root="$work/dpkg-root"
mkdir -p "$dpkg_root/var/lib/dpkg/info" "$dpkg_root/var/lib/dpkg/updates"
touch "$dpkg_root/var/lib/dpkg/status" "$dpkg_root/var/lib/dpkg/available"
# --unpack runs no postinst (it would chroot into a root without a shell); the system test runs it.
if dpkg --root="$dpkg_root" --force-depends --force-not-root --unpack "$deb" >"$work/dpkg-root.log" 2>&1; then
    pass "dpkg --root unpacks the package"
else
    fail "dpkg --root unpacks the package: $(cat "$work/dpkg-root.log")"
fi
check "dpkg --root: /usr/bin/laneagent is 0755" test "$(stat -c %a "$dpkg_root/usr/bin/laneagent")" = 755
check "dpkg --root: the unit is in /usr/lib/systemd/system" test -f "$dpkg_root/usr/lib/systemd/system/laneagent.service"
files_of() { (cd "$1" && find . -path ./var/lib/dpkg -prune -o \( -type f -o -type l \) -printf '%p %m\n' | sort); }
files_of "$dpkg_root" >"$work/files-dpkg"

for source in deb tree; do
    install_root="$work/install-$source"
    if [ "$source" = deb ]; then argument=(--deb "$deb"); else argument=(--tree "$work/unpacked-tree"); fi
    if [ "$source" = tree ]; then
        cp -a "$work/unpacked" "$work/unpacked-tree"
        mkdir -p "$work/unpacked-tree/DEBIAN"
        cp -a "$work/control/." "$work/unpacked-tree/DEBIAN/"
    fi
    if deploy/install.sh "${argument[@]}" --root "$install_root" >"$work/install-$source.log" 2>&1; then
        pass "install.sh --$source --root installs"
    else
        fail "install.sh --$source --root installs: $(cat "$work/install-$source.log")"
    fi
    files_of "$install_root" >"$work/files-$source"
    if diff -u "$work/files-dpkg" "$work/files-$source" >"$work/diff-$source"; then
        pass "install.sh --$source installs the same files with the same modes as dpkg ($(wc -l <"$work/files-dpkg") files)"
    else
        fail "install.sh --$source installs other files than dpkg:"; cat "$work/diff-$source"
    fi
done

echo "== system test (installs into this machine)"
if [ "$(id -u)" -ne 0 ] || { [ -z "${CI:-}" ] && [ "${LANEAGENT_PACKAGE_SYSTEM_TEST:-}" != 1 ]; }; then
    echo "SKIPPED: needs root and CI set or LANEAGENT_PACKAGE_SYSTEM_TEST=1 (it installs into this machine)"
elif getent passwd laneagent >/dev/null || [ -e /var/lib/laneagent ] || [ -e /etc/laneagent ] ||
    dpkg-query -W laneagent >/dev/null 2>&1; then
    fail "system test: this machine already has a laneagent user, package or folders; run it on a throwaway machine"
else
    # Only what this test created is removed afterwards.
    cleanup_system() {
        dpkg -P laneagent >/dev/null 2>&1 || true
        if [ -f "$work/files-dpkg" ]; then
            while read -r file _; do rm -f "/${file#./}"; done <"$work/files-dpkg"
        fi
        rm -rf /etc/laneagent /var/lib/laneagent
        userdel laneagent 2>/dev/null || true
        groupdel laneagent 2>/dev/null || true
    }
    trap 'cleanup_system; rm -rf "$work"' EXIT
    key=/var/lib/laneagent/keys/device.key
    key_sum() { sha256sum "$key" 2>/dev/null | cut -d' ' -f1; }

    dpkg -i "$deb" </dev/null >"$work/install.log" 2>&1 || { fail "dpkg -i: $(cat "$work/install.log")"; }
    check "dpkg -i: installed" bash -c "dpkg-query -W -f '\${Status}' laneagent | grep -q 'install ok installed'"
    IFS=: read -r _ _ uid gid _ home shell < <(getent passwd laneagent) || true
    check "user laneagent exists as a system user (uid ${uid:-none} < 1000)" test "${uid:-1000}" -lt 1000
    check "its home is the state folder ($home) and it cannot log in ($shell)" bash -c "[ '$home' = /var/lib/laneagent ] && [[ '$shell' == */nologin ]]"
    check "its group is laneagent" test "$(getent group "${gid:-x}" | cut -d: -f1)" = laneagent
    for group in dialout plugdev gpio; do
        if getent group "$group" >/dev/null; then
            check "laneagent is in $group" bash -c "id -nG laneagent | tr ' ' '\n' | grep -qx $group"
        fi
    done
    check "/var/lib/laneagent is laneagent:laneagent 0700" test "$(stat -c '%U:%G %a' /var/lib/laneagent)" = "laneagent:laneagent 700"
    check "/etc/laneagent is root:laneagent 0750" test "$(stat -c '%U:%G %a' /etc/laneagent)" = "root:laneagent 750"
    check "the device key exists, laneagent's, 0600" test "$(stat -c '%U %a' "$key" 2>/dev/null)" = "laneagent 600"
    check "postinst wrote no configuration" test ! -e /etc/laneagent/agent.toml
    grep -o 'created the device key.*' "$work/install.log" | sed 's/^/     /' || true
    first_key=$(key_sum)

    dpkg -i "$deb" </dev/null >"$work/reinstall.log" 2>&1 || fail "dpkg -i again: $(cat "$work/reinstall.log")"
    "$work/control/postinst" configure "$version" >"$work/configure.log" 2>&1 || fail "postinst configure again: $(cat "$work/configure.log")"
    check "installing and configuring again keep the key" test "$(key_sum)" = "$first_key"
    check "configuring again keeps the user and modes" test "$(stat -c '%U:%G %a' /var/lib/laneagent)" = "laneagent:laneagent 700"

    # A board's configuration: what the installer copies and edits.
    printf '# edited on the board\n[agent]\ndevice = "CHECK-1"\nsite = "check-site"\nstate_dir = "/var/lib/laneagent"\n' >/etc/laneagent/agent.toml
    cp /etc/laneagent/agent.toml "$work/agent.toml"
    check "laneagent keys show --config /etc/laneagent/agent.toml finds the packaged key" \
        runuser -u laneagent -- laneagent keys show --config /etc/laneagent/agent.toml
    dpkg -i "$deb" </dev/null >"$work/upgrade.log" 2>&1 || fail "dpkg -i over a configured board: $(cat "$work/upgrade.log")"
    check "reinstalling keeps the edited configuration" cmp /etc/laneagent/agent.toml "$work/agent.toml"
    check "reinstalling keeps the key" test "$(key_sum)" = "$first_key"

    dpkg -r laneagent </dev/null >"$work/remove.log" 2>&1 || fail "dpkg -r: $(cat "$work/remove.log")"
    check "dpkg -r removes the executables" test ! -e /usr/bin/laneagent
    check "dpkg -r keeps the configuration" cmp /etc/laneagent/agent.toml "$work/agent.toml"
    check "dpkg -r keeps the key" test "$(key_sum)" = "$first_key"

    # No terminal on standard input: a question would fail or hang, the timeout catches it.
    timeout 60 dpkg -P laneagent </dev/null >"$work/purge.log" 2>&1 || fail "dpkg -P: $(cat "$work/purge.log")"
    check "dpkg -P removes /etc/laneagent" test ! -e /etc/laneagent
    check "dpkg -P keeps the state folder and the key" test "$(key_sum)" = "$first_key"
    check "dpkg -P keeps the laneagent user (it owns the state)" getent passwd laneagent

    # install.sh on the running system, over the kept state and a new configuration.
    mkdir -p /etc/laneagent
    cp "$work/agent.toml" /etc/laneagent/agent.toml
    if deploy/install.sh --deb "$deb" >"$work/install-sh.log" 2>&1; then pass "install.sh --deb installs into /"; else fail "install.sh --deb: $(cat "$work/install-sh.log")"; fi
    check "install.sh: the executables are in /usr/bin" test -x /usr/bin/laneagent -a -x /usr/bin/clearance-receiver
    check "install.sh keeps the configuration" cmp /etc/laneagent/agent.toml "$work/agent.toml"
    check "install.sh keeps the key" test "$(key_sum)" = "$first_key"
    check "install.sh sets /etc/laneagent root:laneagent 0750" test "$(stat -c '%U:%G %a' /etc/laneagent)" = "root:laneagent 750"

    # install.sh on a fresh board: user, folders and a new key.
    cleanup_system
    if deploy/install.sh --deb "$deb" >"$work/install-fresh.log" 2>&1; then pass "install.sh --deb on a fresh system"; else fail "install.sh fresh: $(cat "$work/install-fresh.log")"; fi
    check "install.sh creates the laneagent user" getent passwd laneagent
    check "install.sh creates /var/lib/laneagent 0700" test "$(stat -c '%U:%G %a' /var/lib/laneagent)" = "laneagent:laneagent 700"
    check "install.sh creates a 0600 key" test "$(stat -c '%U %a' "$key" 2>/dev/null)" = "laneagent 600"
    check "install.sh made a new key (not the purged board's)" test "$(key_sum)" != "$first_key"
fi

echo
if ((failures)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all package checks passed"
