"""Figures: one house style, one save helper, the plotting functions and the figure registry.

Plotting functions take tidy tables (made by the other modules), draw on a new Figure of the
house size (``FIGSIZE`` at ``DPI``) inside the house style and return it; they never save.
``save_figure`` writes PNG and SVG with fixed metadata, so that the same figure gives the same
bytes on every run of the pinned environment: PNG without the "Software" key, SVG without a
date and with a fixed hash salt for its element ids.

``FIGURES`` names every figure the notebooks make, with the episode it draws and the function
that builds it from the validated dataset; ``render(name, dataset)`` builds, saves and closes
one. The figure test rebuilds every entry and compares it with the committed file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import ParamSpec

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis import claims as claims_module
from analysis import reciprocity, summary
from analysis.countries import state_name
from analysis.loaders import PROJECT_ROOT, Dataset

P = ParamSpec("P")

#: Environment variable that sends figures elsewhere (the tests use a temporary folder).
FIGURES_DIR_VARIABLE = "EXPULSIONS_FIGURES_DIR"

FIGSIZE = (10.0, 6.0)
DPI = 100
SVG_HASH_SALT = "expulsions"

DIRECTION_COLORS = {"russians_expelled": "#2b6a99", "expelled_by_russia": "#c0392b"}
DIRECTION_LABELS = {
    "russians_expelled": "Russians expelled by other states",
    "expelled_by_russia": "Expelled by Russia",
}
CLASS_COLORS = {
    "unanswered": "#7f7f7f",
    "unknown": "#bcbd22",
    "de-escalating": "#2b6a99",
    "equal": "#2ca02c",
    "escalating": "#c0392b",
}

HOUSE_RC: dict[str, object] = {
    **sns.axes_style("whitegrid"),
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "figure.titlesize": 14,
    "figure.titleweight": "bold",
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.hashsalt": SVG_HASH_SALT,
    "svg.fonttype": "path",
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


def new_figure(ncols: int = 1, width_ratios: tuple[float, ...] | None = None):
    """A Figure of the house size with ``ncols`` Axes side by side.

    The Figure is made without pyplot: it belongs to no backend or notebook display, so
    nothing shows it or keeps it alive but its caller.
    """
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    axes = fig.subplots(1, ncols, width_ratios=width_ratios, squeeze=False)
    return fig, list(axes[0])


def finish(fig: Figure, title: str, source_line: str) -> Figure:
    """Add the title and the source line at the bottom left, and lay the figure out."""
    fig.suptitle(title, x=0.01, ha="left")
    fig.text(0.01, 0.01, source_line, fontsize=8, color="0.35", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def source_line(n_sources: int) -> str:
    """The line under every figure naming how many sources it rests on."""
    return f"Data: compiled from {n_sources} sources; see data/README.md"


def cited_sources(data: Dataset) -> int:
    """Number of distinct sources the tables of ``data`` cite (reports, links, claims, tallies)."""
    cited = pd.concat(
        [
            data.reports["source"],
            data.responses["source"],
            data.claims["source"],
            data.tallies["source"],
        ]
    )
    return int(cited.astype(str).nunique())


# --- saving ---------------------------------------------------------------------------------


def figures_dir() -> Path:
    """Where figures go: ``$EXPULSIONS_FIGURES_DIR`` if set, else the repository's figures/."""
    override = os.environ.get(FIGURES_DIR_VARIABLE)
    return Path(override) if override else PROJECT_ROOT / "figures"


@dataclass(frozen=True)
class SavedFigure:
    """The two files of a saved figure; shows as the PNG in a notebook."""

    name: str
    png: Path
    svg: Path

    def __repr__(self) -> str:  # no absolute path: notebook outputs must not vary
        return f"figures/{self.name}.png and figures/{self.name}.svg"

    def _repr_png_(self) -> bytes:
        return self.png.read_bytes()


def save_figure(fig: Figure, name: str, directory: Path | None = None) -> SavedFigure:
    """Write ``name``.png and ``name``.svg with fixed metadata.

    PNG: the "Software" key (matplotlib's version) is left out. SVG: no "Date", and the house
    hash salt, so element ids are the same on every run. Both at the house DPI.
    """
    folder = directory if directory is not None else figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    with house_style():
        fig.savefig(png, format="png", metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None})
    return SavedFigure(name, png, svg)


# --- plotting functions ---------------------------------------------------------------------


def event_label(events: pd.DataFrame) -> pd.Series:
    """'POL → RUS, 2022-04-05' for each event."""
    return (
        events["expelling"].astype(str)
        + " → "
        + events["expelled"].astype(str)
        + ", "
        + events["announced"].dt.strftime("%Y-%m-%d")
    )


@styled
def plot_reported_ranges(ranges: pd.DataFrame, title: str, source: str) -> Figure:
    """Events whose sources disagree: a line from the lowest to the highest reported figure
    and a dot at the adopted one.

    ``ranges``: rows of ``summary.reported_range`` with low < high, plus ``label``.
    """
    fig, (ax,) = new_figure()
    shown = ranges.sort_values(["high", "label"]).reset_index(drop=True)
    y = np.arange(len(shown))
    ax.hlines(y, shown["low"], shown["high"], color="0.6", linewidth=3, label="reported range")
    ax.plot(shown["persons"], y, "o", color="black", label="adopted figure")
    ax.set_yticks(y, shown["label"])
    ax.set_xlabel("Persons expelled")
    ax.set_xlim(left=0)
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_article_chart(by_country: pd.DataFrame, title: str, source: str) -> Figure:
    """The article's chart redrawn: our count per state as bars, the article's figure as a tick.

    ``by_country``: one row per state with ``name``, ``claimed``, ``value``, ``verdict``.
    """
    fig, (ax,) = new_figure()
    shown = by_country.sort_values("claimed").reset_index(drop=True)
    y = np.arange(len(shown))
    ax.barh(y, shown["value"], color=DIRECTION_COLORS["expelled_by_russia"], label="our count")
    ax.plot(
        shown["claimed"], y, "|", color="black", markersize=22, mew=3, label="article's figure"
    )
    for position, row in zip(y, shown.itertuples(), strict=True):
        ax.annotate(
            f"{row.value} (article: {row.claimed}, {row.verdict})",
            (max(row.value, row.claimed), position),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, shown["name"])
    ax.set_xlabel("Persons expelled by Russia")
    ax.set_xlim(0, shown[["value", "claimed"]].to_numpy().max() * 1.45)
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_stimulus_answer(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Left: persons in each stimulus (x) against persons in Russia's answer (y), coloured by
    class, with the line of equal response and its tolerance band. Right: days to the first
    answer, by class. ``table``: rows of ``reciprocity.stimuli`` plus ``counterpart``.

    Both axes are linear below ``SYMLOG_LINEAR_BELOW`` persons and logarithmic above, so
    the many small expulsions stay apart. Unanswered stimuli sit at y = 0. Tranches answered
    together share one group point; points from ``LABEL_FROM_PERSONS`` persons are labelled.
    """
    fig, (left, right) = new_figure(2, width_ratios=(3, 2))
    top = float(
        np.nanmax(
            pd.concat([table["group_stimulus_persons"], table["group_answer_persons"]])
            .astype("Float64")
            .fillna(0)
            .to_numpy(dtype=float)
        )
    )
    limit = top * 1.1 + 1
    line = np.array([0, limit])
    tolerance = reciprocity.EQUAL_TOLERANCE
    left.fill_between(
        line, line * (1 - tolerance), line * (1 + tolerance), color="0.9", label="equal band"
    )
    left.plot(line, line, color="0.4", linewidth=1, label="equal response")
    stimulus = table["group_stimulus_persons"].astype("Float64")
    stimulus = stimulus.fillna(table["persons"].astype("Float64"))
    answer = table["group_answer_persons"].astype("Float64").fillna(0)
    points = pd.DataFrame(
        {"x": stimulus, "y": answer, "class": table["class"], "who": table["counterpart"]}
    ).dropna(subset=["x"])
    groups = points.groupby(["x", "y", "class"], observed=True)["who"].agg(
        lambda s: "/".join(sorted(set(s)))
    )
    for (x, y, cls), who in groups.items():
        left.scatter(x, y, color=CLASS_COLORS[cls], s=40, zorder=3, edgecolor="white")
        if x >= LABEL_FROM_PERSONS:
            left.annotate(who, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7)
    left.set_xscale("symlog", linthresh=SYMLOG_LINEAR_BELOW)
    left.set_yscale("symlog", linthresh=SYMLOG_LINEAR_BELOW)
    left.set_xlim(0, limit)
    left.set_ylim(0, limit)
    for axis in (left.xaxis, left.yaxis):
        axis.set_major_locator(mpl.ticker.FixedLocator([0, 1, 2, 5, 10, 20, 50, 100]))
        axis.set_major_formatter(mpl.ticker.ScalarFormatter())
    left.set_xlabel("Persons of the stimulus (state's expulsion of Russians)")
    left.set_ylabel("Persons of Russia's answer")
    left.set_title("Stimulus against answer")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=color, label=name)
        for name, color in CLASS_COLORS.items()
        if name in set(points["class"].astype(str))
    ]
    left.legend(handles=[*left.get_legend_handles_labels()[0], *handles], loc="upper left")

    answered = table[table["lag_first_days"].notna()]
    classes = [c for c in reciprocity.CLASSES if c in set(answered["class"].astype(str))]
    for row, cls in enumerate(classes):
        lags = answered.loc[answered["class"] == cls, "lag_first_days"].to_numpy(dtype=float)
        jitter = (np.arange(len(lags)) % 5 - 2) * 0.06
        right.scatter(lags, row + jitter, color=CLASS_COLORS[cls], s=30, edgecolor="white")
    right.set_yticks(range(len(classes)), classes)
    right.set_xlabel("Days from the stimulus to Russia's first answer")
    right.set_title("How fast Russia answered")
    right.set_xlim(left=-1)
    return finish(fig, title, source)


@styled
def plot_timeline(
    cumulative: pd.DataFrame,
    tallies: pd.DataFrame,
    marks: dict[str, str],
    span: tuple[str, str, str] | None,
    title: str,
    source: str,
) -> Figure:
    """Cumulative persons per direction as steps; published tallies as hollow markers at
    their date; dated marks as vertical lines and one shaded span.

    ``cumulative``: ``summary.cumulative_persons`` (announced, direction, persons);
    ``tallies``: ``summary.tallies_against_data`` rows with a ``date``.
    """
    fig, (ax,) = new_figure()
    for name, color in DIRECTION_COLORS.items():
        part = cumulative[cumulative["direction"] == name]
        if part.empty:
            continue
        ax.step(
            part["announced"],
            part["persons"],
            where="post",
            color=color,
            linewidth=2,
            label=f"{DIRECTION_LABELS[name]} (our data)",
        )
        published = tallies[tallies["direction"] == name]
        if not published.empty:
            ax.scatter(
                published["date"],
                published["figure"],
                facecolor="none",
                edgecolor=color,
                s=45,
                linewidth=1.5,
                label=f"{DIRECTION_LABELS[name]} (published tallies)",
                zorder=3,
            )
    top = ax.get_ylim()[1]
    if span is not None:
        start, end, label = span
        ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), color="0.9", zorder=0)
        ax.text(pd.Timestamp(start), top * 0.97, f" {label}", fontsize=8, va="top")
    for label, day in marks.items():
        ax.axvline(pd.Timestamp(day), color="0.3", linestyle="--", linewidth=1)
        ax.text(pd.Timestamp(day), top * 0.90, f" {label}", fontsize=8, va="top", rotation=90)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.set_ylabel("Persons expelled, cumulative")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_who_expelled_whom(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Per counterpart of Russia: persons it expelled (to the left) and persons Russia
    expelled of it (to the right). ``table``: ``reciprocity.dyads`` with ``other_name``.
    """
    fig, (ax,) = new_figure()
    shown = table.assign(total=table["state_expelled"] + table["other_expelled"])
    shown = shown.sort_values(["total", "other"]).reset_index(drop=True)
    y = np.arange(len(shown))
    ax.barh(
        y,
        -shown["other_expelled"].astype(float),
        color=DIRECTION_COLORS["russians_expelled"],
        label="Russians it expelled",
    )
    ax.barh(
        y,
        shown["state_expelled"].astype(float),
        color=DIRECTION_COLORS["expelled_by_russia"],
        label="its personnel Russia expelled",
    )
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.set_yticks(y, shown["other_name"], fontsize=7)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_xlabel("Persons expelled")
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_reciprocity_over_time(windows: pd.DataFrame, title: str, source: str) -> Figure:
    """Binary and weighted network reciprocity of the events up to each date.

    ``windows``: ``reciprocity.network_over_windows`` output with an ``end`` column.
    """
    fig, (ax,) = new_figure()
    ax.plot(windows["end"], windows["binary"], "o-", color="0.3", label="binary (links)")
    ax.plot(
        windows["end"],
        windows["weighted"],
        "s-",
        color=DIRECTION_COLORS["expelled_by_russia"],
        label="weighted (persons)",
    )
    for row in windows.itertuples():
        ax.annotate(
            f"{row.weighted:.2f}",
            (row.end, row.weighted),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Reciprocity (0: nothing answered, 1: all in full)")
    ax.set_xticks(windows["end"], windows["end"].dt.strftime("%d %b"))
    ax.set_xlabel("Events announced from 24 February up to")
    ax.legend(loc="lower right")
    return finish(fig, title, source)


EPISODE_COLORS = ("#7f7f7f", "#c0392b", "#2b6a99", "#2ca02c")


def _strip(ax, values: pd.Series, groups: pd.Series, order: list[str]) -> None:
    """One row of points per group, jittered vertically, with the group's median as a bar."""
    for row, (group, color) in enumerate(zip(order, EPISODE_COLORS, strict=False)):
        points = values[groups == group].dropna().to_numpy(dtype=float)
        jitter = (np.arange(len(points)) % 7 - 3) * 0.05
        ax.scatter(points, row + jitter, color=color, s=28, alpha=0.8, edgecolor="white")
        if len(points):
            ax.plot([np.median(points)] * 2, [row - 0.3, row + 0.3], color="black", linewidth=2)
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(-0.6, len(order) - 0.4)


@styled
def plot_episode_ratios_and_lags(
    table: pd.DataFrame, order: list[str], title: str, source: str
) -> Figure:
    """Left: response ratio of every answered stimulus, one row per episode; right: days to
    the first answer. Black bars: medians. ``table``: ``counterpart_stimuli`` rows of every
    episode with an ``episode`` column.
    """
    fig, (left, right) = new_figure(2)
    answered = table[table["answers"] != ""]
    _strip(left, answered["response_ratio"].astype("Float64"), answered["episode"], order)
    left.axvline(1, color="0.4", linestyle="--", linewidth=1)
    left.set_xlabel("Response ratio (persons answered / persons expelled)")
    left.set_title("How much Russia answered")
    left.set_xlim(left=0)
    _strip(right, answered["lag_first_days"].astype("Float64"), answered["episode"], order)
    right.set_xlabel("Days from the expulsion to Russia's first answer")
    right.set_title("How fast Russia answered")
    right.set_xlim(left=-1)
    return finish(fig, title, source)


@styled
def plot_episode_classes_and_reciprocity(
    profiles: pd.DataFrame, title: str, source: str
) -> Figure:
    """Left: share of stimuli in each class, one bar per episode; right: binary and weighted
    network reciprocity per episode. ``profiles``: ``reciprocity.compare_episodes``.
    """
    fig, (left, right) = new_figure(2)
    order = list(profiles.index)
    y = np.arange(len(order))
    shares = profiles[list(reciprocity.CLASSES)].div(profiles["stimuli"], axis=0)
    start = np.zeros(len(order))
    for name in reciprocity.CLASSES:
        values = shares[name].to_numpy(dtype=float)
        left.barh(y, values, left=start, color=CLASS_COLORS[name], label=name)
        start += values
    left.set_yticks(y, order)
    left.set_xlim(0, 1)
    left.set_xlabel("Share of expulsions of Russians")
    left.set_title("How each expulsion was answered")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    width = 0.38
    for offset, (measure, color) in enumerate((("binary", "0.45"), ("weighted", "#c0392b"))):
        values = profiles[measure].to_numpy(dtype=float)
        bars = right.bar(
            np.arange(len(order)) + (offset - 0.5) * width,
            values,
            width,
            color=color,
            label=measure,
        )
        right.bar_label(bars, fmt="%.2f", fontsize=8)
    right.set_xticks(np.arange(len(order)), order)
    right.set_ylim(0, 1.1)
    right.set_ylabel("Network reciprocity")
    right.set_title("Reciprocity of the whole network")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    return finish(fig, title, source)


# --- the figures of the notebooks -----------------------------------------------------------

#: Stimulus-answer figure: linear scale up to this many persons, labels from this many.
SYMLOG_LINEAR_BELOW = 2
LABEL_FROM_PERSONS = 10

UKRAINE = "ukraine-2022"
INVASION = "2022-02-24"


def build_reported_ranges(data: Dataset) -> Figure:
    ranges = summary.reported_range(data.events, data.reports)
    ranges = ranges[ranges["low"] < ranges["high"]].copy()
    labels = event_label(data.events).set_axis(data.events["event_id"])
    ranges["label"] = labels.reindex(ranges["event_id"]).to_numpy()
    return plot_reported_ranges(
        ranges, "Where sources disagree on the number expelled", source_line(cited_sources(data))
    )


def build_article_chart(data: Dataset) -> Figure:
    table = claims_module.by_country(
        data.claims, data.readings, data.events, direction="expelled_by_russia"
    )
    return plot_article_chart(
        table,
        "Russia's expulsions, 1 April to 19 May 2022: the article's figures and our count",
        source_line(cited_sources(data)),
    )


def build_stimulus_answer(data: Dataset) -> Figure:
    return plot_stimulus_answer(
        reciprocity.counterpart_stimuli(data.events, data.responses),
        "Tit for tat in 2022: did Russia answer each expulsion in kind?",
        source_line(cited_sources(data)),
    )


def build_timeline(data: Dataset) -> Figure:
    cumulative = summary.cumulative_persons(data.events, start=INVASION, end="2022-12-31")
    cumulative = summary.extend_to(cumulative, "2022-12-31")
    tallies = summary.tallies_against_data(data.tallies, data.events)
    busiest = summary.busiest_window(data.events, days=7)
    return plot_timeline(
        cumulative,
        tallies.dropna(subset=["date"]),
        {"invasion": INVASION, "article": claims_module.ARTICLE_DATE.date().isoformat()},
        (busiest["start"], busiest["end"], "busiest week"),
        "Expulsions through 2022, our running total against published tallies",
        source_line(cited_sources(data)),
    )


def build_who_expelled_whom(data: Dataset) -> Figure:
    table = reciprocity.dyads(data.events)
    table["other_name"] = table["other"].map(state_name)
    return plot_who_expelled_whom(
        table, "Who expelled whom in 2022 (persons)", source_line(cited_sources(data))
    )


def build_reciprocity_over_time(data: Dataset) -> Figure:
    windows = reciprocity.cumulative_windows(data.events, start=INVASION, end="2022-12-31")
    return plot_reciprocity_over_time(
        windows,
        "Network reciprocity of the events up to each month's end, 2022",
        source_line(cited_sources(data)),
    )


def _episode_stimuli(data: Dataset) -> tuple[pd.DataFrame, list[str]]:
    """Counterpart stimuli of every episode, with its episode; episodes in time order."""
    order = summary.episodes_in_order(data.events)
    tables = []
    for episode in order:
        view = data.episode(episode)
        table = reciprocity.counterpart_stimuli(view.events, view.responses)
        tables.append(table.assign(episode=episode))
    return pd.concat(tables, ignore_index=True), order


def build_episode_ratios_and_lags(data: Dataset) -> Figure:
    table, order = _episode_stimuli(data)
    return plot_episode_ratios_and_lags(
        table,
        order,
        "Russia's answers in 2018 and 2022: ratio and delay",
        source_line(cited_sources(data)),
    )


def build_episode_classes_and_reciprocity(data: Dataset) -> Figure:
    profiles = reciprocity.compare_episodes(data.events, data.responses)
    return plot_episode_classes_and_reciprocity(
        profiles,
        "Answered in kind in 2018, less than in kind in 2022",
        source_line(cited_sources(data)),
    )


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the notebooks: the episode it draws (None: all) and its builder."""

    episode: str | None
    build: Callable[[Dataset], Figure]


FIGURES: dict[str, FigureSpec] = {
    "01-reported-ranges": FigureSpec(UKRAINE, build_reported_ranges),
    "02-article-chart": FigureSpec(UKRAINE, build_article_chart),
    "03-stimulus-answer": FigureSpec(UKRAINE, build_stimulus_answer),
    "04-timeline": FigureSpec(UKRAINE, build_timeline),
    "05-who-expelled-whom": FigureSpec(UKRAINE, build_who_expelled_whom),
    "05-reciprocity-over-time": FigureSpec(UKRAINE, build_reciprocity_over_time),
    "06-episode-ratios-and-lags": FigureSpec(None, build_episode_ratios_and_lags),
    "06-episode-classes-and-reciprocity": FigureSpec(None, build_episode_classes_and_reciprocity),
}


def build(name: str, dataset: Dataset) -> Figure:
    """Build the registered figure ``name`` from the whole dataset (not saved)."""
    spec = FIGURES[name]
    data = dataset.episode(spec.episode) if spec.episode else dataset
    return spec.build(data)


def render(name: str, dataset: Dataset, directory: Path | None = None) -> SavedFigure:
    """Build the registered figure ``name`` and save it (see ``save_figure``)."""
    return save_figure(build(name, dataset), name, directory)
