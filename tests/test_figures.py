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


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_saving_twice_gives_the_same_bytes(name: str, dataset, tmp_path: Path) -> None:
    first = figures.render(name, dataset, tmp_path / "a")
    second = figures.render(name, dataset, tmp_path / "b")
    for suffix in ("png", "svg", "csv"):
        one, two = getattr(first, suffix).read_bytes(), getattr(second, suffix).read_bytes()
        assert one == two, f"{name}.{suffix} differs between two renders"
    assert b"Software" not in first.png.read_bytes()
    assert b"<dc:date>" not in first.svg.read_bytes()


def test_png_is_twice_the_house_resolution_and_svg_keeps_text(dataset, tmp_path: Path) -> None:
    from matplotlib.image import imread

    saved = figures.render("02-article-chart", dataset, tmp_path)
    height, width = imread(saved.png).shape[:2]
    assert width >= 1600
    assert (width, height) == (200 * figures.FIGSIZE[0], 200 * figures.FIGSIZE[1])
    svg = saved.svg.read_text()
    assert "<text " in svg  # svg.fonttype 'none': text stays text, editable
    assert "DejaVuSans-" not in svg  # no glyphs drawn as paths


def test_each_figure_writes_the_data_it_draws(dataset, tmp_path: Path) -> None:
    import pandas as pd

    for name in figures.FIGURES:
        fig, table = figures.build_drawn(name, dataset)
        saved = figures.save_figure(fig, name, tmp_path, table)
        assert saved.csv == tmp_path / f"{name}.csv"
        back = pd.read_csv(saved.csv)
        assert list(back.columns) == [str(c) for c in table.columns], name
        assert len(back) == len(table) > 0, name
        committed = COMMITTED / f"{name}.csv"
        assert committed.exists(), f"{committed} missing: run `make run` and commit it"
        assert committed.read_bytes() == saved.csv.read_bytes(), f"{name}.csv is stale"


def test_every_figure_has_the_house_width_a_title_and_a_source_line(dataset) -> None:
    for name in figures.FIGURES:
        fig = figures.build(name, dataset)
        width, height = fig.get_size_inches()
        # the house width; the house height, or more for a long list of rows
        assert width == figures.FIGSIZE[0] and height >= figures.FIGSIZE[1], name
        texts = [t.get_text() for t in fig.texts]
        assert any(t.startswith("Data: ") for t in texts), name
        assert fig.get_suptitle(), name


def test_committed_figures_are_registered_and_rendered_by_a_notebook() -> None:
    for suffix in ("png", "svg", "csv"):
        on_disk = {p.stem for p in COMMITTED.glob(f"*.{suffix}")}
        assert on_disk == set(figures.FIGURES), f"figures/*.{suffix}: exactly the registered"
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


# --- colour-vision deficiencies ------------------------------------------------------------

#: Smallest colour difference allowed between two categories of one figure, in CIELAB
#: ΔE*ab (CIE 1976), for normal vision and each simulated dichromacy. A just-noticeable
#: difference is about 2.3; marks as small as our points and thin bars need several times
#: more to stay apart at a glance in uncontrolled viewing (Stone, Szafir & Setlur 2014,
#: "An engineering model for color difference as a function of size"; Szafir 2017,
#: "Modeling color difference for visualization design", whose small marks are tested at
#: ΔE = 10). So 10: below it two categories are "the same colour" to this test.
MIN_DELTA_E = 10.0
#: Full dichromacy (severity 100 of Machado, Oliveira & Fernandes 2009, in colorspacious).
DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")


def legend_colors(fig) -> dict[str, tuple[float, float, float]]:
    """Each legend entry of ``fig`` (axes and figure legends) with the colour of its handle,
    read from the drawn handle: a patch's face, a line's colour, a scatter's face (or edge
    when hollow)."""
    from matplotlib.colors import to_rgb
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    found: dict[str, tuple[float, float, float]] = {}
    for legend in legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if isinstance(handle, Patch):
                rgba = handle.get_facecolor()
            elif isinstance(handle, Line2D):
                face = handle.get_markerfacecolor()
                rgba = (
                    face if handle.get_marker() not in ("None", "", None) else handle.get_color()
                )
                if isinstance(rgba, str) and rgba == "none":
                    rgba = handle.get_markeredgecolor()
            else:  # a collection (scatter)
                faces = handle.get_facecolor()
                rgba = faces[0] if len(faces) else handle.get_edgecolor()[0]
            found[text.get_text()] = to_rgb(rgba)
    return found


def too_close(colors: dict[str, tuple[float, float, float]]) -> list[str]:
    """Pairs of categories closer than ``MIN_DELTA_E`` under normal vision or a simulated
    dichromacy, as readable lines."""
    import itertools

    import numpy as np
    from colorspacious import cspace_convert, deltaE

    names = list(colors)
    rgb = np.array([colors[n] for n in names]).reshape(-1, 3)
    views = {"normal": rgb}
    for cvd in DEFICIENCIES:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        views[cvd] = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    problems = []
    for view, seen in views.items():
        for i, j in itertools.combinations(range(len(names)), 2):
            distance = float(deltaE(seen[i], seen[j], input_space="sRGB1", uniform_space="CIELab"))
            if distance < MIN_DELTA_E:
                problems.append(f"{view}: {names[i]!r} and {names[j]!r} ΔE = {distance:.1f}")
    return problems


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_categories_stay_apart_under_colour_vision_deficiencies(name: str, dataset) -> None:
    fig = figures.build(name, dataset)
    colors = legend_colors(fig)
    assert colors, f"{name}: no legend, so no categories to check"
    # Entries drawn in the very same colour are one category told apart by the mark (our data
    # as a line, published tallies as rings): one colour, named after all its entries.
    categories: dict[tuple[float, float, float], list[str]] = {}
    for label, rgb in colors.items():
        categories.setdefault(tuple(round(c, 4) for c in rgb), []).append(label)
    distinct = {" / ".join(labels): rgb for rgb, labels in categories.items()}
    assert too_close(distinct) == [], name


def test_the_deficiency_check_catches_red_against_green() -> None:
    # The previous palette's "equal" green and "escalating" red merge for a deuteranope.
    assert too_close({"equal": (0.17, 0.63, 0.17), "escalating": (0.75, 0.22, 0.17)})
    assert not too_close({"a": (0.0, 0.447, 0.698), "b": (0.835, 0.369, 0.0)})


# --- layout ----------------------------------------------------------------------------------

#: Smallest text allowed, in points at the saved size (the figure is saved at its own size in
#: inches, so a point on screen is a point in print).
MIN_FONT_PT = 9.0
#: Boxes may touch: they overlap only when they share more than this many pixels each way.
OVERLAP_SLACK_PX = 1.0


def text_boxes(fig) -> list[tuple[str, object]]:
    """Every visible, non-empty text artist of ``fig`` drawn at the house DPI, with its box
    in display pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    undrawn = set()  # labels of ticks outside the view: kept by matplotlib, never drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = 1e-9 * max(high - low, 1.0)
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not low - slack <= tick.get_loc() <= high + slack:
                    undrawn |= {id(tick.label1), id(tick.label2)}
    boxes = []
    for text in fig.findobj(Text):
        if id(text) in undrawn or not text.get_visible() or not text.get_text().strip():
            continue
        boxes.append((text.get_text(), text, text.get_window_extent(renderer)))
    return boxes


def layout_problems(fig) -> list[str]:
    """Texts below ``MIN_FONT_PT``, leaving the canvas, or overlapping another text."""
    import itertools

    problems = []
    canvas = fig.bbox
    boxes = text_boxes(fig)
    for label, text, box in boxes:
        if text.get_fontsize() < MIN_FONT_PT:
            problems.append(f"{label!r}: {text.get_fontsize():g} pt")
        if (
            box.x0 < canvas.x0 - OVERLAP_SLACK_PX
            or box.y0 < canvas.y0 - OVERLAP_SLACK_PX
            or box.x1 > canvas.x1 + OVERLAP_SLACK_PX
            or box.y1 > canvas.y1 + OVERLAP_SLACK_PX
        ):
            problems.append(f"{label!r}: leaves the canvas {tuple(round(v) for v in box.extents)}")
    for (one, _, a), (two, _, b) in itertools.combinations(boxes, 2):
        width = min(a.x1, b.x1) - max(a.x0, b.x0)
        height = min(a.y1, b.y1) - max(a.y0, b.y0)
        if width > OVERLAP_SLACK_PX and height > OVERLAP_SLACK_PX:
            problems.append(f"{one!r} overlaps {two!r}")
    return problems


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_text_neither_overlaps_nor_leaves_the_canvas_nor_is_small(name: str, dataset) -> None:
    fig = figures.build(name, dataset)
    assert len(text_boxes(fig)) > 5, name
    assert layout_problems(fig) == [], name


def test_the_layout_check_sees_overlap_clipping_and_small_text() -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=100)
    fig.text(0.5, 0.5, "one label", fontsize=10)
    fig.text(0.52, 0.5, "another label", fontsize=10)
    fig.text(0.9, 0.1, "runs off the edge", fontsize=10)
    fig.text(0.1, 0.9, "tiny", fontsize=7)
    problems = " | ".join(layout_problems(fig))
    assert "'one label' overlaps 'another label'" in problems
    assert "'runs off the edge': leaves the canvas" in problems
    assert "'tiny': 7 pt" in problems


def test_prose_names_the_colours_the_figures_draw() -> None:
    """Captions take colour names from the palette, so a palette change cannot leave a caption
    naming a colour no longer drawn (the ranks' caption once said dark green and red)."""
    from analysis.captions import CAPTIONS
    from analysis.figures.style import NEUTRAL, OKABE_ITO, RANK_COLORS, colour_name

    assert colour_name(OKABE_ITO["blue"].lower()) == "blue"
    assert colour_name(NEUTRAL) == "grey"
    with pytest.raises(KeyError):
        colour_name("#123456")
    alt = CAPTIONS["01-evidence-ranks"].alt
    assert f"({colour_name(RANK_COLORS[0])})" in alt and "(blue)" in alt
    assert "(vermillion)" in alt
    words = set(re.findall(r"[a-z]+", " ".join(c.alt + " " + c.shows for c in CAPTIONS.values())))
    drawn = {word for name in [*OKABE_ITO, "grey"] for word in name.split()}
    other_colours = {"red", "green", "purple", "pink", "brown", "cyan", "magenta", "violet"}
    assert words & other_colours <= drawn
