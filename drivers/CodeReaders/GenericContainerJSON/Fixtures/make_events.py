#!/usr/bin/env python3
"""Writes events.jsonl: bodies container OCR cameras post to generic-container-json and what
the driver must make of them (readings, or a rejection naming the field).
python3 make_events.py > events.jsonl"""
import base64, json

JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) + b"JFIF\0" + bytes(20) + bytes([0xFF, 0xD9])

def read(raw, code, problem=None, confidence=None):
    return {"raw": raw, "code": code, "valid": problem is None, "problem": problem, "confidence": confidence}

def vector(name, body, readings=None, rejection=None, time=None, evidence=0, note=None):
    print(json.dumps({"name": name, "body": body, "readings": readings or [], "rejection": rejection, "time": time,
                      "evidence": evidence, "note": note}, ensure_ascii=False))

vector("list of two codes with confidence and time",
       '{"containers":[{"code":"CSQU3054383","confidence":0.97},{"code":"MSKU1234565","confidence":0.88}],'
       '"time":"2025-03-01T08:15:02+07:00"}',
       [read("CSQU3054383", "CSQU3054383", confidence=0.97), read("MSKU1234565", "MSKU1234565", confidence=0.88)],
       time="2025-03-01T01:15:02.000Z")
vector("single code without confidence or time", '{"code":"ZEPU0037255"}', [read("ZEPU0037255", "ZEPU0037255")])
vector("spaced and lower-case code normalised, raw kept; percentage confidence", '{"code":"raiu 690011 4","confidence":93}',
       [read("raiu 690011 4", "RAIU6900114", confidence=0.93)])
vector("category other than U, J, Z", '{"code":"RAIL6900114"}', [read("RAIL6900114", "RAIL6900114", "category L is not U, J or Z")])
vector("owner code with a digit", '{"code":"C5QU3054383"}', [read("C5QU3054383", "C5QU3054383", "owner code C5Q is not 3 letters")])
vector("printed form with spaces and a dash", '{"code":"RAIU 690011-4","confidence":93}',
       [read("RAIU 690011-4", "RAIU6900114", confidence=0.93)])
vector("wrong check digit is a reading, not a rejection", '{"containers":[{"code":"MSCU6639871"},{"code":"TGHU9871234"}]}',
       [read("MSCU6639871", "MSCU6639871", "check digit 0 expected, 1 read"),
        read("TGHU9871234", "TGHU9871234", "check digit 7 expected, 4 read")])
vector("short code", '{"code":"CSQU305438"}',
       [read("CSQU305438", "CSQU305438", "10 characters; a container code has 11 (owner, category, 6-digit serial, check digit)")])
vector("image as evidence, fractional UTC time, extra fields ignored",
       json.dumps({"containers": [{"code": "CSQU3054383", "confidence": 0.5, "box": [1, 2, 3, 4]}], "lane": 3,
                   "time": "2025-03-01T01:15:02.25Z", "image": base64.b64encode(JPEG).decode()}),
       [read("CSQU3054383", "CSQU3054383", confidence=0.5)], time="2025-03-01T01:15:02.250Z", evidence=1)
vector("empty list: nothing read", '{"containers":[]}', [], note="no container codes in the event")
vector("null confidence and time are absent", '{"code":"CSQU3054383","confidence":null,"time":null}',
       [read("CSQU3054383", "CSQU3054383")])
vector("not JSON", '{"code": CSQU3054383}', rejection="body is not JSON")
vector("not an object", '["CSQU3054383"]', rejection="body is not a JSON object")
vector("neither containers nor code", '{"plate":"12C12345"}', rejection="no \"containers\" array and no \"code\"")
vector("code is a number", '{"containers":[{"code":3054383}]}', rejection="containers[0].code is not a string")
vector("code missing in the second entry", '{"containers":[{"code":"CSQU3054383"},{"confidence":0.9}]}',
       rejection="containers[1].code is missing")
vector("entry is not an object", '{"containers":["CSQU3054383"]}', rejection="containers[0] is not an object")
vector("containers is not an array", '{"containers":{"code":"CSQU3054383"}}', rejection="containers is not an array")
vector("empty code", '{"code":"  "}', rejection="code is empty")
vector("confidence out of range", '{"code":"CSQU3054383","confidence":150}', rejection="confidence 150.0 is not 0–1")
vector("confidence as text", '{"containers":[{"code":"CSQU3054383","confidence":"high"}]}',
       rejection="containers[0].confidence is not a number")
vector("time not RFC 3339", '{"code":"CSQU3054383","time":"01/03/2025 08:15"}', rejection="time \"01/03/2025 08:15\" is not an RFC 3339")
vector("image not base64", '{"code":"CSQU3054383","image":"***"}', rejection="image is not base64")
vector("empty body", "", rejection="empty body")
