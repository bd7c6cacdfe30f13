"""A qemu guest the VM test drives: boots the cached Debian image, talks to qemu (QMP) and to the
guest (qemu-guest-agent) over unix sockets, and stops the qemu process it started by its PID.

Every wait has a timeout. Nothing here addresses a network: qemu's user network is started with
restrict=on, so the guest reaches only the forwards given (hostfwd into the guest, guestfwd to
a host loopback port).
"""
import base64
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time


class GuestError(Exception):
    pass


class Channel:
    """One JSON-lines unix socket (QMP or the guest agent)."""

    def __init__(self, path, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise GuestError(f"{path}: qemu did not open it in {timeout} s")
                time.sleep(0.2)
        self.buffer = b""

    def send(self, message):
        self.sock.sendall(json.dumps(message).encode() + b"\n")

    def receive(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise GuestError("no answer in time")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                raise GuestError("no answer in time")
            if not chunk:
                raise GuestError("the channel closed")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def close(self):
        self.sock.close()


# The scale's USB-serial adapter on the guest's xHCI bus, its data carried by the chardev `scale`
# (a unix socket the host's bridge connects to). One definition for the command line at boot
# and for `device_add` when the monitor plugs it back in.
SCALE_ADAPTER = {"driver": "usb-serial", "bus": "xhci.0", "chardev": "scale", "id": "scale0"}


class Guest:
    """A booted guest. `image` is build-image.sh's folder; `work` a per-run folder."""

    def __init__(self, image, work, forwards=(), guest_forwards=(), usb_serial=True, extra_disk=None):
        self.image, self.work = image, work
        self.forwards, self.guest_forwards = forwards, guest_forwards
        self.usb_serial, self.extra_disk = usb_serial, extra_disk
        self.process = None
        self.overlay = os.path.join(work, "disk.qcow2")
        # Lines the guest writes to its laneagent.commits port, gathered across boots when a
        # caller sets this to a list (the power-cut test's commit log).
        self.commit_lines = None
        # QMP events read while waiting for a command's answer, kept for `wait_for_event`.
        self.qmp_events = []

    def socket_path(self, name):
        return os.path.join(self.work, f"{name}.sock")

    def create_disk(self):
        """A copy-on-write overlay of the cached image: the guest's disk for this run (it
        survives power cuts between boots; the cached image is never written)."""
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b",
                        os.path.join(self.image, "rootfs.img"), self.overlay], check=True)

    def accelerator(self):
        # KVM may refuse to start a guest here; TCG always boots Debian's kernel.
        if os.environ.get("LANEAGENT_VM_ACCEL"):
            return os.environ["LANEAGENT_VM_ACCEL"]
        return "tcg"

    def boot(self, timeout=180):
        if shutil.which("qemu-system-x86_64") is None:
            raise GuestError("qemu-system-x86_64 is missing (apt-get install qemu-system-x86 qemu-utils)")
        for name in ("qmp", "qga", "scale", "commits"):
            try:
                os.unlink(self.socket_path(name))
            except FileNotFoundError:
                pass
        net = "user,id=net0,restrict=on"
        for host_port, guest_port in self.forwards:
            net += f",hostfwd=tcp:127.0.0.1:{host_port}-:{guest_port}"
        for guest_address, guest_port, target in self.guest_forwards:
            net += f",guestfwd=tcp:{guest_address}:{guest_port}-{target}"
        command = [
            "qemu-system-x86_64", "-machine", f"q35,accel={self.accelerator()}", "-m", "1024", "-smp", "2",
            "-nographic", "-no-reboot",
            "-kernel", os.path.join(self.image, "vmlinuz"), "-initrd", os.path.join(self.image, "initrd.img"),
            "-append", "root=/dev/vda rw console=ttyS0 panic=-1 systemd.show_status=0",
            "-drive", f"file={self.overlay},if=virtio,format=qcow2,cache=writeback",
            "-netdev", net, "-device", "virtio-net-pci,netdev=net0",
            "-chardev", f"socket,id=qmp,path={self.socket_path('qmp')},server=on,wait=off", "-mon", "chardev=qmp,mode=control",
            "-device", "virtio-serial-pci",
            "-chardev", f"socket,id=qga,path={self.socket_path('qga')},server=on,wait=off",
            "-device", "virtserialport,chardev=qga,name=org.qemu.guest_agent.0",
            "-chardev", f"socket,id=commits,path={self.socket_path('commits')},server=on,wait=off",
            "-device", "virtserialport,chardev=commits,name=laneagent.commits",
            "-serial", f"file:{os.path.join(self.work, 'console.log')}", "-monitor", "none",
        ]
        if self.usb_serial:
            command += ["-device", "qemu-xhci,id=xhci",
                        "-chardev", f"socket,id=scale,path={self.socket_path('scale')},server=on,wait=off",
                        "-device", ",".join([SCALE_ADAPTER["driver"]] + [f"{k}={v}" for k, v in SCALE_ADAPTER.items() if k != "driver"])]
        if self.extra_disk:
            command += ["-drive", f"file={self.extra_disk},if=virtio,format=raw,readonly=on"]
        started = time.monotonic()
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=open(os.path.join(self.work, "qemu.log"), "ab"))
        deadline = time.monotonic() + 30
        while not os.path.exists(self.socket_path("qmp")) and self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        if self.process.poll() is not None:
            with open(os.path.join(self.work, "qemu.log"), errors="replace") as qemu_log:
                raise GuestError(f"qemu exited ({self.process.returncode}) at start: {' '.join(qemu_log.read().split()[-40:])}")
        self.qmp = Channel(self.socket_path("qmp"), 30)
        self.qmp_events = []
        self.qmp.receive(30)  # greeting
        self.qmp_command("qmp_capabilities")
        if self.commit_lines is not None:
            # Connected before the guest's kernel starts, so no line the daemon writes at boot is missed.
            self._start_gathering()
        self.wait_for_agent(timeout)
        self.boot_seconds = time.monotonic() - started
        return self.boot_seconds

    def gather_commits(self):
        """From now on (and across boots) keeps the lines the guest writes to its
        laneagent.commits port in `commit_lines`."""
        if self.commit_lines is None:
            self.commit_lines = []
            self._start_gathering()

    def _start_gathering(self):
        threading.Thread(target=self._gather_commits, args=(Channel(self.socket_path("commits"), 30),), daemon=True).start()

    def _gather_commits(self, channel):
        pending = b""
        while True:
            try:
                data = channel.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            pending += data
            *lines, pending = pending.split(b"\n")
            self.commit_lines.extend(line.decode(errors="replace") for line in lines if line.strip())

    def qmp_command(self, name, **arguments):
        self.qmp.send({"execute": name, "arguments": arguments} if arguments else {"execute": name})
        while True:
            answer = self.qmp.receive(30)
            if "return" in answer:
                return answer["return"]
            if "error" in answer:
                raise GuestError(f"QMP {name}: {answer['error'].get('desc')}")
            if "event" in answer:
                self.qmp_events.append(answer)

    def wait_for_event(self, name, timeout, **data):
        """The first QMP event `name` whose data holds `data`, taken from those kept; None after
        `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.qmp_events:
                if event["event"] == name and all(event.get("data", {}).get(k) == v for k, v in data.items()):
                    self.qmp_events.remove(event)
                    return event
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                answer = self.qmp.receive(remaining)
            except GuestError:
                return None
            if "event" in answer:
                self.qmp_events.append(answer)

    def unplug(self, device_id, timeout=30):
        """Pulls a hot-pluggable device out through qemu's monitor; True once qemu reports it gone
        (DEVICE_DELETED: the guest's bus has let go of it)."""
        self.qmp_command("device_del", id=device_id)
        return self.wait_for_event("DEVICE_DELETED", timeout, device=device_id) is not None

    def plug(self, properties):
        """Plugs a device in through qemu's monitor (`device_add` with `properties`)."""
        self.qmp_command("device_add", **properties)

    def wait_for_agent(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise GuestError(f"qemu exited ({self.process.returncode}); see {self.work}/qemu.log and console.log")
            try:
                self._agent(3).close()
                return
            except GuestError:
                pass
            time.sleep(1)
        raise GuestError(f"the guest agent did not answer in {timeout} s; see {self.work}/console.log")

    def _agent(self, answer_timeout):
        """A channel to the guest agent, synchronised: the agent's port is one stream across
        connections, so an answer to an earlier request that timed out can still arrive. A
        `guest-sync` with a fresh id, and everything before its echo skipped, leaves the channel
        in step (a 76-cut campaign once read a stale `guest-sync` answer as guest-exec's)."""
        agent = Channel(self.socket_path("qga"), 10)
        token = random.randrange(1, 1 << 31)
        try:
            agent.send({"execute": "guest-sync", "arguments": {"id": token}})
            deadline = time.monotonic() + answer_timeout
            while agent.receive(max(0.1, deadline - time.monotonic())).get("return") != token:
                pass
        except GuestError:
            agent.close()
            raise
        return agent

    def run(self, *argv, timeout=120, check=True, stdin=None):
        """Runs a command in the guest; returns (status, stdout, stderr)."""
        agent = self._agent(30)
        try:
            arguments = {"path": argv[0], "arg": list(argv[1:]), "capture-output": True}
            if stdin is not None:
                arguments["input-data"] = base64.b64encode(stdin).decode()
            agent.send({"execute": "guest-exec", "arguments": arguments})
            answer = agent.receive(30)
            if "error" in answer:
                raise GuestError(f"guest-exec {argv[0]}: {answer['error'].get('desc')}")
            if not isinstance(answer.get("return"), dict) or "pid" not in answer["return"]:
                raise GuestError(f"guest-exec {argv[0]}: unexpected answer {answer}")
            pid = answer["return"]["pid"]
            deadline = time.monotonic() + timeout
            while True:
                agent.send({"execute": "guest-exec-status", "arguments": {"pid": pid}})
                status = agent.receive(30)["return"]
                if status.get("exited"):
                    break
                if time.monotonic() > deadline:
                    raise GuestError(f"{' '.join(argv)}: still running after {timeout} s")
                time.sleep(0.2)
        finally:
            agent.close()
        out = base64.b64decode(status.get("out-data", "")).decode(errors="replace")
        err = base64.b64decode(status.get("err-data", "")).decode(errors="replace")
        code = status.get("exitcode", -1)
        if check and code != 0:
            raise GuestError(f"{' '.join(argv)} exited {code}: {err.strip() or out.strip()}")
        return code, out, err

    def shell(self, script, timeout=120, check=True):
        return self.run("/bin/sh", "-c", script, timeout=timeout, check=check)

    def power_cut(self):
        """Kills qemu at once: the guest's RAM and page cache are gone, as at a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)
        self.process = None

    def shutdown(self, timeout=60):
        """An orderly power-off through the guest agent, then the qemu process by its PID."""
        if not self.process or self.process.poll() is not None:
            return
        try:
            agent = Channel(self.socket_path("qga"), 5)
            agent.send({"execute": "guest-shutdown"})
            agent.close()
            self.process.wait(timeout)
        except (GuestError, subprocess.TimeoutExpired, OSError):
            pass
        self.power_cut()


def wait_until(predicate, timeout, step=1.0):
    """`predicate()` once it is truthy, or its last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()
