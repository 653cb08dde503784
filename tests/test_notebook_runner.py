"""The notebook runner (``python -m analysis notebooks``) never loses an edit: pairs sync by
content against the record of their last sync, and nothing is written unless every notebook
ran. Small notebooks in a temporary folder, not the real ones.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
from pathlib import Path

import jupytext
import nbformat
import pytest
from ipykernel.ipkernel import IPythonKernel

from analysis import notebooks
from analysis.__main__ import main

#: A cell that writes a figure the way analysis.figures does: into $EXPULSIONS_FIGURES_DIR.
FIGURE_CELL = (
    "import os, pathlib\n"
    '_ = pathlib.Path(os.environ["EXPULSIONS_FIGURES_DIR"], "a.svg").write_text("<svg>1</svg>")'
)
SCRIPTS = {
    "01-a": "# %% [markdown]\n# # A\n\n# %%\nx = 1\nx\n\n# %%\n" + FIGURE_CELL + "\n",
    "02-b": "# %% [markdown]\n# # B\n\n# %%\ny = 2\ny\n",
}


def run_all(folder: Path, **kwargs) -> tuple[notebooks.Outcome, str, str]:
    out, err = io.StringIO(), io.StringIO()
    outcome = notebooks.run_all(
        folder / "notebooks", figures_to=folder / "figures", out=out, err=err, **kwargs
    )
    return outcome, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def outputs(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [
        output.get("data", {}).get("text/plain", output.get("text", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    ]


def edit_notebook_cell(path: Path, index: int, source: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[index].source = source
    nbformat.write(notebook, path)


def edit_script(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def synced_template(tmp_path_factory) -> Path:
    """Two scripts, synced and run once: their notebooks, the figure and the record."""
    folder = tmp_path_factory.mktemp("synced")
    (folder / "notebooks").mkdir()
    for stem, text in SCRIPTS.items():
        (folder / "notebooks" / f"{stem}.py").write_text(text, encoding="utf-8")
    outcome, _, err = run_all(folder)
    assert outcome.code == notebooks.EXIT_OK, err
    return folder


@pytest.fixture
def project(synced_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(synced_template, target)
    return target


def test_a_script_alone_gets_its_notebook_run_and_recorded(project: Path) -> None:
    folder = project / "notebooks"
    assert outputs(folder / "01-a.ipynb") == ["1"]
    assert outputs(folder / "02-b.ipynb") == ["2"]
    assert (project / "figures" / "a.svg").read_text() == "<svg>1</svg>"
    for stem, text in SCRIPTS.items():
        assert (folder / f"{stem}.py").read_text(encoding="utf-8") == text
        assert notebooks.in_sync(folder / f"{stem}.ipynb")
    record = notebooks.read_state(folder)
    assert record == {
        stem: notebooks.cells_digest(jupytext.read(folder / f"{stem}.ipynb")) for stem in SCRIPTS
    }
    metadata = nbformat.read(folder / "01-a.ipynb", as_version=4).metadata
    assert metadata["jupytext"] == notebooks.JUPYTEXT_SETTINGS


def test_a_rerun_with_no_change_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    outcome, out, _ = run_all(project)
    assert outcome.code == notebooks.EXIT_OK
    assert outcome.written == []
    assert "nothing to write" in out
    assert snapshot(project) == before


def test_both_sides_edited_is_refused_and_nothing_is_written(project: Path) -> None:
    folder = project / "notebooks"
    edit_script(folder / "02-b.py", "y = 2", "y = 3")
    edit_notebook_cell(folder / "02-b.ipynb", 1, "y = 4\ny")
    before = snapshot(project)
    outcome, out, err = run_all(project)
    assert outcome.code == notebooks.EXIT_CONFLICT == 3
    assert "notebooks/02-b.ipynb and notebooks/02-b.py: both were edited" in err.replace(
        str(project) + "/", ""
    )
    assert "rm " in err and "jupytext --to ipynb --update" in err
    assert "Nothing was written" in err
    assert "executed" not in out  # no kernel was started
    assert snapshot(project) == before


def test_a_script_edit_survives_jupyterlab_autosaving_the_untouched_notebook(
    project: Path,
) -> None:
    folder = project / "notebooks"
    edit_script(folder / "01-a.py", "x = 1", "x = 41")
    script = (folder / "01-a.py").read_bytes()
    # JupyterLab saves the open notebook: same cells, its own metadata, a newer time.
    notebook = nbformat.read(folder / "01-a.ipynb", as_version=4)
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nbformat.write(notebook, folder / "01-a.ipynb")
    later = (folder / "01-a.py").stat().st_mtime_ns + 10**10
    os.utime(folder / "01-a.ipynb", ns=(later, later))

    outcome, out, err = run_all(project)
    assert outcome.code == notebooks.EXIT_OK, err
    assert "01-a.ipynb: takes the cells of its script" in out
    assert (folder / "01-a.py").read_bytes() == script
    assert outputs(folder / "01-a.ipynb") == ["41"]
    # the kernel's language_info, as JupyterLab stores it, whatever the saved file said
    assert (
        nbformat.read(folder / "01-a.ipynb", as_version=4).metadata["language_info"]
        == IPythonKernel.language_info
    )
    assert notebooks.in_sync(folder / "01-a.ipynb")
    assert notebooks.read_state(folder)["01-a"] == notebooks.cells_digest(
        jupytext.reads(script.decode(), fmt="py:percent")
    )


def test_a_notebook_edit_rewrites_the_script_and_moves_the_new_figure(project: Path) -> None:
    folder = project / "notebooks"
    edit_notebook_cell(folder / "01-a.ipynb", 2, FIGURE_CELL.replace("<svg>1", "<svg>2"))
    # the script is newer, but unchanged since the last sync: the notebook wins
    later = (folder / "01-a.ipynb").stat().st_mtime_ns + 10**10
    os.utime(folder / "01-a.py", ns=(later, later))
    outcome, out, err = run_all(project)
    assert outcome.code == notebooks.EXIT_OK, err
    assert "01-a.py: takes the cells of its notebook" in out
    assert "<svg>2</svg>" in (folder / "01-a.py").read_text(encoding="utf-8")
    assert (project / "figures" / "a.svg").read_text() == "<svg>2</svg>"
    assert notebooks.in_sync(folder / "01-a.ipynb")
    # the notebook already holds the edited cell and its output: it stays as it is
    assert sorted(p.name for p in outcome.written) == [".pairs.json", "01-a.py", "a.svg"]


def test_a_failure_half_way_leaves_every_file_byte_identical(project: Path) -> None:
    folder = project / "notebooks"
    # notebook 1 would be rewritten (new cells, new figure); notebook 2 fails in its cell 2
    edit_script(folder / "01-a.py", "<svg>1", "<svg>3")
    edit_script(folder / "02-b.py", "y = 2", "y = 1 / 0")
    before = snapshot(project)
    outcome, out, err = run_all(project)
    assert outcome.code == notebooks.EXIT_FAILED == 4
    assert "executed notebooks/01-a.ipynb" in out.replace(str(project) + "/", "")
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].replace(str(project) + "/", "") == (
        "notebooks/02-b.ipynb: cell 2 of 2 (notebooks/02-b.py:4) failed: "
        "ZeroDivisionError: division by zero; nothing was written"
    )
    assert snapshot(project) == before
    assert not list(project.rglob("*.tmp"))


def test_a_file_edited_while_the_notebooks_run_is_not_overwritten(project: Path) -> None:
    folder = project / "notebooks"
    edit_script(folder / "01-a.py", "x = 1", "x = 5")

    def user_saves_again() -> None:
        edit_script(folder / "01-a.py", "x = 5", "x = 6")

    outcome, _, err = run_all(project, before_writing=user_saves_again)
    assert outcome.code == notebooks.EXIT_CHANGED == 5
    assert "01-a.py changed while the notebooks ran" in err
    assert "x = 6" in (folder / "01-a.py").read_text(encoding="utf-8")
    assert outputs(folder / "01-a.ipynb") == ["1"]


def test_differing_sides_without_a_record_are_a_conflict(project: Path) -> None:
    folder = project / "notebooks"
    (folder / ".pairs.json").unlink()
    edit_script(folder / "02-b.py", "y = 2", "y = 3")
    outcome, _, err = run_all(project)
    assert outcome.code == notebooks.EXIT_CONFLICT
    assert "no record of their last sync" in err
    assert not (folder / ".pairs.json").exists()


def test_the_command_returns_the_exit_code(project: Path, monkeypatch, capsys) -> None:
    folder = project / "notebooks"
    edit_script(folder / "02-b.py", "y = 2", "y = 3")
    edit_notebook_cell(folder / "02-b.ipynb", 1, "y = 4\ny")
    monkeypatch.setattr(notebooks, "NOTEBOOKS_DIR", folder)
    assert main(["notebooks"]) == notebooks.EXIT_CONFLICT
    assert "both were edited" in capsys.readouterr().err


def test_an_unreadable_record_is_refused(project: Path) -> None:
    (project / "notebooks" / ".pairs.json").write_text("<<<<<<< HEAD\n", encoding="utf-8")
    outcome, _, err = run_all(project)
    assert outcome.code == notebooks.EXIT_CONFLICT
    assert ".pairs.json is not a record of pairs" in err


def test_write_atomic_keeps_permissions_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "file.txt"
    path.write_text("old")
    path.chmod(0o640)
    notebooks.write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    fresh = tmp_path / "sub" / "fresh.txt"
    notebooks.write_atomic(fresh, b"x")
    assert stat.S_IMODE(fresh.stat().st_mode) & 0o644 == 0o644
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["file.txt", "fresh.txt", "sub"]


def test_the_record_has_one_line_per_pair() -> None:
    text = notebooks.state_text({"02-b": "b" * 64, "01-a": "a" * 64})
    assert json.loads(text)["pairs"] == {"01-a": "a" * 64, "02-b": "b" * 64}
    assert [line for line in text.splitlines() if '"0' in line] == [
        f'    "01-a": "{"a" * 64}",',
        f'    "02-b": "{"b" * 64}"',
    ]
