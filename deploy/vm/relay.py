#!/usr/bin/env python3
"""qemu's guestfwd runs this for each connection the guest opens to the forwarded address
(`guestfwd=tcp:ADDR:PORT-cmd:relay.py HOSTPORT`), with the connection on stdin and stdout; it
carries the bytes to and from 127.0.0.1:HOSTPORT, and nowhere else."""
import os
import select
import socket
import sys


def write_all(descriptor, data):
    while data:
        data = data[os.write(descriptor, data):]


upstream = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
upstream.settimeout(None)
while True:
    ready, _, _ = select.select([0, upstream], [], [], 300)
    if not ready:
        break
    if 0 in ready:
        data = os.read(0, 65536)
        if not data:
            break
        upstream.sendall(data)
    if upstream in ready:
        data = upstream.recv(65536)
        if not data:
            break
        write_all(1, data)
