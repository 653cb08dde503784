"""JupyterLab on the project (``make lab``): jupytext's pairing, a save that cannot revert a
file edited on disk, and kernels without network. Settings in ``jupyter_server_config.py``
(which calls ``configure``); documented in ``docs/jupyterlab.md``.

- ``PairedContentsManager``: jupytext's contents manager (a notebook and its ``py:percent``
  script are saved together, as ``jupytext.toml`` pairs them), which also remembers the
  cells of both files of a pair as they were on disk when the lab last read or saved them.
  A save is refused (HTTP 409, the lab shows the message; nothing is written) when either
  file's cells have changed on disk since then to something other than what is being saved:
  saving would silently put back the old cells over an edit made elsewhere (the script in
  an editor, ``make run`` after that, ``git checkout``). When the server has no memory of the
  pair (it restarted while the page stayed open), the record of the last sync
  (``notebooks/.pairs.json``) stands in for it.
- ``IsolatedServerKernelManager``: jupyter_server's kernel manager, with the runner's
  isolation (``analysis.kernels``: a network namespace with only loopback, or the guard).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jupytext
import nbformat
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from jupytext.async_contentsmanager import AsyncTextFileContentsManager
from tornado.web import HTTPError

from analysis import kernels, notebooks
from analysis.loaders import PROJECT_ROOT

#: The status of a refused save (the file changed on disk: a conflict).
REFUSED = 409


class IsolatedServerKernelManager(kernels._Isolated, ServerKernelManager):
    """jupyter_server's kernel manager; the kernel starts as the runner's do
    (``kernels.resolve()``: ``$EXPULSIONS_KERNEL_ISOLATION``, default ``auto``).
    """


def pair_files(os_path: Path) -> tuple[Path, Path]:
    """The notebook and the script of the pair ``os_path`` belongs to (either may be it)."""
    return os_path.with_suffix(".ipynb"), os_path.with_suffix(".py")


def file_digest(path: Path) -> str | None:
    """``notebooks.cells_digest`` of the notebook or script at ``path``; ``None`` when it
    does not exist or cannot be read as one (then it is not compared).
    """
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            return notebooks.cells_digest(nbformat.reads(text, as_version=4))
        return notebooks.cells_digest(jupytext.reads(text, fmt=notebooks.TEXT_FORMAT))
    except Exception:  # missing, not UTF-8, not JSON, not a notebook: nbformat's own errors
        return None


def recorded_digest(os_path: Path) -> str | None:
    """The digest ``notebooks/.pairs.json`` records for the pair of ``os_path`` (or None)."""
    try:
        return notebooks.read_state(os_path.parent).get(os_path.stem)
    except ValueError:
        return None


def baseline(notebook: Path, current: dict[Path, str | None]) -> dict[Path, str | None]:
    """What to compare a pair with when the lab has no memory of it (the server restarted
    while the page stayed open): the record of its last sync, or, for a pair with no record,
    its files' cells when they agree (no file of it was edited alone).
    """
    record = recorded_digest(notebook)
    if record is None:
        present = {digest for digest in current.values() if digest is not None}
        record = present.pop() if len(present) == 1 else None
    return dict.fromkeys(current, record)


def overwritten(
    known: dict[Path, str | None], current: dict[Path, str | None], saving: str
) -> list[Path]:
    """The files of a pair whose cells a save of ``saving`` would silently revert: their
    ``current`` digest on disk differs from the ``known`` one (as the lab last read or wrote
    it) and from what is being saved. A file that does not exist now is not reverted.
    """
    return [
        path
        for path, digest in current.items()
        if digest is not None and digest != known.get(path) and digest != saving
    ]


def refusal(path: str, changed: list[str]) -> str:
    """The message the lab shows when it refuses to save ``path`` (``changed``: the files
    edited on disk, as paths of the lab).
    """
    names = " and ".join(changed)
    return (
        f"Not saved: {names} changed on disk since JupyterLab opened {path}, and saving "
        f"would put the old cells back over that edit. Nothing was written. Keep the edit on "
        f"disk: File > Reload Notebook from Disk (then redo your change). Keep yours: File > "
        f"Save Notebook As... another name, or copy your cells out, then reload."
    )


class PairedContentsManager(AsyncTextFileContentsManager):
    """jupytext's contents manager that refuses a save which would revert either file of a
    pair edited on disk since the lab read it (see the module's docstring).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        #: For each pair (by its notebook's path): the digest of each file as last read/saved.
        self.known_cells: dict[Path, dict[Path, str | None]] = {}
        super().__init__(*args, **kwargs)

    def _pair_of(self, path: str) -> tuple[Path, Path] | None:
        os_path = Path(self._get_os_path(path.strip("/")))
        if os_path.suffix not in (".ipynb", ".py"):
            return None
        return pair_files(os_path)

    def _remember(self, pair: tuple[Path, Path], digests: dict[Path, str | None]) -> None:
        self.known_cells[pair[0]] = digests

    async def get(
        self,
        path: str,
        content: bool = True,
        type: str | None = None,
        format: str | None = None,
        require_hash: bool = False,
        load_alternative_format: bool = True,
    ) -> dict[str, Any]:
        # The signature is jupytext's: jupyter_server asks for the hash only when it is named
        # (JupyterLab compares hashes to warn that a file changed on disk).
        model = await super().get(
            path,
            content=content,
            type=type,
            format=format,
            require_hash=require_hash,
            load_alternative_format=load_alternative_format,
        )
        pair = self._pair_of(path) if content and model.get("type") == "notebook" else None
        if pair is not None:
            self._remember(pair, {p: file_digest(p) for p in pair})
        return model

    async def save(self, model: dict[str, Any], path: str = "") -> dict[str, Any]:
        pair = self._pair_of(path) if model.get("type") == "notebook" else None
        if pair is None or "content" not in model:
            return await super().save(model, path)
        saving = notebooks.cells_digest(nbformat.from_dict(model["content"]))
        current = {p: file_digest(p) for p in pair}
        known = self.known_cells.get(pair[0]) or baseline(pair[0], current)
        changed = overwritten(known, current, saving)
        if changed:
            root = Path(self.root_dir)
            names = [p.relative_to(root).as_posix() for p in changed]
            message = refusal(path.strip("/"), names)
            self.log.warning(message)
            raise HTTPError(REFUSED, message, reason=message)
        result = await super().save(model, path)
        self._remember(pair, {p: file_digest(p) for p in pair})
        return result


def configure(c: Any) -> None:
    """Set the project's JupyterLab on the traitlets config ``c``: on 127.0.0.1, the project
    as its root, opening on ``notebooks/``, with ``PairedContentsManager`` and
    ``IsolatedServerKernelManager``.
    """
    c.ServerApp.ip = "127.0.0.1"
    c.ServerApp.root_dir = str(PROJECT_ROOT)
    c.FileContentsManager.preferred_dir = notebooks.NOTEBOOKS_DIR.name
    c.ServerApp.contents_manager_class = f"{__name__}.PairedContentsManager"
    c.AsyncMappingKernelManager.kernel_manager_class = f"{__name__}.IsolatedServerKernelManager"


def describe_kernels() -> str:
    """One line for the lab's log: how its kernels are cut off from the network."""
    try:
        return f"Kernels: {kernels.resolve().describe()}"
    except (kernels.IsolationUnavailable, ValueError) as exc:
        return f"Kernels will not start: {exc}"


__all__ = [
    "IsolatedServerKernelManager",
    "PairedContentsManager",
    "configure",
    "describe_kernels",
]
