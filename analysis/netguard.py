"""A Python guard against network access, for notebook kernels where no network namespace
can be made. Standard library only: its source becomes the kernel's ``sitecustomize``.

``install()`` adds an audit hook (PEP 578; it cannot be removed once added). Python's C
modules raise audit events before they act, and the hook raises ``NetworkRefused`` (a
``PermissionError``) before the system call is made for:

- ``socket.connect`` (``connect`` and ``connect_ex``, so also ``create_connection``,
  ``urllib``, ``http.client``, ``requests``, ``asyncio``), ``socket.sendto``,
  ``socket.sendmsg`` and ``socket.bind``: refused for an Internet address that is not
  loopback (127.0.0.0/8, ::1, "localhost"); unix-domain sockets are allowed. The C module
  looks up a host name given in an address *before* it raises the event, so these methods
  of ``socket.socket`` are also wrapped, to refuse the name before it is looked up.
- ``socket.getaddrinfo``, ``socket.gethostbyname`` (and ``_ex``): refused for any name but
  "localhost" (a numeric address needs no lookup and passes); ``socket.gethostbyaddr`` and
  ``socket.getnameinfo``: refused but for loopback.
- ``socket.__new__``: packet (``AF_PACKET``) and raw (``SOCK_RAW``) sockets are refused.
- ``subprocess.Popen``, ``os.system``, ``os.exec*``, ``os.spawn*``, ``os.posix_spawn*``:
  every program launch is refused (curl, wget, ssh, git, pip... and everything else), since
  a child program is out of the guard's reach.

Not covered: anything that does not go through Python's ``socket`` module or these launch
functions: ``_socket.socket`` used directly with a host name in the address (the name is
looked up, the connection is still refused), C extensions that open their own sockets (libzmq via pyzmq, which the kernel
itself uses; pycurl; grpc), ``ctypes`` calls into libc, a child started through
``_posixsubprocess`` directly (a Python child still imports this guard through
PYTHONPATH, unless started with ``-I``, ``-E`` or ``-S``). It stops a notebook, or a library
it calls, from reaching the network by accident; code written to evade it can.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import sys

MESSAGE = "network access refused in notebooks"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
LAUNCH_EVENTS = frozenset(
    {"subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.startfile"}
)


class NetworkRefused(PermissionError):
    """Raised by the guard, before the refused call reaches the operating system."""


def _text(host: object) -> str | None:
    if isinstance(host, bytes | bytearray):
        return bytes(host).decode("ascii", "replace")
    return host if isinstance(host, str) else None


def _numeric(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # IPv6 scope: fe80::1%eth0
    except ValueError:
        return None


def is_loopback(host: object) -> bool:
    """True for a loopback address or the name "localhost"."""
    text = _text(host)
    if text is None:
        return False
    if text.lower() in LOOPBACK_NAMES:
        return True
    address = _numeric(text)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address is not None and address.is_loopback


def _refuse(what: str) -> None:
    raise NetworkRefused(13, f"{MESSAGE}: {what}")


def _check_address(event: str, sock: object, address: object) -> None:
    family = getattr(sock, "family", None)
    if family == getattr(socket, "AF_UNIX", None):
        return
    if family in (socket.AF_INET, socket.AF_INET6):
        host = address[0] if isinstance(address, tuple) and address else None
        if event == "socket.bind" and host in ("", b""):
            _refuse(f"{event} to every interface {address!r}")
        if is_loopback(host):
            return
    _refuse(f"{event} {address!r}")


def check(event: str, args: tuple) -> None:
    """Raise ``NetworkRefused`` when the audit event ``event`` with ``args`` is refused."""
    if event in LAUNCH_EVENTS:
        program = args[1] if event in ("subprocess.Popen", "os.spawn") else args[0]
        _refuse(
            f"{event} {program!r} (no program may start: it would be out of the guard's reach)"
        )
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"):
        sock, address = args[0], args[1]
        if event == "socket.sendmsg" and address is None:
            return  # on a connected socket: its connect was checked
        _check_address(event, sock, address)
    elif event in ("socket.getaddrinfo", "socket.gethostbyname"):
        host = _text(args[0])
        if host is None or host == "" or is_loopback(host) or _numeric(host) is not None:
            return
        _refuse(f"{event} {host!r} (name lookup)")
    elif event == "socket.gethostbyaddr":
        if not is_loopback(args[0]):
            _refuse(f"{event} {args[0]!r} (reverse lookup)")
    elif event == "socket.getnameinfo":
        sockaddr = args[0]
        host = sockaddr[0] if isinstance(sockaddr, tuple) and sockaddr else None
        if not is_loopback(host):
            _refuse(f"{event} {sockaddr!r} (reverse lookup)")
    elif event == "socket.__new__":
        _, family, kind, _protocol = args
        if family == getattr(socket, "AF_PACKET", object()) or (
            isinstance(kind, int) and kind & 0xF == socket.SOCK_RAW
        ):
            _refuse(f"{event}: packet and raw sockets")


def _hook(event: str, args: tuple) -> None:
    if event.startswith(("socket.", "subprocess.", "os.")):
        check(event, args)


def _address(method: str, args: tuple) -> object:
    if method == "sendto":
        return args[-1] if len(args) >= 2 else None
    if method == "sendmsg":
        return args[3] if len(args) >= 4 else None
    return args[0] if args else None


def _checked(method: str):
    """``socket.socket.<method>``, checking its address before the C method looks it up."""
    original = getattr(socket.socket, method)
    event = "socket." + {"connect_ex": "connect"}.get(method, method)

    @functools.wraps(original)
    def checked(self, *args):
        address = _address(method, args)
        if address is not None:
            _check_address(event, self, address)
        return original(self, *args)

    return checked


def install() -> None:
    """Add the guard to this interpreter, for good (audit hooks cannot be removed)."""
    if not getattr(sys, "_network_guard_installed", False):
        sys.addaudithook(_hook)
        for method in ("connect", "connect_ex", "bind", "sendto", "sendmsg"):
            setattr(socket.socket, method, _checked(method))
        sys._network_guard_installed = True  # type: ignore[attr-defined]
