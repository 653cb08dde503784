"""Notebook kernels without network access, for both harnesses: the main job
(``analysis.notebooks``, through nbclient) and pytest's nbval run (``notebooks/conftest.py``).

Two mechanisms, chosen by ``resolve()``:

- **namespace** (Linux, where a network namespace can be made; see ``analysis/netns.py``):
  the kernel is started through ``netns.py``, in a new network namespace whose only
  interface is ``lo``; with it every process the kernel starts. Its ZeroMQ channels use
  jupyter_client's ``ipc`` transport (unix sockets in a private temporary folder), since
  the namespace's loopback is not the host's.
- **guard** (elsewhere): ``analysis/netguard.py`` is written as ``sitecustomize`` into a
  temporary folder put first on the kernel's PYTHONPATH; its audit hook refuses, before any
  system call, connections and name lookups outside loopback and every program launch.

``$EXPULSIONS_KERNEL_ISOLATION`` chooses: ``auto`` (default: namespace when possible, else
guard), ``namespace`` (fail when impossible), ``guard``, or ``namespace,guard`` (both).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager, KernelManager

#: Environment variable naming the isolation: auto, namespace, guard or namespace,guard.
ISOLATION_VARIABLE = "EXPULSIONS_KERNEL_ISOLATION"
NETNS_SCRIPT = Path(__file__).with_name("netns.py")
GUARD_SOURCE = Path(__file__).with_name("netguard.py")


class IsolationUnavailable(RuntimeError):
    """The isolation asked for cannot be had on this machine."""


@functools.cache
def namespace_support() -> tuple[bool, str]:
    """Whether a network namespace with only ``lo`` can be made here, and the route
    (``user+net`` or ``net``) or the reason why not. Checked once per process, by running
    ``netns.py --check`` (which makes one and leaves it).
    """
    if not sys.platform.startswith("linux"):
        return False, f"network namespaces are Linux only, this is {sys.platform}"
    try:
        probe = subprocess.run(
            [sys.executable, "-I", str(NETNS_SCRIPT), "--check"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return False, f"netns.py --check could not run: {exc}"
    if probe.returncode == 0:
        return True, probe.stdout.strip()
    return False, (probe.stderr.strip() or f"netns.py --check exited {probe.returncode}")


@functools.cache
def _scratch() -> Path:
    """A private temporary folder for this process (ipc sockets, the guard), removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix=f"analysis-kernels-{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def guard_folder() -> Path:
    """A folder holding ``sitecustomize.py`` = the guard's source + ``install()``."""
    folder = _scratch() / "guard"
    if not folder.is_dir():
        folder.mkdir()
        source = GUARD_SOURCE.read_text(encoding="utf-8")
        (folder / "sitecustomize.py").write_text(f"{source}\n\ninstall()\n", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Isolation:
    """How kernels are cut off from the network: in a namespace, by the guard, or both."""

    namespace: bool
    guard: bool
    detail: str = ""

    def describe(self) -> str:
        """One line for the user: what protects the kernels here."""
        parts = []
        if self.namespace:
            parts.append(f"network namespace with only loopback ({self.detail})")
        if self.guard:
            parts.append("Python network guard (audit hook; see analysis/netguard.py)")
        text = " + ".join(parts)
        if self.guard and not self.namespace and self.detail:
            text += f"; no namespace: {self.detail}"
        return text

    def command(self, argv: list[str]) -> list[str]:
        """The kernel's command line, started inside the namespace when there is one."""
        if not self.namespace:
            return list(argv)
        return [sys.executable, "-I", str(NETNS_SCRIPT), "--", *argv]

    def environment(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """The kernel's environment: ``base`` (default: this process's), with the guard first
        on PYTHONPATH when the guard is on.
        """
        env = dict(os.environ if base is None else base)
        if self.guard:
            folder = str(guard_folder())
            paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
            env["PYTHONPATH"] = os.pathsep.join([folder, *(p for p in paths if p != folder)])
        return env


def resolve(value: str | None = None) -> Isolation:
    """The isolation named by ``value`` (default: ``$EXPULSIONS_KERNEL_ISOLATION`` or
    ``auto``). Raises ``IsolationUnavailable`` when a namespace is asked for and impossible,
    ``ValueError`` for an unknown name.
    """
    name = (value if value is not None else os.environ.get(ISOLATION_VARIABLE, "")) or "auto"
    parts = {part.strip() for part in name.split(",")}
    if parts == {"auto"}:
        possible, detail = namespace_support()
        return Isolation(namespace=possible, guard=not possible, detail=detail)
    if not parts or not parts <= {"namespace", "guard"}:
        raise ValueError(
            f"{ISOLATION_VARIABLE}={name!r}: expected auto, namespace, guard or namespace,guard"
        )
    detail = ""
    if "namespace" in parts:
        possible, detail = namespace_support()
        if not possible:
            raise IsolationUnavailable(f"{ISOLATION_VARIABLE}={name}: {detail}")
    return Isolation(namespace="namespace" in parts, guard="guard" in parts, detail=detail)


class _Isolated:
    """Mixin for jupyter_client's kernel managers: start the kernel isolated."""

    isolation: Isolation
    #: Used when none is given (default: ``resolve()``); see ``manager_class``.
    default_isolation: Isolation | None = None

    def __init__(self, *args: Any, isolation: Isolation | None = None, **kwargs: Any) -> None:
        isolation = isolation or self.default_isolation or resolve()
        if isolation.namespace:
            # The namespace's loopback is not ours: talk over unix sockets (absolute paths,
            # short enough for a socket address: jupyter_client adds "-<n>").
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(_scratch() / uuid.uuid4().hex[:12]))
        super().__init__(*args, **kwargs)
        self.isolation = isolation

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        return self.isolation.command(super().format_kernel_cmd(extra_arguments))  # type: ignore[misc]

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        kw["env"] = self.isolation.environment(kw.get("env"))
        return await super()._async_pre_start_kernel(**kw)  # type: ignore[misc]


class IsolatedKernelManager(_Isolated, KernelManager):
    """jupyter_client's ``KernelManager`` (as nbval uses it), isolated."""


class AsyncIsolatedKernelManager(_Isolated, AsyncKernelManager):
    """jupyter_client's ``AsyncKernelManager`` (as nbclient uses it), isolated."""


def manager_class(
    isolation: Isolation, asynchronous: bool = True
) -> type[AsyncIsolatedKernelManager] | type[IsolatedKernelManager]:
    """A kernel manager class whose kernels start with ``isolation`` (nbclient and nbval
    take a class, not an instance).
    """
    base = AsyncIsolatedKernelManager if asynchronous else IsolatedKernelManager
    return type(base.__name__, (base,), {"default_isolation": isolation})


def use_in_nbval(isolation: Isolation | None = None) -> Isolation:
    """Make nbval start its kernels isolated; return the isolation used (default:
    ``resolve()``). nbval builds ``nbval.kernel.KernelManager`` and offers no hook, so that
    name is replaced.
    """
    import nbval.kernel

    chosen = isolation if isolation is not None else resolve()
    nbval.kernel.KernelManager = manager_class(chosen, asynchronous=False)
    return chosen
