"""Run the numbered notebooks in order, in place, so that their stored outputs are current.

Each notebook ``notebooks/NN-name.ipynb`` is paired with a ``py:percent`` script
(``NN-name.py``) by jupytext (see ``jupytext.toml``). ``sync`` brings each pair level (the
newer side wins; jupytext refuses when both sides changed), ``execute`` runs a notebook top to
bottom in a fresh kernel and writes it back with its new outputs.

Stored notebooks must not change when nothing changed: execution records no timings, and the
metadata keeps only the kernelspec, the language name and jupytext's pairing, not the exact
Python version of the machine that ran it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from analysis import kernels
from analysis.loaders import PROJECT_ROOT

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
KERNEL_NAME = "python3"
#: Seconds one cell may run before execution fails.
CELL_TIMEOUT = 600

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
LANGUAGE_INFO = {"name": "python"}


def notebook_paths(directory: Path | None = None) -> list[Path]:
    """The numbered notebooks ``NN-*.ipynb`` of ``directory``, in their order of execution."""
    folder = directory if directory is not None else NOTEBOOKS_DIR
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def script_path(notebook: Path) -> Path:
    """The ``py:percent`` script paired with ``notebook``."""
    return notebook.with_suffix(".py")


def sync(directory: Path | None = None) -> list[Path]:
    """Bring every notebook and its script level; create a missing notebook from its script.

    Returns the files jupytext wrote. Raises jupytext's error when both sides were edited.
    """
    from jupytext.cli import jupytext as jupytext_cli

    folder = directory if directory is not None else NOTEBOOKS_DIR
    scripts = sorted(folder.glob("[0-9][0-9]-*.py"))
    before = {p: p.stat().st_mtime_ns for p in folder.glob("[0-9][0-9]-*.*")}
    if scripts:
        jupytext_cli(["--sync", "--quiet", *map(str, scripts)])
    after = {p: p.stat().st_mtime_ns for p in folder.glob("[0-9][0-9]-*.*")}
    return sorted(p for p in after if before.get(p) != after[p])


def normalise_metadata(notebook: nbformat.NotebookNode) -> None:
    """Keep only stable notebook metadata: kernelspec, language name, jupytext pairing."""
    kept = {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO}
    if "jupytext" in notebook.metadata:
        kept["jupytext"] = notebook.metadata["jupytext"]
    notebook.metadata = nbformat.from_dict(kept)


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
    nbclient's ``CellExecutionError`` (naming the cell) when a cell fails.
    """
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=kernels.manager_class(isolation or kernels.resolve()),
        record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(folder)}},
    )
    start = time.perf_counter()
    client.execute(env=dict(os.environ) if env is None else env)
    return time.perf_counter() - start


def execute(path: Path, timeout: int = CELL_TIMEOUT) -> float:
    """``run`` the notebook at ``path`` in its own folder and write it back with the new
    outputs and normalised metadata; return the seconds it took. When a cell fails the file
    is left as it was.
    """
    notebook = nbformat.read(path, as_version=4)
    seconds = run(notebook, path.parent, timeout=timeout)
    normalise_metadata(notebook)
    text = nbformat.writes(notebook) + "\n"
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return seconds


def in_sync(notebook: Path) -> bool:
    """True when the notebook's cells (sources and types) equal its script's."""
    script = script_path(notebook)
    if not script.exists():
        return False
    left = jupytext.read(notebook)
    right = jupytext.read(script)
    return [(c.cell_type, c.source) for c in left.cells] == [
        (c.cell_type, c.source) for c in right.cells
    ]
