"""Figures: the registry of every figure the notebooks make.

Three jobs, three modules: ``tables`` shapes the data each figure draws, ``draw`` draws it in
the house style, ``style`` holds that style and the one helper that saves a figure with fixed
metadata. This module names every figure with the episode it draws and the function that
builds it; ``render(name, dataset)`` builds, saves and closes one. The figure test rebuilds
every entry and compares it with the committed file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from analysis import claims
from analysis.figures import draw, tables
from analysis.figures.style import (
    FIGSIZE,
    FIGURES_DIR_VARIABLE,
    SavedFigure,
    figures_dir,
    house_style,
    save_figure,
    source_line,
)
from analysis.figures.tables import cited_sources
from analysis.loaders import PROJECT_ROOT, Dataset

__all__ = [
    "FIGSIZE",
    "FIGURES",
    "FIGURES_DIR_VARIABLE",
    "PROJECT_ROOT",
    "FigureSpec",
    "SavedFigure",
    "build",
    "cited_sources",
    "figures_dir",
    "house_style",
    "render",
    "save_figure",
]

UKRAINE = "ukraine-2022"


def _source(data: Dataset) -> str:
    return source_line(cited_sources(data))


def build_reported_ranges(data: Dataset) -> Figure:
    return draw.plot_reported_ranges(
        tables.reported_ranges(data),
        "Where sources disagree on the number expelled",
        _source(data),
    )


def build_evidence_ranks(data: Dataset) -> Figure:
    return draw.plot_evidence_ranks(
        tables.evidence_ranks(data),
        "How strong is the evidence under each figure?",
        _source(data),
    )


def build_article_chart(data: Dataset) -> Figure:
    return draw.plot_article_chart(
        tables.article_chart(data),
        "Russia's expulsions, 1 April to 19 May 2022: the article's figures and our count",
        _source(data),
    )


def build_stimulus_answer(data: Dataset) -> Figure:
    return draw.plot_stimulus_answer(
        tables.stimulus_answer(data),
        "Tit for tat in 2022: did Russia answer each expulsion in kind?",
        _source(data),
    )


def build_timeline(data: Dataset) -> Figure:
    cumulative, tallies, busiest = tables.timeline(data)
    return draw.plot_timeline(
        cumulative,
        tallies,
        {"invasion": tables.INVASION, "article": claims.ARTICLE_DATE.date().isoformat()},
        (busiest["start"], busiest["end"], "busiest week"),
        "Expulsions through 2022, our running total against published tallies",
        _source(data),
    )


def build_who_expelled_whom(data: Dataset) -> Figure:
    return draw.plot_who_expelled_whom(
        tables.who_expelled_whom(data), "Who expelled whom in 2022 (persons)", _source(data)
    )


def build_reciprocity_over_time(data: Dataset) -> Figure:
    return draw.plot_reciprocity_over_time(
        tables.reciprocity_over_time(data),
        "Network reciprocity of the events up to each month's end, 2022",
        _source(data),
    )


def build_episode_ratios_and_lags(data: Dataset) -> Figure:
    table, order = tables.episode_stimuli(data)
    return draw.plot_episode_ratios_and_lags(
        table, order, "Russia's answers in 2018 and 2022: ratio and delay", _source(data)
    )


def build_episode_classes_and_reciprocity(data: Dataset) -> Figure:
    return draw.plot_episode_classes_and_reciprocity(
        tables.episode_profiles(data),
        "Answered in kind in 2018, less than in kind in 2022",
        _source(data),
    )


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the notebooks: the episode it draws (None: all) and its builder."""

    episode: str | None
    build: Callable[[Dataset], Figure]


FIGURES: dict[str, FigureSpec] = {
    "01-reported-ranges": FigureSpec(UKRAINE, build_reported_ranges),
    "01-evidence-ranks": FigureSpec(None, build_evidence_ranks),
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
