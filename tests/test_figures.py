"""Every figure is rebuilt from the data and compared with the committed file.

PNG: matplotlib's image comparison (RMS of the pixel difference) must stay within
``PNG_TOLERANCE``; SVG: the bytes must be equal (the SVG is text; ids and date are fixed).
A data change that moves a figure fails here until the figures are regenerated (``make run``)
and looked at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

from analysis import figures, load_dataset

COMMITTED = figures.PROJECT_ROOT / "figures"
NOTEBOOKS = figures.PROJECT_ROOT / "notebooks"
#: RMS difference allowed between a fresh PNG and the committed one (0-255 scale).
PNG_TOLERANCE = 0.01


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_figure_matches_committed_file(name: str, dataset, tmp_path: Path) -> None:
    saved = figures.render(name, dataset, tmp_path)
    committed_png = COMMITTED / f"{name}.png"
    assert committed_png.exists(), f"{committed_png} missing: run `make run` and commit it"
    failure = compare_images(str(committed_png), str(saved.png), tol=PNG_TOLERANCE)
    assert failure is None, failure
    committed_svg = (COMMITTED / f"{name}.svg").read_bytes()
    assert saved.svg.read_bytes() == committed_svg, f"{name}.svg differs from a fresh render"


def test_saving_twice_gives_the_same_bytes(dataset, tmp_path: Path) -> None:
    name = next(iter(figures.FIGURES))
    first = figures.render(name, dataset, tmp_path / "a")
    second = figures.render(name, dataset, tmp_path / "b")
    assert first.png.read_bytes() == second.png.read_bytes()
    assert first.svg.read_bytes() == second.svg.read_bytes()
    assert b"Software" not in first.png.read_bytes()
    assert b"<dc:date>" not in first.svg.read_bytes()


def test_every_figure_has_the_house_size(dataset) -> None:
    for name in figures.FIGURES:
        fig = figures.build(name, dataset)
        assert tuple(fig.get_size_inches()) == figures.FIGSIZE, name
        texts = [t.get_text() for t in fig.texts]
        assert any(t.startswith("Data: compiled from ") for t in texts), name
        assert fig.get_suptitle(), name


def test_committed_figures_are_registered_and_rendered_by_a_notebook() -> None:
    on_disk = {p.stem for p in COMMITTED.glob("*.png")} | {p.stem for p in COMMITTED.glob("*.svg")}
    assert on_disk == set(figures.FIGURES), "figures/ holds exactly the registered figures"
    rendered = set()
    for script in NOTEBOOKS.glob("[0-9][0-9]-*.py"):
        rendered |= set(re.findall(r'figures\.render\("([^"]+)"', script.read_text()))
    assert rendered == set(figures.FIGURES), "every figure is made by a notebook"


def test_figures_dir_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(figures.FIGURES_DIR_VARIABLE, str(tmp_path))
    assert figures.figures_dir() == tmp_path
    monkeypatch.delenv(figures.FIGURES_DIR_VARIABLE)
    assert figures.figures_dir() == COMMITTED


def test_saved_figure_shows_without_absolute_paths(dataset, tmp_path: Path) -> None:
    saved = figures.render("02-article-chart", dataset, tmp_path)
    assert str(tmp_path) not in repr(saved)
    assert saved._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
