"""Run the numbered notebooks so that their stored outputs are current, without ever losing
an edit.

Each notebook ``notebooks/NN-name.ipynb`` is paired with a ``py:percent`` script
(``NN-name.py``) by jupytext (see ``jupytext.toml``). ``run_all`` (``python -m analysis
notebooks``, ``make run``):

1. **Syncs by content, not by modification time.** ``notebooks/.pairs.json`` (committed)
   records, for every pair, a digest of its cells (type and source of each) at its last
   sync. A side whose cells still match the record is unchanged. Only one side changed: it
   wins (the other is rebuilt from it). Both changed, differently: refused, nothing is
   written (``EXIT_CONFLICT``). Both equal: nothing to sync. Outputs, metadata and
   formatting are not cells: JupyterLab autosaving an untouched notebook changes nothing.
2. **Executes every notebook in memory**, in order, each in a fresh kernel without network
   (``analysis.kernels``), its figures going to a temporary folder.
3. **Writes only when all succeeded**, and only the files whose bytes change: notebooks,
   scripts rebuilt from a notebook, figures (moved into ``figures_dir()``) and the record,
   all together or none (``write_outputs``): each is first written to a temporary file
   beside it, and only when all are staged are they renamed over their targets
   (``os.replace``). A folder that cannot be written (a read-only ``figures/``, a full disk)
   fails in staging and changes nothing (``EXIT_FAILED``, one line naming the file). A file
   edited while the notebooks ran is not overwritten (``EXIT_CHANGED``).

A failure leaves every file as it was and prints one line naming the notebook and the cell.

Stored notebooks must not change when nothing changed: execution records no timings, and the
metadata keeps only the kernelspec, jupytext's settings and the kernel's ``language_info``
(its Python version included), which is exactly what JupyterLab writes when it opens and
saves a notebook: opening, running and saving an untouched notebook there changes no byte
(``docs/jupyterlab.md``). A run on another Python version records that version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from nbclient import NotebookClient

from analysis import kernels, safeio
from analysis.figures import FIGURES_DIR_VARIABLE, figures_dir
from analysis.loaders import PROJECT_ROOT

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
#: The record of the last sync of every pair, beside the notebooks.
STATE_NAME = ".pairs.json"
KERNEL_NAME = "python3"
TEXT_FORMAT = "py:percent"
#: Seconds one cell may run before execution fails.
CELL_TIMEOUT = 600

#: Exit codes of ``python -m analysis notebooks`` (argparse's usage error is 2).
EXIT_OK = 0
EXIT_CONFLICT = 3  # a pair edited on both sides, or no record to tell which side changed
EXIT_FAILED = 4  # a notebook failed (or its kernel could not start), or a file cannot be written
EXIT_CHANGED = 5  # a file was edited while the notebooks ran
EXIT_ISOLATION = 6  # $EXPULSIONS_KERNEL_ISOLATION asks for what this machine cannot do

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
#: The language of a notebook no kernel has run yet; a run stores the kernel's own.
LANGUAGE_INFO = {"name": "python"}
#: jupytext settings every notebook carries: no metadata in the scripts.
JUPYTEXT_SETTINGS = {
    "cell_metadata_filter": "-all",
    "main_language": "python",
    "notebook_metadata_filter": "-all",
}


def notebook_paths(directory: Path | None = None) -> list[Path]:
    """The numbered notebooks ``NN-*.ipynb`` of ``directory``, in their order of execution."""
    folder = directory if directory is not None else NOTEBOOKS_DIR
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def script_path(notebook: Path) -> Path:
    """The ``py:percent`` script paired with ``notebook``."""
    return notebook.with_suffix(".py")


def normalise_metadata(notebook: nbformat.NotebookNode) -> None:
    """Keep only stable notebook metadata: kernelspec, jupytext settings, and the
    ``language_info`` the kernel reported (nbclient stores it on execution, JupyterLab when
    it opens the notebook), or ``LANGUAGE_INFO`` when no kernel has reported one.
    """
    settings = {**JUPYTEXT_SETTINGS, **notebook.metadata.get("jupytext", {})}
    settings.pop("text_representation", None)
    language = notebook.metadata.get("language_info") or LANGUAGE_INFO
    notebook.metadata = nbformat.from_dict(
        {"jupytext": settings, "kernelspec": KERNELSPEC, "language_info": language}
    )


def cells_digest(notebook: nbformat.NotebookNode) -> str:
    """SHA-256 of the cells' types and sources: what a pair's two sides share."""
    cells = [[cell.cell_type, cell.source] for cell in notebook.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def in_sync(notebook: Path) -> bool:
    """True when the notebook's cells (sources and types) equal its script's."""
    script = script_path(notebook)
    if not script.exists():
        return False
    return cells_digest(jupytext.read(notebook)) == cells_digest(jupytext.read(script))


def notebook_text(notebook: nbformat.NotebookNode) -> str:
    """The ``.ipynb`` file's text."""
    return nbformat.writes(notebook) + "\n"


def script_text(notebook: nbformat.NotebookNode) -> str:
    """The ``py:percent`` script's text."""
    return jupytext.writes(notebook, fmt=TEXT_FORMAT)


def display(path: Path) -> str:
    """``path`` relative to the project (or the working directory) when inside it."""
    for base in (PROJECT_ROOT, Path.cwd()):
        with contextlib.suppress(ValueError):
            return str(path.resolve().relative_to(base.resolve()))
    return str(path)


# --- the record of the last sync ------------------------------------------------------------


def read_state(folder: Path) -> dict[str, str]:
    """``{stem: digest}`` from ``folder/.pairs.json`` (empty when there is none). Raises
    ``ValueError`` when the file is not a record.
    """
    path = folder / STATE_NAME
    if not path.exists():
        return {}
    try:
        pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{display(path)} is not a record of pairs ({exc})") from None
    if not isinstance(pairs, dict) or not all(isinstance(v, str) for v in pairs.values()):
        raise ValueError(f"{display(path)} is not a record of pairs")
    return pairs


def state_text(pairs: dict[str, str]) -> str:
    """The text of ``.pairs.json`` (one line per pair, so that merges are line by line)."""
    record = {
        "about": "Digest of each notebook/script pair's cells at its last sync, written by "
        "`python -m analysis notebooks`: the side that no longer matches was edited. "
        "Commit it with the notebooks.",
        "pairs": dict(sorted(pairs.items())),
    }
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


# --- syncing --------------------------------------------------------------------------------


@dataclass
class Pair:
    """One notebook and its script, as read (``None``: the file does not exist)."""

    stem: str
    notebook_path: Path
    script_path: Path
    notebook_bytes: bytes | None
    script_bytes: bytes | None
    #: What to execute: the cells of the side that wins, on the notebook (outputs, metadata).
    notebook: nbformat.NotebookNode | None = None
    #: Which side the run takes: "both" (in sync), "notebook" or "script".
    source: str = "both"
    digest: str = ""

    @property
    def originals(self) -> dict[Path, bytes | None]:
        return {self.notebook_path: self.notebook_bytes, self.script_path: self.script_bytes}


@dataclass
class Conflict:
    """A pair that cannot be synced without losing an edit."""

    pair: Pair
    reason: str

    def message(self) -> str:
        nb, py = display(self.pair.notebook_path), display(self.pair.script_path)
        return (
            f"{nb} and {py}: {self.reason}. Keep one side and run again: the script with "
            f"`rm {nb}` (or `jupytext --to ipynb --update {py}`), or the notebook with "
            f"`rm {py}` (or `jupytext --to {TEXT_FORMAT} {nb}`); or make their cells equal."
        )


def read_pairs(folder: Path) -> list[Pair]:
    """Every pair of ``folder`` (a numbered notebook, script or both), in order."""
    stems = sorted(
        {p.stem for p in folder.glob("[0-9][0-9]-*.ipynb")}
        | {p.stem for p in folder.glob("[0-9][0-9]-*.py")}
    )
    pairs = []
    for stem in stems:
        nb_path, py_path = folder / f"{stem}.ipynb", folder / f"{stem}.py"
        pairs.append(
            Pair(
                stem,
                nb_path,
                py_path,
                nb_path.read_bytes() if nb_path.exists() else None,
                py_path.read_bytes() if py_path.exists() else None,
            )
        )
    return pairs


def plan(pair: Pair, recorded: str | None) -> Conflict | None:
    """Decide which side of ``pair`` wins and set ``pair.notebook`` to what will run;
    return a ``Conflict`` when no side can win without losing an edit.
    """
    try:
        from_nb = (
            nbformat.reads(pair.notebook_bytes.decode("utf-8"), as_version=4)
            if pair.notebook_bytes is not None
            else None
        )
        from_py = (
            jupytext.reads(pair.script_bytes.decode("utf-8"), fmt=TEXT_FORMAT)
            if pair.script_bytes is not None
            else None
        )
    except Exception as exc:  # not UTF-8, not JSON, not a notebook
        return Conflict(pair, f"one cannot be read ({_one_line(exc)})")
    nb_digest = cells_digest(from_nb) if from_nb is not None else None
    py_digest = cells_digest(from_py) if from_py is not None else None
    if (
        from_py is None
        or nb_digest == py_digest
        or (py_digest == recorded and from_nb is not None)
    ):
        pair.source = "both" if nb_digest == py_digest else "notebook"
        pair.notebook = from_nb
    elif from_nb is None or nb_digest == recorded:
        pair.source = "script"
        pair.notebook = (
            combine_inputs_with_outputs(from_py, from_nb, fmt=TEXT_FORMAT)
            if from_nb is not None
            else from_py
        )
    elif recorded is None:
        return Conflict(pair, "their cells differ and there is no record of their last sync")
    else:
        return Conflict(pair, "both were edited since their last sync (their cells differ)")
    assert pair.notebook is not None
    normalise_metadata(pair.notebook)
    pair.digest = cells_digest(pair.notebook)
    return None


# --- execution ------------------------------------------------------------------------------


class CellFailed(RuntimeError):
    """A notebook failed: ``cell`` is the 0-based index of the cell that was running (None:
    the kernel did not start), ``error`` what went wrong, in one line.
    """

    def __init__(self, cell: int | None, error: str) -> None:
        super().__init__(error)
        self.cell = cell
        self.error = error


def _one_line(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    text = f"{ename}: {evalue}" if ename else f"{type(exc).__name__}: {exc}"
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def run(
    notebook: nbformat.NotebookNode,
    folder: Path,
    env: dict[str, str] | None = None,
    timeout: int = CELL_TIMEOUT,
    isolation: kernels.Isolation | None = None,
) -> float:
    """Run ``notebook`` in memory, top to bottom, in a fresh kernel whose working directory
    is ``folder``; return the seconds it took, kernel start and shutdown included.

    ``env``: the kernel's environment (default: this process's); ``isolation``: how the
    kernel is cut off from the network (default: ``kernels.resolve()``). No timings are
    recorded in the cells; the kernel's own log is not the notebook's output. Raises
    ``CellFailed`` when a cell fails or the kernel cannot start or dies.
    """
    current: list[int | None] = [None]

    def started(cell: Any, cell_index: int, **_: Any) -> None:
        current[0] = cell_index

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=kernels.manager_class(isolation or kernels.resolve()),
        record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(folder)}},
        on_cell_execute=started,
    )
    start = time.perf_counter()
    try:
        client.execute(env=dict(os.environ) if env is None else env)
    except Exception as exc:
        raise CellFailed(current[0], _one_line(exc)) from exc
    return time.perf_counter() - start


def script_line(text: str, cell: int) -> int | None:
    """The line (1-based) of a py:percent ``text`` where cell ``cell`` (0-based) starts."""
    markers = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("# %%")]
    return markers[cell] if cell < len(markers) else None


# --- writing --------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``: a
    reader sees the old file or the new one, never a part. Keeps the file's permissions
    (``safeio.write_atomic``).
    """
    safeio.write_atomic(path, data)


def write_outputs(texts: dict[Path, bytes]) -> list[Path]:
    """Write the files of ``texts`` whose bytes change, all of them or none: every one is
    staged beside its target first, then all are renamed (``safeio.write_all``; a failed
    rename puts back those already renamed). Return the files written. Raises the
    ``OSError`` of the first file that cannot be written, naming it.
    """
    written = [path for path, data in texts.items() if _current(path) != data]
    safeio.write_all({path: texts[path] for path in written})
    return written


def _current(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


@dataclass
class Outcome:
    """What ``run_all`` did: its exit code and the files it wrote."""

    code: int
    written: list[Path] = field(default_factory=list)


def run_all(
    folder: Path | None = None,
    figures_to: Path | None = None,
    isolation: kernels.Isolation | None = None,
    timeout: int = CELL_TIMEOUT,
    out: TextIO | None = None,
    err: TextIO | None = None,
    before_writing: Callable[[], None] | None = None,
) -> Outcome:
    """Sync every pair of ``folder`` (default: notebooks/), execute every notebook, and
    write the results when all succeeded (see the module's docstring). Figures go to
    ``figures_to`` (default: ``figures_dir()``). ``before_writing`` is called between the
    runs and the writes (the tests edit a file there).
    """
    folder = folder if folder is not None else NOTEBOOKS_DIR
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr

    def say(text: str, stream: TextIO) -> None:
        print(text, file=stream, flush=True)

    try:
        state = read_state(folder)
    except ValueError as exc:
        say(f"{exc}: fix it or delete it (then pairs that differ are left to you)", err)
        return Outcome(EXIT_CONFLICT)
    pairs = read_pairs(folder)
    conflicts = [c for c in (plan(p, state.get(p.stem)) for p in pairs) if c is not None]
    if conflicts:
        for conflict in conflicts:
            say(conflict.message(), err)
        say(f"Nothing was written (exit {EXIT_CONFLICT}).", err)
        return Outcome(EXIT_CONFLICT)

    try:
        isolation = isolation if isolation is not None else kernels.resolve()
    except (kernels.IsolationUnavailable, ValueError) as exc:
        say(f"{exc}. Nothing was run (exit {EXIT_ISOLATION}).", err)
        return Outcome(EXIT_ISOLATION)
    say(f"Kernels: {isolation.describe()}", out)

    texts: dict[Path, bytes] = {}
    with safeio.scratch_folder("figures") as scratch:
        env = dict(os.environ)
        env[FIGURES_DIR_VARIABLE] = str(scratch)
        for pair in pairs:
            assert pair.notebook is not None
            if pair.source == "script":
                say(f"{display(pair.notebook_path)}: takes the cells of its script", out)
            elif pair.source == "notebook":
                say(f"{display(pair.script_path)}: takes the cells of its notebook", out)
            try:
                seconds = run(pair.notebook, folder, env, timeout, isolation)
            except CellFailed as exc:
                say(failure_line(pair, exc), err)
                return Outcome(EXIT_FAILED)
            say(f"executed {display(pair.notebook_path)} in {seconds:.1f} s", out)
            normalise_metadata(pair.notebook)
            texts[pair.notebook_path] = notebook_text(pair.notebook).encode("utf-8")
            if pair.source == "notebook" or pair.script_bytes is None:
                texts[pair.script_path] = script_text(pair.notebook).encode("utf-8")
        figures = {
            path.relative_to(scratch): path.read_bytes()
            for path in sorted(Path(scratch).rglob("*"))
            if path.is_file()
        }
    target = figures_to if figures_to is not None else figures_dir()
    for name, data in figures.items():
        texts[target / name] = data
    texts[folder / STATE_NAME] = state_text({p.stem: p.digest for p in pairs}).encode("utf-8")

    if before_writing is not None:
        before_writing()
    edited = [
        path
        for pair in pairs
        for path, original in pair.originals.items()
        if _current(path) != original
    ]
    if edited:
        names = ", ".join(display(path) for path in edited)
        say(
            f"{names} changed while the notebooks ran: nothing was written, run again "
            f"(exit {EXIT_CHANGED}).",
            err,
        )
        return Outcome(EXIT_CHANGED)
    try:
        written = write_outputs(texts)
    except OSError as exc:
        where = display(Path(exc.filename)) if exc.filename else "a file"
        say(f"{where}: {exc.strerror or exc}; nothing was written (exit {EXIT_FAILED}).", err)
        return Outcome(EXIT_FAILED)
    say(
        f"wrote {', '.join(display(p) for p in written)}" if written else "nothing to write",
        out,
    )
    return Outcome(EXIT_OK, written)


def failure_line(pair: Pair, exc: CellFailed) -> str:
    """One line: the notebook, the cell (and its line in the script), the error."""
    where = display(pair.notebook_path)
    if exc.cell is None:
        return f"{where}: the kernel failed ({exc.error}); nothing was written"
    line = None
    if pair.script_bytes is not None and pair.source != "notebook":
        line = script_line(pair.script_bytes.decode("utf-8"), exc.cell)
    at = f" ({display(pair.script_path)}:{line})" if line else ""
    total = len(pair.notebook.cells) if pair.notebook is not None else "?"
    return f"{where}: cell {exc.cell + 1} of {total}{at} failed: {exc.error}; nothing was written"


def main() -> int:
    """``python -m analysis notebooks``: ``run_all``, returning its exit code."""
    return run_all().code
