#!/usr/bin/env python3
"""Verify a LaneAgent journal export with code that shares nothing with LaneAgent.

DSSE v1 (PAE + Ed25519 via the `cryptography` package), key id = SHA-256 of the raw public
key, RFC 8785 canonical form (for the value shapes records use: json.dumps with sorted keys,
no whitespace, UTF-8 kept), seq contiguity and the prev hash chain.

usage: verify_dsse.py EXPORT.ndjson PUBLIC_KEY_BASE64
prints "ok N FIRST LAST" and exits 0, or prints the failing line and exits 1.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PAYLOAD_TYPE = "application/vnd.laneagent.record.v1+json"


def pae(payload_type: str, payload: bytes) -> bytes:
    t = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def fail(line_no: int, why: str) -> None:
    print(f"line {line_no}: {why}")
    sys.exit(1)


def main() -> None:
    path, pub_b64 = sys.argv[1], sys.argv[2]
    raw = base64.b64decode(pub_b64)
    public_key = Ed25519PublicKey.from_public_bytes(raw)
    key_id = hashlib.sha256(raw).hexdigest()
    prev_hash, prev_seq, first, count = None, None, None, 0
    with open(path, "rb") as handle:
        for line_no, line in enumerate(handle, start=1):
            envelope = json.loads(line)
            if envelope["payloadType"] != PAYLOAD_TYPE:
                fail(line_no, "payloadType")
            payload = base64.b64decode(envelope["payload"], validate=True)
            signatures = [s for s in envelope["signatures"] if s["keyid"] == key_id]
            if not signatures:
                fail(line_no, "unknown key")
            try:
                public_key.verify(base64.b64decode(signatures[0]["sig"]), pae(PAYLOAD_TYPE, payload))
            except InvalidSignature:
                fail(line_no, "bad signature")
            record = json.loads(payload)
            canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            if canonical != payload:
                fail(line_no, "not canonical")
            seq = record["seq"]
            if prev_seq is None:
                first = seq
                if seq == 1 and record["prev"] != "0" * 64:
                    fail(line_no, "genesis prev")
            else:
                if seq != prev_seq + 1:
                    fail(line_no, f"gap: expected {prev_seq + 1}, found {seq}")
                if record["prev"] != prev_hash:
                    fail(line_no, "prev chain")
            prev_seq, prev_hash = seq, hashlib.sha256(payload).hexdigest()
            count += 1
    print(f"ok {count} {first} {prev_seq}")


if __name__ == "__main__":
    main()
