#!/usr/bin/env python3
"""Faults at scale: PostgreSQL, three clearance-receivers sharing it, and N boards (each its own
key and journal) appending and uploading concurrently through the production uplink
(`laneagent diag bench` appends, `laneagent uplink push` uploads) from network namespaces whose
traffic nftables thins out, while the run kills a receiver with SIGKILL and brings it back,
restarts PostgreSQL, partitions a group of boards and injects forks. At the end every board's
journal must equal what central holds: zero lost, zero duplicated, every fork answered 409.

    deploy/scale/run.py --bin DIR [--boards 200] [--minutes 2] [--groups 10] [--loss 3]
                        [--delay-ms 20] [--partition-seconds 60] [--forks 10] [--json FILE]
    deploy/scale/run.py --bin DIR --negative-control ...   (must exit 1: lost 1)
    deploy/scale/run.py --bin DIR --ingest [--ingest-boards 40] [--ingest-records 1500]

Needs root (ip netns, nft), Debian's postgresql and nftables. Everything it makes (namespaces
lsc-*, the bridge lscbr, 10.213.0.0/16, the cluster, the work directory) it removes at exit.
Exit 0 when the final check holds, 1 otherwise. See docs/central-at-scale.md.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
POSTGRES_TEMP = os.path.join(HERE, "..", "postgres-temp.sh")
BRIDGE = "lscbr"
CENTRAL_ADDRESS = "10.213.0.1"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of a live process (and of its reaped children), from /proc."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


def postgres_cpu_seconds(data_dir: str) -> float:
    """CPU of the cluster: the postmaster's own and its reaped backends' (cutime), and the live ones'."""
    try:
        postmaster = int(open(os.path.join(data_dir, "data", "postmaster.pid")).readline())
    except (OSError, ValueError):
        return 0.0
    total = process_cpu_seconds(postmaster)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1]) == postmaster:
                    total += process_cpu_seconds(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return total


class Postgres:
    """A throwaway cluster from deploy/postgres-temp.sh, stopped and removed when this process ends."""

    def __init__(self, work: str):
        self.dir = os.path.join(work, "postgres")
        env = dict(os.environ, POSTGRES_TEMP_OWNER=str(os.getpid()))
        url = run("bash", POSTGRES_TEMP, "start", self.dir, env=env).stdout.strip().splitlines()[-1]
        self.admin_url = url
        self.port = int(open(os.path.join(self.dir, "port")).read())
        self.url = url.rsplit("/", 1)[0] + "/clearance"
        self.psql("CREATE DATABASE clearance", database_url=url)

    def psql(self, sql: str, database_url: str | None = None) -> str:
        return run("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-F", "\t", database_url or self.url, "-c", sql).stdout

    def start_again(self) -> None:
        run("bash", POSTGRES_TEMP, "start", self.dir, str(self.port))

    def stop(self) -> None:
        run("bash", POSTGRES_TEMP, "stop", self.dir, check=False)

    def cpu_seconds(self) -> float:
        return postgres_cpu_seconds(self.dir)


class Receiver:
    """One clearance-receiver process; restartable on the same port."""

    def __init__(self, bin_dir: str, work: str, name: str, host: str, registry: str, central_key: str, postgres_url: str | None,
                 reader_tokens: str | None = None):
        self.bin_dir, self.name, self.host = bin_dir, name, host
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port(host)
        self.command = [os.path.join(bin_dir, "clearance-receiver"), "serve", "--listen", f"{host}:{self.port}", "--data", self.dir,
                        "--registry", registry, "--receipt-key", central_key, "--instance", name]
        if postgres_url:
            self.command += ["--postgres", postgres_url, "--wait-for-database"]
        if host != "127.0.0.1":
            self.command.append("--allow-insecure")
        if reader_tokens:
            self.command += ["--reader-tokens", reader_tokens]
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        port_file = os.path.join(self.dir, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        logfile = open(os.path.join(self.dir, "receiver.log"), "a")
        self.process = subprocess.Popen(self.command + ["--port-file", port_file], stdout=logfile, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not os.path.exists(port_file):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start; see {self.dir}/receiver.log")
            time.sleep(0.05)

    def kill(self) -> None:
        assert self.process
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid) if self.process else 0.0

    def probe(self, device: str, token: str) -> tuple[int, str | None]:
        """GET a device's state: the status and Retry-After (0 when nothing answered)."""
        request = urllib.request.Request(f"http://{self.host}:{self.port}/v1/devices/{device}", headers={"Authorization": f"Bearer {token}"})
        try:
            # Longer than the receiver's own 5 s deadline on a store call, so its answer is what is seen.
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.headers.get("Retry-After")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Retry-After")
        except OSError:
            return 0, None


class Network:
    """A bridge on the host (the receivers listen on its address) and one namespace per group of
    boards, each with a veth on the bridge, nftables tables for loss and partitions, and a proxy."""

    def __init__(self, groups: int, loss: int):
        self.groups = [f"lsc-{g}" for g in range(groups)]
        self.made_bridge = False
        self.proxies: list[subprocess.Popen] = []
        run("ip", "link", "add", BRIDGE, "type", "bridge")
        self.made_bridge = True
        run("ip", "addr", "add", f"{CENTRAL_ADDRESS}/16", "dev", BRIDGE)
        run("ip", "link", "set", BRIDGE, "up")
        for g, namespace in enumerate(self.groups):
            host_end, inner_end = f"lsch{g}", f"lscn{g}"
            run("ip", "netns", "add", namespace)
            run("ip", "link", "add", host_end, "type", "veth", "peer", "name", inner_end)
            run("ip", "link", "set", inner_end, "netns", namespace)
            run("ip", "link", "set", host_end, "master", BRIDGE)
            run("ip", "link", "set", host_end, "up")
            self.ns(namespace, "ip", "link", "set", "lo", "up")
            self.ns(namespace, "ip", "addr", "add", f"10.213.1.{g + 1}/16", "dev", inner_end)
            self.ns(namespace, "ip", "link", "set", inner_end, "up")
            # Loss in both directions on the veth only (the boards' loopback to the proxy is spared);
            # the partition chain is empty until partition() fills it.
            rules = f"""
table inet scale {{
  chain loss_out {{ type filter hook output priority 0; oifname "{inner_end}" numgen random mod 100 < {loss} drop; }}
  chain loss_in {{ type filter hook input priority 0; iifname "{inner_end}" numgen random mod 100 < {loss} drop; }}
  chain partition {{ type filter hook output priority 1; }}
}}
"""
            subprocess.run(["ip", "netns", "exec", namespace, "nft", "-f", "-"], input=rules, text=True, check=True)

    @staticmethod
    def ns(namespace: str, *command: str) -> subprocess.CompletedProcess:
        return run("ip", "netns", "exec", namespace, *command)

    def start_proxies(self, receivers: list[Receiver], delay_ms: float) -> list[int]:
        """Starts one proxy per namespace forwarding loopback ports to the receivers; returns those ports."""
        ports = [20000 + i for i in range(len(receivers))]
        routes = [f"{port}={receiver.host}:{receiver.port}" for port, receiver in zip(ports, receivers)]
        for namespace in self.groups:
            proxy = subprocess.Popen(["ip", "netns", "exec", namespace, sys.executable, os.path.join(HERE, "proxy.py"), "--delay-ms", str(delay_ms), *routes],
                                     stdout=subprocess.PIPE, text=True)
            if proxy.stdout.readline().strip() != "ready":
                raise RuntimeError(f"the proxy in {namespace} did not start")
            self.proxies.append(proxy)
        return ports

    def partition(self, namespace: str, on: bool) -> None:
        if on:
            self.ns(namespace, "nft", "add", "rule", "inet", "scale", "partition", "oifname", "lscn*", "drop")
        else:
            self.ns(namespace, "nft", "flush", "chain", "inet", "scale", "partition")

    def heal(self) -> None:
        for namespace in self.groups:
            self.partition(namespace, False)
            self.ns(namespace, "nft", "flush", "chain", "inet", "scale", "loss_out")
            self.ns(namespace, "nft", "flush", "chain", "inet", "scale", "loss_in")

    def close_proxies(self) -> None:
        for proxy in self.proxies:
            proxy.terminate()
        for proxy in self.proxies:
            try:
                proxy.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proxy.kill()
        self.proxies = []

    def close(self) -> None:
        self.close_proxies()
        for g, namespace in enumerate(self.groups):
            run("ip", "netns", "del", namespace, check=False)
            run("ip", "link", "del", f"lsch{g}", check=False)
        if self.made_bridge:
            run("ip", "link", "del", BRIDGE, check=False)


class Board:
    """A simulated board: its own state directory, key and journal, driven by the laneagent CLI."""

    def __init__(self, bin_dir: str, work: str, device: str, namespace: str | None):
        self.laneagent = os.path.join(bin_dir, "laneagent")
        self.device, self.namespace = device, namespace
        self.dir = os.path.join(work, "boards", device)
        self.config = os.path.join(self.dir, "agent.toml")
        os.makedirs(os.path.join(self.dir, "state"), mode=0o700, exist_ok=True)
        self.appended = 0
        self.pushes = 0
        self.failed_pushes = 0

    def configure(self, urls: list[str], central_key: str) -> None:
        url_list = ", ".join(f'"{url}"' for url in urls)
        with open(self.config, "w") as config:
            config.write(f'[agent]\ndevice = "{self.device}"\nsite = "scale"\nstate_dir = "{self.dir}/state"\n'
                         f'[uplink]\nurls = [{url_list}]\ncentral_key = "{central_key}"\n')

    def cli(self, *arguments: str, check: bool = True, network: bool = False) -> subprocess.CompletedProcess:
        command = [self.laneagent, *arguments, "--config", self.config]
        if self.namespace and network:
            command = ["ip", "netns", "exec", self.namespace, *command]
        return run(*command, check=check)

    def append(self, records: int) -> None:
        self.cli("diag", "bench", "--records", str(records), "--producers", "1", "--in-flight", "4", "--json")
        self.appended += records

    def push(self, timeout: float) -> bool:
        self.pushes += 1
        ok = self.cli("uplink", "push", "--timeout", str(timeout), "--json", check=False, network=True).returncode == 0
        self.failed_pushes += 0 if ok else 1
        return ok

    def status(self) -> dict:
        return json.loads(self.cli("uplink", "status", "--json", check=False).stdout)

    def journal_hashes(self) -> dict[int, str]:
        """seq -> SHA-256 of the stored envelope bytes, from `journal export`."""
        lines = self.cli("journal", "export", "--out", "-").stdout.splitlines()
        # Export starts at seq 1 here (nothing is pruned in a run) and is seq-ascending.
        return {seq: hashlib.sha256(line.encode()).hexdigest() for seq, line in enumerate((l for l in lines if l), start=1)}


def make_keys(bin_dir: str, boards: list[Board], workers: int) -> list[str]:
    def init(board: Board) -> str:
        board.cli("keys", "init")
        return board.cli("keys", "show", "--json").stdout.strip()

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(init, boards))


def central_key(bin_dir: str, work: str) -> tuple[str, str]:
    path = os.path.join(work, "central.key")
    out = run(os.path.join(bin_dir, "clearance-receiver"), "keys", "init", "--out", path).stdout
    public = next(line.split('"')[1] for line in out.splitlines() if "central_key =" in line)
    return path, public


def central_hashes(postgres: Postgres) -> tuple[dict[str, dict[int, str]], int]:
    """device -> seq -> SHA-256 of the stored envelope, and the number of rows."""
    rows = postgres.psql("SELECT device, seq, encode(sha256(envelope), 'hex') FROM record").splitlines()
    held: dict[str, dict[int, str]] = {}
    for row in rows:
        device, seq, digest = row.split("\t")
        held.setdefault(device, {})[int(seq)] = digest
    return held, len(rows)


def scale_run(args: argparse.Namespace, work: str) -> dict:
    started = time.monotonic()
    network = Network(args.groups, args.loss)
    postgres = receivers = None
    try:
        key_path, key_public = central_key(args.bin, work)
        postgres = Postgres(work)
        boards = [Board(args.bin, work, f"scale-{i:04d}", network.groups[i % args.groups]) for i in range(args.boards)]
        # Forks: a second board holding a real board's key and device, as a board restored
        # from an old image would; its own records conflict with the ones central holds.
        # Forked devices are spread over the namespaces the partition spares, so each fork is
        # answered while its original board can upload.
        spared = [board for board in boards if board.namespace != network.groups[0]]
        forked = spared[:: max(1, len(spared) // max(args.forks, 1))][: args.forks]
        forks = [Board(args.bin, work, original.device, original.namespace) for original in forked]
        for fork in forks:
            fork.dir = fork.dir + "-fork"
            fork.config = os.path.join(fork.dir, "agent.toml")
            os.makedirs(os.path.join(fork.dir, "state"), mode=0o700, exist_ok=True)
        log(f"keys for {len(boards)} boards")
        registry_path = os.path.join(work, "registry.ndjson")
        for board in boards:
            board.configure(["http://127.0.0.1:1/"], key_public)
        with open(registry_path, "w") as registry:
            registry.write("\n".join(make_keys(args.bin, boards, 4)) + "\n")
        token = os.urandom(16).hex()
        tokens_path = os.path.join(work, "reader-tokens")
        with open(tokens_path, "w") as tokens:
            tokens.write(hashlib.sha256(token.encode()).hexdigest() + "\n")
        receivers = [Receiver(args.bin, work, f"rx-{i + 1}", CENTRAL_ADDRESS, registry_path, key_path, postgres.url, tokens_path) for i in range(3)]
        ports = network.start_proxies(receivers, args.delay_ms)
        for i, board in enumerate(boards):
            # Each board prefers a different receiver, then fails over to the others in turn.
            order = [ports[(i + k) % len(ports)] for k in range(len(ports))]
            board.configure([f"http://127.0.0.1:{port}/" for port in order], key_public)
        for fork, original in zip(forks, forked):
            shutil.copytree(os.path.join(original.dir, "state", "keys"), os.path.join(fork.dir, "state", "keys"))
            fork.configure([f"http://127.0.0.1:{ports[0]}/"], key_public)
        setup_seconds = time.monotonic() - started
        log(f"set up in {setup_seconds:.0f} s: PostgreSQL, 3 receivers, {args.groups} namespaces ({args.loss}% loss each way, {args.delay_ms} ms proxy delay)")

        traffic_seconds = args.minutes * 60
        deadline = time.monotonic() + traffic_seconds
        faults: list[dict] = []
        outage: dict = {}
        t0 = time.monotonic()

        def at(fraction: float) -> None:
            time.sleep(max(0.0, t0 + traffic_seconds * fraction - time.monotonic()))

        def fault(name: str, **details) -> None:
            faults.append({"fault": name, "at": round(time.monotonic() - t0, 1), **details})
            log(f"fault: {name} {details}")

        def inject_faults() -> None:
            at(0.15)
            victim = receivers[1]
            victim.kill()
            fault("receiver-kill-9", receiver=victim.name)
            time.sleep(5)
            victim.start()
            fault("receiver-back", receiver=victim.name)
            at(0.30)
            postgres.stop()
            away = time.monotonic()
            fault("postgres-stopped", outageSeconds=args.postgres_outage)
            # While it is away every receiver must answer 503 with Retry-After, not 500 or a hang.
            answers = {}

            def probe_while_away(receiver: Receiver) -> None:
                while receiver.name not in answers and time.monotonic() < away + args.postgres_outage:
                    status, retry_after = receiver.probe(boards[0].device, token)
                    if status == 503 and retry_after:
                        answers[receiver.name] = {"status": status, "retryAfter": retry_after}
                    time.sleep(0.5)

            with concurrent.futures.ThreadPoolExecutor(len(receivers)) as pool:
                list(pool.map(probe_while_away, receivers))
            time.sleep(max(0.0, away + args.postgres_outage - time.monotonic()))
            postgres.start_again()
            back = time.monotonic()
            recovered = {}
            while len(recovered) < len(receivers) and time.monotonic() < back + 120:
                for receiver in receivers:
                    if receiver.name not in recovered and receiver.probe(boards[0].device, token)[0] == 200:
                        recovered[receiver.name] = round(time.monotonic() - back, 1)
                time.sleep(0.2)
            fault("postgres-back", answeredWhileAway=answers, secondsTo200=recovered)
            outage.update(answers=answers, recovered=recovered)
            at(0.40)
            partitioned = network.groups[0]
            network.partition(partitioned, True)
            fault("partition", namespace=partitioned, boards=sum(1 for b in boards if b.namespace == partitioned), seconds=args.partition_seconds)
            time.sleep(args.partition_seconds)
            network.partition(partitioned, False)
            fault("partition-healed", namespace=partitioned)

        def drive(board: Board) -> None:
            rng = random.Random(board.device)
            while time.monotonic() < deadline:
                board.append(rng.randint(args.records_min, args.records_max))
                board.push(timeout=max(5.0, deadline - time.monotonic()))
                time.sleep(rng.uniform(0, args.pause))

        fork_answers: list[dict] = []

        def fork_later() -> None:
            at(0.25)
            def inject(pair: tuple[Board, Board]) -> None:
                fork, original = pair
                # A fork conflicts only with what central already holds: wait for the original's first acknowledgement.
                waited = time.monotonic()
                while (original.status().get("ackedThrough") or 0) < 1 and time.monotonic() < waited + 120:
                    time.sleep(1)
                fork.append(3)
                pushed = fork.push(timeout=60)
                status = fork.status().get("fault") or {}
                fork_answers.append({"device": fork.device, "pushed": pushed, "status": status.get("status"), "code": status.get("code")})

            with concurrent.futures.ThreadPoolExecutor(max(1, len(forks))) as pool:
                list(pool.map(inject, zip(forks, forked)))
            fault("forks", injected=len(forks), answered409=sum(1 for a in fork_answers if a["status"] == 409 and a["code"] == "uplink.fork"))

        log(f"traffic for {traffic_seconds:.0f} s from {len(boards)} boards")
        helpers = [threading.Thread(target=inject_faults), threading.Thread(target=fork_later)]
        for helper in helpers:
            helper.start()
        with concurrent.futures.ThreadPoolExecutor(len(boards)) as pool:
            list(pool.map(drive, boards))
        for helper in helpers:
            helper.join()
        traffic_done = time.monotonic()

        log("healing the network; every board pushes what is left")
        network.heal()
        push_seconds: list[float] = []

        def final_push(board: Board) -> bool:
            began = time.monotonic()
            ok = board.push(timeout=300)
            push_seconds.append(time.monotonic() - began)
            return ok

        # Fewer pushes at once than the three receivers' batch slots (32 each): all 200 at once
        # mostly meet 503 busy and back off, which measures the back-off, not the drain.
        with concurrent.futures.ThreadPoolExecutor(min(len(boards), 48)) as pool:
            drained = list(pool.map(final_push, boards))
        drain_seconds = time.monotonic() - traffic_done

        if args.negative_control:
            # The check must see a record central lost: drop one that every path acknowledged.
            postgres.psql(f"DELETE FROM record WHERE device = '{boards[-1].device}' AND seq = 2")
        log("comparing every journal with central")
        held, rows = central_hashes(postgres)
        lost = duplicated = differing = 0
        journal_records = 0
        problems = []
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            journals = dict(zip([b.device for b in boards], pool.map(lambda b: b.journal_hashes(), boards)))
        for device, journal in journals.items():
            central = held.get(device, {})
            journal_records += len(journal)
            for seq, digest in journal.items():
                if seq not in central:
                    lost += 1
                elif central[seq] != digest:
                    differing += 1
            extra = set(central) - set(journal)
            duplicated += len(extra)
            if len(journal) != len(central) or any(central.get(s) != d for s, d in journal.items()):
                problems.append({"device": device, "journal": len(journal), "central": len(central)})
        unknown_devices = set(held) - set(journals)
        duplicated += rows - sum(len(v) for v in held.values())
        duplicated += sum(len(held[d]) for d in unknown_devices)
        forks_409 = sum(1 for a in fork_answers if a["status"] == 409 and a["code"] == "uplink.fork")
        summary = {
            "boards": len(boards),
            "namespaces": args.groups,
            "lossPercent": args.loss,
            "delayMs": args.delay_ms,
            "records": journal_records,
            "centralRows": rows,
            "appendedByBench": sum(b.appended for b in boards),
            "pushes": sum(b.pushes for b in boards),
            "pushesNotDrained": sum(b.failed_pushes for b in boards),
            "finalPushesFailed": sum(1 for ok in drained if not ok),
            "faults": faults,
            "forksInjected": len(forks),
            "forksAnswered409": forks_409,
            "lost": lost,
            "duplicates": duplicated,
            "differing": differing,
            "problems": problems[:10],
            "finalPushSeconds": {"median": round(sorted(push_seconds)[len(push_seconds) // 2], 1), "max": round(max(push_seconds), 1)},
            "seconds": {"setup": round(setup_seconds, 1), "traffic": round(traffic_done - t0, 1), "drain": round(drain_seconds, 1),
                        "total": round(time.monotonic() - started, 1)},
        }
        summary["storeOutageAnswered503"] = sorted(outage.get("answers", {}))
        summary["storeOutageRecovered"] = sorted(outage.get("recovered", {}))
        summary["batchesAnswered503"] = sum(open(os.path.join(r.dir, "receiver.log")).read().count("cannot store batch") for r in receivers)
        summary["ok"] = len(summary["storeOutageAnswered503"]) == len(receivers) and len(summary["storeOutageRecovered"]) == len(receivers) and lost == 0 and duplicated == 0 and differing == 0 and forks_409 == len(forks) and not problems and all(drained)
        return summary
    finally:
        # Proxies first: a receiver shuts down only once the connections they hold have closed.
        network.close_proxies()
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            list(pool.map(Receiver.stop, receivers or []))
        network.close()
        if postgres:
            postgres.stop()


def ingest_run(args: argparse.Namespace, work: str) -> dict:
    """records/s into SQLite (one receiver), PostgreSQL (one receiver) and PostgreSQL (three),
    the same prefilled journals each time, all on loopback; CPU seconds per component."""
    key_path, key_public = central_key(args.bin, work)
    template = os.path.join(work, "template")
    boards = [Board(args.bin, template, f"ingest-{i:03d}", None) for i in range(args.ingest_boards)]
    for board in boards:
        board.configure(["http://127.0.0.1:1/"], key_public)
    registry_path = os.path.join(work, "registry.ndjson")
    with open(registry_path, "w") as registry:
        registry.write("\n".join(make_keys(args.bin, boards, 2)) + "\n")
    log(f"filling {len(boards)} journals with {args.ingest_records} records each")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda b: b.append(args.ingest_records), boards))
    verify = json.loads(run(os.path.join(args.bin, "clearance-receiver"), "diag", "verify-rate", "--json").stdout)["verifiesPerSecond"]
    results = {"boards": len(boards), "recordsPerBoard": args.ingest_records, "singleCoreEd25519VerifiesPerSecond": round(verify), "runs": []}
    for label, store, instances in (("sqlite-1", "sqlite", 1), ("postgres-1", "postgres", 1), ("postgres-3", "postgres", 3)):
        run_dir = os.path.join(work, label)
        shutil.copytree(template, run_dir)
        run_boards = [Board(args.bin, run_dir, board.device, None) for board in boards]
        postgres = Postgres(run_dir) if store == "postgres" else None
        receivers = [Receiver(args.bin, run_dir, f"rx-{i + 1}", "127.0.0.1", registry_path, key_path, postgres.url if postgres else None) for i in range(instances)]
        try:
            for i, board in enumerate(run_boards):
                order = [receivers[(i + k) % instances] for k in range(instances)]
                board.configure([f"http://127.0.0.1:{r.port}/" for r in order], key_public)
            cpu_receivers = sum(r.cpu_seconds() for r in receivers)
            cpu_postgres = postgres.cpu_seconds() if postgres else 0.0
            cpu_boards = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(len(run_boards)) as pool:
                pushed = list(pool.map(lambda b: b.push(timeout=1800), run_boards))
            seconds = time.monotonic() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            records = sum(b.status()["ackedThrough"] for b in run_boards)
            entry = {
                "store": label, "records": records, "seconds": round(seconds, 1), "recordsPerSecond": round(records / seconds),
                "allPushed": all(pushed),
                "cpuSeconds": {
                    "receivers": round(sum(r.cpu_seconds() for r in receivers) - cpu_receivers, 1),
                    "postgres": round((postgres.cpu_seconds() if postgres else 0.0) - cpu_postgres, 1),
                    "boards": round((after.ru_utime + after.ru_stime) - (cpu_boards.ru_utime + cpu_boards.ru_stime), 1),
                },
                "receiverVerifyShare": round(records / verify / max(0.001, sum(r.cpu_seconds() for r in receivers) - cpu_receivers), 2),
            }
            results["runs"].append(entry)
            log(f"{label}: {entry}")
        finally:
            for receiver in receivers:
                receiver.stop()
            if postgres:
                postgres.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="directory holding laneagent and clearance-receiver")
    parser.add_argument("--boards", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=2.0, help="how long the boards append and upload")
    parser.add_argument("--groups", type=int, default=10, help="network namespaces the boards are spread over")
    parser.add_argument("--loss", type=int, default=3, help="percent of packets dropped each way on every namespace's veth")
    parser.add_argument("--delay-ms", type=float, default=20, help="delay the namespace proxy adds to every chunk")
    parser.add_argument("--partition-seconds", type=float, default=60)
    parser.add_argument("--forks", type=int, default=10)
    parser.add_argument("--postgres-outage", type=float, default=15, help="seconds PostgreSQL stays stopped")
    parser.add_argument("--records-min", type=int, default=5)
    parser.add_argument("--records-max", type=int, default=40)
    parser.add_argument("--pause", type=float, default=2.0, help="a board waits up to this long between rounds")
    parser.add_argument("--ingest", action="store_true", help="measure ingest records/s instead of the fault run")
    parser.add_argument("--ingest-boards", type=int, default=40)
    parser.add_argument("--ingest-records", type=int, default=1500)
    parser.add_argument("--negative-control", action="store_true", help="delete one acknowledged record from central before the check (must fail)")
    parser.add_argument("--json", help="also write the summary to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    args.bin = os.path.abspath(args.bin)
    if os.geteuid() != 0 and not args.ingest:
        print("run.py: network namespaces and nftables need root", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="laneagent-scale-")
    os.chmod(work, 0o755)
    try:
        summary = ingest_run(args, work) if args.ingest else scale_run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")
    text = json.dumps(summary, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as out:
            out.write(text + "\n")
    return 0 if args.ingest or summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
