"""Writes each replay fixture's events.ndjson. The MRZ lines are TD3 zones whose check digits were
computed with ICAO 9303's 7-3-1 weighting (the `document` lines must parse; the WANG passport
expired on 2025-01-01); container codes carry ISO 6346 check digits (MSKU7654321's is wrong on
purpose). Run from anywhere: python3 make-fixtures.py
"""
import json, os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
T = "2026-11-23T"
def ev(at, lane, type_, **kw):
    d = {"at": T + at + "Z" if at else None, "lane": lane, "type": type_}
    if at is None: del d["at"]
    if lane is None: del d["lane"]
    d.update(kw)
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

def truck(lane, t0, plate, weight, container, verdict, declaration, conf=0.94, leave=True, h="08"):
    m, s = t0
    def at(ds):
        total = m * 60 + s + ds
        return f"{h}:{total // 60:02d}:{total % 60:02d}.000"
    lines = [ev(at(0), lane, "presence", loop="entry", occupied=True),
             ev(at(2), lane, "plate", plate=plate, confidence=conf),
             ev(at(5), lane, "weight", weightKg=weight, stable=True),
             ev(at(6), lane, "container", code=container),
             ev(at(20), lane, "scan", verdict=verdict),
             ev(at(25), lane, "code", text=f"VNACCS|{declaration}|2026-11-23")]
    if leave:
        lines += [ev(at(40), lane, "presence", loop="entry", occupied=False),
                  ev(at(42), lane, "presence", loop="exit", occupied=True),
                  ev(at(48), lane, "presence", loop="exit", occupied=False)]
    return lines

NGUYEN = ["P<VNMNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<", "C1234567<0VNM8503127M3101012<<<<<<<<<<<<<<<0"]
WANG = ["P<CHNWANG<<LEI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "E987654324CHN9007208F2501017<<<<<<<<<<<<<<<4"]
TRAN = ["P<VNMTRAN<<THI<BINH<<<<<<<<<<<<<<<<<<<<<<<<<", "C7654321<8VNM9211052F3306150<<<<<<<<<<<<<<<6"]
LE = ["P<VNMLE<<MINH<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "C5555555<9VNM8808084M3008085<<<<<<<<<<<<<<<6"]

def person(t, mrz, subject, score, live=True, passage=True):
    lines = [ev(f"09:00:{t:02d}.000", "P1", "document", mrz=mrz),
             ev(f"09:00:{t + 2:02d}.500", "P1", "face", subject=subject, score=score, live=live)]
    if passage:
        lines += [ev(f"09:00:{t + 5:02d}.000", "P1", "presence", loop="passage", occupied=True),
                  ev(f"09:00:{t + 6:02d}.000", "P1", "presence", loop="passage", occupied=False)]
    return lines

cases = {}
cases["clean-truck"] = truck("C1", (0, 0), "29C-123.45", 23950, "CSQU 305438 3", "clear", "TK-2026-000123")
cases["overweight"] = truck("C1", (0, 0), "29C67890", 31240, "TGHU1234567", "clear", "TK-2026-000124")
cases["unknown-plate"] = truck("C1", (0, 0), "51D00000", 23950, "CSQU3054383", "clear", "TK-2026-000123")
cases["bad-container"] = truck("C1", (0, 0), "29C11111", 20100, "MSKU7654321", "clear", "TK-2026-000125")
cases["xray-suspect"] = truck("C1", (0, 0), "29C22222", 22100, "OOLU2468106", "suspect", "TK-2026-000126")
cases["watchlist-plate"] = truck("C1", (0, 0), "29C99999", 24000, "CSQU3054383", "clear", "TK-2026-000128")
cases["unsynced-clock"] = [ev(None, None, "clock", synced=False)] + truck("C1", (0, 0), "29C12345", 23950, "CSQU3054383", "clear", "TK-2026-000123")
# C1's vehicle brings a plate, a weight and a scan, but no container code or declaration QR:
# its deadline (60 s) passes before C2's first event at 08:01:30, which is what fires it.
# C2's truck is clean.
cases["missing-evidence"] = [
    ev("08:00:00.000", "C1", "presence", loop="entry", occupied=True),
    ev("08:00:03.000", "C1", "plate", plate="29C33333", confidence=0.91),
    ev("08:00:08.000", "C1", "weight", weightKg=23100, stable=True),
    ev("08:00:20.000", "C1", "scan", verdict="clear"),
] + truck("C2", (1, 30), "29C12345", 23950, "CSQU3054383", "clear", "TK-2026-000123") + [
    ev("08:03:00.000", "C1", "presence", loop="entry", occupied=False),
]
# A crossing still collecting when the input ends is decided at its deadline.
cases["end-of-input"] = [
    ev("08:00:00.000", "C1", "presence", loop="entry", occupied=True),
    ev("08:00:03.000", "C1", "plate", plate="29C12345", confidence=0.93),
    ev("08:00:06.000", "C1", "weight", weightKg=23900, stable=True),
    ev("08:00:12.000", "C1", "scan", verdict="clear"),
    ev("08:00:13.000", "C1", "container", code="CSQU3054383"),
]
cases["scale-fault"] = [
    ev("08:00:00.000", "C1", "presence", loop="entry", occupied=True),
    ev("08:00:02.000", "C1", "plate", plate="29C33333", confidence=0.95),
    ev("08:00:04.000", "C1", "weight", weightKg=23050, stable=False),
    ev("08:00:05.000", "C1", "fault", device="scale-1", reason="serial port /dev/laneagent/scale-1 disappeared"),
    ev("08:00:30.000", "C1", "recovered", device="scale-1"),
    ev("08:00:50.000", "C1", "presence", loop="entry", occupied=False),
]
cases["override"] = truck("C1", (0, 0), "51D00000", 23950, "CSQU3054383", "clear", "TK-2026-000123", leave=False) + [
    ev("08:02:00.000", "C1", "override", crossing="C1-20261123-080000", decision="CLEAR", officer="VN-4711",
       reason="plate 51D00000 replaced 29C12345 after a re-registration; papers checked"),
    ev("08:02:20.000", "C1", "presence", loop="entry", occupied=False),
    ev("08:02:22.000", "C1", "presence", loop="exit", occupied=True),
    ev("08:02:28.000", "C1", "presence", loop="exit", occupied=False),
]
cases["people-clear"] = person(0, NGUYEN, "NGUYEN-VAN-AN", 0.91)
cases["face-mismatch"] = person(0, TRAN, "TRAN-THI-BINH", 0.42, passage=False)
cases["expired-document"] = person(0, WANG, "WANG-LEI", 0.93, passage=False)
cases["watchlist-document"] = person(0, LE, "LE-MINH", 0.95, passage=False)

good = truck("C1", (0, 0), "29C12345", 23950, "CSQU3054383", "clear", "TK-2026-000123")
cases["bad-lines"] = [
    good[0],
    "this is not JSON",
    ev("08:00:01.000", "C1", "teleport", where="C2"),
    good[1],
    ev("08:00:03.000", "C1", "weight", stable=True),
    ev("08:00:03.500", "C9", "scan", verdict="clear"),
    ev("08:00:04.000", "C1", "weight", weightKg="heavy", stable=True),
    good[2],
    json.dumps({"at": "23/11/2026 08:00:05", "lane": "C1", "type": "container", "code": "CSQU3054383"}),
    ev("08:00:05.500", "P1", "document", mrz=["P<VNMNGUYEN<<VAN<AN", "C1234567"]),
    ev("07:59:00.000", "C1", "container", code="CSQU3054383"),
    ev("08:00:05.800", "C1", "override", crossing="C1-20261123-080000", decision="CLEAR", officer="VN-4711", reason="too early"),
    "",
] + good[3:]

for name, lines in cases.items():
    os.makedirs(name, exist_ok=True)
    with open(os.path.join(name, "events.ndjson"), "w") as f:
        f.write("\n".join(lines) + "\n")
print(len(cases), "cases")
