"""The stored notebooks: paired with their scripts, run in order, clean outputs.

nbval (see pyproject.toml) reruns every notebook and compares its outputs; these tests check
what nbval does not: pairing, execution order, stable metadata, no stderr or memory addresses.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from ipykernel.ipkernel import IPythonKernel

from analysis import notebooks

PATHS = notebooks.notebook_paths()


def test_notebooks_are_numbered_in_order() -> None:
    numbers = [int(p.name[:2]) for p in PATHS]
    assert numbers == list(range(1, len(PATHS) + 1))
    assert len(PATHS) >= 5


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_is_in_sync_with_its_script(path) -> None:
    assert notebooks.in_sync(path), (
        f"{path.name} and {notebooks.script_path(path).name} differ: run `make run`"
    )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_was_run_top_to_bottom_with_clean_outputs(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    for cell in code:
        for output in cell.outputs:
            assert output.get("name") != "stderr", f"stderr in {path.name}: {output}"
            assert output.output_type != "error", f"error in {path.name}"
            text = json.dumps(output.get("data", {}).get("text/plain", output.get("text", "")))
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"memory address in {path.name}"
        assert "execution" not in cell.metadata, "timings are not recorded"
    assert set(notebook.metadata) <= {"kernelspec", "language_info", "jupytext"}
    # What the kernel reports, and JupyterLab writes on opening: the keys of ipykernel's.
    language = notebook.metadata["language_info"]
    assert set(language) == set(IPythonKernel.language_info) and language["name"] == "python"


def test_every_notebook_records_the_same_language_info() -> None:
    """One run of ``make run`` on one Python: a notebook saved from elsewhere stands out."""
    infos = {json.dumps(nbformat.read(p, as_version=4).metadata["language_info"]) for p in PATHS}
    assert len(infos) == 1, infos


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_asks_a_question_and_ends_with_findings(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    first, last = notebook.cells[0], notebook.cells[-1]
    assert first.cell_type == "markdown" and "**Question.**" in first.source
    # The notebook ends with its findings: a markdown cell "What we found", or that cell
    # followed by code cells that render the findings from the data as Markdown.
    heading = max(
        i
        for i, c in enumerate(notebook.cells)
        if c.cell_type == "markdown" and "## What we found" in c.source
    )
    rendered = notebook.cells[heading + 1 :]
    assert all(
        c.cell_type == "code"
        and any("text/markdown" in o.get("data", {}) for o in c.get("outputs", []))
        for c in rendered
    ), "nothing but the findings, rendered as Markdown, after 'What we found'"
    assert last.cell_type == "markdown" or rendered
    assert any("assert " in c.source for c in notebook.cells if c.cell_type == "code")


def test_the_record_of_the_last_sync_matches_every_pair() -> None:
    """``make run`` records each pair's cells; a stale record would blame the wrong side of
    the next edit.
    """
    record = notebooks.read_state(notebooks.NOTEBOOKS_DIR)
    assert set(record) == {p.stem for p in PATHS}
    for path in PATHS:
        assert record[path.stem] == notebooks.cells_digest(nbformat.read(path, as_version=4)), (
            f"{notebooks.STATE_NAME} is stale for {path.name}: run `make run`"
        )
