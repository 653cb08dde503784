"""The house style of every figure and the one helper that saves it.

Plotting functions draw on a new Figure of the house size (``FIGSIZE`` at ``DPI``) inside
the house style and return it; they never save. ``save_figure`` writes PNG and SVG with fixed
metadata, so that the same figure gives the same bytes on every run of the pinned
environment: PNG without the "Software" key, SVG without a date and with a fixed hash salt for
its element ids.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import ParamSpec

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.loaders import PROJECT_ROOT

P = ParamSpec("P")

#: Environment variable that sends figures elsewhere (the tests use a temporary folder).
FIGURES_DIR_VARIABLE = "EXPULSIONS_FIGURES_DIR"

FIGSIZE = (10.0, 6.0)
DPI = 100
#: PNGs are saved at twice the house DPI (2000 px wide), sharp on high-density screens.
SAVE_DPI = 2 * DPI
SVG_HASH_SALT = "expulsions"

#: The one palette of every figure: Okabe & Ito's "Color Universal Design" set (2002), as
#: republished by Wong (Nature Methods 8, 441, 2011), chosen for staying apart under the three
#: dichromacies; plus one neutral grey for "nothing" (unanswered). Categories take these
#: colours only (``tests/test_figures.py`` simulates the deficiencies on every figure).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
NEUTRAL = "#999999"


def colour_name(colour: str) -> str:
    """The name of one of the palette's colours (``OKABE_ITO``, or ``NEUTRAL``: "grey"), for
    prose that must say the colour a figure draws; any other colour is a ``KeyError``."""
    names = {value: name for name, value in OKABE_ITO.items()} | {NEUTRAL: "grey"}
    return names[colour.upper()]


DIRECTION_COLORS = {
    "russians_expelled": OKABE_ITO["blue"],
    "expelled_by_russia": OKABE_ITO["vermillion"],
}
DIRECTION_LABELS = {
    "russians_expelled": "Russians expelled by other states",
    "expelled_by_russia": "Expelled by Russia",
}
#: Classes of an answer. The contrast that carries the findings (equal against less, more or
#: none) has a second cue: the marker (``CLASS_MARKERS``) or the hatching (``CLASS_HATCHES``).
CLASS_COLORS = {
    "unanswered": NEUTRAL,
    "unknown": OKABE_ITO["yellow"],
    "de-escalating": OKABE_ITO["sky blue"],
    "equal": OKABE_ITO["blue"],
    "escalating": OKABE_ITO["vermillion"],
}
CLASS_MARKERS = {
    "unanswered": "X",
    "unknown": "D",
    "de-escalating": "v",
    "equal": "o",
    "escalating": "^",
}
CLASS_HATCHES = {
    "unanswered": "xx",
    "unknown": "..",
    "de-escalating": "",
    "equal": "",
    "escalating": "//",
}
#: Ranks of evidence 1-6: first-hand ranks (1-3) in blues and green, the rest in warm colours
#: and hatched, so "first-hand or not" survives without colour.
RANK_COLORS = (
    OKABE_ITO["blue"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["yellow"],
    OKABE_ITO["orange"],
    OKABE_ITO["vermillion"],
)
RANK_HATCHES = ("", "", "", "//", "//", "//")
#: The two measures of network reciprocity.
MEASURE_COLORS = {"binary": NEUTRAL, "weighted": OKABE_ITO["vermillion"]}

HOUSE_RC: dict[str, object] = {
    **sns.axes_style("whitegrid"),
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    "legend.fontsize": 9.5,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": SAVE_DPI,
    "svg.hashsalt": SVG_HASH_SALT,
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@contextmanager
def house_style() -> Iterator[None]:
    """Matplotlib settings of every figure (restored on exit)."""
    with mpl.rc_context(HOUSE_RC):
        yield


def styled(plot: Callable[P, Figure]) -> Callable[P, Figure]:
    """Run a plotting function inside ``house_style``."""

    @wraps(plot)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with house_style():
            return plot(*args, **kwargs)

    return wrapper


#: Sizes of the header and footer text, in points (none below 9 at the saved size).
TITLE_PT = 13.0
SUBTITLE_PT = 10.5
SOURCE_PT = 9.0
#: Characters per line before a title, subtitle or source line wraps (at the house width).
TITLE_CHARS = 95
SUBTITLE_CHARS = 118
SOURCE_CHARS = 140
LINE_SPACING = 1.3


def new_figure(
    ncols: int = 1, width_ratios: tuple[float, ...] | None = None, height: float | None = None
):
    """A Figure of the house width (and height, or ``height`` inches when a long list of
    rows needs more) with ``ncols`` Axes side by side, laid out by matplotlib's constrained
    layout until ``finish`` freezes it.

    The Figure is made without pyplot: it belongs to no backend or notebook display, so
    nothing shows it or keeps it alive but its caller.
    """
    size = (FIGSIZE[0], height if height is not None else FIGSIZE[1])
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    axes = fig.subplots(1, ncols, width_ratios=width_ratios, squeeze=False)
    return fig, list(axes[0])


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def finish(fig: Figure, title: str, source_line: str, subtitle: str = "") -> Figure:
    """Title (the finding, bold), subtitle (what is counted) at the top left, source line at
    the bottom left; lay the figure out around them and freeze the layout, so labels placed
    afterwards (``draw.place_labels``) stay where they were measured."""
    height_pt = fig.get_size_inches()[1] * 72
    title = _wrap(title, TITLE_CHARS)
    subtitle = _wrap(subtitle, SUBTITLE_CHARS)
    source_line = _wrap(source_line, SOURCE_CHARS)
    top = 8.0
    fig.suptitle(
        title,
        x=0.01,
        y=1 - top / height_pt,
        ha="left",
        va="top",
        fontsize=TITLE_PT,
        in_layout=False,
    )
    header = top + (title.count("\n") + 1) * TITLE_PT * LINE_SPACING + 3
    if subtitle:
        fig.text(
            0.01,
            1 - header / height_pt,
            subtitle,
            ha="left",
            va="top",
            fontsize=SUBTITLE_PT,
            color="0.25",
            in_layout=False,
        )
        header += (subtitle.count("\n") + 1) * SUBTITLE_PT * LINE_SPACING
    header += 8
    fig.text(
        0.01,
        6 / height_pt,
        source_line,
        fontsize=SOURCE_PT,
        color="0.35",
        ha="left",
        va="bottom",
        in_layout=False,
    )
    footer = 6 + (source_line.count("\n") + 1) * SOURCE_PT * LINE_SPACING + 6
    if fig.legends:  # a figure legend sits above the source line, in room kept for it
        renderer = FigureCanvasAgg(fig).get_renderer()
        for legend in fig.legends:
            legend.set_bbox_to_anchor((0.5, footer / height_pt), transform=fig.transFigure)
            legend.set_loc("lower center")
            footer += legend.get_window_extent(renderer).height * 72 / fig.dpi + 4
    engine = fig.get_layout_engine()
    engine.set(rect=(0, footer / height_pt, 1, 1 - (header + footer) / height_pt))
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    return fig


#: The counts a source line names, by their defined names (``summary.COUNT_DEFINITIONS``).
SOURCE_LINE_COUNTS = (
    "events",
    "states",
    "sources cited by a report",
    "sources adopted by an event",
)


def source_line(counts: pd.Series) -> str:
    """The line under every figure: what it rests on, each count by its defined name
    (``summary.source_counts`` of the figure's data; definitions in
    ``summary.COUNT_DEFINITIONS``)."""
    named = ", ".join(f"{int(counts[name])} {name}" for name in SOURCE_LINE_COUNTS)
    return f"Data: {named} (counts as defined in analysis.summary.COUNT_DEFINITIONS); see data/README.md"


def figures_dir() -> Path:
    """Where figures go: ``$EXPULSIONS_FIGURES_DIR`` if set, else the repository's figures/."""
    override = os.environ.get(FIGURES_DIR_VARIABLE)
    return Path(override) if override else PROJECT_ROOT / "figures"


@dataclass(frozen=True)
class SavedFigure:
    """The files of a saved figure (PNG, SVG, and the CSV of what it draws); shows as the
    PNG in a notebook."""

    name: str
    png: Path
    svg: Path
    csv: Path | None = None

    def __repr__(self) -> str:  # no absolute path: notebook outputs must not vary
        return f"figures/{self.name}.png and figures/{self.name}.svg"

    def _repr_png_(self) -> bytes:
        return self.png.read_bytes()


def table_csv(table: pd.DataFrame) -> bytes:
    """``table`` as CSV bytes that are the same on every run: no index, ``\\n`` line ends,
    dates as ``YYYY-MM-DD``, missing values as empty cells, UTF-8."""
    text = table.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return text.encode("utf-8")


def save_figure(
    fig: Figure, name: str, directory: Path | None = None, table: pd.DataFrame | None = None
) -> SavedFigure:
    """Write ``name``.png, ``name``.svg (and ``name``.csv from ``table``) with fixed metadata.

    PNG at ``SAVE_DPI`` (twice the house DPI: 2000 px wide), without the "Software" key
    (matplotlib's version). SVG with its text kept as text (``svg.fonttype`` 'none', so a
    desk can edit it), no "Date", and the house hash salt, so element ids are the same on
    every run. CSV: see ``table_csv``.
    """
    folder = directory if directory is not None else figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    with house_style():
        fig.savefig(png, format="png", dpi=SAVE_DPI, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None})
    csv = None
    if table is not None:
        csv = folder / f"{name}.csv"
        csv.write_bytes(table_csv(table))
    return SavedFigure(name, png, svg, csv)


# --- plotting functions ---------------------------------------------------------------------
