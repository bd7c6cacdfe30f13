#!/usr/bin/env python3
"""The board in a virtual machine: the packaged daemon under real systemd and udev on Debian's
own kernel, reading a scale through a real USB-serial driver (qemu's usb-serial, an FTDI to
the guest, ftdi_sio in the kernel).

    deploy/vm/vmtest.py --deb PATH [--image DIR] [--work DIR]

Stages, each printed as `ok`/`FAIL`/`skip` with what it saw, then a summary:
  boot      the cached image boots (TCG unless LANEAGENT_VM_ACCEL says otherwise)
  install   dpkg -i of the package (its postinst makes the user, state directory and key); the
            configuration and the udev rules `laneagent udev-rules` writes
  udev      real udev links /dev/laneagent/scale-1 (group laneagent) for the FTDI adapter
  ready     systemd starts laneagent.service (Type=notify) and it reaches READY
  clock     under the unit's hardening the daemon reads the kernel's clock state
  weights   frames the host's scale simulator writes reach the daemon as valid frames
  replug    the adapter unplugged (the host closes its end) is a fault; replugged, it reconnects and frames resume
  watchdog  a daemon frozen with SIGSTOP is restarted by the watchdog; a killed one by Restart=always
  security  systemd-analyze security inside the guest
  power     (--power-cuts N) qemu killed at random moments while the host's plate camera posts
            events; after each boot every plate answered 200 is in the journal and the chain verifies
  gpio-sim  the out-of-tree gpio-sim module gives a chip with the lane's line names; through the
            production libgpiod code (diag gpio) a loop input is seen rising and an output is written
Exit 0 when every stage is ok or skipped with a reason, 1 otherwise.
"""
import argparse
import base64
import json
import os
import random
import urllib.request
import pty
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tty

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from guest import Guest, GuestError, log  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FTDI = ("0403", "6001")

AGENT_TOML = """[agent]
device = "VM1-C01"
site = "vm-test"
state_dir = "/var/lib/laneagent"

[http]
listen = "0.0.0.0:8088"

[[devices]]
id = "plate-1"
kind = "plate-reader"
driver = "generic-plate-json"
address = "10.0.2.2"              # qemu's user network: the host, through the forwarded port

[[devices]]
id = "scale-1"
kind = "scale"
driver = "yaohua-xk3190"
port = "/dev/laneagent/scale-1"
baud = 9600
usb_vendor = "{vendor}"
usb_product = "{product}"
"""


class Results:
    def __init__(self):
        self.rows = []

    def add(self, stage, status, detail):
        self.rows.append((stage, status, detail))
        print(f"{status:<5} {stage:<9} {detail}", flush=True)

    @property
    def failed(self):
        return any(status == "FAIL" for _, status, _ in self.rows)


class ScaleBridge:
    """The host's scale simulator on a pseudo-terminal, its bytes copied to and from qemu's
    usb-serial socket, as a cable would carry them."""

    def __init__(self, socket_path, work, weight):
        self.link = os.path.join(work, "scale-pty")
        laneagent = os.environ.get("LANEAGENT_BIN") or shutil.which("laneagent") or os.path.join(REPO, ".build/debug/laneagent")
        self.simulator = subprocess.Popen([laneagent, "diag", "simulate", "scale", "--driver", "yaohua-xk3190",
                                           "--link", self.link, "--weight", str(weight)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not os.path.exists(self.link):
            if time.monotonic() > deadline:
                raise GuestError("the scale simulator did not link its port")
            time.sleep(0.1)
        self.fd = os.open(self.link, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(socket_path)
        self.stopping = False
        self.thread = threading.Thread(target=self.pump, daemon=True)
        self.thread.start()

    def pump(self):
        while not self.stopping:
            ready, _, _ = select.select([self.fd, self.sock], [], [], 0.2)
            try:
                if self.fd in ready:
                    data = os.read(self.fd, 4096)
                    if data:
                        self.sock.sendall(data)
                if self.sock in ready:
                    data = self.sock.recv(4096)
                    if not data:
                        return
                    os.write(self.fd, data)
            except OSError:
                return

    def stop(self):
        self.stopping = True
        self.thread.join(2)
        self.sock.close()
        os.close(self.fd)
        self.simulator.terminate()
        self.simulator.wait(10)


def payload_disk(work, deb):
    """A small ext4 disk holding what the installer brings on a USB stick."""
    folder = os.path.join(work, "payload")
    os.makedirs(folder, exist_ok=True)
    shutil.copy(deb, os.path.join(folder, "laneagent.deb"))
    with open(os.path.join(folder, "agent.toml"), "w") as config:
        config.write(AGENT_TOML.format(vendor=FTDI[0], product=FTDI[1]))
    image = os.path.join(work, "payload.img")
    size_mb = os.path.getsize(deb) // (1 << 20) + 32
    subprocess.run(["mke2fs", "-q", "-t", "ext4", "-d", folder, image, f"{size_mb}M"], check=True)
    return image


def count(guest, kind):
    _, out, _ = guest.shell(f"sqlite3 /var/lib/laneagent/journal.sqlite \"SELECT COUNT(*) FROM record WHERE kind = '{kind}'\" 2>/dev/null || echo 0", check=False)
    try:
        return int(out.strip() or 0)
    except ValueError:
        return 0


GPIO_SETUP = """
set -e
modprobe gpio-sim
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
d=/sys/kernel/config/gpio-sim/lane
mkdir -p $d/bank0
echo 8 > $d/bank0/num_lines
i=0
for name in C1_LOOP_ENTRY C1_LOOP_EXIT C1_BARRIER C1_GREEN C1_RED; do
    mkdir -p $d/bank0/line$i && echo $name > $d/bank0/line$i/name
    i=$((i + 1))
done
echo 1 > $d/live
echo "$(cat $d/bank0/chip_name) /sys/devices/platform/$(cat $d/dev_name)/$(cat $d/bank0/chip_name)"
"""


def gpio_stage(guest, results):
    """gpio-sim on the guest's own kernel, driven through the production libgpiod code
    (`laneagent diag gpio`): a loop input seen as an edge, an output line written."""
    code, out, err = guest.shell(GPIO_SETUP, check=False)
    if code != 0:
        missing = "not found" in err or "FATAL: Module" in err
        results.add("gpio-sim", "skip" if missing else "FAIL",
                    ("the image has no gpio-sim module (build-image.sh says why): " if missing else "") + (err or out).strip()[:300])
        return
    chip, sysfs = out.split()
    _, listing, _ = guest.shell(f"laneagent diag gpio --chip {chip} --list --json")
    names = re.findall(r'"name":"([^"]*)"', listing)
    guest.shell(f"(laneagent diag gpio --chip {chip} --watch C1_LOOP_EXIT --count 1 --timeout 30 --json > /tmp/watch.out 2>&1 &) ; sleep 2; "
                f"echo pull-up > {sysfs}/sim_gpio1/pull", timeout=60)
    edge = wait_until(lambda: guest.shell("cat /tmp/watch.out", check=False)[1].strip(), 40)
    guest.shell(f"(laneagent diag gpio --chip {chip} --set C1_BARRIER=1 --hold 5 > /tmp/set.out 2>&1 &) ; sleep 2", timeout=60)
    _, level, _ = guest.shell(f"cat {sysfs}/sim_gpio2/value", check=False)
    if "C1_BARRIER" in names and '"value":1' in edge.replace(" ", "") and level.strip() == "1":
        results.add("gpio-sim", "ok", f"{chip} with the lane's line names; libgpiod saw C1_LOOP_EXIT rise; C1_BARRIER driven to 1 as gpio-sim reads it")
    else:
        results.add("gpio-sim", "FAIL", f"lines {names}; edge {edge[:120]!r}; barrier level {level.strip()!r}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PlateSender:
    """The plate camera: posts events to the guest's gateway one after another and keeps the
    plates answered 200. The gateway answers only after the reading's record is committed, so an
    answered plate is a record the board reported committed."""

    def __init__(self, port, prefix):
        self.url = f"http://127.0.0.1:{port}/devices/plate-1/events"
        self.prefix, self.acked, self.stopping = prefix, [], False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        number = 0
        while not self.stopping:
            plate = f"{self.prefix}{number:05d}"
            request = urllib.request.Request(self.url, data=json.dumps({"plate": plate}).encode(),
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    if answer.status == 200:
                        self.acked.append(plate)
            except OSError:
                time.sleep(0.2)
            number += 1

    def stop(self):
        self.stopping = True
        self.thread.join(15)


def journal_plates(guest):
    """Every plate in the guest's journal, and whether `journal verify` proves the chain."""
    code, out, err = guest.shell("laneagent journal export --config /etc/laneagent/agent.toml --out /tmp/export.ndjson && "
                                 "laneagent journal verify /tmp/export.ndjson --config /etc/laneagent/agent.toml >/tmp/verify.out 2>&1; "
                                 "echo verify=$?; cat /tmp/export.ndjson", timeout=300, check=False)
    lines = out.splitlines()
    verified = bool(lines) and lines[0] == "verify=0"
    plates = set()
    for line in lines[1:]:
        try:
            record = json.loads(base64.b64decode(json.loads(line)["payload"]))
        except (ValueError, KeyError):
            continue
        if record.get("kind") == "reading.plate":
            plates.add(record["body"].get("raw") or record["body"].get("plate"))
    return plates, verified, len(lines) - 1


def power_cuts(guest, results, count, gateway_port):
    """Kills qemu at random moments while plates are being committed; after each boot every
    plate the board answered 200 for must be in the journal, the chain verified."""
    checked = lost = 0
    for cut in range(count):
        sender = PlateSender(gateway_port, f"29C{cut % 100:02d}")
        time.sleep(random.uniform(2.0, 6.0))
        guest.power_cut()
        sender.stop()
        guest.boot()
        if not wait_until(lambda: guest.shell("systemctl is-active laneagent.service", check=False)[1].strip() == "active", 120, 2):
            results.add("power", "FAIL", f"cut {cut + 1}: the daemon did not come back after the boot")
            return
        plates, verified, records = journal_plates(guest)
        if not sender.acked:
            results.add("power", "FAIL", f"cut {cut + 1}: the gateway answered no plate before the cut (the test cannot see a loss)")
            return
        missing = [plate for plate in sender.acked if plate not in plates]
        checked += len(sender.acked)
        lost += len(missing)
        print(f"      cut {cut + 1}/{count}: {len(sender.acked)} plates answered, {len(missing)} missing, "
              f"{records} records, chain {'verified' if verified else 'NOT verified'}", flush=True)
        if missing or not verified:
            results.add("power", "FAIL", f"cut {cut + 1}: lost {missing[:5]}{'…' if len(missing) > 5 else ''}; chain verified: {verified}")
            return
    results.add("power", "ok", f"{count} power cuts while committing plates: {checked} answered plates checked, lost: {lost}; chain verified after each boot")


def wait_until(predicate, timeout, step=1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deb", required=True, help="the laneagent .deb to install")
    parser.add_argument("--image", help="build-image.sh's folder (built when absent)")
    parser.add_argument("--work", help="a folder for this run (default: a new temporary one)")
    parser.add_argument("--power-cuts", type=int, default=0, help="kill qemu this many times while plates are committed")
    args = parser.parse_args()
    if not os.path.isfile(args.deb):
        print(f"vmtest: {args.deb}: no such package", file=sys.stderr)
        return 2
    image = args.image or subprocess.run([os.path.join(REPO, "deploy/vm/build-image.sh")], check=True,
                                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    work = args.work or tempfile.mkdtemp(prefix="laneagent-vm-")
    results = Results()
    gateway_port = free_port()
    guest = Guest(image, work, forwards=[(gateway_port, 8088)], extra_disk=payload_disk(work, args.deb))
    guest.create_disk()
    bridge = None
    try:
        seconds = guest.boot()
        results.add("boot", "ok", f"guest agent answered {seconds:.1f} s after qemu started ({guest.accelerator()})")

        _, kernel, _ = guest.run("/bin/uname", "-r")
        guest.shell("mkdir -p /mnt/payload && mount -o ro /dev/vdb /mnt/payload")
        # The board's lane network, as an installer sets it up: DHCP on the wired port (qemu's
        # user network answers it), with systemd-networkd so it comes back at every boot.
        guest.shell("printf '[Match]\\nName=en*\\n\\n[Network]\\nDHCP=yes\\n' > /etc/systemd/network/20-lane.network && "
                    "systemctl enable --now systemd-networkd.service && sleep 3 && networkctl --no-pager status | head -3", timeout=120)
        guest.shell("dpkg -i /mnt/payload/laneagent.deb", timeout=300)
        guest.shell("install -m 0640 -g laneagent /mnt/payload/agent.toml /etc/laneagent/agent.toml")
        # The package's postinst made the device key; the installer registers what this shows.
        _, key, _ = guest.shell("laneagent keys show --config /etc/laneagent/agent.toml --json")
        guest.shell("laneagent udev-rules --config /etc/laneagent/agent.toml --output /etc/udev/rules.d/60-laneagent.rules"
                    " && udevadm control --reload && udevadm trigger --action=add --subsystem-match=tty && udevadm settle -t 30")
        results.add("install", "ok", f"dpkg -i on Debian's kernel {kernel.strip()}; device key made by postinst "
                    f"({re.search(r'keyid.:.([0-9a-f]{8})', key).group(1) if re.search(r'keyid.:.([0-9a-f]{8})', key) else '?'}…); udev rules installed")

        # qemu's usb-serial is attached to the guest's bus only while its socket has a client:
        # connecting the host's simulator is plugging the cable in.
        bridge = ScaleBridge(guest.socket_path("scale"), work, weight=31240)

        def scale_node():
            code, out, _ = guest.shell("stat -L -c '%G %a' /dev/laneagent/scale-1 && readlink -f /dev/laneagent/scale-1", check=False)
            return out.split() if code == 0 else None
        node = wait_until(scale_node, 30)
        if node and node[0] == "laneagent" and "ttyUSB" in node[-1]:
            _, driver, _ = guest.shell("basename $(readlink /sys/class/tty/$(basename $(readlink -f /dev/laneagent/scale-1))/device/driver)", check=False)
            results.add("udev", "ok", f"/dev/laneagent/scale-1 → {node[-1]}, group {node[0]}, mode {node[1]}, driver {driver.strip()}")
        else:
            results.add("udev", "FAIL", f"/dev/laneagent/scale-1 is {node}")

        guest.shell("systemctl enable --now laneagent.service", timeout=120, check=False)
        def active():
            _, out, _ = guest.shell("systemctl is-active laneagent.service", check=False)
            return out.strip() == "active"
        if wait_until(active, 90):
            _, times, _ = guest.shell("systemctl show -p ExecMainStartTimestampMonotonic -p ActiveEnterTimestampMonotonic laneagent.service")
            values = dict(line.split("=", 1) for line in times.split())
            ready = (int(values["ActiveEnterTimestampMonotonic"]) - int(values["ExecMainStartTimestampMonotonic"])) / 1e6
            results.add("ready", "ok", f"READY {ready:.2f} s after the daemon started (Type=notify)")
        else:
            _, status, _ = guest.shell("systemctl status --no-pager laneagent.service | tail -20", check=False)
            results.add("ready", "FAIL", status.strip().replace("\n", " | ")[-600:])

        _, clock, _ = guest.shell("journalctl -u laneagent.service --no-pager | grep -E 'clock (state|synchronised|NOT)' | tail -1", check=False)
        if "adjtimex state" in clock:
            results.add("clock", "ok", re.sub(r"^.*?clock", "clock", clock.strip())[:160])
        else:
            results.add("clock", "FAIL", clock.strip()[:300] or "no clock line in the daemon's log")

        def frames():
            # The admin server's counter of valid frames from the scale (a weight is journalled only
            # when a lane takes it; this configuration has no lane).
            _, out, _ = guest.shell("curl -s http://127.0.0.1:9108/metrics | grep '^laneagent_device_frames_total{device=\"scale-1\"}'", check=False)
            match = re.search(r"\s(\d+)\s*$", out.strip())
            return int(match.group(1)) if match else 0
        seen = wait_until(lambda: frames() > 5 and frames(), 60, 2)
        if seen:
            results.add("weights", "ok", f"{seen} valid XK3190 frames through ftdi_sio (laneagent_device_frames_total); "
                        f"device.connected records: {count(guest, 'device.connected')}")
        else:
            _, log_tail, _ = guest.shell("journalctl -u laneagent.service --no-pager | tail -5", check=False)
            results.add("weights", "FAIL", f"no valid frame; {log_tail.strip().replace(chr(10), ' | ')[-400:]}")

        # Unplugging: the host closes its end, qemu detaches the adapter, the kernel removes ttyUSB0.
        faults_before, connected_before = count(guest, "device.fault"), count(guest, "device.connected")
        bridge.stop()
        bridge = None
        gone = wait_until(lambda: guest.shell("test -e /dev/laneagent/scale-1 || echo gone", check=False)[1].strip() == "gone", 30)
        faulted = wait_until(lambda: count(guest, "device.fault") > faults_before, 30)
        before = frames()
        bridge = ScaleBridge(guest.socket_path("scale"), work, weight=15000)
        reconnected = wait_until(lambda: count(guest, "device.connected") > connected_before, 60, 2)
        resumed = wait_until(lambda: frames() > before + 3, 60, 2)
        if gone and faulted and reconnected and resumed:
            results.add("replug", "ok", "unplugged: node removed and a device.fault recorded; replugged: device.connected recorded and frames resumed")
        else:
            results.add("replug", "FAIL", f"node removed: {bool(gone)}; fault: {bool(faulted)}; reconnected: {bool(reconnected)}; frames resumed: {bool(resumed)}")

        def main_pid():
            _, out, _ = guest.shell("systemctl show -p MainPID --value laneagent.service", check=False)
            return int(out.strip() or 0)
        frozen = main_pid()
        guest.shell(f"kill -STOP {frozen}")
        restarted = wait_until(lambda: main_pid() not in (0, frozen) and active(), 90, 2)
        killed = main_pid()
        guest.shell(f"kill -KILL {killed}", check=False)
        back = wait_until(lambda: main_pid() not in (0, killed) and active(), 60, 2)
        _, reasons, _ = guest.shell("journalctl -u laneagent.service --no-pager -o cat | grep -E 'Watchdog timeout|status=9/KILL' | tail -2", check=False)
        if restarted and back and "Watchdog timeout" in reasons:
            results.add("watchdog", "ok", "frozen daemon restarted by the watchdog, killed daemon by Restart=always: "
                        + reasons.strip().replace("\n", " | ")[-200:])
        else:
            results.add("watchdog", "FAIL", f"after SIGSTOP restarted: {bool(restarted)}; after SIGKILL: {bool(back)}; {reasons.strip()[-300:]}")

        _, security, _ = guest.shell("systemd-analyze security --no-pager laneagent.service | tail -1", check=False)
        score = re.search(r"exposure level for \S+: ([0-9.]+)", security)
        if score and float(score.group(1)) <= 5.0:
            results.add("security", "ok", security.strip())
        else:
            results.add("security", "FAIL", security.strip() or "no answer")

        gpio_stage(guest, results)
        if args.power_cuts:
            if bridge:
                bridge.stop()
                bridge = None
            power_cuts(guest, results, args.power_cuts, gateway_port)
    except GuestError as error:
        results.add("vm", "FAIL", str(error))
    finally:
        if bridge:
            bridge.stop()
        guest.shutdown()
    print(f"summary: {sum(1 for r in results.rows if r[1] == 'ok')} ok, {sum(1 for r in results.rows if r[1] == 'skip')} skipped, "
          f"{sum(1 for r in results.rows if r[1] == 'FAIL')} failed; run folder {work}")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
