"""Writes each fixture's expected.ndjson (and expected-stderr.txt) from what `laneagent lane replay`
prints now, and a summary to read before committing them: an expected file is a claim about what
the lanes must decide, so check every line of the summary against the situation the events describe.
Decision lines keep only the rules that did not pass, without details or the rule pack (the test
checks those separately).
    python3 make-expected.py [BIN_DIR]      (default: the repository's .build/debug)
"""
import json, subprocess, sys, os
here = os.path.dirname(os.path.abspath(__file__))
os.chdir(here)
bin = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../.build/debug"), "laneagent")
for case in sorted(d for d in os.listdir(".") if os.path.isdir(d)):
    ev = f"{case}/events.ndjson"
    p = subprocess.run([bin, "lane", "replay", "--config", "agent.toml", "--events", ev, "--reference", "reference.json"], capture_output=True, text=True)
    out = []
    for line in p.stdout.splitlines():
        o = json.loads(line)
        if o["type"] == "decision":
            o.pop("rulePack")
            o["reasons"] = [{"rule": r["rule"], "outcome": r["outcome"]} for r in o["reasons"] if r["outcome"] != "pass"]
        out.append(o)
    order = ["type", "lane", "crossing", "decision", "previous", "action", "at", "officer", "reason", "reasons"]
    with open(f"{case}/expected.ndjson", "w") as f:
        for o in out:
            keys = sorted(o, key=lambda k: order.index(k) if k in order else 99)
            f.write(json.dumps({k: o[k] for k in keys}, ensure_ascii=False, separators=(",", ":")) + "\n")
    err = [l.replace(ev, "events.ndjson") for l in p.stderr.splitlines()]
    if err:
        open(f"{case}/expected-stderr.txt", "w").write("\n".join(err) + "\n")
    print(f"== {case} (exit {p.returncode})")
    for o in out:
        if o["type"] == "decision":
            print(f"  {o['at'][11:23]} {o['lane']} {o['crossing']} {o['decision']} " + ", ".join(r['rule'] + ':' + r['outcome'] for r in o['reasons']))
        elif o["type"] == "override":
            print(f"  {o['at'][11:23]} {o['lane']} OVERRIDE {o['decision']} (was {o['previous']}) by {o['officer']}")
        else:
            print(f"  {o['at'][11:23]} {o['lane']} {o['action']} {o['crossing']}")
    for l in err: print("  ERR", l)
