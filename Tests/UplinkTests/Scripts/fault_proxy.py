#!/usr/bin/env python3
"""A recording, fault-injecting HTTP/1.1 reverse proxy for Uplink tests.

Usage:
    python3 fault_proxy.py --upstream HOST:PORT --port-file FILE
        [--record FILE] [--listen-port N] [--upstream-timeout SECONDS] [--verbose]

Listens on 127.0.0.1 (port N, default 0 = any free port), writes the bound
port (decimal digits, no newline) to --port-file atomically once listening,
and serves until killed (SIGTERM/SIGINT exit cleanly).

Every request is forwarded to the upstream over a new connection with the same
method, target, headers (Host rewritten, hop-by-hop headers dropped) and body;
the upstream's status, headers and body are relayed. Client connections are
kept alive (HTTP/1.1). An upstream that is down, times out or resets yields
502 {"error":"bad-gateway","message":...}.

Control endpoints (handled here, never forwarded, never recorded):
    POST   /_proxy/faults    body: JSON array of faults, appended to a FIFO queue
    DELETE /_proxy/faults    empties the queue
    PUT    /_proxy/upstream  body: HOST:PORT
    GET    /_proxy/stats     {"batchRequests": n, "faultsApplied": n, "queued": n}

Each request whose path ends with /v1/records:batch consumes the next queued
fault (none queued: pass through). Faults:
    {"type": "pass"}
    {"type": "status", "status": 503, "retryAfter": "2", "body": {...}, "headers": {...}}
    {"type": "reset"}                 read the request, then RST the connection
    {"type": "reset-after-forward"}   forward, read the reply, then RST instead of relaying
    {"type": "stall", "seconds": 5}   wait, then forward
    {"type": "garbage"}               200 text/html "<html>oops</html>"
    {"type": "alter-receipt", "set": {...}}  forward; in a 200's receipt, set these members
                                      (a null value removes the member, "set": {"receipt": null}
                                      the whole receipt), then relay
A fault with "key": "DEVICE:FIRST-LAST" waits in the queue for the batch with that
Idempotency-Key and is skipped by others: an uploader with two batches in flight sends them on
two connections, so their order of arrival is not theirs to choose.
"faultsApplied" counts consumed faults, "pass" included.

--record FILE appends one NDJSON line per proxied or fault-answered exchange
(the exchanges format of contract_check.py, plus "source": "upstream" when the
upstream answered or "proxy" when the proxy did, and "fault": the applied
fault type or null). Reset faults are not recorded (there is no response).
"""

from __future__ import annotations

import argparse
import base64
import collections
import http.client
import http.server
import json
import os
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit

BATCH_SUFFIX = "/v1/records:batch"
CONTROL_PREFIX = "/_proxy/"
FAULT_TYPES = ("pass", "status", "reset", "reset-after-forward", "stall", "garbage", "alter-receipt")
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "trailers", "transfer-encoding", "upgrade",
}
MAX_CHUNK_LINE = 4096


class ClientError(Exception):
    """The client sent something unusable; answer 400 and close."""


def parse_host_port(text: str) -> tuple[str, int]:
    text = text.strip()
    if text.startswith("http://"):
        text = text[len("http://"):].rstrip("/")
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected HOST:PORT, got {text!r}")
    return host.strip("[]"), int(port)


def validate_fault(fault) -> dict:
    if not isinstance(fault, dict):
        raise ValueError(f"a fault must be a JSON object, got {fault!r}")
    kind = fault.get("type")
    if kind not in FAULT_TYPES:
        raise ValueError(f"unknown fault type {kind!r} (known: {', '.join(FAULT_TYPES)})")
    if kind == "status":
        status = fault.get("status")
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise ValueError(f"status fault needs an integer \"status\" in 200...599, got {status!r}")
        if "retryAfter" in fault and not isinstance(fault["retryAfter"], (str, int)):
            raise ValueError("\"retryAfter\" must be a string or an integer")
        if "headers" in fault and not isinstance(fault["headers"], dict):
            raise ValueError("\"headers\" must be an object")
    if "key" in fault and not isinstance(fault["key"], str):
        raise ValueError(f"\"key\" must be an Idempotency-Key string, got {fault['key']!r}")
    if kind == "alter-receipt" and not isinstance(fault.get("set"), dict):
        raise ValueError("alter-receipt fault needs a \"set\" object")
    if kind == "stall":
        seconds = fault.get("seconds", 0)
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise ValueError(f"stall fault needs non-negative \"seconds\", got {seconds!r}")
    return fault


class ProxyState:
    def __init__(self, upstream: tuple[str, int], record_path: str | None, upstream_timeout: float):
        self.lock = threading.Lock()
        self.upstream = upstream
        self.upstream_timeout = upstream_timeout
        self.faults: collections.deque = collections.deque()
        self.batch_requests = 0
        self.faults_applied = 0
        self.record_file = open(record_path, "ab") if record_path else None

    def next_fault(self, path: str, key: str | None) -> dict | None:
        """Counts a batch request and takes the first queued fault meant for it, if any."""
        if not path.endswith(BATCH_SUFFIX):
            return None
        with self.lock:
            self.batch_requests += 1
            for index, fault in enumerate(self.faults):
                if fault.get("key") in (None, key):
                    del self.faults[index]
                    self.faults_applied += 1
                    return fault
            return None

    def stats(self) -> dict:
        with self.lock:
            return {
                "batchRequests": self.batch_requests,
                "faultsApplied": self.faults_applied,
                "queued": len(self.faults),
            }

    def record(self, entry: dict) -> None:
        if self.record_file is None:
            return
        line = json.dumps(entry, separators=(",", ":")).encode("utf-8") + b"\n"
        with self.lock:
            self.record_file.write(line)
            self.record_file.flush()


def altered_receipt(body: bytes, changes: dict) -> bytes:
    """A 200 batch reply with its receipt's members changed: a forged or damaged receipt."""
    reply = json.loads(body)
    if "receipt" in changes and changes["receipt"] is None:
        reply.pop("receipt", None)
        return json.dumps(reply).encode()
    receipt = reply.get("receipt") or {}
    for name, value in changes.items():
        if value is None:
            receipt.pop(name, None)
        else:
            receipt[name] = value
    reply["receipt"] = receipt
    return json.dumps(reply).encode()


def header_dict(pairs) -> dict:
    result: dict[str, str] = {}
    lower: dict[str, str] = {}
    for name, value in pairs:
        key = lower.setdefault(name.lower(), name)
        result[key] = f"{result[key]}, {value}" if key in result else value
    return result


class Upstream502(Exception):
    pass


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault_proxy/1"
    timeout = 300  # idle keep-alive connections are dropped after this
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    # BaseHTTPRequestHandler dispatches on do_<METHOD>.
    def do_GET(self): self.handle_request()
    def do_POST(self): self.handle_request()
    def do_PUT(self): self.handle_request()
    def do_DELETE(self): self.handle_request()
    def do_PATCH(self): self.handle_request()
    def do_HEAD(self): self.handle_request()
    def do_OPTIONS(self): self.handle_request()

    @property
    def state(self) -> ProxyState:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        if self.server.verbose:  # type: ignore[attr-defined]
            sys.stderr.write(f"fault_proxy: {self.address_string()} {format % args}\n")

    # ------------------------------------------------------------------ request handling

    def handle_request(self) -> None:
        try:
            body = self.read_body()
        except ClientError as error:
            self.close_connection = True
            self.reply_json(400, {"error": "bad-request", "message": str(error)}, close=True)
            return
        except (OSError, ValueError):
            self.close_connection = True
            return
        path = urlsplit(self.path).path
        try:
            if path.startswith(CONTROL_PREFIX):
                self.handle_control(path, body)
            else:
                self.handle_proxied(path, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def read_body(self) -> bytes:
        encoding = self.headers.get("Transfer-Encoding", "")
        if encoding:
            if encoding.lower().split(",")[-1].strip() != "chunked":
                raise ClientError(f"unsupported Transfer-Encoding {encoding!r}")
            return self.read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise ClientError(f"bad Content-Length {length!r}")
        remaining = int(length)
        parts = []
        while remaining:
            chunk = self.rfile.read(min(remaining, 1 << 16))
            if not chunk:
                raise ValueError("client closed mid-body")
            parts.append(chunk)
            remaining -= len(chunk)
        return b"".join(parts)

    def read_chunked(self) -> bytes:
        parts = []
        while True:
            line = self.rfile.readline(MAX_CHUNK_LINE)
            if not line:
                raise ValueError("client closed mid-body")
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise ClientError(f"bad chunk size {size_text!r}") from None
            if size == 0:
                while True:  # trailers, up to the empty line
                    trailer = self.rfile.readline(MAX_CHUNK_LINE)
                    if trailer in (b"\r\n", b"\n", b""):
                        return b"".join(parts)
            data = self.rfile.read(size)
            if len(data) != size:
                raise ValueError("client closed mid-chunk")
            parts.append(data)
            self.rfile.readline(MAX_CHUNK_LINE)  # CRLF after the chunk

    def handle_control(self, path: str, body: bytes) -> None:
        state = self.state
        if path == "/_proxy/faults" and self.command == "POST":
            try:
                faults = json.loads(body.decode("utf-8") or "null")
                if isinstance(faults, dict):
                    faults = [faults]
                if not isinstance(faults, list):
                    raise ValueError("body must be a JSON array of faults")
                faults = [validate_fault(f) for f in faults]
            except (ValueError, UnicodeDecodeError) as error:
                self.reply_json(400, {"error": "bad-request", "message": str(error)})
                return
            with state.lock:
                state.faults.extend(faults)
            self.reply_json(200, state.stats())
        elif path == "/_proxy/faults" and self.command == "DELETE":
            with state.lock:
                state.faults.clear()
            self.reply_json(200, state.stats())
        elif path == "/_proxy/upstream" and self.command == "PUT":
            try:
                upstream = parse_host_port(body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                self.reply_json(400, {"error": "bad-request", "message": str(error)})
                return
            with state.lock:
                state.upstream = upstream
            self.reply_json(200, {"upstream": f"{upstream[0]}:{upstream[1]}"})
        elif path == "/_proxy/stats" and self.command == "GET":
            self.reply_json(200, state.stats())
        elif path in ("/_proxy/faults", "/_proxy/upstream", "/_proxy/stats"):
            self.reply_json(405, {"error": "method-not-allowed", "message": f"{self.command} {path}"})
        else:
            self.reply_json(404, {"error": "not-found", "message": f"no control endpoint {path}"})

    def handle_proxied(self, path: str, body: bytes) -> None:
        fault = self.state.next_fault(path, self.headers.get("Idempotency-Key"))
        kind = fault["type"] if fault else None
        if kind == "reset":
            self.reset_connection()
            return
        if kind == "status":
            self.answer_status_fault(fault, body)
            return
        if kind == "garbage":
            self.answer(200, "OK", [("Content-Type", "text/html")], b"<html>oops</html>",
                        body, source="proxy", fault=kind)
            return
        if kind == "stall":
            time.sleep(float(fault.get("seconds", 0)))
        try:
            status, reason, headers, response_body = self.forward(body)
        except Upstream502 as error:
            if kind == "reset-after-forward":
                self.reset_connection()
                return
            payload = json.dumps({"error": "bad-gateway", "message": str(error)}).encode()
            self.answer(502, "Bad Gateway", [("Content-Type", "application/json")], payload,
                        body, source="proxy", fault=kind)
            return
        if kind == "reset-after-forward":
            self.reset_connection()
            return
        if kind == "alter-receipt" and status == 200:
            response_body = altered_receipt(response_body, fault["set"])
        self.answer(status, reason, headers, response_body, body, source="upstream", fault=kind)

    def answer_status_fault(self, fault: dict, request_body: bytes) -> None:
        status = fault["status"]
        if "body" in fault:
            payload = json.dumps(fault["body"]).encode()
        else:
            code = {429: "busy", 500: "internal"}.get(status, "unavailable")
            payload = json.dumps({"error": code, "message": "injected by fault_proxy"}).encode()
        headers = [("Content-Type", "application/json")]
        if fault.get("retryAfter") is not None:
            headers.append(("Retry-After", str(fault["retryAfter"])))
        for name, value in (fault.get("headers") or {}).items():
            headers.append((str(name), str(value)))
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        self.answer(status, reason, headers, payload, request_body, source="proxy", fault="status")

    # ------------------------------------------------------------------ upstream

    def forward(self, body: bytes):
        with self.state.lock:
            host, port = self.state.upstream
        connection = http.client.HTTPConnection(host, port, timeout=self.state.upstream_timeout)
        try:
            connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            listed = {
                token.strip().lower()
                for value in self.headers.get_all("Connection", [])
                for token in value.split(",")
            }
            for name, value in self.headers.items():
                lower = name.lower()
                if lower in HOP_BY_HOP or lower in listed or lower in ("host", "content-length"):
                    continue
                connection.putheader(name, value)
            connection.putheader("Host", f"{host}:{port}")
            if body or "Content-Length" in self.headers or "Transfer-Encoding" in self.headers:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body if body else None)
            response = connection.getresponse()
            response_body = response.read()
            headers = [
                (name, value) for name, value in response.getheaders()
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length"
            ]
            if self.command == "HEAD" and response.getheader("Content-Length") is not None:
                headers.append(("Content-Length", response.getheader("Content-Length")))
            return response.status, response.reason, headers, response_body
        except (OSError, http.client.HTTPException) as error:
            raise Upstream502(f"upstream {host}:{port}: {type(error).__name__}: {error}") from None
        finally:
            connection.close()

    # ------------------------------------------------------------------ replies

    def answer(self, status, reason, headers, payload: bytes, request_body: bytes, *, source, fault) -> None:
        """Send a response to the client and record the exchange."""
        self.send_response_only(status, reason)
        if not any(name.lower() == "date" for name, _ in headers):
            self.send_header("Date", self.date_time_string())
        for name, value in headers:
            self.send_header(name, value)
        bodyless = self.command == "HEAD" or status in (204, 304) or 100 <= status < 200
        if not bodyless:
            self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not bodyless:
            self.wfile.write(payload)
        self.wfile.flush()
        recorded_headers = list(headers)
        if not bodyless:
            recorded_headers.append(("Content-Length", str(len(payload))))
        self.state.record({
            "method": self.command,
            "target": self.path,
            "requestHeaders": header_dict(self.headers.items()),
            "requestBodyBase64": base64.b64encode(request_body).decode("ascii"),
            "status": status,
            "responseHeaders": header_dict(recorded_headers),
            "responseBodyBase64": base64.b64encode(b"" if bodyless else payload).decode("ascii"),
            "source": source,
            "fault": fault,
            "time": time.time(),
        })

    def reply_json(self, status: int, document, close: bool = False) -> None:
        """A reply of the proxy's own (control endpoints, client errors); not recorded."""
        payload = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def reset_connection(self) -> None:
        """Abort the client connection with a TCP RST (SO_LINGER on, timeout 0, close)."""
        self.close_connection = True
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        # socket.close() only releases the descriptor once no file objects refer to
        # it, so close rfile/wfile as well; the final close sends the RST.
        sock.close()
        for stream in (self.rfile, self.wfile):
            try:
                stream.close()
            except OSError:
                pass


class ProxyServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, state: ProxyState, verbose: bool):
        self.state = state
        self.verbose = verbose
        super().__init__(address, ProxyHandler)

    def handle_error(self, request, client_address):
        if self.verbose:
            super().handle_error(request, client_address)


def write_port_file(path: str, port: int) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=".port-", dir=directory)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(str(port))
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Recording, fault-injecting HTTP/1.1 reverse proxy for tests.")
    parser.add_argument("--upstream", required=True, metavar="HOST:PORT")
    parser.add_argument("--port-file", required=True, metavar="FILE",
                        help="receives the bound port (digits only) once listening")
    parser.add_argument("--record", metavar="FILE", help="append one NDJSON exchange per proxied request")
    parser.add_argument("--listen-port", type=int, default=0, metavar="N", help="default 0: any free port")
    parser.add_argument("--upstream-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = parser.parse_args(argv)
    try:
        upstream = parse_host_port(args.upstream)
    except ValueError as error:
        parser.error(str(error))

    state = ProxyState(upstream, args.record, args.upstream_timeout)
    server = ProxyServer(("127.0.0.1", args.listen_port), state, args.verbose)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    write_port_file(args.port_file, server.server_address[1])
    if args.verbose:
        print(f"fault_proxy: listening on 127.0.0.1:{server.server_address[1]}, upstream {upstream[0]}:{upstream[1]}",
              file=sys.stderr)
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.server_close()
        if state.record_file:
            state.record_file.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
