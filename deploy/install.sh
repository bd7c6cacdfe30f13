#!/bin/sh
# Install LaneAgent on a board without dpkg, with the same result as the Debian package:
#   deploy/install.sh --deb laneagent_VERSION_ARCH.deb [--root DIR]
#   deploy/install.sh --tree DIR [--root DIR]     (DIR: the staged tree deploy/debian/build.sh
#                                                  leaves in .build-deb/root)
# Copies the package's files (the executables, systemd unit, udev rules, sample site
# configurations, rule packs, manual pages, documentation) under --root (default /). Into the
# running system (--root /) it then runs the package's own postinst: the laneagent user, the
# state and configuration folders, the device key, the systemd and udev reloads. It never
# writes a configuration file that exists, and never replaces a key.
# Needs a POSIX shell, tar (with xz) and, for --deb, ar (binutils or busybox).
set -eu

usage() {
    echo "usage: deploy/install.sh (--deb FILE | --tree DIR) [--root DIR]" >&2
    exit 2
}

deb="" tree="" root=/
while [ $# -gt 0 ]; do
    case "$1" in
    --deb) [ $# -ge 2 ] || usage; deb=$2; shift 2 ;;
    --tree) [ $# -ge 2 ] || usage; tree=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || usage; root=$2; shift 2 ;;
    -h | --help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) usage ;;
    esac
done
[ -n "$deb" ] || [ -n "$tree" ] || usage
[ -z "$deb" ] || [ -z "$tree" ] || usage

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "$deb" ]; then
    [ -f "$deb" ] || { echo "install.sh: no package at $deb" >&2; exit 2; }
    deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
    if command -v ar >/dev/null; then
        (cd "$work" && ar x "$deb")
    elif command -v busybox >/dev/null; then
        (cd "$work" && busybox ar -x "$deb")
    else
        echo "install.sh: ar not found: install binutils, or use --tree with an unpacked tree" >&2
        exit 2
    fi
    tree=$work/tree
    mkdir -p "$tree/DEBIAN"
    tar -xf "$work"/data.tar.* -C "$tree"
    tar -xf "$work"/control.tar.* -C "$tree/DEBIAN"
fi
[ -f "$tree/DEBIAN/control" ] && [ -x "$tree/DEBIAN/postinst" ] ||
    { echo "install.sh: $tree is not a LaneAgent package tree (no DEBIAN/control and postinst)" >&2; exit 2; }
version=$(sed -n 's/^Version: //p' "$tree/DEBIAN/control")

# What an upgrade restarts: the version already installed, as dpkg passes it to postinst.
previous=""
if [ "$root" = / ] && [ -x /usr/bin/laneagent ]; then
    previous=$(/usr/bin/laneagent --version 2>/dev/null || echo unknown)
fi

mkdir -p "$root"
# Owned by root whoever built the tree; existing folders keep their owner and mode.
(cd "$tree" && tar -cf - --exclude=./DEBIAN .) | tar -xf - -C "$root" --no-same-owner --no-overwrite-dir
echo "laneagent $version: files installed under $root"

if [ "$root" = / ]; then
    "$tree/DEBIAN/postinst" configure $previous
    echo "laneagent $version installed. Next: a site configuration in /etc/laneagent/agent.toml (samples in"
    echo "/usr/share/laneagent/sites), laneagent config check, then systemctl enable --now laneagent."
else
    echo "not the running system: run deploy/install.sh on the board itself for the laneagent user,"
    echo "/var/lib/laneagent, /etc/laneagent and the device key."
fi
