"""Shaping: the tidy table each figure draws, from the validated dataset.

One function per figure (or shared by several); each is pure: a ``Dataset`` in, DataFrames
out. ``cited_sources`` counts the sources a figure's source line names.
"""

from __future__ import annotations

import pandas as pd

from analysis import claims, evidence, reciprocity, summary, years
from analysis.countries import state_name
from analysis.loaders import Dataset

INVASION = "2022-02-24"
YEAR_END = "2022-12-31"


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


def event_label(events: pd.DataFrame) -> pd.Series:
    """'POL → RUS, 2022-04-05' for each event."""
    return (
        events["expelling"].astype(str)
        + " → "
        + events["expelled"].astype(str)
        + ", "
        + events["announced"].dt.strftime("%Y-%m-%d")
    )


def reported_ranges(data: Dataset) -> pd.DataFrame:
    """Events whose sources disagree: ``summary.reported_range`` with low < high, labelled."""
    ranges = summary.reported_range(data.events, data.reports)
    ranges = ranges[ranges["low"] < ranges["high"]].copy()
    labels = event_label(data.events).set_axis(data.events["event_id"])
    ranges["label"] = labels.reindex(ranges["event_id"]).to_numpy()
    return ranges


def article_chart(data: Dataset) -> pd.DataFrame:
    """The article's seven figures beside our count (``claims.by_country``)."""
    return claims.by_country(data.claims, data.readings, data.events, "expelled_by_russia")


def stimulus_answer(data: Dataset) -> pd.DataFrame:
    """Each expulsion of Russians with Russia's answer (``reciprocity.counterpart_stimuli``)."""
    return reciprocity.counterpart_stimuli(data.events, data.responses)


def latest_announced(data: Dataset) -> pd.Timestamp:
    """The day of the latest event of ``data``: where the war's figures end."""
    return pd.Timestamp(data.events["announced"].max())


def timeline(
    data: Dataset, end: object = YEAR_END
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(running total per direction from the invasion to ``end``, dated tallies up to
    ``end``, busiest week)."""
    cumulative = summary.cumulative_persons(data.events, start=INVASION, end=end)
    cumulative = summary.extend_to(cumulative, end)
    tallies = summary.tallies_against_data(data.tallies, data.events)
    tallies = tallies.dropna(subset=["date"])
    busiest = summary.busiest_window(data.events, days=7)
    return cumulative, tallies[tallies["date"] <= pd.Timestamp(end)], busiest


def who_expelled_whom(data: Dataset) -> pd.DataFrame:
    """Persons each way per pair of states (``reciprocity.dyads``), with the state's name."""
    table = reciprocity.dyads(data.events)
    table["other_name"] = table["other"].map(state_name)
    return table


def reciprocity_over_time(data: Dataset, end: object = YEAR_END, freq: str = "ME") -> pd.DataFrame:
    """Network reciprocity of the events from the invasion up to each period's end."""
    return reciprocity.cumulative_windows(data.events, start=INVASION, end=end, freq=freq)


def episode_stimuli(data: Dataset) -> tuple[pd.DataFrame, list[str]]:
    """Counterpart stimuli of every episode, with its episode (the stimulus's), answered
    wherever the answer falls; episodes in time order."""
    order = summary.episodes_in_order(data.events)
    table = reciprocity.counterpart_stimuli(data.events, data.responses)
    episode_of = data.events.set_index("event_id")["episode"].astype(str)
    table["episode"] = table["stimulus"].map(episode_of)
    return table, order


def episode_profiles(data: Dataset) -> pd.DataFrame:
    """One row of reciprocity measures per episode (``reciprocity.compare_episodes``)."""
    return reciprocity.compare_episodes(data.events, data.responses)


def evidence_ranks(data: Dataset) -> pd.DataFrame:
    """Per episode and evidence rank: events whose figure is adopted from a report of that
    rank (``evidence.adopted_evidence``), and reports of that rank. Ranks 1-6 all present.
    """
    adopted = evidence.adopted_evidence(data.events, data.reports, data.sources)
    ranked = evidence.report_evidence(data.reports, data.sources)
    ranked["episode"] = ranked["event"].map(data.events.set_index("event_id")["episode"])
    episodes = summary.episodes_in_order(data.events)
    index = pd.MultiIndex.from_product(
        [episodes, list(evidence.RANK_NAMES)], names=["episode", "rank"]
    )
    table = pd.DataFrame(
        {
            "events": adopted.groupby(["episode", "rank"], observed=True).size(),
            "reports": ranked.groupby(["episode", "rank"], observed=True).size(),
        }
    )
    table = table.reindex(index).fillna(0).astype("int64").reset_index()
    table["rank_name"] = table["rank"].map(evidence.RANK_NAMES)
    return table


def persons_by_year(data: Dataset) -> pd.DataFrame:
    """Persons each way per year (``years.persons_by_year``)."""
    return years.persons_by_year(data.events, data.reports)


def answers_by_year(data: Dataset) -> pd.DataFrame:
    """How each year's measures were answered (``years.answers_by_year``)."""
    return years.answers_by_year(data.events, data.responses)


def pair_balances(data: Dataset, top: int = 30) -> pd.DataFrame:
    """The ``top`` pairs by persons both ways (``years.pair_balances``), with the state's name."""
    table = years.pair_balances(data.events).head(top)
    return table.assign(name=table["counterpart"].map(state_name))


def timeline_table(
    cumulative: pd.DataFrame, tallies: pd.DataFrame, busiest: pd.Series
) -> pd.DataFrame:
    """What a timeline draws, in one long table: ``series`` is 'running total' (one row per
    step: date, direction, persons), 'tally' (date, direction, figure, our count of the same
    scope) or 'busiest week' (start and end)."""
    steps = cumulative.assign(series="running total").rename(columns={"announced": "date"})
    published = tallies.assign(series="tally")
    week = pd.DataFrame(
        {
            "series": ["busiest week"],
            "date": [pd.Timestamp(busiest["start"])],
            "window_end": [pd.Timestamp(busiest["end"])],
            "persons": [busiest["persons"]],
        }
    )
    table = pd.concat([steps, published, week], ignore_index=True)
    table["persons"] = table["persons"].astype("Int64")
    first = ["series", "date", "direction", "persons"]
    return table[first + [c for c in table.columns if c not in first]]
