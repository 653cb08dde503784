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
from typing import NamedTuple

import pandas as pd
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
    "WAR",
    "Drawn",
    "FigureSpec",
    "SavedFigure",
    "build",
    "build_drawn",
    "cited_sources",
    "figures_dir",
    "house_style",
    "render",
    "save_figure",
]

UKRAINE = "ukraine-2022"
#: A figure's scope for the whole war since 2022: every year of ``WAR_EPISODES`` with events.
WAR = "war"


def _source(data: Dataset) -> str:
    return source_line(cited_sources(data))


def build_reported_ranges(data: Dataset) -> Drawn:
    table = tables.reported_ranges(data)
    fig = draw.plot_reported_ranges(
        table, "Where sources disagree on the number expelled", _source(data)
    )
    return Drawn(fig, table)


def build_evidence_ranks(data: Dataset) -> Drawn:
    table = tables.evidence_ranks(data)
    fig = draw.plot_evidence_ranks(
        table, "How strong is the evidence under each figure?", _source(data)
    )
    return Drawn(fig, table)


def build_article_chart(data: Dataset) -> Drawn:
    table = tables.article_chart(data)
    fig = draw.plot_article_chart(
        table,
        "Russia's expulsions, 1 April to 19 May 2022: the article's figures and our count",
        _source(data),
    )
    return Drawn(fig, table)


def build_stimulus_answer(data: Dataset) -> Drawn:
    table = tables.stimulus_answer(data)
    fig = draw.plot_stimulus_answer(
        table, "Tit for tat in 2022: did Russia answer each expulsion in kind?", _source(data)
    )
    return Drawn(fig, table)


def _until(day: object) -> str:
    return f"{pd.Timestamp(day).day} {pd.Timestamp(day):%B %Y}"


def build_timeline(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    cumulative, tallies, busiest = tables.timeline(data, end)
    fig = draw.plot_timeline(
        cumulative,
        tallies,
        {"invasion": tables.INVASION, "article": claims.ARTICLE_DATE.date().isoformat()},
        (busiest["start"], busiest["end"], "busiest week"),
        f"Expulsions from the invasion to {_until(end)}: our running total and published tallies",
        _source(data),
    )
    return Drawn(fig, tables.timeline_table(cumulative, tallies, busiest))


def build_timeline_2022(data: Dataset) -> Drawn:
    cumulative, tallies, busiest = tables.timeline(data)
    fig = draw.plot_timeline(
        cumulative,
        tallies,
        {"invasion": tables.INVASION, "article": claims.ARTICLE_DATE.date().isoformat()},
        (busiest["start"], busiest["end"], "busiest week"),
        "Expulsions through 2022, our running total against published tallies",
        _source(data),
    )
    return Drawn(fig, tables.timeline_table(cumulative, tallies, busiest))


def build_who_expelled_whom(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    table = tables.who_expelled_whom(data)
    fig = draw.plot_who_expelled_whom(
        table, f"Who expelled whom, February 2022 to {_until(end)} (persons)", _source(data)
    )
    return Drawn(fig, table)


def build_reciprocity_over_time(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    table = tables.reciprocity_over_time(data, end, freq="QE")
    fig = draw.plot_reciprocity_over_time(
        table,
        f"Network reciprocity of the events up to each quarter's end, to {_until(end)}",
        _source(data),
    )
    return Drawn(fig, table)


def build_persons_by_year(data: Dataset) -> Drawn:
    table = tables.persons_by_year(data)
    fig = draw.plot_persons_by_year(
        table, "Persons expelled each way, year by year", _source(data)
    )
    return Drawn(fig, table)


def build_answers_by_year(data: Dataset) -> Drawn:
    table = tables.answers_by_year(data)
    fig = draw.plot_answers_by_year(
        table, "Were the year's expulsions answered, and how fast?", _source(data)
    )
    return Drawn(fig, table)


def build_pair_balances(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    table = tables.pair_balances(data)
    fig = draw.plot_pair_balances(
        table,
        f"Where each pair stood on {_until(end)}: net balance since February 2022",
        _source(data),
    )
    return Drawn(fig, table)


def build_episode_ratios_and_lags(data: Dataset) -> Drawn:
    table, order = tables.episode_stimuli(data)
    fig = draw.plot_episode_ratios_and_lags(
        table, order, "Russia's answers, episode by episode: ratio and delay", _source(data)
    )
    return Drawn(fig, table)


def build_episode_classes_and_reciprocity(data: Dataset) -> Drawn:
    table = tables.episode_profiles(data)
    fig = draw.plot_episode_classes_and_reciprocity(
        table,
        "How expulsions of Russians were answered: 2018, 2022 and the war's later years",
        _source(data),
    )
    return Drawn(fig, table.reset_index())


class Drawn(NamedTuple):
    """A built figure and the table of what it draws (written beside it as CSV)."""

    figure: Figure
    table: pd.DataFrame


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the notebooks: the episode it draws (None: all; ``WAR``: the war's years
    together) and its builder."""

    episode: str | None
    build: Callable[[Dataset], Drawn]


FIGURES: dict[str, FigureSpec] = {
    "01-reported-ranges": FigureSpec(UKRAINE, build_reported_ranges),
    "01-evidence-ranks": FigureSpec(None, build_evidence_ranks),
    "02-article-chart": FigureSpec(UKRAINE, build_article_chart),
    "03-stimulus-answer": FigureSpec(UKRAINE, build_stimulus_answer),
    "04-timeline": FigureSpec(WAR, build_timeline),
    "04-timeline-2022": FigureSpec(UKRAINE, build_timeline_2022),
    "05-who-expelled-whom": FigureSpec(WAR, build_who_expelled_whom),
    "05-reciprocity-over-time": FigureSpec(WAR, build_reciprocity_over_time),
    "06-episode-ratios-and-lags": FigureSpec(None, build_episode_ratios_and_lags),
    "06-episode-classes-and-reciprocity": FigureSpec(None, build_episode_classes_and_reciprocity),
    "07-persons-by-year": FigureSpec(WAR, build_persons_by_year),
    "07-answers-by-year": FigureSpec(WAR, build_answers_by_year),
    "07-pair-balances": FigureSpec(WAR, build_pair_balances),
}


def build_drawn(name: str, dataset: Dataset) -> Drawn:
    """Build the registered figure ``name`` from the whole dataset, with its table (not saved)."""
    spec = FIGURES[name]
    if spec.episode == WAR:
        data = dataset.war()
    else:
        data = dataset.episode(spec.episode) if spec.episode else dataset
    return spec.build(data)


def build(name: str, dataset: Dataset) -> Figure:
    """Build the registered figure ``name`` from the whole dataset (not saved)."""
    return build_drawn(name, dataset).figure


def render(name: str, dataset: Dataset, directory: Path | None = None) -> SavedFigure:
    """Build the registered figure ``name`` and save it with its table (``save_figure``)."""
    fig, table = build_drawn(name, dataset)
    return save_figure(fig, name, directory, table)
