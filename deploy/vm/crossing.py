"""A whole cargo crossing on the guest's own kernel, and what the power-cut test checks of the
lane after each boot.

The lane C1 runs on the gpio-sim chip (loops pulled by the host through gpio-sim's sysfs, the
barrier and lights read back there), weighs over the USB-serial scale, takes the plate the host
posts to the gateway, and uploads over mutual TLS to a clearance-receiver on the host's loopback
(the guest reaches it at CENTRAL_ADDRESS through qemu's guestfwd and deploy/vm/relay.py).
"""
import base64
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

from guest import SCALE_ADAPTER, GuestError, wait_until

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEVICE = "VM1-C01"
SITE = "vm-test"
CENTRAL_ADDRESS, CENTRAL_PORT = "10.0.2.100", 8443
# Two registered trucks: a plate that crossed is refused a second CLEAR for a while (crossing.repeat).
PLATE, SECOND_PLATE, WEIGHT_KG, AXLES = "29C12345", "29C67890", 15000, 3
LINES = {"entry": 0, "exit": 1, "barrier": 2, "green": 3, "red": 4}

LANE_TOML = """
[uplink]
url = "https://{address}:{port}/"
ca_file = "/etc/laneagent/ca.pem"
cert_file = "/etc/laneagent/device.crt"
key_file = "/etc/laneagent/device-tls.key"
central_key = "{central_key}"

[reference]
refresh_seconds = 10

[[lanes]]
id = "C1"
kind = "cargo"
devices = ["scale-1", "plate-1"]
rules = "/etc/laneagent/rules/vm-cargo.toml"
[lanes.gpio]
chip = "{chip}"
entry_loop = "C1_LOOP_ENTRY"
exit_loop = "C1_LOOP_EXIT"
barrier = "C1_BARRIER"
green = "C1_GREEN"
red = "C1_RED"
debounce_ms = 50
"""


def binary(name):
    found = os.environ.get("LANEAGENT_BIN")
    folder = os.path.dirname(found) if found else os.path.join(REPO, ".build/debug")
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        raise GuestError(f"{path} is missing: swift build --product {name}")
    return path


class Central:
    """The clearance service on the host: a test CA, a clearance-receiver serving mutual TLS on
    loopback, the reference data it signs, and the guest's client certificate."""

    def __init__(self, work):
        self.folder = os.path.join(work, "central")
        os.makedirs(self.folder, exist_ok=True)
        self.receiver_bin = binary("clearance-receiver")
        self.process = None
        script = f"""
            set -e
            cd '{self.folder}'
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=laneagent-vm-ca 2>/dev/null
            printf 'subjectAltName=IP:{CENTRAL_ADDRESS},IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
            printf 'extendedKeyUsage=clientAuth\\n' > device.ext
            for who in server device; do
              cn=clearance; [ $who = device ] && cn={DEVICE}
              openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $who.key -out $who.csr -subj "/CN=$cn" 2>/dev/null
              openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.crt -days 2 -extfile $who.ext 2>/dev/null
            done
            """
        # A run folder used again keeps its PKI and key: the guest's disk already holds them.
        if not os.path.exists(self.file("device.crt")):
            subprocess.run(["/bin/sh", "-c", script], check=True)
        if not os.path.exists(self.file("central.key")):
            subprocess.run([self.receiver_bin, "keys", "init", "--out", self.file("central.key")], check=True, capture_output=True)
        shown = subprocess.run([self.receiver_bin, "keys", "show", "--key", self.file("central.key"), "--json"],
                               check=True, capture_output=True, text=True).stdout
        self.central_key = json.loads(shown)["publicKey"]

    def file(self, name):
        return os.path.join(self.folder, name)

    def payload(self, folder):
        """What the installer copies to the board: the CA, the device's certificate and key."""
        for source, target in (("ca.pem", "ca.pem"), ("device.crt", "device.crt"), ("device.key", "device-tls.key")):
            shutil.copy(self.file(source), os.path.join(folder, target))

    def start(self, port, device_key_json):
        """Registers the board's key, publishes the site's reference data, and serves."""
        registration = json.loads(device_key_json)
        registration["site"] = SITE
        with open(self.file("registry.ndjson"), "w") as registry:
            registry.write(json.dumps(registration) + "\n")
        data = self.file("data")
        os.makedirs(data, exist_ok=True)
        with open(self.file("reference.json"), "w") as body:
            # Each publication must be newer than the last; a run folder may be used again.
            json.dump({"version": int(time.time()),
                       "vehicles": [{"plate": plate, "containers": [], "declaredGrossKg": WEIGHT_KG, "axles": AXLES, "declaration": f"VM-000{n}"}
                                    for n, plate in enumerate((PLATE, SECOND_PLATE), 1)],
                       "watchlist": {"plates": [], "documents": [], "subjects": []}}, body)
        published = subprocess.run([self.receiver_bin, "reference", "publish", "--data", data, "--key", self.file("central.key"),
                                    "--site", SITE, "--file", self.file("reference.json")], capture_output=True, text=True)
        if published.returncode != 0:
            raise GuestError(f"clearance-receiver reference publish: {published.stderr.strip()}")
        self.port = port
        self.process = subprocess.Popen(
            [self.receiver_bin, "serve", "--listen", f"127.0.0.1:{port}", "--data", data, "--registry", self.file("registry.ndjson"),
             "--tls-cert", self.file("server.crt"), "--tls-key", self.file("server.key"), "--client-ca", self.file("ca.pem"),
             "--receipt-key", self.file("central.key")],
            stdout=open(self.file("receiver.log"), "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get(f"v1/devices/{DEVICE}")
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise GuestError(f"clearance-receiver did not listen on 127.0.0.1:{port}; see {self.file('receiver.log')}")

    def get(self, path):
        context = ssl.create_default_context(cafile=self.file("ca.pem"))
        context.load_cert_chain(self.file("device.crt"), self.file("device.key"))
        with urllib.request.urlopen(f"https://127.0.0.1:{self.port}/{path}", context=context, timeout=30) as answer:
            return answer.read()

    def records(self):
        """Every envelope line the receiver holds for the board, in seq order."""
        lines, start = [], 1
        while True:
            page = self.get(f"v1/devices/{DEVICE}/records?from={start}&limit=10000").splitlines()
            if not page:
                return lines
            lines += page
            start += len(page)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)


def relay_target(host_port):
    """The guestfwd target that carries each guest connection to 127.0.0.1:host_port."""
    return f"cmd:{sys.executable} {os.path.join(HERE, 'relay.py')} {host_port}"


def install_lane(guest, central):
    """The lane's boot preparation (gpio-sim chip, clock), its rule pack and configuration; the
    daemon restarted on them."""
    for source, target, mode in (("lane/laneagent-vm-lane-prep", "/usr/local/sbin/laneagent-vm-lane-prep", "0755"),
                                 ("lane/laneagent-vm-lane.service", "/etc/systemd/system/laneagent-vm-lane.service", "0644"),
                                 ("lane/vm-cargo.toml", "/etc/laneagent/rules/vm-cargo.toml", "0644")):
        with open(os.path.join(HERE, source), "rb") as content:
            guest.run("/bin/sh", "-c", f"mkdir -p {os.path.dirname(target)} && cat > {target} && chmod {mode} {target}", stdin=content.read())
    guest.shell("systemctl daemon-reload && systemctl enable --now laneagent-vm-lane.service", timeout=120)
    chip, _ = gpio_paths(guest)
    text = LANE_TOML.format(address=CENTRAL_ADDRESS, port=CENTRAL_PORT, central_key=central.central_key, chip=chip)
    guest.run("/bin/sh", "-c", "cat >> /etc/laneagent/agent.toml", stdin=text.encode())
    guest.shell("install -m 0644 /mnt/payload/ca.pem /mnt/payload/device.crt /etc/laneagent/ && "
                "install -m 0600 -o laneagent -g laneagent /mnt/payload/device-tls.key /etc/laneagent/ && "
                "laneagent config check /etc/laneagent/agent.toml && systemctl restart laneagent.service && "
                # What an installer writes must reach the disk before the power cuts: ext4 leaves
                # a file appended to moments before a cut as NUL bytes, and the daemon then refuses
                # its configuration (LA-CONFIG-001, the lane stays safe).
                "sync", timeout=120)
    # The lane decides on the site's reference data: wait until the daemon has it from central.
    fetched = wait_until(lambda: any(r["kind"] == "reference.updated" for r, _ in export(guest)), 120, 3)
    if not fetched:
        faults = [r.get("body") for r, _ in export(guest) if r["kind"] == "reference.fault"][-1:]
        raise GuestError(f"the daemon did not fetch reference data from the host's receiver in 120 s; {faults}")


def gpio_paths(guest):
    _, out, _ = guest.shell("cat /run/laneagent-vm-gpio")
    chip, sysfs = out.split()
    return chip, sysfs


def line_value(guest, sysfs, line):
    _, out, _ = guest.shell(f"cat {sysfs}/sim_gpio{LINES[line]}/value", check=False)
    return out.strip()


def pull(guest, sysfs, line, up):
    guest.shell(f"echo {'pull-up' if up else 'pull-down'} > {sysfs}/sim_gpio{LINES[line]}/pull")


def export(guest):
    """The guest's journal as records (parsed payloads) with their envelope lines."""
    _, out, _ = guest.shell("laneagent journal export --config /etc/laneagent/agent.toml --out /tmp/lane-export.ndjson "
                            ">/dev/null && cat /tmp/lane-export.ndjson", timeout=300)
    records = []
    for line in out.splitlines():
        payload = json.loads(base64.b64decode(json.loads(line)["payload"]))
        records.append((payload, line.encode()))
    return records


def opened_without_decision(records):
    """`lane.actuation` records that opened the barrier (or released a turnstile) with no
    committed CLEAR decision or officer override of their crossing before them."""
    allowed, bad = set(), []
    for record in records:
        body = record.get("body", {})
        if record["kind"] == "crossing.decision" and body.get("decision") == "CLEAR":
            allowed.add(body.get("crossing"))
        elif record["kind"] == "crossing.override":
            allowed.add(body.get("crossing"))
        elif record["kind"] == "lane.actuation" and body.get("action") in ("barrier.open", "turnstile.release"):
            if body.get("crossing") not in allowed:
                bad.append(record["seq"])
    return bad


def lane_safe(guest):
    """The lane's outputs after a boot: barrier down (the exit loop is clear), red on, green off."""
    _, sysfs = gpio_paths(guest)
    levels = {line: line_value(guest, sysfs, line) for line in ("exit", "barrier", "green", "red")}
    safe = levels["barrier"] == "0" and levels["red"] == "1" and levels["green"] == "0" or levels["exit"] == "1"
    return safe, levels


def wait_safe(guest, timeout):
    """`lane_safe` once it holds, or its last answer after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        safe, levels = lane_safe(guest)
        if safe or time.monotonic() > deadline:
            return safe, levels
        time.sleep(1)


def crossing_stage(guest, central, results, post_plate, load_scale):
    """One truck through lane C1: entry loop, weight, plate, CLEAR committed, then the barrier
    up; out over the exit loop and the barrier down; the records at the host's receiver."""
    _, sysfs = gpio_paths(guest)
    load_scale(0)
    time.sleep(3)
    before = len(export(guest))
    pull(guest, sysfs, "entry", True)
    load_scale(WEIGHT_KG)
    time.sleep(1)
    status = post_plate(PLATE)
    decided = wait_until(lambda: [r for r, _ in export(guest)[before:] if r["kind"] == "crossing.decision"], 90, 2)
    if not decided:
        _, lane, _ = guest.shell("laneagent lane status --config /etc/laneagent/agent.toml 2>&1 | tail -15", check=False)
        results.add("crossing", "FAIL", f"plate answered {status}; no decision in 90 s; {lane.strip()[-400:]}")
        return False
    decision = decided[0]["body"]
    raised = wait_until(lambda: line_value(guest, sysfs, "barrier") == "1", 20, 0.5)
    pull(guest, sysfs, "exit", True)
    pull(guest, sysfs, "entry", False)
    load_scale(0)
    time.sleep(1)
    pull(guest, sysfs, "exit", False)
    lowered = wait_until(lambda: line_value(guest, sysfs, "barrier") == "0", 30, 0.5)
    records = export(guest)
    seqs = {r["kind"] + ":" + str(r.get("body", {}).get("action", "")): r["seq"] for r, _ in reversed(records[before:])}
    order_ok = seqs.get("lane.actuation:barrier.open", 0) > decided[0]["seq"]
    uploaded = wait_until(lambda: central.records() == [line for _, line in export(guest)], 120, 3)
    reasons = ", ".join(f"{r.get('rule')} {r.get('outcome')}" for r in decision.get("reasons", [])[:8])
    if decision.get("decision") == "CLEAR" and raised and lowered and order_ok and uploaded and not opened_without_decision([r for r, _ in records]):
        results.add("crossing", "ok", f"lane C1 on gpio-sim: {PLATE} weighed over ftdi_sio, CLEAR committed at seq {decided[0]['seq']}, "
                    f"barrier up at seq {seqs['lane.actuation:barrier.open']} and down after the exit loop; the receiver holds the "
                    f"journal's {len(records)} records byte for byte")
        return True
    results.add("crossing", "FAIL", f"decision {decision.get('decision')} ({reasons}); barrier raised {bool(raised)}, lowered {bool(lowered)}; "
                f"actuation after the decision {order_ok}; receiver holds the journal: {bool(uploaded)}")
    return False


def device_frames(guest, device):
    """The admin server's count of valid frames from `device` (laneagent_device_frames_total)."""
    _, out, _ = guest.shell(f"curl -s http://127.0.0.1:9108/metrics | grep '^laneagent_device_frames_total{{device=\"{device}\"}}'", check=False)
    match = re.search(r"\s(\d+)\s*$", out.strip())
    return int(match.group(1)) if match else 0


def monitor_replug_stage(guest, results, load_scale):
    """The scale's cable pulled mid-crossing, through qemu's monitor: a truck on the weighbridge,
    its weight taken for the crossing and its plate not yet read, when `device_del` takes the
    USB-serial adapter off the guest's bus. The fault decides the crossing at once (REFER on
    device.health: the lane does not wait out collect_timeout for a plate), the barrier stays
    down, and the truck backs off. `device_add` plugs the same adapter back in; the daemon
    records the reconnection and weighs again (the next stage's CLEAR crossing weighs on it)."""
    _, sysfs = gpio_paths(guest)
    before = len(export(guest))
    pull(guest, sysfs, "entry", True)
    entered = time.monotonic()
    load_scale(WEIGHT_KG)

    def since_entry(kind):
        return [r for r, _ in export(guest)[before:] if r["kind"] == kind]
    weighed = wait_until(lambda: since_entry("reading.weight"), 30, 2)

    def back_off():
        pull(guest, sysfs, "entry", False)
        load_scale(0)
    try:
        deleted = guest.unplug(SCALE_ADAPTER["id"])
    except GuestError as error:
        back_off()
        results.add("monitor-replug", "FAIL", f"device_del {SCALE_ADAPTER['id']}: {error}")
        return False
    unplugged = time.monotonic()
    gone = wait_until(lambda: guest.shell("test -e /dev/laneagent/scale-1 || echo gone", check=False)[1].strip() == "gone", 30)
    found = wait_until(lambda: since_entry("crossing.decision"), 40, 2)
    # The decision was committed before it was seen: seen within 45 s of the entry loop's edge,
    # it came well before vm-cargo.toml's collect_timeout (60 s from that edge) could decide it,
    # so the fault decided it.
    seen_after_entry, seen_after_unplug = time.monotonic() - entered, time.monotonic() - unplugged
    records = [r for r, _ in export(guest)[before:]]
    decision = found[0] if found else None
    faults = [r for r in records if r["kind"] == "device.fault" and r.get("body", {}).get("device") == "scale-1"]
    body = (decision or {}).get("body", {})
    health = [r for r in body.get("reasons", []) if r.get("rule") == "device.health"]
    referred = body.get("decision") == "REFER" and health and health[0].get("outcome") == "fail"
    in_time = bool(found) and seen_after_entry < 45
    barrier_down = line_value(guest, sysfs, "barrier") == "0"
    # The truck backs off the weighbridge to the inspection bay; then the cable goes back in.
    back_off()
    time.sleep(1)
    connected_before = sum(1 for r, _ in export(guest) if r["kind"] == "device.connected")
    frames_unplugged = device_frames(guest, "scale-1")
    try:
        guest.plug(SCALE_ADAPTER)
    except GuestError as error:
        results.add("monitor-replug", "FAIL", f"device_add {SCALE_ADAPTER['id']}: {error}")
        return False
    node = wait_until(lambda: guest.shell("test -e /dev/laneagent/scale-1 && echo back", check=False)[1].strip() == "back", 30)
    reconnected = wait_until(lambda: sum(1 for r, _ in export(guest) if r["kind"] == "device.connected") > connected_before, 60, 2)
    resumed = wait_until(lambda: device_frames(guest, "scale-1") > frames_unplugged + 3, 60, 2)
    opened = opened_without_decision([r for r, _ in export(guest)])
    if weighed and deleted and gone and faults and referred and in_time and barrier_down and node and reconnected and resumed and not opened:
        results.add("monitor-replug", "ok", f"device_del of {SCALE_ADAPTER['id']} with a truck weighed on the bridge (reading.weight at seq "
                    f"{weighed[0]['seq']}): ttyUSB gone, device.fault at seq {faults[0]['seq']}, REFER at seq {decision['seq']} seen "
                    f"{seen_after_unplug:.0f} s after the unplug and {seen_after_entry:.0f} s after the entry loop (collect_timeout 60 s) "
                    f"(device.health: {health[0].get('detail', '')[:140]}), barrier down; device_add: node back, device.connected "
                    f"recorded, frames resumed")
        return True
    results.add("monitor-replug", "FAIL", f"weighed {bool(weighed)}; DEVICE_DELETED {deleted}; node gone {bool(gone)}; "
                f"fault {len(faults)}; decision {body.get('decision')} (device.health {health[:1]}) seen {seen_after_entry:.0f} s after entry; "
                f"barrier down {barrier_down}; node back {bool(node)}; device.connected {bool(reconnected)}; frames resumed {bool(resumed)}; "
                f"opened without decision {opened}")
    return False


def crash_stage(guest, results, post_plate, load_scale):
    """The daemon killed while a CLEAR crossing holds the barrier up: systemd's
    `ExecStopPost=laneagent lane safe-state` drives the lane safe before the restart, and the
    restarted daemon keeps it safe. gpio-sim returns a released line to its pull, so the level
    between the crash and the restart is not what a real board would show: the proof is the
    command's own report in the unit's log, and the lines once the daemon is back."""
    _, sysfs = gpio_paths(guest)
    pull(guest, sysfs, "entry", True)
    load_scale(WEIGHT_KG)
    time.sleep(1)
    post_plate(SECOND_PLATE)
    raised = wait_until(lambda: line_value(guest, sysfs, "barrier") == "1", 90, 1)
    _, pid, _ = guest.shell("systemctl show -p MainPID --value laneagent.service")
    _, since, _ = guest.shell("date '+%Y-%m-%d %H:%M:%S'")
    guest.shell(f"kill -KILL {pid.strip()}")
    back = wait_until(lambda: guest.shell("systemctl show -p MainPID --value laneagent.service", check=False)[1].strip() not in ("0", pid.strip())
                    and guest.shell("systemctl is-active laneagent.service", check=False)[1].strip() == "active", 60, 1)
    safe, levels = wait_safe(guest, 30)
    _, log, _ = guest.shell(f"journalctl -u laneagent.service --since '{since.strip()}' --no-pager -o cat | "
                            "grep -E 'status=9/KILL|lane C1: |Started' | head -5", check=False)
    pull(guest, sysfs, "entry", False)
    load_scale(0)
    if raised and back and safe and "lane C1: lights red, barrier closed" in log:
        results.add("stop-post", "ok", "daemon killed with the barrier up for a CLEAR crossing: ExecStopPost reported "
                    "'lane C1: lights red, barrier closed' before the restart; after it barrier down, red on")
    else:
        results.add("stop-post", "FAIL", f"barrier raised {bool(raised)}; restarted {bool(back)}; lines after {levels}; log: {log.strip()[-300:]!r}")
