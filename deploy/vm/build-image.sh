#!/usr/bin/env bash
# Builds the Debian bookworm guest the VM test boots (deploy/dev.sh vm-test), once: the result
# is cached outside the work tree under a key made from this folder's scripts, so a second run
# reuses it. Prints the cache folder on its last line.
#
#   deploy/vm/build-image.sh
#
# The folder holds vmlinuz and initrd.img (Debian's own linux-image-amd64, booted directly by
# qemu), rootfs.img (ext4, made without mounting anything) and gpio-sim.ko: Debian's kernels are
# built without CONFIG_GPIO_SIM, so the module is built here, out of tree, from the same
# kernel's linux-source and headers. Needs mmdebstrap and e2fsprogs; runs as root (or with
# fakeroot/unshare as mmdebstrap allows).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache_root="${LANEAGENT_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/laneagent-vm}"
key="$( (cat "$here/build-image.sh"; find "$here/guest" -type f | sort | xargs cat) | sha256sum | cut -c1-16)"
out="$cache_root/$key"
if [ -f "$out/ready" ]; then
    echo "$out"
    exit 0
fi
for tool in mmdebstrap mke2fs; do
    command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (apt-get install mmdebstrap e2fsprogs)" >&2; exit 1; }
done
mkdir -p "$out"
work="$(mktemp -d "$cache_root/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The guest's packages: systemd and udev as on a board, the kernel, the daemon's runtime
# libraries (pcsc-lite's and libcrypto for the chip reader among them), the guest agent the host
# drives it through, gpiod's tools for checks, and what the
# out-of-tree gpio-sim build needs (removed again below).
packages=(systemd-sysv udev kmod linux-image-amd64 qemu-guest-agent libgpiod2 gpiod libusb-1.0-0 libsqlite3-0 libpcsclite1 libssl3
          zlib1g ca-certificates procps iproute2 e2fsprogs sqlite3 curl)
build_only=(linux-headers-amd64 linux-source-6.1 gcc make xz-utils libc6-dev)
echo "==> mmdebstrap (bookworm, ${#packages[@]} packages)" >&2
mmdebstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]},${build_only[*]}")" \
    --customize-hook='cp -a "'"$here"'/guest/." "$1/"' \
    --customize-hook='chroot "$1" /bin/sh /usr/local/sbin/laneagent-vm-setup' \
    bookworm "$work/root" http://deb.debian.org/debian >&2

echo "==> kernel, initrd and gpio-sim.ko" >&2
kver="$(ls "$work/root/lib/modules" | sort -V | tail -1)"
cp "$work/root/boot/vmlinuz-$kver" "$out/vmlinuz"
cp "$work/root/boot/initrd.img-$kver" "$out/initrd.img"
if [ -f "$work/root/lib/modules/$kver/extra/gpio-sim.ko" ]; then
    cp "$work/root/lib/modules/$kver/extra/gpio-sim.ko" "$out/gpio-sim.ko"
else
    echo "build-image: gpio-sim did not build for $kver against its linux-headers (the mmdebstrap output above shows the compiler's errors); the lane checks need it" >&2
    exit 1
fi
rm -rf "$work/root/usr/src/"* "$work/root/var/cache/apt/archives/"*.deb
echo "==> rootfs.img" >&2
mke2fs -q -t ext4 -L laneagent-root -d "$work/root" "$out/rootfs.img" 3G
echo "$kver" > "$out/kernel-version"
touch "$out/ready"
echo "$out"
