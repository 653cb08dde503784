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

from analysis import claims, evidence, reciprocity, summary
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
#: A figure's scope for the episodes since 2018 (``CORE_EPISODES``): all but the precedents.
SINCE_2018 = "since-2018"


def _source(data: Dataset) -> str:
    return source_line(summary.source_counts(data))


def _until(day: object) -> str:
    return f"{pd.Timestamp(day).day} {pd.Timestamp(day):%B %Y}"


def _day(day: object) -> str:
    return f"{pd.Timestamp(day).day} {pd.Timestamp(day):%B}"


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def build_reported_ranges(data: Dataset) -> Drawn:
    table = tables.reported_ranges(data)
    gaps = (table["high"] - table["low"]).astype(int)
    widest = table.loc[gaps.idxmax()]
    title = (
        f"Sources disagree on the number expelled in {len(table)} of the {len(data.events)} "
        f"events of the 2022 episode; the widest gap is {widest['low']} to {widest['high']} "
        f"({widest['label']})"
    )
    subtitle = (
        "Each line runs from the lowest to the highest number of persons a source reports "
        "for one event; the dot is the figure adopted (the rule is in data/README.md). "
        "Only events whose sources disagree are shown."
    )
    fig = draw.plot_reported_ranges(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_evidence_ranks(data: Dataset) -> Drawn:
    table = tables.evidence_ranks(data)
    first_hand = int(table.loc[table["rank"].isin(evidence.FIRST_HAND_RANKS), "events"].sum())
    total = int(table["events"].sum())
    title = (
        f"{first_hand} of {total} events take their figure from first-hand evidence: "
        "a government, a news agency wire or a national outlet"
    )
    subtitle = (
        "Left: events of each episode by the evidence rank of the report their adopted "
        "figure comes from; right: every report of the episode by rank. Hatched: ranks 4-6, "
        "not first-hand. n: events or reports of the episode."
    )
    fig = draw.plot_evidence_ranks(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_article_chart(data: Dataset) -> Drawn:
    table = tables.article_chart(data)
    supported = int((table["verdict"] == "supported").sum())
    share = f"all {supported}" if supported == len(table) else f"{supported} of the {len(table)}"
    title = (
        f"Our count supports the article's figure for {share} states "
        f"it names: {int(table['value'].sum())} persons expelled by Russia against the "
        f"article's {int(table['claimed'].sum())}"
    )
    subtitle = (
        "Persons of each named state expelled by Russia, 1 April to 19 May 2022: bars our "
        "count of the events, black ticks the article's figures (Al Bawaba, 19 May 2022)."
    )
    fig = draw.plot_article_chart(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_stimulus_answer(data: Dataset) -> Drawn:
    table = tables.stimulus_answer(data)
    classes = table["class"].astype(str).value_counts()
    n = len(table)
    title = (
        f"Russia answered {n - classes.get('unanswered', 0)} of the {n} expulsions of "
        f"Russians in 2022: {classes.get('equal', 0)} in kind, "
        f"{classes.get('de-escalating', 0)} with fewer persons, "
        f"{classes.get('unknown', 0)} in a number not known"
    )
    subtitle = (
        "Each point is one state's expulsion of Russians in 2022 (tranches answered together "
        f"share a point); 'equal': Russia's answer within ±{reciprocity.EQUAL_TOLERANCE:.0%} "
        "of the persons expelled; 'size unknown': answered, the number not known (not zero)."
    )
    fig = draw.plot_stimulus_answer(table, title, _source(data), subtitle)
    return Drawn(fig, table)


TIMELINE_SUBTITLE = (
    "Left: persons expelled each way from 24 February 2022, by our count of every state, and "
    "the published tallies that count the same window (rings); tallies of Europe or 'the West' "
    "are drawn against our count of every state. Right: tallies of a shorter or other window, "
    "or of named states, each beside our count of that window and those states."
)


def _totals(cumulative: pd.DataFrame) -> dict[str, int]:
    last = cumulative.sort_values("announced").groupby("direction", observed=True).last()
    return {str(k): int(v) for k, v in last["persons"].items()}


def build_timeline(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    cumulative, tallies, busiest = tables.timeline(data, end)
    totals = _totals(cumulative)
    title = (
        f"By {_until(end)}, other states had expelled {totals['russians_expelled']} Russians "
        f"and Russia {totals['expelled_by_russia']} of their personnel, by our count"
    )
    fig = draw.plot_timeline(
        cumulative,
        tallies,
        {"invasion": tables.INVASION, "article": claims.ARTICLE_DATE.date().isoformat()},
        (busiest["start"], busiest["end"], "busiest week"),
        title,
        _source(data),
        TIMELINE_SUBTITLE,
    )
    return Drawn(fig, tables.timeline_table(cumulative, tallies, busiest))


def build_timeline_2022(data: Dataset) -> Drawn:
    cumulative, tallies, busiest = tables.timeline(data)
    totals = _totals(cumulative)
    title = (
        f"From the invasion to the end of 2022 other states expelled "
        f"{totals['russians_expelled']} Russians and Russia {totals['expelled_by_russia']}; "
        f"{busiest['persons']} were expelled in the busiest "
        f"week, {_day(busiest['start'])} to {_day(busiest['end'])}"
    )
    fig = draw.plot_timeline(
        cumulative,
        tallies,
        {"invasion": tables.INVASION, "article": claims.ARTICLE_DATE.date().isoformat()},
        (busiest["start"], busiest["end"], "busiest week"),
        title,
        _source(data),
        TIMELINE_SUBTITLE,
    )
    return Drawn(fig, tables.timeline_table(cumulative, tallies, busiest))


def build_who_expelled_whom(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    table = tables.who_expelled_whom(data)
    most = table.loc[table["other_expelled"].astype(int).idxmax()]
    hit = table.loc[table["state_expelled"].astype(int).idxmax()]
    title = (
        f"{most['other_name']} expelled the most Russians ({most['other_expelled']}); "
        f"Russia expelled the most personnel of {hit['other_name']} ({hit['state_expelled']})"
    )
    subtitle = (
        f"Persons expelled each way between Russia and each of its {len(table)} counterparts, "
        f"24 February 2022 to {_until(end)}. (?): the pair has events of unknown size, "
        "counted as 0."
    )
    fig = draw.plot_who_expelled_whom(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_reciprocity_over_time(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    table = tables.reciprocity_over_time(data, end, freq="QE")
    first, last = table.iloc[0], table.iloc[-1]
    title = (
        f"Weighted reciprocity stood at {last['weighted']:.2f} on {_until(end)}, against "
        f"{first['weighted']:.2f} at the end of {first['end']:%B %Y} "
        f"(binary: {last['binary']:.2f})"
    )
    subtitle = (
        "Network of the expulsions announced from 24 February 2022 up to each quarter's end. "
        "Binary: share of links (A expelled some of B) answered by a link back; weighted: "
        "share of persons answered, in full or in part."
    )
    fig = draw.plot_reciprocity_over_time(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_persons_by_year(data: Dataset) -> Drawn:
    table = tables.persons_by_year(data)
    first = int(table["year"].min())
    later = table[table["year"] > first]
    by = table[table["year"] == first].set_index("direction")["persons"]
    after = later.groupby("direction")["persons"].sum()
    span = _years(int(later["year"].min()), int(later["year"].max()))
    trend = "fell" if (after < by.reindex(after.index)).all() else "did not fall both ways"
    title = (
        f"Expulsions {trend} after {first}: {by['russians_expelled']} Russians expelled in "
        f"{first}, {after['russians_expelled']} in {span} together; by Russia "
        f"{by['expelled_by_russia']}, then {after['expelled_by_russia']}"
    )
    subtitle = (
        "Persons expelled per year of announcement, each way; 'ev.': events, 'unknown': "
        "events of unknown size, counted as 0; whisker: lowest to highest reported total."
    )
    fig = draw.plot_persons_by_year(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_answers_by_year(data: Dataset) -> Drawn:
    table = tables.answers_by_year(data)
    russia = table[table["side"] == "russia_answers"]
    first = int(table["year"].min())
    start, later = russia[russia["year"] == first], russia[russia["year"] > first]
    span = _years(int(later["year"].min()), int(later["year"].max()))
    title = (
        f"Russia answered {int(later['answered'].sum())} of {int(later['stimuli'].sum())} "
        f"expulsions of Russians in {span}, against {int(start['answered'].sum())} of "
        f"{int(start['stimuli'].sum())} in {first}"
    )
    subtitle = (
        "Measures of each year, by the side that took them, answered by the other side at "
        "any later date (an answer of unknown size counts as answered); median days over the "
        "answered ones."
    )
    fig = draw.plot_answers_by_year(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_pair_balances(data: Dataset) -> Drawn:
    end = tables.latest_announced(data)
    table = tables.pair_balances(data)
    more_russians = int((table["balance"] < 0).sum())
    more_by_russia = int((table["balance"] > 0).sum())
    title = (
        f"Of the {len(table)} pairs with the most persons expelled, {more_russians} expelled "
        f"more Russians than Russia expelled of theirs, {more_by_russia} the other way, "
        f"{len(table) - more_russians - more_by_russia} were even"
    )
    subtitle = (
        f"Net balance of persons from 24 February 2022 to {_until(end)}, per counterpart of "
        "Russia; the date is that of the latest measure, the colour who took it. "
        "(?): events of unknown size, counted as 0."
    )
    fig = draw.plot_pair_balances(table, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_episode_ratios_and_lags(data: Dataset) -> Drawn:
    table, order = tables.episode_stimuli(data)
    answered = table[table["answers"] != ""]
    ratios = answered.groupby("episode")["response_ratio"].median().reindex(order).dropna()
    lags = answered.groupby("episode")["lag_first_days"].median().reindex(order).dropna()
    if (ratios == ratios.iloc[0]).all():
        ratio = f"the median answer matched the expulsion (ratio {float(ratios.iloc[0]):g}) in every episode"
    else:
        ratio = f"the median response ratio ran from {ratios.min():.2f} to {ratios.max():.2f}"
    title = (
        f"Russia answered in proportion: {ratio}; the median wait ran from "
        f"{lags.min():g} to {lags.max():g} days"
    )
    subtitle = (
        "Each point one answered expulsion of Russians (answers of unknown size have no "
        "ratio); the row's n counts its points; hollow: fewer than 5. Black bar: median."
    )
    fig = draw.plot_episode_ratios_and_lags(table, order, title, _source(data), subtitle)
    return Drawn(fig, table)


def build_episode_classes_and_reciprocity(data: Dataset) -> Drawn:
    table = tables.episode_profiles(data)
    later = table[table.index.str.startswith("war-")]
    answered_later = (later["answered_share"] * later["stimuli"]).sum() / later["stimuli"].sum()
    title = (
        f"Russia answered {table.loc['skripal-2018', 'answered_share']:.0%} of expulsions of "
        f"Russians in 2018, {table.loc['ukraine-2022', 'answered_share']:.0%} in 2022 and "
        f"{answered_later:.0%} in the war's later years"
    )
    subtitle = (
        "Left: each expulsion of Russians by how Russia answered it (n: expulsions of the "
        "episode; 'unknown': answered, size not known); right: reciprocity of the network of "
        "the episode's expulsions."
    )
    fig = draw.plot_episode_classes_and_reciprocity(table, title, _source(data), subtitle)
    return Drawn(fig, table.reset_index())


class Drawn(NamedTuple):
    """A built figure and the table of what it draws (written beside it as CSV)."""

    figure: Figure
    table: pd.DataFrame


def build_fifty_years(data: Dataset) -> Drawn:
    answered, profile = tables.fifty_years(data)
    era = answered["episode"].map(draw.era_of)
    mirrored = answered.loc[answered["response_ratio"].notna(), "mirrored"].astype(bool)
    share = mirrored.groupby(era[mirrored.index]).agg(["sum", "count"])

    def part(name: str) -> str:
        row = share.loc[name] if name in share.index else pd.Series({"sum": 0, "count": 0})
        return f"{int(row['sum'])} of {int(row['count'])}"

    title = (
        f"Moscow mirrored {part('precedent')} answers before 2018, {part('skripal-2018')} "
        f"in 2018 and {part('war')} since the invasion"
    )
    subtitle = (
        "Each dot is one answer by Moscow (the USSR before 1992) to an expulsion of its "
        "diplomats: persons it expelled back / persons it lost (log scale); filled: the same "
        "number. Right: per episode, the share of answers exactly equal and within ±10 %."
    )
    fig = draw.plot_fifty_years((answered, profile), title, _source(data), subtitle)
    table = profile.reset_index().rename(columns={"index": "episode"})
    return Drawn(fig, table)


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the notebooks: the episode it draws (None: all; ``WAR``: the war's years
    together; ``SINCE_2018``: every episode but the precedents) and its builder."""

    episode: str | None
    build: Callable[[Dataset], Drawn]


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


def build_drawn(name: str, dataset: Dataset) -> Drawn:
    """Build the registered figure ``name`` from the whole dataset, with its table (not saved)."""
    spec = FIGURES[name]
    if spec.episode == WAR:
        data = dataset.war()
    elif spec.episode == SINCE_2018:
        present = set(dataset.events["episode"])
        data = dataset.episodes(*(name for name in CORE_EPISODES if name in present))
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
