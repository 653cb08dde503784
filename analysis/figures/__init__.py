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
from analysis.schema import CORE_EPISODES

__all__ = [
    "FIGSIZE",
    "FIGURES",
    "FIGURES_DIR_VARIABLE",
    "PROJECT_ROOT",
    "SINCE_2018",
    "WAR",
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
#: A figure's scope for the whole war since 2022: every year of ``WAR_EPISODES`` with events.
WAR = "war"
#: A figure's scope for the episodes since 2018 (``CORE_EPISODES``): all but the precedents.
SINCE_2018 = "since-2018"


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


def _until(day: object) -> str:
    return f"{pd.Timestamp(day).day} {pd.Timestamp(day):%B %Y}"


def build_timeline(data: Dataset) -> Figure:
    end = tables.latest_announced(data)
    cumulative, tallies, busiest = tables.timeline(data, end)
    return draw.plot_timeline(
        cumulative,
        tallies,
        {"invasion": tables.INVASION, "article": claims.ARTICLE_DATE.date().isoformat()},
        (busiest["start"], busiest["end"], "busiest week"),
        f"Expulsions from the invasion to {_until(end)}: our running total and published tallies",
        _source(data),
    )


def build_timeline_2022(data: Dataset) -> Figure:
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
    end = tables.latest_announced(data)
    return draw.plot_who_expelled_whom(
        tables.who_expelled_whom(data),
        f"Who expelled whom, February 2022 to {_until(end)} (persons)",
        _source(data),
    )


def build_reciprocity_over_time(data: Dataset) -> Figure:
    end = tables.latest_announced(data)
    return draw.plot_reciprocity_over_time(
        tables.reciprocity_over_time(data, end, freq="QE"),
        f"Network reciprocity of the events up to each quarter's end, to {_until(end)}",
        _source(data),
    )


def build_persons_by_year(data: Dataset) -> Figure:
    return draw.plot_persons_by_year(
        tables.persons_by_year(data), "Persons expelled each way, year by year", _source(data)
    )


def build_answers_by_year(data: Dataset) -> Figure:
    return draw.plot_answers_by_year(
        tables.answers_by_year(data),
        "Were the year's expulsions answered, and how fast?",
        _source(data),
    )


def build_pair_balances(data: Dataset) -> Figure:
    end = tables.latest_announced(data)
    return draw.plot_pair_balances(
        tables.pair_balances(data),
        f"Where each pair stood on {_until(end)}: net balance since February 2022",
        _source(data),
    )


def build_episode_ratios_and_lags(data: Dataset) -> Figure:
    table, order = tables.episode_stimuli(data)
    return draw.plot_episode_ratios_and_lags(
        table, order, "Russia's answers, episode by episode: ratio and delay", _source(data)
    )


def build_episode_classes_and_reciprocity(data: Dataset) -> Figure:
    return draw.plot_episode_classes_and_reciprocity(
        tables.episode_profiles(data),
        "How expulsions of Russians were answered: 2018, 2022 and the war's later years",
        _source(data),
    )


def build_fifty_years(data: Dataset) -> Figure:
    return draw.plot_fifty_years(
        tables.fifty_years(data),
        "Fifty years of Moscow's answers: in kind, less, or more",
        _source(data),
    )


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the notebooks: the episode it draws (None: all; ``WAR``: the war's years
    together; ``SINCE_2018``: every episode but the precedents) and its builder."""

    episode: str | None
    build: Callable[[Dataset], Figure]


FIGURES: dict[str, FigureSpec] = {
    "01-reported-ranges": FigureSpec(UKRAINE, build_reported_ranges),
    "01-evidence-ranks": FigureSpec(SINCE_2018, build_evidence_ranks),
    "02-article-chart": FigureSpec(UKRAINE, build_article_chart),
    "03-stimulus-answer": FigureSpec(UKRAINE, build_stimulus_answer),
    "04-timeline": FigureSpec(WAR, build_timeline),
    "04-timeline-2022": FigureSpec(UKRAINE, build_timeline_2022),
    "05-who-expelled-whom": FigureSpec(WAR, build_who_expelled_whom),
    "05-reciprocity-over-time": FigureSpec(WAR, build_reciprocity_over_time),
    "06-episode-ratios-and-lags": FigureSpec(SINCE_2018, build_episode_ratios_and_lags),
    "06-episode-classes-and-reciprocity": FigureSpec(
        SINCE_2018, build_episode_classes_and_reciprocity
    ),
    "07-persons-by-year": FigureSpec(WAR, build_persons_by_year),
    "07-answers-by-year": FigureSpec(WAR, build_answers_by_year),
    "07-pair-balances": FigureSpec(WAR, build_pair_balances),
    "08-fifty-years": FigureSpec(None, build_fifty_years),
}


def build(name: str, dataset: Dataset) -> Figure:
    """Build the registered figure ``name`` from the whole dataset (not saved)."""
    spec = FIGURES[name]
    if spec.episode == WAR:
        data = dataset.war()
    elif spec.episode == SINCE_2018:
        present = set(dataset.events["episode"])
        data = dataset.episodes(*(name for name in CORE_EPISODES if name in present))
    else:
        data = dataset.episode(spec.episode) if spec.episode else dataset
    return spec.build(data)


def render(name: str, dataset: Dataset, directory: Path | None = None) -> SavedFigure:
    """Build the registered figure ``name`` and save it (see ``save_figure``)."""
    return save_figure(build(name, dataset), name, directory)
