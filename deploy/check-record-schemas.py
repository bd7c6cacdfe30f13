#!/usr/bin/env python3
"""Check the contract's record body schemas against the code and against real records.

    deploy/check-record-schemas.py [ROOT]
    deploy/check-record-schemas.py --bodies SAMPLES.ndjson [ROOT]

Needs python3 with pyyaml, jsonschema and referencing: deploy/dev.sh installs them for the test
suite. (The schemathesis virtual environment will not do: schemathesis brings jsonschema_rs,
not jsonschema.)

The schema against the code: every kind of `RecordKind` (Sources/LaneModel/RecordKind.swift)
has a `Body_<kind>` schema in deploy/openapi/clearance-v1.yaml (dots as underscores), no body
schema names a kind the code lacks, the contract's `RecordKind` enum lists the same kinds, and
`Record` ties each kind to its body (one `if kind const … then body $ref` each). Every schema
of the document must be a valid JSON Schema 2020-12.

The records against the schema: every record of `laneagent demo --json --keep` (exported with
`journal export`), and of a scratch board this script drives through the kinds the demo does
not write (diag bench, reference sync, refused and withheld uploads, a low-disk and an
over-cap evidence run with a plate camera, a face terminal and refused overrides), is checked
against `Record`. Bodies are open in the contract for receivers; here every object is closed
(`unevaluatedProperties: false`), so a member the board writes and the schema does not declare
fails too.

The schema against the body types (`--bodies`): each line of SAMPLES is a sample of one body
type the code declares (`RecordBody`), as Tests/AgentTests/RecordBodyTests.swift writes them:
`{"kind", "type", "body", "members": [{"name", "required"}]}`, `members` being every member the
type can write and whether it always does. Each body must be valid against its closed
`Body_<kind>`; and per kind, the members the kind's types can write must be the member names its
schema declares (in `properties`, and under `allOf`, `anyOf`, `oneOf`, `then`, `else` and `$ref`),
and the members every one of its types always writes must be what the schema always requires
(`required`, also under `allOf` and `$ref`). Every kind of the code needs a sample. Needs no
binaries.

The binaries are taken from the folder of $LANEAGENT_BIN (the path of the laneagent binary),
default ROOT/.build/debug. Prints the records checked per kind and the kinds no record
exercised; each problem names the source, seq, kind and the JSON path. Exit 1 on any problem,
2 when the binaries or Python packages are missing.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

try:
    import jsonschema
    import yaml
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError as error:
    print(f"check-record-schemas: missing Python package: {error} (deploy/dev.sh installs it)", file=sys.stderr)
    sys.exit(2)

SPEC = "deploy/openapi/clearance-v1.yaml"
KINDS_SOURCE = "Sources/LaneModel/RecordKind.swift"
SPEC_URI = "urn:laneagent:clearance-v1"


def body_schema_name(kind: str) -> str:
    return "Body_" + kind.replace(".", "_")


def code_kinds(root: Path) -> list[str]:
    return re.findall(r'^\s*case \w+ = "([^"]+)"', (root / KINDS_SOURCE).read_text(encoding="utf-8"), re.M)


def schema_against_code(spec: dict, kinds: list[str]) -> list[str]:
    problems = []
    schemas = spec["components"]["schemas"]
    for name, schema in schemas.items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            problems.append(f"{SPEC}: schema {name} is not valid JSON Schema 2020-12: {error.message}")
    # Kinds never hold underscores, so a body schema's name gives its kind back.
    named = {name[len("Body_"):].replace("_", "."): name for name in schemas if name.startswith("Body_")}
    for kind in kinds:
        if kind not in named:
            problems.append(f"{SPEC}: kind {kind} ({KINDS_SOURCE}) has no body schema {body_schema_name(kind)}")
    for kind, name in named.items():
        if kind not in kinds:
            problems.append(f"{SPEC}: schema {name} is for kind {kind}, which {KINDS_SOURCE} does not declare")
    if schemas.get("RecordKind", {}).get("enum") != kinds:
        problems.append(f"{SPEC}: RecordKind's enum is not the kinds of {KINDS_SOURCE}, in order")
    mapped: dict[str, str] = {}
    for branch in schemas["Record"].get("allOf", []):
        kind = branch.get("if", {}).get("properties", {}).get("kind", {}).get("const")
        ref = branch.get("then", {}).get("properties", {}).get("body", {}).get("$ref", "")
        if kind is None:
            problems.append(f"{SPEC}: Record's allOf has a branch that is not `if kind const … then body $ref`")
            continue
        if kind in mapped:
            problems.append(f"{SPEC}: Record ties kind {kind} to a body twice")
        mapped[kind] = ref
        if kind not in kinds:
            problems.append(f"{SPEC}: Record ties kind {kind}, which {KINDS_SOURCE} does not declare, to a body")
        elif ref != f"#/components/schemas/{body_schema_name(kind)}":
            problems.append(f"{SPEC}: Record ties kind {kind} to {ref!r}, not to {body_schema_name(kind)}")
    for kind in kinds:
        if kind not in mapped:
            problems.append(f"{SPEC}: Record does not tie kind {kind} to its body")
    return problems


def closed(node):
    """`node` with every object schema that declares members closed: the board may write only
    what the schema declares. `Record`'s `body` declares none (the `allOf` beside it does)."""
    if isinstance(node, dict):
        node = {key: closed(value) for key, value in node.items()}
        types = node.get("type")
        is_object = types == "object" or (isinstance(types, list) and "object" in types)
        declares = any(key in node for key in ("properties", "allOf", "anyOf", "oneOf", "$ref"))
        if is_object and declares and "additionalProperties" not in node and "unevaluatedProperties" not in node:
            node["unevaluatedProperties"] = False
        return node
    if isinstance(node, list):
        return [closed(item) for item in node]
    return node


def json_path(parts) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)


def describe(error: jsonschema.ValidationError) -> str:
    # anyOf/oneOf/if failures say little themselves: name the deepest reason under them.
    while error.context:
        error = max(error.context, key=lambda inner: len(inner.absolute_path))
    return f"{json_path(error.absolute_path)}: {error.message[:300]}"


def records_of(ndjson: str) -> list[dict]:
    return [json.loads(base64.b64decode(json.loads(line)["payload"])) for line in ndjson.splitlines() if line.strip()]


def run(argv: list, timeout: float = 120, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(arg) for arg in argv], capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {result.returncode}: {(result.stderr or result.stdout).strip()[-800:]}")
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise RuntimeError(f"{process.args[0]} {process.args[1]} did not stop on SIGTERM within 30 s")


def demo_records(bindir: Path) -> list[dict]:
    demo = run([bindir / "laneagent", "demo", "--json", "--keep"], timeout=600, check=False)
    try:
        kept = json.loads(demo.stdout)["kept"]
    except (ValueError, KeyError):
        raise RuntimeError(f"laneagent demo --json --keep gave no kept folder (exit {demo.returncode}): {demo.stderr.strip()[-800:]}")
    try:
        if demo.returncode != 0:
            # Its records are still a board's records; a failed scenario is the demo's own check.
            print(f"note: laneagent demo exited {demo.returncode}; its records are checked anyway", file=sys.stderr)
        return records_of(run([bindir / "laneagent", "journal", "export", "--config", f"{kept}/agent.toml", "--out", "-"]).stdout)
    finally:
        shutil.rmtree(kept, ignore_errors=True)


class ScratchBoard:
    """A board in a temporary folder, driven by the binaries through what the demo never does."""

    device = "RS-1"
    site = "rs-site"
    officer = "RS-0001"
    # What it is there for: one missing means the check lost coverage, so it fails.
    kinds_written = {"bench.reading", "reference.updated", "reference.fault", "uplink.fault", "uplink.fault.cleared",
                     "journal.fault", "evidence.fault", "reading.plate", "reading.face", "reading.fingerprint", "device.fault",
                     "override.refused", "override.lockout", "record.withheld"}

    def __init__(self, root: Path, bindir: Path, work: Path):
        self.root, self.bindir, self.work = root, bindir, work
        self.agent = bindir / "laneagent"
        self.receiver: subprocess.Popen | None = None
        self.port = 0
        self.gateway = 0
        self.central_key = ""
        self.stand_ins: list[dict] = []

    def records(self) -> list[dict]:
        w = self.work
        (w / "state").mkdir()
        receiver = self.bindir / "clearance-receiver"
        keys = {name: json.loads(run([receiver, "keys", "init", "--out", w / f"{name}.key", "--json"]).stdout)
                for name in ("central", "stranger")}
        self.central_key = keys["central"]["publicKey"]
        self.write_config("agent.toml")
        run([self.agent, "keys", "init", "--config", w / "agent.toml"])
        run([self.agent, "diag", "bench", "--config", w / "agent.toml", "--records", "5", "--producers", "1"])
        self.reference_sync()
        # An unknown device: a refused batch (uplink.fault), never sent again by push.
        self.start_receiver(registry="", max_body_bytes=None)
        run([self.agent, "uplink", "push", "--config", w / "agent.toml", "--timeout", "10"], check=False)
        self.lane_run()
        # Over [evidence] max_mb with only unsent files: evidence.fault at the first prune, at start.
        self.write_config("evidence.toml", max_mb=1)
        self.run_until("evidence.toml", "evidence.fault")
        self.stop_receiver()
        self.withheld_upload()
        return records_of(run([self.agent, "journal", "export", "--config", w / "agent.toml", "--out", "-"]).stdout) + self.stand_ins

    def write_config(self, name: str, lanes: bool = False, min_free_mb: int | None = None, max_mb: int | None = None):
        w = self.work
        text = f'[agent]\ndevice = "{self.device}"\nsite = "{self.site}"\nstate_dir = "{w}/state"\n'
        text += f'\n[uplink]\nurl = "http://127.0.0.1:{self.port or 9}/"\ncentral_key = "{self.central_key}"\n'
        text += f'\n[reference]\nfile = "{w}/reference.dsse.json"\n'
        # No admin server: it would take the fixed port 9108, which a real daemon or the demo may hold.
        text += '\n[http]\nadmin_listen = "off"\n'
        if lanes:
            text += f'listen = "127.0.0.1:{self.gateway}"\n'
        text += f'\n[evidence]\nseal_to = "{base64.b64encode(os.urandom(32)).decode()}"\n'
        if max_mb:
            text += f"max_mb = {max_mb}\n"
        if min_free_mb:
            text += f"\n[journal]\nmin_free_mb = {min_free_mb}\n"
        if lanes:
            text += f"""
[[devices]]
id = "anpr-1"
kind = "plate-reader"
driver = "hikvision-anpr"
address = "127.0.0.1"

[[devices]]
id = "face-1"
kind = "face-terminal"
driver = "hikvision-access"
address = "127.0.0.1"
match_threshold = 85
liveness_check = true

[[lanes]]
id = "P1"
kind = "people"
devices = ["face-1"]
rules = "{self.root}/deploy/rules/default.toml"
[lanes.gpio]
chip = "simulated"
passage = "P1_PASSAGE"
turnstile = "P1_TURNSTILE"
green = "P1_GREEN"
red = "P1_RED"
"""
        (w / name).write_text(text, encoding="utf-8")

    def reference_sync(self):
        """reference.updated for a good copy (listing one officer), reference.fault for one signed by another key."""
        w, receiver = self.work, self.bindir / "clearance-receiver"
        officer = json.loads(run([self.agent, "officer", "enrol", "--id", self.officer, "--pin-stdin", "--iterations", "100000"],
                                 input="654321\n").stdout)
        body = json.loads((self.root / "Tests/ReplayTests/Fixtures/reference.json").read_text(encoding="utf-8"))
        body.update(site=self.site, officers=[officer])
        (w / "reference.json").write_text(json.dumps(body), encoding="utf-8")
        for name in ("central", "stranger"):
            run([receiver, "reference", "publish", "--data", w / f"data-{name}", "--key", w / f"{name}.key", "--site", self.site,
                 "--file", w / "reference.json"])
        shutil.copy(w / "data-central/reference" / f"{self.site}.dsse.json", w / "reference.dsse.json")
        run([self.agent, "reference", "sync", "--config", w / "agent.toml"])
        shutil.copy(w / "data-stranger/reference" / f"{self.site}.dsse.json", w / "reference.dsse.json")
        run([self.agent, "reference", "sync", "--config", w / "agent.toml"], check=False)
        shutil.copy(w / "data-central/reference" / f"{self.site}.dsse.json", w / "reference.dsse.json")

    def start_receiver(self, registry: str, max_body_bytes: int | None):
        w = self.work
        (w / "registry.ndjson").write_text(registry, encoding="utf-8")
        (w / "port").unlink(missing_ok=True)
        argv = [self.bindir / "clearance-receiver", "serve", "--listen", "127.0.0.1:0", "--port-file", w / "port",
                "--data", w / "data-receiver", "--registry", w / "registry.ndjson", "--receipt-key", w / "central.key"]
        if max_body_bytes:
            argv += ["--max-body-bytes", max_body_bytes]
        with open(w / "receiver.log", "ab") as log:
            self.receiver = subprocess.Popen([str(a) for a in argv], stdout=log, stderr=subprocess.STDOUT)
        for _ in range(100):
            if (w / "port").exists() and (w / "port").read_text().strip():
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"clearance-receiver did not start: {(w / 'receiver.log').read_text()[-800:]}")
        self.port = int((w / "port").read_text())
        self.write_config("agent.toml")

    def stop_receiver(self):
        if self.receiver:
            stop(self.receiver)
        self.receiver = None

    def kinds(self, config: str) -> list[str]:
        export = run([self.agent, "journal", "export", "--config", self.work / config, "--out", "-"], check=False)
        return [record["kind"] for record in records_of(export.stdout)] if export.returncode == 0 else []

    def run_until(self, config: str, kind: str, during=None):
        """Runs the daemon with `config`, calls `during` once it answers, stops it once `kind` is journalled."""
        w = self.work
        with open(w / "run.log", "ab") as log:
            daemon = subprocess.Popen([str(self.agent), "run", "--config", str(w / config)], stdout=log, stderr=subprocess.STDOUT)
        try:
            before = self.kinds(config).count("agent.started")
            deadline = time.monotonic() + 60
            while self.kinds(config).count("agent.started") == before:
                if daemon.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"laneagent run did not start: {(w / 'run.log').read_text()[-800:]}")
                time.sleep(0.2)
            if during:
                during()
            while kind not in self.kinds(config):
                if daemon.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"laneagent run wrote no {kind}: {(w / 'run.log').read_text()[-800:]}")
                time.sleep(0.2)
        finally:
            stop(daemon)

    def lane_run(self):
        """Readings with evidence (plain and sealed), a fingerprint, an unreadable event, refused overrides, low disk."""
        self.gateway = free_port()
        self.write_config("lanes.toml", lanes=True, min_free_mb=1_000_000)

        def traffic():
            w, events = self.work, f"http://127.0.0.1:{self.gateway}/devices"
            for _ in range(50):
                if run([self.agent, "lane", "status", "--config", w / "lanes.toml"], check=False).returncode == 0:
                    break
                time.sleep(0.2)
            # Pictures of about 1.3 MB in all, never uploaded: over the 1 MB cap of the evidence run after this one.
            run([self.agent, "diag", "simulate", "anpr", "--target", f"{events}/anpr-1/events", "--count", "2", "--interval-ms", "0",
                 "--image-kb", "600"])
            run([self.agent, "diag", "simulate", "face", "--target", f"{events}/face-1/events", "--event", "face-not-live",
                 "--picture-kb", "2"])
            run([self.agent, "diag", "simulate", "face", "--target", f"{events}/face-1/events", "--event", "fingerprint-pass",
                 "--picture-kb", "0"])
            request = urllib.request.Request(f"{events}/anpr-1/events", data=b"not an ANPR event", method="POST",
                                             headers={"Content-Type": "application/xml"})
            try:
                urllib.request.urlopen(request, timeout=10)
            except urllib.error.HTTPError:
                pass
            # 5 wrong PINs lock the officer out; 5 unknown officers after them make 10 on the lane, which locks it.
            for officer in [self.officer] * 5 + ["RS-9999"] * 5:
                run([self.agent, "lane", "override", "--config", w / "lanes.toml", "--lane", "P1", "--crossing", "P1-20260101-000000",
                     "--decision", "CLEAR", "--officer", officer, "--reason", "schema check", "--pin-stdin"], input="000000\n", check=False)

        self.run_until("lanes.toml", "journal.fault", during=traffic)

    def withheld_upload(self):
        """A receiver whose body limit is under the largest record: that one goes as its record.withheld stand-in."""
        w = self.work
        export = run([self.agent, "journal", "export", "--config", w / "agent.toml", "--out", "-"]).stdout
        largest = max(len(line) for line in export.splitlines())
        keyline = json.loads(run([self.agent, "keys", "show", "--json", "--config", w / "agent.toml"]).stdout)
        keyline["site"] = self.site
        self.start_receiver(registry=json.dumps(keyline) + "\n", max_body_bytes=largest - 1)
        try:
            run([self.agent, "uplink", "push", "--config", w / "agent.toml", "--timeout", "60"], timeout=90)
            url = f"http://127.0.0.1:{self.port}/v1/devices/{self.device}/records?from=1&limit=1000"
            with urllib.request.urlopen(url, timeout=10) as reply:
                held = records_of(reply.read().decode())
        finally:
            self.stop_receiver()
        self.stand_ins = [record for record in held if record["kind"] == "record.withheld"]
        if not self.stand_ins:
            raise RuntimeError("the receiver holds no record.withheld stand-in")


def resolve(schemas: dict, schema: dict) -> dict:
    ref = schema.get("$ref", "")
    return schemas[ref.rsplit("/", 1)[-1]] if ref.startswith("#/components/schemas/") else schema


def schema_members(schemas: dict, schema: dict) -> tuple[set[str], set[str]]:
    """The member names `schema` declares anywhere in its object (its properties and those of its
    branches), and those it requires whatever the branch (its own `required` and its `allOf`'s)."""
    names, required = set(schema.get("properties", {})), set(schema.get("required", []))
    if "$ref" in schema:
        more, always = schema_members(schemas, resolve(schemas, schema))
        names |= more
        required |= always
    for branch in schema.get("allOf", []):
        more, always = schema_members(schemas, resolve(schemas, branch))
        names |= more
        required |= always
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key, []):
            names |= schema_members(schemas, resolve(schemas, branch))[0]
    for key in ("then", "else"):
        if key in schema:
            names |= schema_members(schemas, resolve(schemas, schema[key]))[0]
    return names, required


def bodies_against_schema(spec: dict, registry: Registry, kinds: list[str], samples: list[dict]) -> list[str]:
    problems = []
    schemas = spec["components"]["schemas"]
    written: dict[str, list[tuple[str, dict[str, bool]]]] = {}
    for sample in samples:
        kind, type_name = sample["kind"], sample["type"]
        name = body_schema_name(kind)
        if name not in schemas:
            problems.append(f"{type_name} is a body of kind {kind}, which has no schema {name} in {SPEC}")
            continue
        validator = jsonschema.Draft202012Validator({"$ref": f"{SPEC_URI}#/components/schemas/{name}"}, registry=registry)
        for error in sorted(validator.iter_errors(sample["body"]), key=lambda e: list(map(str, e.absolute_path))):
            problems.append(f"{type_name} ({kind}) sample {json.dumps(sample['body'], sort_keys=True)[:200]}: {describe(error)}")
        members: dict[str, bool] = {}
        for member in sample["members"]:
            members[member["name"]] = members.get(member["name"], False) or member["required"]
        written.setdefault(kind, []).append((type_name, members))
    for kind in kinds:
        if kind not in written:
            problems.append(f"kind {kind} has no body sample: declare its body type (RecordBody) and give RecordBodyTests a sample")
    for kind, types in sorted(written.items()):
        name = body_schema_name(kind)
        if name not in schemas:
            continue
        declared, declared_required = schema_members(schemas, schemas[name])
        by = " and ".join(sorted({type_name for type_name, _ in types}))
        names = set().union(*(set(members) for _, members in types))
        always = set.intersection(*({member for member, required in members.items() if required} for _, members in types))
        for member in sorted(names - declared):
            problems.append(f"{by} ({kind}) can write {member!r}; {SPEC} {name} does not declare it")
        for member in sorted(declared - names):
            problems.append(f"{SPEC} {name} declares {member!r}; {by} ({kind}) never writes it")
        for member in sorted(always - declared_required):
            problems.append(f"{by} ({kind}) always writes {member!r}; {SPEC} {name} does not require it")
        for member in sorted(declared_required - always):
            problems.append(f"{SPEC} {name} requires {member!r}; {by} ({kind}) may leave it out")
    return problems


def check_bodies(root: Path, samples_path: str) -> int:
    spec = yaml.safe_load((root / SPEC).read_text(encoding="utf-8"))
    kinds = code_kinds(root)
    registry = Registry().with_resource(SPEC_URI, Resource(contents=closed(spec), specification=DRAFT202012))
    lines = Path(samples_path).read_text(encoding="utf-8").splitlines()
    samples = [json.loads(line) for line in lines if line.strip()]
    problems = schema_against_code(spec, kinds) + bodies_against_schema(spec, registry, kinds, samples)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check-record-schemas: {len(problems)} problem(s) in {len(samples)} body samples")
        return 1
    types = len({sample["type"] for sample in samples})
    print(f"check-record-schemas: {len(samples)} samples of {types} body types match {SPEC}, {len(kinds)} kinds")
    return 0


def main() -> int:
    arguments = sys.argv[1:]
    if arguments[:1] == ["--bodies"] and len(arguments) in (2, 3):
        root = Path(arguments[2]).resolve() if len(arguments) == 3 else Path(__file__).resolve().parent.parent
        return check_bodies(root, arguments[1])
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    env_bin = os.environ.get("LANEAGENT_BIN")
    bindir = Path(env_bin).resolve().parent if env_bin else root / ".build" / "debug"
    missing = [name for name in ("laneagent", "clearance-receiver") if not os.access(bindir / name, os.X_OK)]
    if missing:
        print(f"check-record-schemas: no {' or '.join(missing)} in {bindir}: build them (swift build), or set LANEAGENT_BIN "
              f"to the laneagent binary of a build", file=sys.stderr)
        return 2

    spec = yaml.safe_load((root / SPEC).read_text(encoding="utf-8"))
    kinds = code_kinds(root)
    problems = schema_against_code(spec, kinds)

    strict = closed(spec)
    registry = Registry().with_resource(SPEC_URI, Resource(contents=strict, specification=DRAFT202012))
    validator = jsonschema.Draft202012Validator({"$ref": f"{SPEC_URI}#/components/schemas/Record"}, registry=registry)

    sources: dict[str, list[dict]] = {}
    try:
        sources["demo"] = demo_records(bindir)
        with tempfile.TemporaryDirectory(prefix="laneagent-record-schemas-") as work:
            board = ScratchBoard(root, bindir, Path(work))
            try:
                sources["scratch"] = board.records()
                missing = ScratchBoard.kinds_written - {record["kind"] for record in sources["scratch"]}
                if missing:
                    log = (Path(work) / "run.log").read_text(errors="replace")[-800:]
                    problems.append(f"the scratch board wrote no {', '.join(sorted(missing))}; the end of its daemon's log:\n{log}")
            finally:
                board.stop_receiver()
    except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as error:
        problems.append(f"could not collect records: {error}")

    counts: dict[str, dict[str, int]] = {}
    for source, records in sources.items():
        for record in records:
            kind = str(record.get("kind"))
            counts.setdefault(kind, {}).setdefault(source, 0)
            counts[kind][source] += 1
            for error in sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
                problems.append(f"{source} seq {record.get('seq')} kind {kind}: {describe(error)}")

    print(f"{'kind':<24}" + "".join(f"{source:>9}" for source in sources))
    for kind in sorted(counts):
        print(f"{kind:<24}" + "".join(f"{counts[kind].get(source, 0):>9}" for source in sources))
    unexercised = [kind for kind in kinds if kind not in counts]
    if unexercised:
        print(f"no record of {', '.join(unexercised)}: checked against the code only")
    for problem in problems:
        print(problem)
    total = sum(map(len, sources.values()))
    if problems:
        print(f"check-record-schemas: {len(problems)} problem(s) in {total} records of {len(counts)} kinds")
        return 1
    print(f"check-record-schemas: {total} records of {len(counts)} kinds match {SPEC}; {len(kinds)} kinds, each with its body schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())
