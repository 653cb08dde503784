"""Start a program in a new Linux network namespace that has only the loopback interface.

Run as a script, standard library only (it starts before anything else in the kernel's
process, with ``python -I``)::

    python -I analysis/netns.py --check          # exit 0 when a namespace can be made here
    python -I analysis/netns.py -- PROGRAM ARGS  # PROGRAM in a namespace with only `lo` (up)

How: ``unshare(CLONE_NEWUSER | CLONE_NEWNET)`` with this user's uid and gid mapped to
themselves (works for root and, where the system allows user namespaces, for any user); when
that fails and we are root, ``unshare(CLONE_NEWNET)`` alone. Then ``lo`` is brought up, the
interfaces are checked (anything but ``lo`` is an error: exit 3, nothing started) and the
program replaces this process (``execvp``), so it and every process it starts stay in the
namespace. A new network namespace has no route off the machine: a connection to any
address but loopback fails at once with ENETUNREACH, a DNS query cannot be sent.

Through the user namespace the program holds no capability over the host's namespaces, so
even a root program cannot ``setns`` back into the host's network; with ``CLONE_NEWNET``
alone (root, user namespaces disabled) a root program could do that on purpose.

Unix-domain sockets in the file system are not part of the network namespace: the kernel's
ZeroMQ channels use them (jupyter_client's ``ipc`` transport), and so could a program that
talks to a host daemon (nscd, systemd-resolved, a proxy) which then uses the network.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import socket
import struct
import sys

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1
#: Exit status when no namespace can be made, or it shows an interface other than ``lo``.
EXIT_UNAVAILABLE = 3


class NamespaceError(OSError):
    """No network namespace could be made (the message says why)."""


def _unshare(flags: int) -> None:
    if hasattr(os, "unshare"):  # Python >= 3.12
        os.unshare(flags)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as file:
        file.write(text)


def enter() -> str:
    """Move this (single-threaded) process into a new network namespace; return the route
    taken: ``"user+net"`` or ``"net"``. Raises ``NamespaceError`` when neither works.
    """
    uid, gid = os.geteuid(), os.getegid()
    problems = []
    try:
        _unshare(CLONE_NEWUSER | CLONE_NEWNET)
    except OSError as exc:
        problems.append(f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {exc.strerror or exc}")
    else:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1\n")
        _write("/proc/self/gid_map", f"{gid} {gid} 1\n")
        return "user+net"
    try:
        _unshare(CLONE_NEWNET)
    except OSError as exc:
        problems.append(f"unshare(CLONE_NEWNET): {exc.strerror or exc}")
        raise NamespaceError(errno.EPERM, "; ".join(problems)) from None
    return "net"


def loopback_up() -> None:
    """Bring ``lo`` up (a new namespace starts with it down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(sock.fileno(), SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock.fileno(), SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def interfaces() -> list[str]:
    """Names of the network interfaces this process sees."""
    return sorted(name for _, name in socket.if_nameindex())


def isolate() -> str:
    """``enter`` a namespace, bring ``lo`` up and check that nothing else is there; return
    the route taken. Raises ``NamespaceError``.
    """
    if not sys.platform.startswith("linux"):
        raise NamespaceError(errno.ENOSYS, f"network namespaces are Linux only ({sys.platform})")
    route = enter()
    loopback_up()
    seen = interfaces()
    if seen != ["lo"]:
        raise NamespaceError(errno.EEXIST, f"the new namespace shows interfaces {seen}")
    return route


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        try:
            route = isolate()
        except OSError as exc:
            print(f"no network namespace: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_UNAVAILABLE
        print(route)
        return 0
    if len(argv) < 2 or argv[0] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    try:
        isolate()
    except OSError as exc:
        print(f"netns: not starting {argv[1]}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    os.execvp(argv[1], argv[1:])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
