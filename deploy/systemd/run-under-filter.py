#!/usr/bin/env python3
"""Runs a command under the system-call filter a systemd unit declares, without systemd.

    run-under-filter.py UNIT -- COMMAND [ARG ...]

Reads the unit's SystemCallFilter= and SystemCallErrorNumber= lines, expands the @groups with
`systemd-analyze syscall-filter` (the same tables systemd compiles in), and installs the
resulting seccomp filter in this process before exec'ing COMMAND. A call outside the filter
fails with the unit's errno, as it would under systemd. The tests use it to prove the shipped
unit lets the daemon do what it really does (adjtimex, the scan folder) on machines and
containers where systemd is not PID 1.

Semantics follow systemd.exec(5): the first assignment decides allow-list or deny-list; in an
allow-list a later `~` entry removes calls and a plain entry adds them back. execve, exit,
exit_group, getrlimit, rt_sigreturn and sigreturn are always allowed, as systemd does.
Only x86_64 and aarch64 are handled (the machines we build and deploy on).
"""
import ctypes
import errno as errnos
import os
import platform
import re
import struct
import subprocess
import sys

ALWAYS_ALLOWED = {"execve", "exit", "exit_group", "getrlimit", "rt_sigreturn", "sigreturn"}
ARCHES = {  # machine: (AUDIT_ARCH_*, header with __NR_ definitions)
    "x86_64": (0xC000003E, "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
    "aarch64": (0xC00000B7, "/usr/include/asm-generic/unistd.h"),
}


def fail(message):
    print(f"run-under-filter: {message}", file=sys.stderr)
    sys.exit(2)


def expand(name, cache):
    """The system calls a name stands for: itself, or a @group's members, recursively."""
    if not name.startswith("@"):
        return {name}
    if name in cache:
        return cache[name]
    out = subprocess.run(["systemd-analyze", "syscall-filter", "--no-pager", name],
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"systemd-analyze does not know {name}: {out.stderr.strip()}")
    members = set()
    for line in out.stdout.splitlines()[1:]:
        item = line.strip()
        if not item or item.startswith("#"):
            continue
        members |= expand(item, cache)
    cache[name] = members
    return members


def unit_filter(path):
    """(allow_list?, set of names, errno) as the unit's lines declare them."""
    allow_list, names, error = None, set(), None
    cache = {}
    with open(path, encoding="utf-8") as unit:
        for line in unit:
            line = line.strip()
            if line.startswith("SystemCallErrorNumber="):
                value = line.split("=", 1)[1]
                error = getattr(errnos, value, None) if not value.isdigit() else int(value)
                if error is None:
                    fail(f"{path}: SystemCallErrorNumber={value} is not an errno name")
            if not line.startswith("SystemCallFilter="):
                continue
            value = line.split("=", 1)[1].strip()
            if not value:
                allow_list, names = None, set()
                continue
            invert = value.startswith("~")
            if invert:
                value = value[1:]
            if allow_list is None:
                allow_list = not invert
            for item in value.split():
                calls = expand(item, cache)
                if invert == allow_list:
                    names -= calls
                else:
                    names |= calls
    if allow_list is None:
        fail(f"{path} declares no SystemCallFilter=")
    return allow_list, names, error


def syscall_numbers(header):
    numbers = {}
    with open(header, encoding="utf-8") as text:
        for match in re.finditer(r"#define\s+__NR3?2?_(\w+)\s+(\d+)", text.read()):
            numbers.setdefault(match.group(1), int(match.group(2)))
    return numbers


def program(arch, allow_list, numbers, listed, error):
    """A classic-BPF seccomp program: other architectures are killed (SystemCallArchitectures=native)."""
    ld, jeq, ret = 0x20, 0x15, 0x06
    allow, kill = 0x7FFF0000, 0x80000000
    errno_action = 0x00050000 | (error & 0xFFFF) if error is not None else kill
    listed_action, other_action = (allow, errno_action) if allow_list else (errno_action, allow)
    code = [(ld, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, kill), (ld, 0, 0, 0)]
    for number in sorted(numbers[name] for name in listed if name in numbers):
        code += [(jeq, 0, 1, number), (ret, 0, 0, listed_action)]
    code.append((ret, 0, 0, other_action))
    return b"".join(struct.pack("HBBI", *instruction) for instruction in code), len(code)


def main():
    if "--" not in sys.argv or sys.argv.index("--") != 2 or len(sys.argv) < 4:
        fail("usage: run-under-filter.py UNIT -- COMMAND [ARG ...]")
    unit, command = sys.argv[1], sys.argv[3:]
    machine = platform.machine()
    if machine not in ARCHES:
        fail(f"{machine} is not handled (x86_64, aarch64)")
    arch, header = ARCHES[machine]
    allow_list, names, error = unit_filter(unit)
    if allow_list:
        names |= ALWAYS_ALLOWED
    numbers = syscall_numbers(header)
    code, count = program(arch, allow_list, numbers, names, error)

    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(code)
    fprog = struct.pack("=HxxxxxxQ", count, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog)
    PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        fail(f"prctl(NO_NEW_PRIVS): {os.strerror(ctypes.get_errno())}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog_buffer, 0, 0) != 0:
        fail(f"prctl(SECCOMP): {os.strerror(ctypes.get_errno())}")
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
