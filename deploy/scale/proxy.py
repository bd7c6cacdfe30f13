#!/usr/bin/env python3
"""The boards' way out of their network namespace: a TCP forwarder that listens on the
namespace's loopback (a board's uplink takes plain http:// only to a loopback host) and connects
across the veth to one receiver each, adding a fixed delay to every chunk in both directions.

    proxy.py --delay-ms MS LISTEN_PORT=HOST:PORT [...]

Started inside the namespace by run.py (ip netns exec); prints "ready" once every port listens.
An upstream that cannot be reached within 3 s (a partition drops the SYN) closes the board's
connection, which the board's uplink takes as a refused attempt and retries.
"""

import argparse
import asyncio
import sys


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    try:
        while chunk := await reader.read(65536):
            if delay:
                await asyncio.sleep(delay)
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


def handler(host: str, port: int, delay: float):
    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=3)
        except (OSError, asyncio.TimeoutError):
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, upstream_writer, delay), pipe(upstream_reader, client_writer, delay))

    return handle


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay-ms", type=float, default=0)
    parser.add_argument("routes", nargs="+", help="LISTEN_PORT=HOST:PORT")
    args = parser.parse_args()
    servers = []
    for route in args.routes:
        listen, upstream = route.split("=", 1)
        host, port = upstream.rsplit(":", 1)
        servers.append(await asyncio.start_server(handler(host, int(port), args.delay_ms / 1000), "127.0.0.1", int(listen)))
    print("ready", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
