"""JupyterLab's saves (``analysis.lab.PairedContentsManager``, what ``make lab`` uses) never
put old cells back over a file of a pair edited on disk, and write both files otherwise.

The contents manager is driven in-process as the lab drives it: ``get`` when a notebook is
opened (or reloaded), ``save`` with the cells the browser holds. The browser itself is in
``tests/test_jupyterlab.py``.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest
from tornado.web import HTTPError

from analysis import lab, notebooks
from analysis.loaders import PROJECT_ROOT

SCRIPT = "# %% [markdown]\n# # A\n\n# %%\nx = 1\nx\n"
NB = "notebooks/01-a.ipynb"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one synced pair, its record, and the real jupytext.toml."""
    shutil.copy(PROJECT_ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = jupytext.reads(SCRIPT, fmt=notebooks.TEXT_FORMAT)
    notebooks.normalise_metadata(notebook)
    (folder / "01-a.ipynb").write_text(notebooks.notebook_text(notebook), encoding="utf-8")
    (folder / "01-a.py").write_text(notebooks.script_text(notebook), encoding="utf-8")
    record = notebooks.state_text({"01-a": notebooks.cells_digest(notebook)})
    (folder / notebooks.STATE_NAME).write_text(record, encoding="utf-8")
    return tmp_path


def manager(project: Path) -> lab.PairedContentsManager:
    return lab.PairedContentsManager(root_dir=str(project))


def open_notebook(cm: lab.PairedContentsManager, path: str = NB) -> dict:
    return asyncio.run(cm.get(path, content=True))


def save(cm: lab.PairedContentsManager, model: dict, path: str = NB) -> dict:
    return asyncio.run(cm.save({"type": "notebook", "content": model["content"]}, path))


def set_cell(model: dict, index: int, source: str) -> dict:
    model["content"]["cells"][index]["source"] = source
    return model


def edit_on_disk(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def files(project: Path) -> dict[str, bytes]:
    folder = project / "notebooks"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_an_edit_saved_in_the_lab_goes_to_both_files(project: Path) -> None:
    cm = manager(project)
    model = set_cell(open_notebook(cm), 1, "x = 7\nx")
    save(cm, model)
    assert "x = 7" in (project / "notebooks/01-a.py").read_text(encoding="utf-8")
    assert notebooks.in_sync(project / NB)
    # a second edit of the same open notebook saves too: the lab's memory follows its saves
    save(cm, set_cell(model, 1, "x = 8\nx"))
    assert "x = 8" in (project / "notebooks/01-a.py").read_text(encoding="utf-8")
    assert notebooks.in_sync(project / NB)


def test_an_untouched_notebook_saved_changes_no_byte(project: Path) -> None:
    before = files(project)
    cm = manager(project)
    save(cm, open_notebook(cm))
    assert files(project) == before


@pytest.mark.parametrize("lab_edit", [False, True], ids=["untouched", "edited-in-the-lab"])
def test_a_script_edited_on_disk_is_not_reverted_by_a_save(project: Path, lab_edit) -> None:
    cm = manager(project)
    model = open_notebook(cm)
    edit_on_disk(project / "notebooks/01-a.py", "x = 1", "x = 41")
    before = files(project)
    if lab_edit:
        set_cell(model, 1, "x = 2\nx")
    with pytest.raises(HTTPError) as refused:
        save(cm, model)
    assert refused.value.status_code == lab.REFUSED == 409
    assert "Not saved: notebooks/01-a.py changed on disk" in refused.value.log_message
    assert "Reload Notebook from Disk" in refused.value.log_message
    assert files(project) == before


def test_make_run_after_a_script_edit_is_not_reverted_by_the_open_notebook(
    project: Path,
) -> None:
    """The script is edited, the runner brings the notebook and the record level with it;
    the lab, still holding the old cells, saves: both files would go back. Refused."""
    cm = manager(project)
    model = open_notebook(cm)
    edit_on_disk(project / "notebooks/01-a.py", "x = 1", "x = 41")
    synced = jupytext.read(project / "notebooks/01-a.py", fmt=notebooks.TEXT_FORMAT)
    notebooks.normalise_metadata(synced)
    (project / NB).write_text(notebooks.notebook_text(synced), encoding="utf-8")
    record = notebooks.state_text({"01-a": notebooks.cells_digest(synced)})
    (project / "notebooks" / notebooks.STATE_NAME).write_text(record, encoding="utf-8")
    before = files(project)
    with pytest.raises(HTTPError) as refused:
        save(cm, model)
    message = refused.value.log_message
    assert "notebooks/01-a.ipynb and notebooks/01-a.py changed on disk" in message
    assert files(project) == before


def test_after_reloading_from_disk_the_save_goes_through(project: Path) -> None:
    cm = manager(project)
    open_notebook(cm)
    edit_on_disk(project / "notebooks/01-a.py", "x = 1", "x = 41")
    model = open_notebook(cm)  # File > Reload Notebook from Disk: jupytext reads the script
    assert "x = 41" in model["content"]["cells"][1]["source"]
    save(cm, set_cell(model, 1, "x = 41\ny = 2\nx"))
    assert "y = 2" in (project / "notebooks/01-a.py").read_text(encoding="utf-8")


def test_a_save_equal_to_the_edit_on_disk_goes_through(project: Path) -> None:
    cm = manager(project)
    model = open_notebook(cm)
    edit_on_disk(project / "notebooks/01-a.py", "x = 1", "x = 41")
    save(cm, set_cell(model, 1, "x = 41\nx"))
    assert notebooks.in_sync(project / NB)


def test_without_memory_the_record_of_the_last_sync_decides(project: Path) -> None:
    """The server restarted while the page stayed open: no ``get`` before the save."""
    model = open_notebook(manager(project))
    save(manager(project), set_cell(model, 1, "x = 3\nx"))  # both files at the record
    assert "x = 3" in (project / "notebooks/01-a.py").read_text(encoding="utf-8")
    edit_on_disk(project / "notebooks/01-a.py", "x = 3", "x = 43")
    with pytest.raises(HTTPError):
        save(manager(project), set_cell(model, 1, "x = 4\nx"))
    assert "x = 43" in (project / "notebooks/01-a.py").read_text(encoding="utf-8")


def test_a_new_notebook_saves_and_pairs(project: Path) -> None:
    cm = manager(project)
    model = {"content": nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])}
    save(cm, model, "notebooks/scratch.ipynb")
    assert (project / "notebooks/scratch.py").exists()
    save(cm, set_cell(model, 0, "2 + 2"), "notebooks/scratch.ipynb")
    assert "2 + 2" in (project / "notebooks/scratch.py").read_text(encoding="utf-8")


def test_overwritten_compares_each_file_with_what_the_lab_knew() -> None:
    a, b = Path("a.ipynb"), Path("a.py")
    assert lab.overwritten({a: "k", b: "k"}, {a: "k", b: "k"}, "new") == []
    assert lab.overwritten({a: "k", b: "k"}, {a: "k", b: "s"}, "new") == [b]
    assert lab.overwritten({a: "k", b: "k"}, {a: "k", b: "s"}, "s") == []
    assert lab.overwritten({a: "k", b: "k"}, {a: "k", b: None}, "new") == []
    assert lab.overwritten({}, {a: "k", b: "k"}, "new") == [a, b]
