"""Schemathesis hooks for LaneAgent's contracts (loaded through SCHEMATHESIS_HOOKS).

The batch endpoint takes NDJSON compressed with gzip (`Content-Encoding: gzip` is a required
header of the operation): schemathesis has no serializer for application/x-ndjson, so without
this one it cannot send a single batch.
"""

import gzip
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson_gzip(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        text = bytes(value)
    elif isinstance(value, str):
        text = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, list):
        text = b"".join(json.dumps(item, separators=(",", ":")).encode() + b"\n" for item in value)
    else:
        text = json.dumps(value, separators=(",", ":")).encode() + b"\n"
    return gzip.compress(text)
