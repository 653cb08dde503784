"""Notebook kernels have no network, under both harnesses: the main job (nbclient, through
``analysis.notebooks.run``) and pytest's nbval run (``notebooks/conftest.py``).

No test sends a packet anywhere but loopback: inside a network namespace a connection to
192.0.2.1 (TEST-NET-1) fails at once with ENETUNREACH; outside one, every call the guard
must refuse runs with a second audit hook behind the guard (``BACKSTOP``), which stops the
call if the guard let it through, so no system call is ever made.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import kernels, netguard, notebooks

NAMESPACE, NAMESPACE_DETAIL = kernels.namespace_support()
needs_namespace = pytest.mark.skipif(not NAMESPACE, reason=f"no namespace: {NAMESPACE_DETAIL}")
NOTEBOOKS_CONFTEST = Path(notebooks.__file__).parents[1] / "notebooks" / "conftest.py"

#: In a kernel with the namespace: only `lo`, for the kernel and the programs it starts; no
#: route off the machine; loopback works.
NAMESPACE_CHECK = """
import errno, os, socket, subprocess

def devices(text):
    return [line.split(":")[0].strip() for line in text.splitlines()[2:]]

assert [name for _, name in socket.if_nameindex()] == ["lo"]
with open("/proc/net/dev") as file:
    assert devices(file.read()) == ["lo"]
shown = subprocess.run(["cat", "/proc/net/dev"], capture_output=True, text=True, check=True)
assert devices(shown.stdout) == ["lo"]
with socket.socket() as sock:
    assert sock.connect_ex(("192.0.2.1", 9)) == errno.ENETUNREACH
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    try:
        sock.sendto(b"x", ("192.0.2.1", 9))
    except OSError as exc:
        assert exc.errno == errno.ENETUNREACH
    else:
        raise AssertionError("a datagram left the namespace")
# A lookup fails too, unless a host daemon answers over a unix socket: then it is not tried.
if not any(os.path.exists(p) for p in ("/run/nscd/socket", "/var/run/nscd/socket",
                                       "/run/systemd/resolve/io.systemd.Resolve")):
    try:
        socket.getaddrinfo("example.invalid", 80)
    except socket.gaierror:
        pass
    else:
        raise AssertionError("a name was resolved")
with socket.socket() as server, socket.socket() as client:
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client.connect(server.getsockname())
print("namespace: only lo")
"""

#: Registered after the guard, so it only sees what the guard let through: it stops every
#: call that could reach the network (numeric getaddrinfo makes no lookup and passes).
BACKSTOP = """
import ipaddress, sys

class Backstop(Exception):
    pass

STOPS = {"armed": True}

def numeric(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True

def backstop(event, args, stops=STOPS, numeric=numeric, Backstop=Backstop):
    if not stops["armed"]:
        return
    if event in ("socket.getaddrinfo", "socket.gethostbyname") and numeric(args[0]):
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind",
                 "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                 "socket.getnameinfo", "subprocess.Popen", "os.system", "os.exec",
                 "os.spawn", "os.posix_spawn"):
        raise Backstop(f"the guard let {event} {args!r} through")

sys.addaudithook(backstop)
"""

#: In a kernel with the guard: every route refused by the guard itself (a PermissionError
#: naming it), never by the backstop; loopback still works.
GUARD_CHECK = (
    BACKSTOP
    + """
import _socket, os, socket, subprocess, urllib.error, urllib.request

def refused(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except PermissionError as exc:
        assert "network access refused in notebooks" in str(exc), exc
    else:
        raise AssertionError(f"{call.__name__}{args} was not refused")

assert sys._network_guard_installed
TEST_NET = ("192.0.2.1", 9)
with socket.socket() as sock:
    refused(sock.connect, TEST_NET)
    refused(sock.connect_ex, TEST_NET)
    refused(sock.bind, ("0.0.0.0", 0))
# A host name in an address is looked up by the C method before its audit event, out of the
# backstop's reach: tried only where no lookup can leave the machine (only `lo` here).
if [name for _, name in socket.if_nameindex()] == ["lo"]:
    with socket.socket() as sock:
        refused(sock.connect, ("example.com", 80))
        refused(sock.connect_ex, ("example.com", 80))
        refused(sock.bind, ("example.com", 0))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        refused(sock.sendto, b"x", ("example.com", 53))
        refused(sock.sendto, b"x", 0, ("example.com", 53))
        refused(sock.sendmsg, [b"x"], [], 0, ("example.com", 53))
try:
    six = socket.socket(socket.AF_INET6)
except OSError:  # no IPv6 here
    pass
else:
    with six:
        refused(six.connect, ("2001:db8::1", 9))
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    refused(sock.sendto, b"x", TEST_NET)
    refused(sock.sendmsg, [b"x"], [], 0, TEST_NET)
raw = _socket.socket()  # below the socket module: the C call is audited
refused(raw.connect, TEST_NET)
raw.close()
refused(socket.create_connection, TEST_NET)
refused(socket.create_connection, ("example.com", 80))
refused(socket.getaddrinfo, "example.com", 80)
refused(socket.gethostbyname, "example.com")
refused(socket.gethostbyname_ex, "example.com")
refused(socket.gethostbyaddr, "192.0.2.1")
refused(socket.getnameinfo, TEST_NET, 0)
refused(socket.socket, socket.AF_INET, socket.SOCK_RAW, 1)
refused(subprocess.run, ["curl", "http://192.0.2.1/"])
refused(subprocess.check_output, "wget http://192.0.2.1/", shell=True)
refused(os.system, "curl http://192.0.2.1/")
refused(os.execvp, "ssh", ["ssh", "192.0.2.1"])
refused(os.posix_spawnp, "nc", ["nc", "192.0.2.1", "9"], dict(os.environ))
try:
    urllib.request.urlopen("http://192.0.2.1/", timeout=1)
except urllib.error.URLError as exc:
    assert isinstance(exc.reason, PermissionError), exc
else:
    raise AssertionError("urlopen was not refused")

STOPS["armed"] = False  # loopback and unix sockets are allowed
assert socket.getaddrinfo("localhost", 80)
with socket.socket() as server, socket.socket() as client:
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client.connect(server.getsockname())
with socket.socket(socket.AF_UNIX) as sock:
    sock.bind("")  # autobind
print("guard: every route refused")
"""
)


def tiny_notebook(source: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = notebooks.KERNELSPEC
    return notebook


def run_in_kernel(source: str, isolation: kernels.Isolation, tmp_path: Path) -> str:
    notebook = tiny_notebook(source)
    notebooks.run(notebook, tmp_path, isolation=isolation, timeout=60)
    return "".join(output.get("text", "") for output in notebook.cells[0].outputs)


# --- the guard's rules ---------------------------------------------------------------------


class FakeSocket:
    def __init__(self, family: int) -> None:
        self.family = family


@pytest.mark.parametrize(
    ("event", "args"),
    [
        ("socket.connect", (FakeSocket(socket.AF_INET), ("192.0.2.1", 80))),
        ("socket.connect", (FakeSocket(socket.AF_INET), ("example.com", 80))),
        ("socket.connect", (FakeSocket(socket.AF_INET6), ("2001:db8::1", 80, 0, 0))),
        ("socket.connect", (FakeSocket(socket.AF_INET6), ("::ffff:192.0.2.1", 80, 0, 0))),
        ("socket.sendto", (FakeSocket(socket.AF_INET), ("192.0.2.1", 53))),
        ("socket.sendmsg", (FakeSocket(socket.AF_INET), ("192.0.2.1", 53))),
        ("socket.bind", (FakeSocket(socket.AF_INET), ("", 8080))),
        ("socket.bind", (FakeSocket(socket.AF_INET), ("0.0.0.0", 8080))),
        ("socket.getaddrinfo", ("example.com", 80, 0, 0, 0)),
        ("socket.getaddrinfo", (b"example.com", 80, 0, 0, 0)),
        ("socket.gethostbyname", ("example.com",)),
        ("socket.gethostbyaddr", ("192.0.2.1",)),
        ("socket.getnameinfo", (("192.0.2.1", 80),)),
        ("socket.__new__", (None, socket.AF_INET, socket.SOCK_RAW, 1)),
        ("subprocess.Popen", ("curl", ["curl", "http://192.0.2.1"], None, None)),
        ("os.system", (b"wget http://192.0.2.1",)),
        ("os.exec", ("/usr/bin/ssh", ["ssh"], None)),
        ("os.posix_spawn", ("/usr/bin/nc", ["nc"], None)),
        ("os.spawn", (0, "/usr/bin/git", ["git", "fetch"], None)),
    ],
)
def test_the_guard_refuses(event: str, args: tuple) -> None:
    with pytest.raises(netguard.NetworkRefused, match="network access refused in notebooks"):
        netguard.check(event, args)


@pytest.mark.parametrize(
    ("event", "args"),
    [
        ("socket.connect", (FakeSocket(socket.AF_INET), ("127.0.0.1", 80))),
        ("socket.connect", (FakeSocket(socket.AF_INET), ("127.8.9.10", 80))),
        ("socket.connect", (FakeSocket(socket.AF_INET), ("localhost", 80))),
        ("socket.connect", (FakeSocket(socket.AF_INET6), ("::1", 80, 0, 0))),
        ("socket.connect", (FakeSocket(socket.AF_INET6), ("::ffff:127.0.0.1", 80, 0, 0))),
        ("socket.connect", (FakeSocket(socket.AF_UNIX), "/run/some.sock")),
        ("socket.sendmsg", (FakeSocket(socket.AF_INET), None)),
        ("socket.bind", (FakeSocket(socket.AF_INET), ("127.0.0.1", 0))),
        ("socket.getaddrinfo", ("localhost", 80, 0, 0, 0)),
        ("socket.getaddrinfo", (None, 80, 0, 0, 0)),
        ("socket.getaddrinfo", ("192.0.2.1", 80, 0, 0, 0)),  # numeric: no lookup
        ("socket.gethostbyaddr", ("127.0.0.1",)),
        ("socket.__new__", (None, socket.AF_INET, socket.SOCK_STREAM, 0)),
        ("open", ("/etc/hosts", "r", 0)),
        ("os.listdir", (".",)),
    ],
)
def test_the_guard_allows(event: str, args: tuple) -> None:
    netguard.check(event, args)


# --- the main job's kernels (nbclient) -----------------------------------------------------


@needs_namespace
def test_main_job_kernel_sees_only_loopback(tmp_path: Path) -> None:
    isolation = kernels.resolve("auto")
    assert isolation.namespace and not isolation.guard
    assert run_in_kernel(NAMESPACE_CHECK, isolation, tmp_path) == "namespace: only lo\n"


def test_main_job_kernel_under_the_guard_refuses_every_route(tmp_path: Path) -> None:
    isolation = kernels.Isolation(namespace=NAMESPACE, guard=True)
    assert run_in_kernel(GUARD_CHECK, isolation, tmp_path) == "guard: every route refused\n"


def test_without_a_namespace_the_guard_is_on(monkeypatch) -> None:
    monkeypatch.setattr(kernels, "namespace_support", lambda: (False, "not here"))
    isolation = kernels.resolve("auto")
    assert (isolation.namespace, isolation.guard) == (False, True)
    assert "no namespace: not here" in isolation.describe()
    with pytest.raises(kernels.IsolationUnavailable, match="not here"):
        kernels.resolve("namespace")
    with pytest.raises(ValueError, match="expected auto"):
        kernels.resolve("none")


def test_the_guard_goes_first_on_the_kernel_pythonpath() -> None:
    env = kernels.Isolation(namespace=False, guard=True).environment({"PYTHONPATH": "/else"})
    first, rest = env["PYTHONPATH"].split(os.pathsep, 1)
    assert rest == "/else"
    guard = (Path(first) / "sitecustomize.py").read_text(encoding="utf-8")
    assert guard == kernels.GUARD_SOURCE.read_text(encoding="utf-8") + "\n\ninstall()\n"
    again = kernels.Isolation(namespace=False, guard=True).environment(env)
    assert again["PYTHONPATH"] == env["PYTHONPATH"]


@pytest.mark.skipif(
    not (os.environ.get("CI") and sys.platform.startswith("linux")), reason="CI on Linux only"
)
def test_ci_has_a_network_namespace() -> None:
    assert NAMESPACE, NAMESPACE_DETAIL


# --- nbval's kernels (notebooks/conftest.py) -----------------------------------------------


def run_nbval(tmp_path: Path, isolation: str, **sources: str) -> subprocess.CompletedProcess:
    """pytest --nbval on one notebook per source (named by its keyword), with the conftest of
    notebooks/ (a copy beside them) and $EXPULSIONS_KERNEL_ISOLATION=``isolation``.
    """
    folder = tmp_path / "nbval"
    folder.mkdir()
    shutil.copy(NOTEBOOKS_CONFTEST, folder / "conftest.py")
    (folder / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    for name, source in sources.items():
        nbformat.write(tiny_notebook(source), folder / f"{name}.ipynb")
    env = dict(os.environ, EXPULSIONS_KERNEL_ISOLATION=isolation)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(NOTEBOOKS_CONFTEST.parents[1]), *filter(None, [env.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "--nbval", "--nbval-current-env"),
            *("-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:hypothesispytest"),
            *("-c", str(folder / "pytest.ini"), str(folder)),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@needs_namespace
def test_nbval_kernel_sees_only_loopback(tmp_path: Path) -> None:
    result = run_nbval(tmp_path, "auto", check=NAMESPACE_CHECK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_nbval_kernel_under_the_guard_refuses_every_route(tmp_path: Path) -> None:
    """Every route refused in nbval's kernel; and a notebook that reaches out fails."""
    reach_out = "import socket\nsocket.create_connection(('192.0.2.1', 9), timeout=1)"
    isolation = "namespace,guard" if NAMESPACE else "guard"
    result = run_nbval(tmp_path, isolation, check=GUARD_CHECK, reach_out=reach_out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed, 1 passed" in result.stdout
    assert re.search(r"FAILED \S*/reach_out.ipynb::Cell 0", result.stdout)
    assert "network access refused in notebooks: socket.connect ('192.0.2.1', 9)" in (
        result.stdout
    )
